//! `myna-card-bridge`: see the crate docs and docs/bridge.md.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use card_bridge::log::{Level, Log};
use card_bridge::pcsc_reader::PcscReaders;
use card_bridge::reader::Readers;
use card_bridge::server::{Bridge, Config};
use card_bridge::{DEFAULT_ORIGIN, DEFAULT_PORT};

const HELP: &str = "\
myna-card-bridge: lets the マイナポータル page read a My Number card on this PC's IC card reader.

The page (on an allowed origin) connects to ws://127.0.0.1:PORT; the bridge carries its card
commands to the PC/SC reader holding the card. It listens on the loopback interface only,
serves one page at a time, and never logs a PIN.

USAGE:
    myna-card-bridge [OPTIONS]

OPTIONS:
    --origin ORIGIN     a page origin allowed to use the reader (repeatable);
                        default: http://localhost:8080 (the portal as `server` runs by default)
    --port PORT         the loopback port (default 47810: the portal's CSP names it)
    --reader NAME       use only this reader (when several hold a card)
    --list-readers      print the readers and whether each holds a card, then exit
    --log LEVEL         error | info (default) | debug | trace (trace shows APDUs, never a PIN's)
    -h, --help          this text
    -V, --version       the version
";

struct Args {
    origins: Vec<String>,
    port: u16,
    reader: Option<String>,
    level: Level,
    list: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args { origins: Vec::new(), port: DEFAULT_PORT, reader: None, level: Level::Info, list: false };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("myna-card-bridge {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--origin" => {
                let origin = value("--origin")?;
                if !(origin.starts_with("https://") || origin.starts_with("http://")) || origin.ends_with('/') {
                    return Err(format!("--origin: not an origin (scheme://host[:port], no path): {origin}"));
                }
                parsed.origins.push(origin);
            }
            "--port" => {
                let port = value("--port")?;
                parsed.port = port.parse().map_err(|_| format!("--port: not a port number: {port}"))?;
            }
            "--reader" => parsed.reader = Some(value("--reader")?),
            "--list-readers" => parsed.list = true,
            "--log" => {
                let level = value("--log")?;
                parsed.level =
                    Level::parse(&level).ok_or(format!("--log: one of error, info, debug, trace: {level}"))?;
            }
            other => return Err(format!("unknown argument: {other} (see --help)")),
        }
    }
    if parsed.origins.is_empty() {
        parsed.origins.push(DEFAULT_ORIGIN.to_owned());
    }
    Ok(Some(parsed))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-card-bridge: {e}");
            return ExitCode::from(2);
        }
    };
    let mut readers = match PcscReaders::establish() {
        Ok(readers) => readers,
        Err(e) => {
            eprintln!("myna-card-bridge: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.list {
        return match readers.list() {
            Ok(list) if list.is_empty() => {
                println!("no card reader is attached");
                ExitCode::SUCCESS
            }
            Ok(list) => {
                for r in list {
                    println!("{}\t{}", r.name, if r.card { "card" } else { "no card" });
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("myna-card-bridge: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let log = Log::stderr(args.level);
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("myna-card-bridge: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        log.write(
            Level::Info,
            &format!("listening on ws://{} for {}", listener.local_addr()?, args.origins.join(", ")),
        );
        let config = Config { origins: args.origins, reader: args.reader, log: log.clone() };
        Bridge::new(config, readers).serve(listener).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-card-bridge: ws://{addr}: {e}");
            ExitCode::FAILURE
        }
    }
}
