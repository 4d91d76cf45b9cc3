//! Finds the build and test tools, installs the missing ones, and says how to fix what
//! it cannot install. One line per tool.
//!
//! Nothing here downloads a prebuilt binary: tools come from crates.io (`cargo install`),
//! npm (`npm ci` in e2e/, which also brings `wasm-opt` from the `binaryen` package) and apt.
//! Trunk runs with `--offline`, so it uses exactly these and fails loudly on a mismatch.

use crate::{root, run_cmd, Result};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const TRUNK_SERIES: &str = "0.21.";
const TRUNK_INSTALL: &[&str] = &["install", "trunk", "--version", "~0.21", "--locked"];
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// What a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The split wasm only (Trunk's hook): wasm target, wasm-bindgen, wasm-opt.
    Wasm,
    /// Build the SPA: wasm target, trunk, wasm-bindgen, e2e npm packages (wasm-opt).
    Build,
    /// Build plus the system Chromium for Playwright.
    Test,
    /// Test plus wrk for the backend benchmark.
    Bench,
}

/// The tools found: a PATH for child processes and where Chromium is.
pub struct Tools {
    path: OsString,
    pub chromium: Option<PathBuf>,
}

impl Tools {
    /// A command that finds its program (and its own sub-tools) on our PATH:
    /// e2e/node_modules/.bin (wasm-opt), then ~/.cargo/bin, then the inherited PATH.
    pub fn command(&self, program: &str) -> Command {
        let resolved = which_in(program, &self.path).unwrap_or_else(|| program.into());
        let mut cmd = Command::new(resolved);
        cmd.env("PATH", &self.path).current_dir(root());
        cmd
    }
}

pub fn ensure(need: Need) -> Result<Tools> {
    let path = search_path();
    let mut problems = Vec::new();
    let mut check = |name: &str, outcome: Result<String>| match outcome {
        Ok(line) => println!("tools: {name:<14} {line}"),
        Err(fix) => {
            println!("tools: {name:<14} NOT AVAILABLE: {fix}");
            problems.push(name.to_string());
        }
    };
    check("wasm32 target", wasm_target(&path));
    if need != Need::Wasm {
        check("trunk", trunk(&path));
    }
    check("wasm-bindgen", wasm_bindgen(&path));
    check("npm packages", npm_packages(&path));
    check("wasm-opt", wasm_opt(&path));
    let mut chromium = None;
    if matches!(need, Need::Test | Need::Bench) {
        check(
            "chromium",
            self::chromium(&path).map(|p| {
                let line = format!("found {}", p.display());
                chromium = Some(p);
                line
            }),
        );
    }
    if matches!(need, Need::Test | Need::Bench) {
        // Issue 29: the card bridge links libpcsclite; its end-to-end step runs pcscd + vpcd.
        check("pc/sc", crate::pcsc::packages());
    }
    if need == Need::Bench {
        check("wrk", apt_tool("wrk", "wrk", &path).map(|p| format!("found {}", p.display())));
    }
    if problems.is_empty() {
        Ok(Tools { path, chromium })
    } else {
        Err(format!("missing tools: {} (see the lines above for how to fix)", problems.join(", ")))
    }
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn e2e_bin() -> PathBuf {
    root().join("e2e/node_modules/.bin")
}

fn search_path() -> OsString {
    let mut dirs = vec![e2e_bin(), cargo_home().join("bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

fn which_in(program: &str, path: &OsString) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program));
    }
    std::env::split_paths(path).map(|dir| dir.join(program)).find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
}

