//! `cargo xtask demo`: the release SPA served by the speed-built server in demo mode.

use crate::tools::{self, Need};
use crate::{dist, root, server, Result};
use std::os::unix::process::CommandExt;
use std::process::Command;

pub fn run(port: u16) -> Result {
    if server::in_use(port) {
        return Err(format!("port {port} is already in use; stop what runs there or pass --port N"));
    }
    let tools = tools::ensure(Need::Build)?;
    dist::build(&tools)?;
    server::build()?;

    let data = root().join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let mut server = Command::new(server::binary());
    server.current_dir(root()).args(["--demo", "--port", &port.to_string(), "--dist", "dist", "--data-dir", "data"]);

    println!("\nDemo: http://localhost:{port}   (pick a person at http://localhost:{port}/demo; Ctrl-C stops)\n");
    println!("$ {}", crate::show(&server));
    // The server takes over this process, so Ctrl-C reaches it directly.
    let err = server.exec();
    Err(format!("could not start {}: {err}", server::binary().display()))
}
