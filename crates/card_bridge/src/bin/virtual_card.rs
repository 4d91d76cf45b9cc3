//! `myna-virtual-card`: the project's virtual card (crates/jpki, 免許 太郎 with the demo
//! PINs) placed on vsmartcard's virtual reader, so the bridge can be tried through pcscd
//! without a card: `myna-virtual-card [--vpcd 127.0.0.1:35963]`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use card_bridge::vpcd;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = ([127, 0, 0, 1], 35963).into();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|v| v.parse())) {
            ("--vpcd", Some(Ok(a))) => addr = a,
            _ => {
                eprintln!("usage: myna-virtual-card [--vpcd HOST:PORT] (default 127.0.0.1:35963, vpcd's first reader)");
                return ExitCode::from(2);
            }
        }
    }
    let mut card = match jpki::sim::VirtualCard::new(jpki::sim::test_profile()) {
        Ok(card) => card,
        Err(e) => {
            eprintln!("myna-virtual-card: {e:?}");
            return ExitCode::FAILURE;
        }
    };
    let stream = match vpcd::connect(addr, Duration::from_secs(30)) {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!("myna-virtual-card: vpcd at {addr}: {e} (is pcscd running with vsmartcard-vpcd?)");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("myna-virtual-card: 免許 太郎's card is on the reader at {addr} (PINs 1234 / ABC123); Ctrl-C removes it");
    match vpcd::serve(stream, &mut card, &AtomicUsize::new(0), &AtomicUsize::new(vpcd::NEVER)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-virtual-card: {e}");
            ExitCode::FAILURE
        }
    }
}
