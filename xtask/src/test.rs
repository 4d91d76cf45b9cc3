//! `cargo xtask test`: everything CI runs, in order, stopping at the first failure.
//! Lint gate (rustfmt, clippy native and wasm, npm locks) → unit tests → the server suite
//! on SQLite, then again on a throwaway PostgreSQL cluster (issue 17; skipped, saying so,
//! where PostgreSQL cannot be installed or started) → release SPA → server (debug) →
//! Playwright against that server.

use crate::server::{self, DemoServer};
use crate::tools::{self, Need};
use crate::{cargo, dist, root, run_cmd, target_dir, Result};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::Stdio;
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

/// `cargo xtask test-server`: the server suite on both backends, nothing else.
pub fn run_server_suites() -> Result {
    let mut steps = Steps::default();
    let outcome = server_suites(&mut steps);
    steps.print(outcome.is_ok());
    outcome
}

fn all(steps: &mut Steps, options: &Options) -> Result {
    let tools = steps.time("tools", || tools::ensure(Need::Test))?;
    steps.time("lint", || crate::lint::run(&tools))?;
    steps.time("cargo test (not server)", || {
        run_cmd(cargo().args(["test", "--workspace", "--exclude", "myna-license-app", "--exclude", "server"]))
    })?;
    server_suites(steps)?;
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

/// The server suite (crates/server/tests and its unit tests) on SQLite, then on a
/// throwaway PostgreSQL cluster (`TEST_DATABASE_URL`: each test app makes a database of
/// its own there). Where PostgreSQL cannot be installed or started it says so, and the
/// SQLite pass stands alone.
fn server_suites(steps: &mut Steps) -> Result {
    let sqlite = steps.time("server suite: SQLite", || cargo_test_counted(&[]))?;
    steps.note(format!("server suite on SQLite:     {sqlite}"));
    match steps.time("postgres cluster", || crate::postgres::Cluster::start(crate::postgres::Durability::Throwaway)) {
        Ok(cluster) => {
            let url = cluster.url();
            let pg = steps.time("server suite: PostgreSQL", || cargo_test_counted(&[("TEST_DATABASE_URL", &url)]))?;
            steps.note(format!("server suite on PostgreSQL: {pg}"));
            drop(cluster);
        }
        Err(why) => {
            println!("postgres: NOT AVAILABLE, the server suite ran on SQLite only: {why}");
            let first = why.lines().next().unwrap_or("").to_string();
            steps.note(format!("server suite on PostgreSQL: NOT RUN, SQLite only ({first})"));
        }
    }
    Ok(())
}

/// The route table as JSON in target/, for the e2e suite's page list (e2e/fixtures/routes.ts)
/// and the screenshots: the path to hand on as `ROUTES_JSON`.
pub fn routes_json() -> Result<PathBuf> {
    let file = target_dir().join("e2e-routes.json");
    std::fs::write(&file, routes::to_json()).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file)
}

/// What `cargo test` counted over all its test binaries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u32,
    pub failed: u32,
    pub ignored: u32,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} passed, {} failed, {} ignored", self.passed, self.failed, self.ignored)
    }
}

impl Counts {
    /// Adds one `test result: ok. 54 passed; 0 failed; 1 ignored; …` line.
    fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else { return };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(what), Some(n)) = (words.next(), words.next()) else { continue };
            let Ok(n) = n.parse::<u32>() else { continue };
            match what {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                "ignored" => self.ignored += n,
                _ => {}
            }
        }
    }
}

/// `cargo test -p server` with `env`, its output shown as it comes; the summed counts.
fn cargo_test_counted(env: &[(&str, &str)]) -> Result<Counts> {
    let mut cmd = cargo();
    cmd.args(["test", "-p", "server"]).stdout(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let shown = crate::show(&cmd);
    let env_shown: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    println!("$ {env_shown}{shown}");
    let mut child = cmd.spawn().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut counts = Counts::default();
    for line in BufReader::new(child.stdout.take().expect("piped")).lines().map_while(std::io::Result::ok) {
        println!("{line}");
        counts.add_line(&line);
    }
    let status = child.wait().map_err(|e| format!("`{shown}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{env_shown}{shown}` failed ({status}): {counts}"));
    }
    Ok(counts)
}

/// Step timings for the summary.
#[derive(Default)]
struct Steps {
    started: Option<Instant>,
    done: Vec<(&'static str, Duration, bool)>,
    notes: Vec<String>,
}

impl Steps {
    fn note(&mut self, line: String) {
        self.notes.push(line);
    }

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
        for note in &self.notes {
            println!("{note}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_the_test_result_lines() {
        let mut c = Counts::default();
        c.add_line("test result: ok. 54 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.24s");
        c.add_line("test result: FAILED. 5 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.5s");
        c.add_line("running 7 tests");
        assert_eq!(c, Counts { passed: 59, failed: 2, ignored: 1 });
    }
}
