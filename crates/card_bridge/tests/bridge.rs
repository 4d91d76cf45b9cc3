//! The bridge's rules, through its WebSocket, with a fake reader (no pcscd): the origin
//! allow-list, one page at a time, no PIN in the log, removal reported at once.

mod support;

use std::sync::atomic::Ordering;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use card_bridge::log::Level;
use serde_json::json;
use support::{next, open, send, start, Fake, PORTAL};
use tokio_tungstenite::tungstenite::Error as WsError;

fn status_of(result: Result<support::Ws, WsError>) -> u16 {
    match result {
        Err(WsError::Http(response)) => response.status().as_u16(),
        Ok(_) => panic!("the bridge accepted the page"),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_on_an_origin_off_the_allow_list_is_refused() {
    let fake = Fake::with_card();
    let (addr, log) = start(fake.clone(), Level::Trace).await;
    assert_eq!(status_of(open(addr, Some("https://evil.example")).await), 403);
    assert_eq!(status_of(open(addr, Some("http://portal.test.evil.example")).await), 403);
    assert_eq!(status_of(open(addr, None).await), 403, "no Origin (not a browser page) is refused too");
    assert!(log.text().contains("not on the allow-list"), "{}", log.text());
    assert!(!fake.connected.load(Ordering::SeqCst), "the card was never touched");
    // The portal's own origin is answered.
    let mut ws = open(addr, Some(PORTAL)).await.expect("the portal is let in");
    send(&mut ws, json!({"type": "myna-card/begin", "id": "1"})).await;
    assert_eq!(next(&mut ws, false).await.unwrap(), json!({"type": "myna-card/response", "id": "1"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_that_is_not_the_loopback_address_is_refused() {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 sends its own Host.
    let (addr, _log) = start(Fake::with_card(), Level::Info).await;
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!("ws://{addr}/"))
            .unwrap();
    request.headers_mut().insert("origin", PORTAL.parse().unwrap());
    request.headers_mut().insert("host", format!("rebind.evil.example:{}", addr.port()).parse().unwrap());
    let result = tokio_tungstenite::connect_async(request).await.map(|(ws, _)| ws);
    assert_eq!(status_of(result), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_page_is_refused_while_the_first_holds_the_reader() {
    let fake = Fake::with_card();
    let (addr, _log) = start(fake.clone(), Level::Info).await;
    let mut first = open(addr, Some(PORTAL)).await.unwrap();
    send(&mut first, json!({"type": "myna-card/begin", "id": "1"})).await;
    assert_eq!(next(&mut first, false).await.unwrap()["id"], "1");

    let mut second = open(addr, Some(PORTAL)).await.unwrap();
    let refused = next(&mut second, true).await.expect("a refusal, not silence");
    assert_eq!(refused["type"], "myna-card/refused");
    assert_eq!(refused["reason"], "busy");
    assert!(refused["message"].as_str().unwrap().contains("別のページがカードリーダーを使用中です"));
    assert!(next(&mut second, true).await.is_none(), "then the second page is closed");

    // The first page is undisturbed: its card still answers.
    let apdu = B64.encode([0x00, 0xA4, 0x04, 0x0C, 0x01, 0xAA]);
    send(&mut first, json!({"type": "myna-card/transceive", "id": "2", "apdu": apdu})).await;
    assert_eq!(next(&mut first, false).await.unwrap()["response"], B64.encode([0x90, 0x00]));

    // Once the first page leaves, the card is let go and the next page is served.
    drop(first);
    let mut third = None;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut ws = open(addr, Some(PORTAL)).await.unwrap();
        send(&mut ws, json!({"type": "myna-card/begin", "id": "9"})).await;
        match next(&mut ws, false).await {
            Some(v) if v["type"] == "myna-card/refused" => continue,
            Some(v) => {
                assert_eq!(v["id"], "9");
                third = Some(ws);
                break;
            }
            None => continue,
        }
    }
    assert!(third.is_some(), "the reader came back after the first page left");
    assert!(fake.disconnects.load(Ordering::SeqCst) >= 1, "the first page's card was reset and let go");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_apdu_never_reaches_the_log_even_at_trace() {
    let (addr, log) = start(Fake::with_card(), Level::Trace).await;
    let mut ws = open(addr, Some(PORTAL)).await.unwrap();
    send(&mut ws, json!({"type": "myna-card/begin", "id": "1"})).await;
    next(&mut ws, false).await.unwrap();
    // SELECT (logged in full at trace), VERIFY with PIN 4711, CHANGE REFERENCE DATA 4711 → 9876.
    let apdus: [&[u8]; 3] = [
        &[0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01],
        &[0x00, 0x20, 0x00, 0x80, 0x04, b'4', b'7', b'1', b'1'],
        &[0x00, 0x24, 0x01, 0x80, 0x08, b'4', b'7', b'1', b'1', b'9', b'8', b'7', b'6'],
    ];
    for (i, apdu) in apdus.iter().enumerate() {
        send(&mut ws, json!({"type": "myna-card/transceive", "id": format!("t{i}"), "apdu": B64.encode(apdu)})).await;
        assert_eq!(next(&mut ws, false).await.unwrap()["response"], "kAA=");
    }
    send(&mut ws, json!({"type": "myna-card/end"})).await;
    drop(ws);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let text = log.text();
    for secret in ["34373131", "39383736", "4711", "9876", &B64.encode(apdus[1]), &B64.encode(apdus[2])] {
        assert!(!text.contains(secret), "{secret} in the log:\n{text}");
    }
    // The log is at its most verbose: the other APDUs are there in full, the PIN ones by header.
    assert!(text.contains("00A4040C0AD392F000260100000001"), "trace shows the SELECT: {text}");
    assert!(text.contains("> 00200080 (+5 bytes"), "the VERIFY is there by its header: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_taken_off_mid_read_is_reported_at_once() {
    let fake = Fake::with_card();
    let (addr, _log) = start(fake.clone(), Level::Info).await;
    let mut ws = open(addr, Some(PORTAL)).await.unwrap();
    assert_eq!(next(&mut ws, true).await.unwrap()["type"], "myna-card/present");
    send(&mut ws, json!({"type": "myna-card/begin", "id": "1"})).await;
    next(&mut ws, false).await.unwrap();
    fake.present.store(false, Ordering::SeqCst);
    assert_eq!(next(&mut ws, true).await.unwrap()["type"], "myna-card/removed", "the event comes unasked");
    send(&mut ws, json!({"type": "myna-card/transceive", "id": "2", "apdu": "AKQEDAA="})).await;
    assert_eq!(next(&mut ws, false).await.unwrap()["error"], "removed");
    // Placed again: present, and a new begin reads it.
    fake.present.store(true, Ordering::SeqCst);
    assert_eq!(next(&mut ws, true).await.unwrap()["type"], "myna-card/present");
    send(&mut ws, json!({"type": "myna-card/begin", "id": "3"})).await;
    assert_eq!(next(&mut ws, false).await.unwrap(), json!({"type": "myna-card/response", "id": "3"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn begin_waits_for_a_card_to_be_placed() {
    let fake = Fake::default();
    let (addr, _log) = start(fake.clone(), Level::Info).await;
    let mut ws = open(addr, Some(PORTAL)).await.unwrap();
    send(&mut ws, json!({"type": "myna-card/begin", "id": "1"})).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(!fake.connected.load(Ordering::SeqCst));
    fake.present.store(true, Ordering::SeqCst);
    assert_eq!(next(&mut ws, false).await.unwrap(), json!({"type": "myna-card/response", "id": "1"}));
    assert!(fake.connected.load(Ordering::SeqCst));
}
