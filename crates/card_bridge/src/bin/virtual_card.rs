//! `myna-virtual-card`: a card for vsmartcard's virtual reader (vpcd), so the bridge can be
//! tried through pcscd without a card.
//!
//! * `myna-virtual-card [--vpcd 127.0.0.1:35963]`: a fresh crates/jpki virtual card for
//!   免許 太郎 (PINs 1234 / 1234 / ABC123), with self-signed placeholder certificates — the
//!   portal will not know it, but every APDU works.
//! * `myna-virtual-card --portal http://localhost:PORT --person taro`: a demo portal's own
//!   virtual card for that person (the one its demo JPKI CA certified, so the portal logs
//!   them in), reached through the demo's card API: each power-on or reset is a "tap"
//!   (`POST /api/card/session`), each APDU `POST /api/card/apdu` with the reader cookie the
//!   tap set. The card logic is still crates/jpki's, on the server's side.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use card_bridge::vpcd::{self, Card};
use serde_json::{json, Value};

const USAGE: &str = "usage: myna-virtual-card [--vpcd HOST:PORT] [--portal http://localhost:PORT --person ID]
  --vpcd     vpcd's socket (default 127.0.0.1:35963, its first reader)
  --portal   a demo portal whose virtual card to present (with --person)
  --person   the demo person (e.g. taro)
  --remove-after N   take the card off the reader at the (N+1)th APDU (tests)
  --stall-after N    leave the (N+1)th APDU unanswered until the program is stopped (tests: a
                     read held in the middle, e.g. while the bridge is stopped)";

/// A demo portal's virtual card, over its card API.
struct PortalCard {
    host: String,
    person: String,
    cookie: Option<String>,
}

impl PortalCard {
    /// One HTTP/1.1 POST (Connection: close); the status, the `Set-Cookie` name=value, the body.
    fn post(&self, path: &str, body: &Value) -> std::io::Result<(u16, Option<String>, String)> {
        let body = body.to_string();
        let mut stream = TcpStream::connect(&self.host)?;
        stream.set_read_timeout(Some(Duration::from_secs(15)))?;
        let cookie = self.cookie.as_ref().map(|c| format!("cookie: {c}\r\n")).unwrap_or_default();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             origin: http://{}\r\n{cookie}connection: close\r\n\r\n{body}",
            self.host,
            body.len(),
            self.host
        )?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let set_cookie = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie")).map(|(_, v)| v))
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_owned());
        Ok((status, set_cookie, body.to_owned()))
    }
}

impl Card for PortalCard {
    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        let request = json!({"apdu": B64.encode(apdu), "person": self.person});
        let mut answer = self.post("/api/card/apdu", &request);
        if matches!(&answer, Ok((403, _, body)) if body.contains("card_reader_unbound")) {
            // A demo reset unbound the reader: tap again, as a person would.
            self.reset();
            answer = self.post("/api/card/apdu", &request);
        }
        match answer {
            Ok((200, _, body)) => serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v["response"].as_str().and_then(|r| B64.decode(r).ok()))
                .unwrap_or_else(|| vec![0x6F, 0x00]),
            Ok((status, _, body)) => {
                eprintln!("myna-virtual-card: the portal answered {status}: {body}");
                vec![0x6F, 0x00]
            }
            Err(e) => {
                eprintln!("myna-virtual-card: the portal: {e}");
                vec![0x6F, 0x00]
            }
        }
    }

    fn reset(&mut self) {
        match self.post("/api/card/session", &json!({"person": self.person})) {
            Ok((204, cookie, _)) => self.cookie = cookie.or(self.cookie.take()),
            Ok((status, _, body)) => eprintln!("myna-virtual-card: the tap was answered {status}: {body}"),
            Err(e) => eprintln!("myna-virtual-card: the tap: {e}"),
        }
    }
}

/// A card that stops answering at its (N+1)th APDU and holds the reader busy: pcscd (and
/// the bridge's transceive above it) wait, as with a card that hangs. A test stops the
/// bridge in that moment; the program is then stopped too.
struct Stalling {
    card: Box<dyn Card>,
    answered: usize,
    after: usize,
}

impl Card for Stalling {
    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        if self.answered >= self.after {
            eprintln!("myna-virtual-card: holding APDU {} unanswered (--stall-after)", self.answered + 1);
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        self.answered += 1;
        self.card.process(apdu)
    }

    fn reset(&mut self) {
        self.card.reset()
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = ([127, 0, 0, 1], 35963).into();
    let (mut portal, mut person, mut remove_after, mut stall_after) = (None, None, vpcd::NEVER, None);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--vpcd", Some(v)) if v.parse::<SocketAddr>().is_ok() => addr = v.parse().unwrap_or(addr),
            ("--portal", Some(v)) if v.starts_with("http://") => {
                portal = Some(v["http://".len()..].trim_end_matches('/').to_owned())
            }
            ("--person", Some(v)) => person = Some(v),
            ("--remove-after", Some(v)) if v.parse::<usize>().is_ok() => {
                remove_after = v.parse().unwrap_or(vpcd::NEVER)
            }
            ("--stall-after", Some(v)) if v.parse::<usize>().is_ok() => stall_after = v.parse().ok(),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let mut card: Box<dyn Card> = match (portal, person) {
        (Some(host), Some(person)) => {
            eprintln!("myna-virtual-card: {person}'s card of the demo portal http://{host}");
            let mut card = PortalCard { host, person, cookie: None };
            card.reset();
            Box::new(card)
        }
        (None, None) => match jpki::sim::VirtualCard::new(jpki::sim::test_profile()) {
            Ok(card) => {
                eprintln!("myna-virtual-card: 免許 太郎's card (PINs 1234 / ABC123), self-signed certificates");
                Box::new(card)
            }
            Err(e) => {
                eprintln!("myna-virtual-card: {e:?}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(after) = stall_after {
        card = Box::new(Stalling { card, answered: 0, after });
    }
    let stream = match vpcd::connect(addr, Duration::from_secs(30)) {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!("myna-virtual-card: vpcd at {addr}: {e} (is pcscd running with vsmartcard-vpcd?)");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("myna-virtual-card: the card is on the reader at {addr}; Ctrl-C takes it off");
    match vpcd::serve(stream, card.as_mut(), &AtomicUsize::new(0), &AtomicUsize::new(remove_after)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-virtual-card: {e}");
            ExitCode::FAILURE
        }
    }
}
