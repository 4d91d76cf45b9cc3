//! End to end through the real PC/SC middleware, no hardware: pcscd with vsmartcard's
//! virtual reader driver (vpcd), the project's virtual card (crates/jpki) placed on it
//! through vpcd's socket, the `myna-card-bridge` binary, and a page's side of the
//! WebSocket driving the JPKI client: the card-info read, the auth certificate, the auth
//! PIN and signature, the signing PIN, certificate and signature — then a card pulled off
//! mid-read, and placed again.
//!
//! Needs root and Debian's `pcscd` and `vsmartcard-vpcd`; pcscd's socket is machine-wide
//! (/run/pcscd), so no other pcscd may run. `cargo xtask test` installs the packages and
//! runs this as its own step ("pcsc end to end"), which fails when pcscd cannot run.

mod support;

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use card_bridge::pcsc_reader::PcscReaders;
use card_bridge::reader::Readers;
use card_bridge::vpcd;
use jpki::sim::{test_profile, VirtualCard};
use jpki::{digest_info_sha256, JpkiClient, LocalBoxFuture, Transport, TransportError};
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use serde_json::{json, Value};
use support::{next, open, send, Ws};

const PCSCD: &str = "/usr/sbin/pcscd";
const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
const ORIGIN: &str = "http://portal.test";

