//! Issue 29's step of `cargo xtask test`: the PC card reader end to end through the real
//! middleware. Debian's `pcscd`, `libpcsclite-dev` (the bridge links libpcsclite) and
//! `vsmartcard-vpcd` (the virtual reader driver) are installed with apt-get as root when
//! missing, as Chromium and PostgreSQL are; then crates/card_bridge/tests/pcscd.rs runs
//! pcscd, the project's virtual card on vpcd's socket, the bridge binary and a JPKI read
//! through its WebSocket. Where pcscd cannot run, the step fails: never a quiet skip.

use std::path::{Path, PathBuf};

use crate::{cargo, run_cmd, Result};

/// What each package puts on disk, to tell whether it is installed.
const PACKAGES: &[(&str, &str)] = &[
    ("pcscd", "/usr/sbin/pcscd"),
    ("libpcsclite-dev", "/usr/include/PCSC/winscard.h"),
    ("vsmartcard-vpcd", "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
];

/// The tools line: the packages found, or installed now.
pub fn packages() -> Result<String> {
    let mut installed = Vec::new();
    for (package, file) in PACKAGES {
        if !Path::new(file).exists() {
            crate::tools::apt_install(package, package, "")?;
            if !Path::new(file).exists() {
                return Err(format!("apt-get installed {package} but {file} is missing"));
            }
            installed.push(*package);
        }
    }
    Ok(match installed.as_slice() {
        [] => "found pcscd, libpcsclite-dev, vsmartcard-vpcd".into(),
        list => format!("installed {}", list.join(", ")),
    })
}

/// The two programs e2e/tests/pc-reader.spec.ts runs.
pub struct CardBinaries {
    pub bridge: PathBuf,
    pub virtual_card: PathBuf,
}

/// `myna-card-bridge` and `myna-virtual-card` (debug builds: they only carry bytes).
pub fn build_binaries() -> Result<CardBinaries> {
    packages()?;
    run_cmd(cargo().args(["build", "-p", "card_bridge", "--features", "virtual-card", "--bins"]))?;
    let debug = crate::target_dir().join("debug");
    Ok(CardBinaries { bridge: debug.join("myna-card-bridge"), virtual_card: debug.join("myna-virtual-card") })
}

/// Runs the end-to-end test; the note for the summary (the APDUs that went through pcscd).
pub fn end_to_end() -> Result<String> {
    packages()?;
    let out = cargo()
        .args(["test", "-p", "card_bridge", "--test", "pcscd", "--", "--ignored", "--nocapture", "--test-threads", "1"])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo test -p card_bridge --test pcscd: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    if !out.status.success() {
        return Err(format!(
            "the PC/SC end-to-end test failed ({}): pcscd, vpcd or the bridge did not work (see above)",
            out.status
        ));
    }
    summary(&stdout)
}

/// The run must have passed exactly its one test and said how many APDUs went through.
fn summary(stdout: &str) -> Result<String> {
    if !stdout.lines().any(|l| l.starts_with("test result: ok. 1 passed")) {
        return Err("the PC/SC end-to-end test did not run (no `1 passed`)".into());
    }
    stdout
        .lines()
        // With --nocapture the line may follow `test NAME ... ` on the same line.
        .find_map(|l| l.split_once("APDUs through pcscd: ").map(|(_, rest)| rest))
        .map(|rest| {
            format!(
                "pcsc end to end: APDUs through pcscd: {rest} — card info, auth certificate + PIN + signature, \
                 signing PIN + certificate + signature"
            )
        })
        .ok_or_else(|| "the PC/SC end-to-end test did not report its APDU count".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_ran_nothing_is_a_failure() {
        let ok = "running 1 test\ntest a ... APDUs through pcscd: 34 (the page sent 34)\nok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored";
        assert!(summary(ok).unwrap().contains("APDUs through pcscd: 34 (the page sent 34)"));
        assert!(summary("running 0 tests\ntest result: ok. 0 passed; 0 failed; 1 ignored").is_err());
        assert!(summary("test result: ok. 1 passed; 0 failed").is_err(), "no count: failed");
    }
}
