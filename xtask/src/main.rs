//! `cargo xtask …` — the project's only entry points besides plain `cargo`.
//!
//! Every command first makes sure the tools it needs are present (installing what it
//! can), so a fresh machine with rustup, Node/npm and apt needs nothing else.

mod bench;
mod bench_backend;
mod bench_http;
mod bench_pages;
mod bench_report;
mod bench_scale;
mod bench_size;
mod bench_static;
mod demo;
mod dist;
mod dist_inputs;
mod lint;
mod pcsc;
mod postgres;
mod screenshots;
mod server;
mod slim_html;
mod spa_wasm;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
cargo xtask <command> [options]

Commands:
  demo [--port N]     build the release SPA and the server, run the demo on
                      http://localhost:N (default 8080); Ctrl-C stops it
  dist                build the release SPA into dist/ (trunk build --release), print sizes
  spa-wasm            Trunk's post-build hook (Trunk.toml): the route-split wasm
  routes              print the route table (crates/routes) as JSON
  size                the first view's bytes of the built dist/ against its budget
  test [--cpu-throttle N] [--workers N] [--sqlite-only] [-- ARGS…]
                      lint, unit tests, the server suite on SQLite and on
                      PostgreSQL, release build, Playwright e2e suite against
                      the `--profile server` server (ARGS go to `playwright
                      test`, e.g. -- --grep ホーム); --cpu-throttle 4 runs every
                      page with its CPU slowed 4×; --workers N: Playwright
                      workers (2 to 8), each with a demo server of its own (default 3);
                      the PostgreSQL pass is required: --sqlite-only skips it
                      on a laptop without PostgreSQL (refused when CI is set)
  e2e [--cpu-throttle N] [--workers N] [-- ARGS…]
                      only the Playwright suite, as `test` runs it: the
                      `--profile server` build, dist/ (rebuilt only when its
                      inputs changed), N demo servers (e.g. -- tests/link.spec.ts)
  test-server [--sqlite-only]
                      only the server suite, on SQLite and on a throwaway
                      PostgreSQL cluster (the part of `test` issue 17 added)
  test-pcsc           only the PC card reader end to end: installs pcscd,
                      libpcsclite-dev and vsmartcard-vpcd (apt-get, root), runs
                      pcscd, the virtual card on vpcd, the bridge and a JPKI read
  bench [--check] [--runs N] [--backend-only]
                      performance benchmark: this app vs a static page vs a
                      React peer (bytes, phone timings, Lighthouse, wrk); writes
                      docs/PERFORMANCE.md and docs/perf/latest.json; --check
                      fails when a budget is missed (report in target/bench/)
  screenshots         release build and demo server as for `test`, then every
                      entry of /gallery at 360×780 and 412×915 (logged in as
                      taro) into target/screenshots/*.png, with a contact sheet
                      target/screenshots/index.html; needs a Japanese font
                      (installs fonts-noto-cjk with apt-get as root)
  help                this text

Each command first checks its tools and installs the missing ones:
wasm32 target, trunk 0.21, wasm-bindgen-cli (Cargo.lock's version),
e2e npm packages (incl. wasm-opt), for `test` the system Chromium, and for
`screenshots` also a Japanese font.";

/// Result type of every step: the error is the message shown to the user.
pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("demo") => parse_port(&args[1..]).and_then(demo::run),
        Some("dist") => no_args(&args[1..]).and_then(|()| dist::run()),
        Some("spa-wasm") => no_args(&args[1..]).and_then(|()| spa_wasm::hook()),
        Some("size") => no_args(&args[1..]).and_then(|()| bench_size::check_dist(&dist::dist_dir())),
        Some("routes") => no_args(&args[1..]).map(|()| println!("{}", routes::to_json())),
        Some("test") => test_args(&args[1..]).and_then(test::run),
        Some("e2e") => test_args(&args[1..]).and_then(|o| {
            if o.sqlite_only {
                Err("e2e: --sqlite-only is for `test`".into())
            } else {
                test::run_e2e(o)
            }
        }),
        Some("test-pcsc") => no_args(&args[1..]).and_then(|()| test::run_pcsc()),
        Some("test-server") => server_args(&args[1..]).and_then(test::run_server_suites),
        Some("screenshots") => no_args(&args[1..]).and_then(|()| screenshots::run()),
        Some("bench") => bench::parse_args(&args[1..]).and_then(bench::run),
        None | Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    let mut port = 8080;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.as_str() {
            "--port" | "-p" => it.next().ok_or("--port needs a value")?.as_str(),
            a if a.starts_with("--port=") => &a["--port=".len()..],
            a => return Err(format!("unexpected argument `{a}`\n\n{USAGE}")),
        };
        port = value.parse().map_err(|_| format!("--port: `{value}` is not a port number"))?;
    }
    Ok(port)
}

fn no_args(args: &[String]) -> Result {
    match args.first() {
        None => Ok(()),
        Some(a) => Err(format!("unexpected argument `{a}`\n\n{USAGE}")),
    }
}

fn server_args(args: &[String]) -> Result<bool> {
    match args {
        [] => Ok(false),
        [only] if only == "--sqlite-only" => Ok(true),
        [a, ..] => Err(format!("unexpected argument `{a}`\n\n{USAGE}")),
    }
}

fn test_args(args: &[String]) -> Result<test::Options> {
    let mut options = test::Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--" => {
                options.playwright = it.cloned().collect();
                break;
            }
            "--cpu-throttle" => {
                let value = it.next().ok_or("--cpu-throttle needs a value (e.g. 4)")?;
                let rate: u32 = value.parse().map_err(|_| format!("--cpu-throttle `{value}` is not a whole number"))?;
                if !(1..=20).contains(&rate) {
                    return Err(format!("--cpu-throttle {rate}: choose 1 to 20"));
                }
                options.cpu_throttle = rate;
            }
            "--workers" => {
                let value = it.next().ok_or("--workers needs a value (e.g. 2)")?;
                let n: usize = value.parse().map_err(|_| format!("--workers `{value}` is not a whole number"))?;
                // Two at least: tests/isolation.spec.ts shows that one worker's reset cannot reach another's.
                if !(2..=8).contains(&n) {
                    return Err(format!("--workers {n}: choose 2 to 8"));
                }
                options.workers = n;
            }
            "--sqlite-only" => options.sqlite_only = true,
            a => return Err(format!("unexpected argument `{a}` (pass Playwright arguments after `--`)\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// The repository root (the workspace root, one level above this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo root").to_path_buf()
}

/// Cargo's target directory (honours CARGO_TARGET_DIR).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// The cargo that runs us (so nested builds use the same toolchain).
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root());
    cmd
}

/// Runs a command with inherited stdio; Err when it cannot start or exits non-zero.
pub fn run_cmd(cmd: &mut Command) -> Result {
    let shown = show(cmd);
    println!("$ {shown}");
    let status = cmd.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// A command as a shell-like line, for logs and error messages.
pub fn show(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    let program = program.file_name().unwrap_or(program.as_os_str()).to_string_lossy();
    std::iter::once(program.into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn port_defaults_and_parses() {
        assert_eq!(parse_port(&[]), Ok(8080));
        assert_eq!(parse_port(&strings(&["--port", "9000"])), Ok(9000));
        assert_eq!(parse_port(&strings(&["--port=9001"])), Ok(9001));
        assert!(parse_port(&strings(&["--port", "x"])).is_err());
        assert!(parse_port(&strings(&["--port"])).is_err());
        assert!(parse_port(&strings(&["--nope"])).is_err());
    }

    #[test]
    fn test_passes_args_after_separator() {
        let none = test_args(&[]).unwrap();
        assert_eq!((none.cpu_throttle, none.playwright), (1, vec![]));
        assert_eq!((none.workers, none.sqlite_only), (test::DEFAULT_WORKERS, false));
        let laptop = test_args(&strings(&["--sqlite-only", "--workers", "3"])).unwrap();
        assert_eq!((laptop.workers, laptop.sqlite_only), (3, true));
        assert!(test_args(&strings(&["--workers", "0"])).is_err());
        assert_eq!(server_args(&strings(&["--sqlite-only"])), Ok(true));
        assert!(server_args(&strings(&["--nope"])).is_err());
        let grep = test_args(&strings(&["--", "--grep", "x"])).unwrap();
        assert_eq!(grep.playwright, strings(&["--grep", "x"]));
        assert!(test_args(&strings(&["--grep"])).is_err());
    }

    #[test]
    fn test_takes_a_cpu_throttle_before_the_separator() {
        let slow = test_args(&strings(&["--cpu-throttle", "4", "--", "--grep", "x"])).unwrap();
        assert_eq!((slow.cpu_throttle, slow.playwright), (4, strings(&["--grep", "x"])));
        assert!(test_args(&strings(&["--cpu-throttle"])).is_err());
        assert!(test_args(&strings(&["--cpu-throttle", "0"])).is_err());
        assert!(test_args(&strings(&["--cpu-throttle", "fast"])).is_err());
    }
}