/// First line of `program args…` stdout, or None when it is missing or fails.
fn output_of(program: &str, args: &[&str], path: &OsString) -> Option<String> {
    let exe = which_in(program, path)?;
    let out = Command::new(exe).args(args).env("PATH", path).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn cargo_install(args: &[&str], path: &OsString) -> Result {
    let mut cmd = crate::cargo();
    cmd.args(args).env("PATH", path);
    run_cmd(&mut cmd)
}

fn wasm_target(path: &OsString) -> Result<String> {
    let installed = |path: &OsString| {
        output_of("rustup", &["target", "list", "--installed"], path)
            .is_some_and(|list| list.lines().any(|l| l.trim() == WASM_TARGET))
    };
    if installed(path) {
        return Ok("found (rustup)".into());
    }
    if which_in("rustup", path).is_none() {
        return Err(format!(
            "rustup not found; install Rust with rustup (https://rustup.rs), then `rustup target add {WASM_TARGET}`"
        ));
    }
    println!("tools: {:<14} missing → installing: rustup target add {WASM_TARGET}", "wasm32 target");
    let mut cmd = Command::new(which_in("rustup", path).unwrap());
    cmd.args(["target", "add", WASM_TARGET]).env("PATH", path);
    let fix = format!("run `rustup target add {WASM_TARGET}` yourself");
    run_cmd(&mut cmd).map_err(|e| format!("{e}; {fix}"))?;
    if installed(path) {
        Ok("installed".into())
    } else {
        Err(format!("rustup still does not list {WASM_TARGET}; {fix}"))
    }
}

/// Second word of `program --version` (trunk and wasm-bindgen print "<name> <version>").
fn version_of(program: &str, path: &OsString) -> Option<String> {
    output_of(program, &["--version"], path).and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
}

fn trunk(path: &OsString) -> Result<String> {
    let version = version_of("trunk", path);
    if let Some(v) = version.as_deref().filter(|v| v.starts_with(TRUNK_SERIES)) {
        return Ok(format!("found {v}"));
    }
    let why = match &version {
        Some(v) => format!("found {v}, need {TRUNK_SERIES}x"),
        None => "missing".into(),
    };
    let fix = format!("run `cargo {}` yourself", TRUNK_INSTALL.join(" "));
    println!("tools: {:<14} {why} → installing (about 10 min): cargo {}", "trunk", TRUNK_INSTALL.join(" "));
    cargo_install(TRUNK_INSTALL, path).map_err(|e| format!("{e}; {fix}"))?;
    match version_of("trunk", path) {
        Some(v) if v.starts_with(TRUNK_SERIES) => Ok(format!("installed {v}")),
        other => {
            Err(format!("after installing, `trunk --version` says {}; {fix}", other.as_deref().unwrap_or("nothing")))
        }
    }
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    locked_version(&lock, "wasm-bindgen").ok_or_else(|| "Cargo.lock has no wasm-bindgen package".into())
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

fn wasm_bindgen(path: &OsString) -> Result<String> {
    let wanted = locked_wasm_bindgen()?;
    let found = version_of("wasm-bindgen", path);
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(format!("found {wanted} (matches Cargo.lock)"));
    }
    let why = match &found {
        Some(v) => format!("found {v}, Cargo.lock has {wanted}"),
        None => format!("missing (Cargo.lock has {wanted})"),
    };
    // Not --locked: wasm-bindgen-cli's own lock file does not build with current toolchains.
    let version = format!("={wanted}");
    let args = ["install", "wasm-bindgen-cli", "--version", &version];
    let fix = format!("run `cargo {}` yourself", args.join(" "));
    println!("tools: {:<14} {why} → installing (about 3 min): cargo {}", "wasm-bindgen", args.join(" "));
    cargo_install(&args, path).map_err(|e| format!("{e}; {fix}"))?;
    match version_of("wasm-bindgen", path) {
        Some(v) if v == wanted => Ok(format!("installed {v}")),
        other => Err(format!(
            "after installing, `wasm-bindgen --version` says {}; {fix}",
            other.as_deref().unwrap_or("nothing")
        )),
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn npm_packages(path: &OsString) -> Result<String> {
    let e2e = root().join("e2e");
    let lock = e2e.join("package-lock.json");
    let modules = e2e.join("node_modules");
    // npm writes node_modules/.package-lock.json on every install; fall back to the dir.
    let installed = modified(&modules.join(".package-lock.json")).or_else(|| modified(&modules));
    let fresh = match (installed, modified(&lock)) {
        (Some(installed), Some(locked)) => installed >= locked,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if fresh {
        return Ok("found e2e/node_modules (up to date with package-lock.json)".into());
    }
    if which_in("npm", path).is_none() {
        return Err("npm not found; install Node.js 20 with npm (e.g. `apt-get install nodejs npm`)".into());
    }
    let why =
        if installed.is_none() { "e2e/node_modules missing" } else { "e2e/node_modules older than package-lock.json" };
    let args: &[&str] =
        if lock.exists() { &["ci", "--no-audit", "--no-fund"] } else { &["install", "--no-audit", "--no-fund"] };
    println!(
        "tools: {:<14} {why} → installing: (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm {})",
        "npm packages",
        args.join(" ")
    );
    let mut cmd = Command::new(which_in("npm", path).unwrap());
    cmd.args(args).current_dir(&e2e).env("PATH", path).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run_cmd(&mut cmd)
        .map_err(|e| format!("{e}; run `cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci` yourself"))?;
    Ok("installed".into())
}

/// wasm-opt comes from the npm package `binaryen` (a devDependency of e2e/); Trunk.toml
/// pins its version (`[tools] wasm_opt = "version_N"`) and Trunk --offline insists on it.
fn wasm_opt(path: &OsString) -> Result<String> {
    let exe = e2e_bin().join("wasm-opt");
    if !is_executable(&exe) {
        return Err("e2e/node_modules/.bin/wasm-opt missing; e2e/package.json must list the devDependency `binaryen` (then rerun)".into());
    }
    // Prints "wasm-opt version 132 (version_132)"; Trunk reads the third word.
    let out = output_of(exe.to_str().unwrap_or("wasm-opt"), &["--version"], path)
        .ok_or("`e2e/node_modules/.bin/wasm-opt --version` failed")?;
    let found = out.split(' ').nth(2).map(|v| format!("version_{v}")).unwrap_or_default();
    match pinned_wasm_opt() {
        Some(pinned) if pinned != found => Err(format!(
            "e2e has wasm-opt {found} but Trunk.toml pins {pinned}; make them agree (binaryen in e2e/package.json or [tools] wasm_opt in Trunk.toml)"
        )),
        Some(_) => Ok(format!("found {found} (e2e/node_modules, matches Trunk.toml)")),
        None => Ok(format!("found {found} (e2e/node_modules; Trunk.toml does not pin [tools] wasm_opt)")),
    }
}

fn pinned_wasm_opt() -> Option<String> {
    let toml = fs::read_to_string(root().join("Trunk.toml")).ok()?;
    toml.lines()
        .map(str::trim)
        .find(|l| l.starts_with("wasm_opt") && l.contains('='))
        .and_then(|l| l.split('"').nth(1))
        .map(str::to_string)
}

fn chromium(path: &OsString) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM_PATH").map(PathBuf::from) {
        return if is_executable(&p) {
            Ok(p)
        } else {
            Err(format!("CHROMIUM_PATH={} is not an executable", p.display()))
        };
    }
    let find = |path: &OsString| {
        let default = PathBuf::from(DEFAULT_CHROMIUM);
        if is_executable(&default) {
            Some(default)
        } else {
            which_in("chromium", path)
        }
    };
    if let Some(p) = find(path) {
        return Ok(p);
    }
    apt_install("chromium", "chromium", " (or set CHROMIUM_PATH)")?;
    find(path).ok_or_else(|| "apt-get installed chromium but no executable found".into())
}

/// A Japanese font for Chromium to draw the pages with (fontconfig's `fc-list :lang=ja`),
/// installed from Debian's `fonts-noto-cjk` when there is none and we run as root. Without
/// one every kana is drawn as a box, so `cargo xtask screenshots` stops here. One line, as
/// [`ensure`] prints them.
pub fn japanese_font() -> Result {
    let name = "japanese font";
    let found = || {
        output_of("fc-list", &[":lang=ja", "family"], &search_path())
            .and_then(|families| families.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string))
    };
    let outcome = match found() {
        Some(family) => Ok(format!("found {family}")),
        None => apt_install(name, "fonts-noto-cjk", "").and_then(|()| {
            found().map(|family| format!("installed {family}")).ok_or_else(|| {
                "apt-get installed fonts-noto-cjk but `fc-list :lang=ja` lists no font (is fontconfig installed? \
                 apt-get install -y fontconfig)"
                    .to_string()
            })
        }),
    };
    match outcome {
        Ok(line) => {
            println!("tools: {name:<14} {line}");
            Ok(())
        }
        Err(fix) => {
            println!("tools: {name:<14} NOT AVAILABLE: {fix}");
            Err(format!(
                "no Japanese font (`fc-list :lang=ja` lists none): the e2e layout and clipping checks and the \
                 screenshots would measure and show boxes for every kana, so they do not run; {fix}"
            ))
        }
    }
}

/// A program from Debian's packages: found on PATH, or installed with apt-get as root.
fn apt_tool(program: &str, package: &str, path: &OsString) -> Result<PathBuf> {
    if let Some(p) = which_in(program, path) {
        return Ok(p);
    }
    apt_install(program, package, "")?;
    which_in(program, path).ok_or_else(|| format!("apt-get installed {package} but `{program}` is not on PATH"))
}

/// `apt-get update && apt-get install -y <package>` as root; otherwise what to run.
pub(crate) fn apt_install(name: &str, package: &str, alternative: &str) -> Result {
    let fix = format!("run as root: apt-get update && apt-get install -y {package}{alternative}");
    if !is_root() {
        return Err(format!("not found and not running as root; {fix}"));
    }
    println!("tools: {name:<14} missing → installing: apt-get update && apt-get install -y {package}");
    let apt = |args: &[&str]| {
        let mut cmd = Command::new("apt-get");
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run_cmd(&mut cmd)
    };
    apt(&["update"]).and_then(|()| apt(&["install", "-y", package])).map_err(|e| format!("{e}; {fix}"))
}

pub(crate) fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locked_versions() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(lock, "wasm-bindgen-shared"), None);
    }

    #[test]
    fn workspace_lock_has_wasm_bindgen() {
        assert!(locked_wasm_bindgen().is_ok());
    }
}
