//! The binary as a person meets it: --help, --version, a bad argument.

use std::process::Command;

fn bridge(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_myna-card-bridge")).args(args).output().unwrap()
}

#[test]
fn help_and_version() {
    let help = bridge(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("--origin") && text.contains("127.0.0.1") && text.contains("never logs a PIN"), "{text}");
    let version = bridge(&["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("myna-card-bridge {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_bad_argument_is_named() {
    let out = bridge(&["--origin", "https://portal.example.jp/path/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--origin: not an origin"));
}

#[test]
fn no_pc_sc_service_is_said_plainly() {
    // pcsc-lite's client finds pcscd through this socket: here, one that does not exist.
    let out = Command::new(env!("CARGO_BIN_EXE_myna-card-bridge"))
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("no PC/SC service is running") && text.contains("pcscd"), "{text}");
}

#[test]
fn the_default_port_is_the_one_the_portal_opens_and_its_csp_names() {
    assert_eq!(domain::card::PC_BRIDGE_URL, format!("ws://127.0.0.1:{}", card_bridge::DEFAULT_PORT));
}
