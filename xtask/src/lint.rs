//! The lint gate of `cargo xtask test`: formatting (rustfmt.toml), clippy with warnings as
//! errors for the native crates and for the SPA's wasm target, and every npm lock in
//! step with its package.json (a stale lock fails `npm ci` on a fresh clone), and the e2e
//! suite's TypeScript type-checked (Playwright only strips the types, so a wrong call to a
//! fixture would otherwise surface as a runtime failure, or not at all).

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
    typecheck_e2e(tools)
}

/// `tsc --noEmit` over e2e/ (tsconfig.json: strict; typescript is a pinned devDependency).
fn typecheck_e2e(tools: &Tools) -> Result {
    let mut tsc = tools.command("npx");
    tsc.current_dir(root().join("e2e")).args(["--no-install", "tsc", "-p", "."]);
    run_cmd(&mut tsc).map_err(|e| {
        format!(
            "{e}
the e2e TypeScript has type errors (see above): fix them"
        )
    })
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
