//! The lint gate of `cargo xtask test`: formatting (rustfmt.toml), clippy with warnings as
//! errors for the native crates and for the SPA's wasm target, and every npm lock in
//! step with its package.json (a stale lock fails `npm ci` on a fresh clone).

use crate::tools::Tools;
use crate::{cargo, root, run_cmd, Result};

/// The folders with a package.json and its committed lock.
pub const NPM_PROJECTS: &[&str] = &["e2e", "bench", "bench/peer-react"];

pub fn run(tools: &Tools) -> Result {
    run_cmd(cargo().args(["fmt", "--all", "--check"]))
        .map_err(|e| format!("{e}\nformatting differs from rustfmt.toml: run `cargo fmt --all`"))?;
    run_cmd(cargo().args([
        "clippy",
        "--workspace",
        "--exclude",
        "myna-license-app",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run_cmd(cargo().args([
        "clippy",
        "-p",
        "myna-license-app",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    for dir in NPM_PROJECTS {
        npm_lock_in_sync(tools, dir)?;
    }
    Ok(())
}

/// `npm ci --dry-run` refuses a lock that does not satisfy package.json, without
/// installing anything.
fn npm_lock_in_sync(tools: &Tools, dir: &str) -> Result {
    let mut npm = tools.command("npm");
    npm.current_dir(root().join(dir))
        .args(["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run_cmd(&mut npm).map_err(|e| {
        format!("{e}\n{dir}/package-lock.json is out of sync with {dir}/package.json: run `npm install` there and commit the lock")
    })
}
