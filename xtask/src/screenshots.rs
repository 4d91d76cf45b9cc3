//! `cargo xtask screenshots`: every screen the gallery (`/gallery`, issue 18) lists, as a
//! PNG at two phone sizes, and a contact sheet of them (target/screenshots/index.html), for
//! design reviewers who do not run the app. Built and served as `cargo xtask test` does
//! (release SPA, the `--profile server` server in demo mode); the browser work is
//! e2e/scripts/screenshots.mjs.

use crate::server::{self, DemoServer};
use crate::tools::{self, Need};
use crate::{dist, root, run_cmd, target_dir, Result};

pub fn run() -> Result {
    let tools = tools::ensure(Need::Test)?;
    // Before the build: without a Japanese font the pictures are worthless.
    tools::japanese_font()?;
    dist::build(&tools)?;
    server::build()?;

    let log = target_dir().join("screenshots-server.log");
    // Stopped when this function returns, whatever happens.
    let srv = DemoServer::start(&log)?;
    let out = target_dir().join("screenshots");
    let chromium = tools.chromium.clone().expect("Need::Test finds chromium");
    let mut node = tools.command("node");
    node.current_dir(root().join("e2e"))
        .arg("scripts/screenshots.mjs")
        .env("BASE_URL", format!("http://localhost:{}", srv.port))
        .env("CHROMIUM_PATH", &chromium)
        .env("ROUTES_JSON", crate::test::routes_json()?)
        .env("SCREENSHOTS_DIR", &out);
    run_cmd(&mut node).map_err(|e| format!("{e}\n(server log: {})", log.display()))?;
    // A screen photographed while its handler panicked shows an error, not the design.
    server::check_no_panic(&log)?;
    println!("\nscreenshots: contact sheet {}", out.join("index.html").display());
    Ok(())
}