/// Processes that must not outlive the test, stopped by their PID (also on a panic).
struct Stop(Vec<(&'static str, Child)>, PathBuf);

impl Drop for Stop {
    fn drop(&mut self) {
        if std::thread::panicking() {
            for name in ["bridge.log", "pcscd.log"] {
                let text = fs::read_to_string(self.1.join(name)).unwrap_or_default();
                eprintln!(
                    "---- {name} (last 40 lines)\n{}",
                    text.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
        }
        for (_, child) in self.0.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_dir_all(&self.1);
    }
}

/// A port `p` with `p + 1` free too (vpcd listens on one port per slot: two slots).
fn two_free_ports() -> u16 {
    for _ in 0..50 {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if port < 65000
            && TcpListener::bind(("127.0.0.1", port + 1)).is_ok()
            && TcpListener::bind(("127.0.0.1", port)).is_ok()
        {
            return port;
        }
    }
    panic!("no two free ports in a row");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A pcscd already answering on the machine-wide socket (a foreground one writes no pid file).
fn another_pcscd() -> Option<String> {
    std::os::unix::net::UnixStream::connect("/run/pcscd/pcscd.comm").ok()?;
    let pid = fs::read_to_string("/run/pcscd/pcscd.pid").unwrap_or_default();
    let pid = pid.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    Some(if pid.is_empty() { "pid unknown".into() } else { format!("pid {pid}") })
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !ready() {
        assert!(Instant::now() < deadline, "{what}: not within {timeout:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The page's side: each APDU a `transceive` message, answered over the WebSocket.
struct Page {
    ws: tokio::sync::Mutex<Ws>,
    sent: std::sync::atomic::AtomicUsize,
}

impl Transport for Page {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        Box::pin(async move {
            let n = self.sent.fetch_add(1, Ordering::SeqCst);
            let mut ws = self.ws.lock().await;
            let id = format!("t{n}");
            send(&mut ws, json!({"type": "myna-card/transceive", "id": id, "apdu": B64.encode(apdu)})).await;
            let answer = next(&mut ws, false).await.ok_or(TransportError::Io("closed".into()))?;
            assert_eq!(answer["id"], id.as_str());
            match (answer["response"].as_str(), answer["error"].as_str()) {
                (Some(response), _) => Ok(B64.decode(response).unwrap()),
                (_, Some("removed")) => Err(TransportError::CardRemoved),
                (_, error) => Err(TransportError::Io(format!("{error:?}"))),
            }
        })
    }
}

fn verify_signature(key_pkcs8: &[u8], digest_info: &[u8], signature: &[u8]) {
    let key = RsaPrivateKey::from_pkcs8_der(key_pkcs8).unwrap();
    rsa::RsaPublicKey::from(&key)
        .verify(Pkcs1v15Sign::new_unprefixed(), digest_info, signature)
        .expect("the card's signature verifies with its key");
}

async fn begin(ws: &mut Ws, id: &str) -> Value {
    send(ws, json!({"type": "myna-card/begin", "id": id})).await;
    next(ws, false).await.expect("begin answered")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs root, pcscd and vsmartcard-vpcd: `cargo xtask test` runs it (step \"pcsc end to end\")"]
async fn a_jpki_read_goes_through_pcscd_and_the_bridge() {
    for path in [PCSCD, VPCD_DRIVER] {
        assert!(Path::new(path).exists(), "{path} is missing: apt-get install -y pcscd vsmartcard-vpcd");
    }
    if let Some(pid) = another_pcscd() {
        panic!("another pcscd runs ({pid}); its socket /run/pcscd/pcscd.comm is machine-wide: stop it first");
    }
    let dir = std::env::temp_dir().join(format!("myna-pcscd-{}", std::process::id()));
    fs::create_dir_all(dir.join("reader.conf.d")).unwrap();
    let vpcd_port = two_free_ports();
    fs::write(
        dir.join("reader.conf.d/vpcd"),
        format!("FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME /dev/null:{vpcd_port}\nLIBPATH {VPCD_DRIVER}\nCHANNELID {vpcd_port}\n"),
    )
    .unwrap();
    let mut stop = Stop(Vec::new(), dir.clone());
    let pcscd_log = fs::File::create(dir.join("pcscd.log")).unwrap();
    let pcscd = Command::new(PCSCD)
        .args(["--foreground", "--info", "--config"])
        .arg(dir.join("reader.conf.d"))
        .stdout(pcscd_log.try_clone().unwrap())
        .stderr(pcscd_log)
        .spawn()
        .expect("pcscd starts");
    eprintln!("pcscd: pid {}, vpcd on 127.0.0.1:{vpcd_port}", pcscd.id());
    stop.0.push(("pcscd", pcscd));

    // The project's virtual card, placed on the first virtual reader.
    let profile = test_profile();
    let card = VirtualCard::new(profile.clone()).unwrap();
    let placed =
        vpcd::place(SocketAddr::from(([127, 0, 0, 1], vpcd_port)), Box::new(card)).expect("vpcd takes the card");
    wait_for("pcscd lists the virtual reader with the card", Duration::from_secs(15), || {
        PcscReaders::establish().and_then(|mut r| r.list()).is_ok_and(|l| l.iter().any(|r| r.card))
    });
    let readers = PcscReaders::establish().unwrap().list().unwrap();
    eprintln!("readers: {readers:?}");
    assert!(readers.iter().any(|r| r.name.starts_with("Virtual PCD") && r.card));

    // The bridge as a person runs it, at its most verbose log level.
    let bridge_port = free_port();
    let bridge_log_path = dir.join("bridge.log");
    let bridge = Command::new(env!("CARGO_BIN_EXE_myna-card-bridge"))
        .args(["--port", &bridge_port.to_string(), "--origin", ORIGIN, "--log", "trace"])
        .stdout(Stdio::null())
        .stderr(fs::File::create(&bridge_log_path).unwrap())
        .spawn()
        .unwrap();
    stop.0.push(("bridge", bridge));
    let bridge_addr = SocketAddr::from(([127, 0, 0, 1], bridge_port));
    wait_for("the bridge listens", Duration::from_secs(10), || TcpStream::connect(bridge_addr).is_ok());

    // A page on another origin is refused before anything reaches the card.
    assert!(open(bridge_addr, Some("https://evil.example")).await.is_err());

    let mut ws = open(bridge_addr, Some(ORIGIN)).await.expect("the portal's page is let in");
    assert_eq!(begin(&mut ws, "b1").await, json!({"type": "myna-card/response", "id": "b1"}));
    let page = Page { ws: tokio::sync::Mutex::new(ws), sent: Default::default() };
    let client = JpkiClient::new(&page);
    let none = |_: usize, _: usize| {};
    // Card login and the link flow: 基本4情報, the auth certificate, PIN and signature.
    client.verify_card_info_pin("1234").await.unwrap();
    let basic_four = client.read_basic_four(&none).await.unwrap();
    assert_eq!(basic_four.name, "免許 太郎");
    let auth_cert = client.read_auth_certificate(&none).await.unwrap();
    assert_eq!(auth_cert, profile.auth_cert_der);
    client.verify_auth_pin("1234").await.unwrap();
    let challenge = digest_info_sha256([7u8; 32]);
    let signature = client.sign_with_auth_key(&challenge).await.unwrap();
    verify_signature(&profile.auth_key_pkcs8_der, &challenge, &signature);
    // A signed one-stop consent: the signing PIN, certificate and signature.
    client.verify_signing_pin("ABC123").await.unwrap();
    let signing_cert = client.read_signing_certificate(&none).await.unwrap();
    assert_eq!(signing_cert, profile.signing_cert_der);
    let consent = digest_info_sha256([9u8; 32]);
    let signature = client.sign_with_signing_key(&consent).await.unwrap();
    verify_signature(&profile.signing_key_pkcs8_der, &consent, &signature);

    let sent = page.sent.load(Ordering::SeqCst);
    let through_pcscd = placed.apdus.load(Ordering::SeqCst);
    println!("APDUs through pcscd: {through_pcscd} (the page sent {sent})");
    assert_eq!(through_pcscd, sent, "every APDU the page sent reached the card through pcscd, once");

    // The card is pulled off the reader during the next read.
    let mut ws = page.ws.into_inner();
    send(&mut ws, json!({"type": "myna-card/end"})).await;
    assert_eq!(begin(&mut ws, "b2").await["id"], "b2");
    placed.remove_after.store(through_pcscd + 3, Ordering::SeqCst);
    let page = Page { ws: tokio::sync::Mutex::new(ws), sent: Default::default() };
    let removed = JpkiClient::new(&page).read_auth_certificate(&none).await;
    assert_eq!(removed.unwrap_err().message(), TransportError::CardRemoved.message(), "「カードが離れました」");
    let mut ws = page.ws.into_inner();
    assert_eq!(next(&mut ws, true).await.unwrap()["type"], "myna-card/removed", "the page hears of it at once");
    placed.thread.join().unwrap().unwrap();

    // Placed again (a fresh tap): present, and the read works from the start.
    let card = VirtualCard::new(profile.clone()).unwrap();
    let again = vpcd::place(SocketAddr::from(([127, 0, 0, 1], vpcd_port)), Box::new(card)).unwrap();
    assert_eq!(next(&mut ws, true).await.unwrap()["type"], "myna-card/present");
    assert_eq!(begin(&mut ws, "b3").await, json!({"type": "myna-card/response", "id": "b3"}));
    let page = Page { ws: tokio::sync::Mutex::new(ws), sent: Default::default() };
    assert_eq!(JpkiClient::new(&page).read_auth_certificate(&none).await.unwrap(), profile.auth_cert_der);
    assert!(again.apdus.load(Ordering::SeqCst) > 0);
    let mut ws = page.ws.into_inner();
    send(&mut ws, json!({"type": "myna-card/end"})).await;
    drop(ws);

    // The bridge's log at trace: the APDUs are there, the PINs are not.
    std::thread::sleep(Duration::from_millis(300));
    let log = fs::read_to_string(&bridge_log_path).unwrap();
    assert!(log.contains("> 00A4040C0AD392F000260100000001"), "trace shows the JPKI SELECT:\n{log}");
    for pin in ["31323334", "414243313233", "1234", "ABC123"] {
        assert!(!log.contains(pin), "PIN {pin} in the bridge's log:\n{log}");
    }
    eprintln!(
        "bridge log: {} lines; pcscd log:\n{}",
        log.lines().count(),
        fs::read_to_string(dir.join("pcscd.log")).unwrap_or_default()
    );
}
