//! `cargo xtask test`: everything CI runs, in order, stopping at the first failure.
//! Lint gate (rustfmt, clippy native and wasm, npm locks) → unit tests → release SPA →
//! server (debug) → Playwright against that server.

use crate::server::{self, DemoServer};
use crate::tools::{self, Need};
use crate::{cargo, dist, root, run_cmd, target_dir, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    steps.time("cargo build -p server", server::build_debug)?;

    let log = target_dir().join("e2e-server.log");
    // Dropped at the end of this function, whatever happens: the server is always stopped.
    let srv = steps.time("server start", || DemoServer::start(&log))?;
    let port = srv.port;

    let chromium = tools.chromium.clone().expect("Need::Test finds chromium");
    let routes_json = routes_json()?;
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
        return Err(format!("the server was not healthy after the e2e suite\n{}", srv.server.log_text()));
    }
    // Deterministic, so it belongs here (the timed budgets are `cargo xtask bench --check`);
    // last, so a size overrun does not hide the e2e results.
    steps.time("size budget (first view, brotli)", || crate::bench_size::check_dist(&dist::dist_dir()))?;
    Ok(())
}

/// The route table as JSON in target/, for the e2e suite's page list (e2e/fixtures/routes.ts)
/// and the screenshots: the path to hand on as `ROUTES_JSON`.
pub fn routes_json() -> Result<PathBuf> {
    let file = target_dir().join("e2e-routes.json");
    std::fs::write(&file, routes::to_json()).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file)
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
