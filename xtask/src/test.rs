//! `cargo xtask test`: everything CI runs, in order, stopping at the first failure.
//! Lint gate (rustfmt, clippy native and wasm, npm locks) → unit tests → release SPA →
//! server (debug) → Playwright against that server.

use crate::server::{self, Server};
use crate::tools::{self, Need};
use crate::{cargo, dist, root, run_cmd, target_dir, Result};
use std::process::Command;
use std::time::{Duration, Instant};

const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);

/// What `cargo xtask test` was asked for.
#[derive(Debug)]
pub struct Options {
    /// Chromium's CPU slowed this many times for the e2e run (1: not at all).
    pub cpu_throttle: u32,
    /// Passed on to `playwright test`.
    pub playwright: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options { cpu_throttle: 1, playwright: Vec::new() }
    }
}

pub fn run(options: Options) -> Result {
    let mut steps = Steps::default();
    let outcome = all(&mut steps, &options);
    steps.print(outcome.is_ok());
    outcome
}

fn all(steps: &mut Steps, options: &Options) -> Result {
    let tools = steps.time("tools", || tools::ensure(Need::Test))?;
    steps.time("lint", || crate::lint::run(&tools))?;
    steps.time("cargo test", || run_cmd(cargo().args(["test", "--workspace", "--exclude", "myna-license-app"])))?;
    steps.time("dist (trunk + precompress)", || dist::build(&tools))?;
    steps.time("cargo build -p server", || run_cmd(cargo().args(["build", "-p", "server"])))?;

    let data = TempDir::new()?;
    let port = server::free_port()?;
    let mut cmd = Command::new(target_dir().join("debug/server"));
    cmd.current_dir(root())
        .args([
            "--demo",
            "--port",
            &port.to_string(),
            "--dist",
            "dist",
            // Only /api/demo/process moves applications on, so tests see 受付済 and
            // 処理中 without racing the worker's own run (3 s in a normal demo).
            "--worker-delay",
            "3600",
            "--data-dir",
        ])
        .arg(&data.0);
    let log = target_dir().join("e2e-server.log");
    // Dropped at the end of this function, whatever happens: the server is always stopped.
    let srv = steps.time("server start", || {
        let mut srv = Server::start(cmd, port, &log)?;
        srv.wait_healthy(HEALTH_TIMEOUT)?;
        Ok(srv)
    })?;

    let chromium = tools.chromium.clone().expect("Need::Test finds chromium");
    // The route table, for the suite's page list (e2e/fixtures/routes.ts).
    let routes_json = target_dir().join("e2e-routes.json");
    std::fs::write(&routes_json, routes::to_json())
        .map_err(|e| format!("cannot write {}: {e}", routes_json.display()))?;
    let suite = steps.time("playwright", || {
        let mut npx = tools.command("npx");
        npx.current_dir(root().join("e2e"))
            .args(["playwright", "test"])
            .args(&options.playwright)
            .env("E2E_CPU_THROTTLE", options.cpu_throttle.to_string())
            .env("BASE_URL", format!("http://localhost:{port}"))
            .env("CHROMIUM_PATH", &chromium)
            .env("ROUTES_JSON", &routes_json)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        run_cmd(&mut npx).map_err(|e| format!("{e}\n(details: e2e/test-results/, server log: {})", log.display()))
    });
    // A panic in the server fails the run even when every test passed: a retry, or an
    // error screen a test accepted, can hide it. Checked whatever the suite's outcome, so
    // a failing suite also names the panic behind it.
    let panics = steps.time("server log: no panics", || server::check_no_panic(&log));
    match (suite, panics) {
        (Err(suite), Err(panic)) => return Err(format!("{suite}\n{panic}")),
        (suite, panics) => suite.and(panics)?,
    }
    // A server that crashed during the suite is a failure even if the tests passed.
    if !server::health_ok(port) {
        return Err(format!("the server was not healthy after the e2e suite\n{}", srv.log_text()));
    }
    // Deterministic, so it belongs here (the timed budgets are `cargo xtask bench --check`);
    // last, so a size overrun does not hide the e2e results.
    steps.time("size budget (first view, brotli)", || crate::bench_size::check_dist(&dist::dist_dir()))?;
    Ok(())
}

/// Step timings for the summary.
#[derive(Default)]
struct Steps {
    started: Option<Instant>,
    done: Vec<(&'static str, Duration, bool)>,
}

impl Steps {
    fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        self.started.get_or_insert_with(Instant::now);
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = step();
        self.done.push((name, started.elapsed(), outcome.is_ok()));
        outcome
    }

    fn print(&self, ok: bool) {
        println!("\n{:<30} {:>9}", "step", "time");
        for (name, took, passed) in &self.done {
            let mark = if *passed { "" } else { "  FAILED" };
            println!("{name:<30} {:>8.1}s{mark}", took.as_secs_f64());
        }
        let total = self.started.map(|s| s.elapsed()).unwrap_or_default();
        println!("{:<30} {:>8.1}s  {}", "total", total.as_secs_f64(), if ok { "OK" } else { "FAILED" });
    }
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let dir = std::env::temp_dir().join(format!("myna-e2e-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
