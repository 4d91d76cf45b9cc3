//! A fake PC/SC for the bridge's tests: one reader whose card answers like a card, and
//! whose presence the test switches.

#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use card_bridge::log::{Level, Log, SharedBuffer};
use card_bridge::reader::{CardError, ReaderInfo, Readers};
use card_bridge::server::{Bridge, Config};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const PORTAL: &str = "http://portal.test";
pub const READER: &str = "Fake Reader 00 00";

#[derive(Clone, Default)]
pub struct Fake {
    pub present: Arc<AtomicBool>,
    pub connected: Arc<AtomicBool>,
    pub transmitted: Arc<AtomicUsize>,
    pub disconnects: Arc<AtomicUsize>,
}

impl Fake {
    pub fn with_card() -> Fake {
        let fake = Fake::default();
        fake.present.store(true, Ordering::SeqCst);
        fake
    }
}

impl Readers for Fake {
    fn list(&mut self) -> Result<Vec<ReaderInfo>, CardError> {
        Ok(vec![ReaderInfo { name: READER.into(), card: self.present.load(Ordering::SeqCst) }])
    }
    fn connect(&mut self, reader: &str) -> Result<(), CardError> {
        if reader != READER || !self.present.load(Ordering::SeqCst) {
            return Err(CardError::Removed);
        }
        self.connected.store(true, Ordering::SeqCst);
        Ok(())
    }
    fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        if !self.present.load(Ordering::SeqCst) || !self.connected.load(Ordering::SeqCst) {
            return Err(CardError::Removed);
        }
        self.transmitted.fetch_add(1, Ordering::SeqCst);
        Ok(vec![0x90, 0x00])
    }
    fn disconnect(&mut self) {
        self.connected.store(false, Ordering::SeqCst);
        self.disconnects.fetch_add(1, Ordering::SeqCst);
    }
}

/// A bridge on an ephemeral loopback port; its address and its log (at `level`).
pub async fn start(fake: Fake, level: Level) -> (std::net::SocketAddr, SharedBuffer) {
    let buffer = SharedBuffer::default();
    let log = Log::to_writer(level, buffer.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config { origins: vec![PORTAL.into()], reader: None, log };
    tokio::spawn(Bridge::new(config, fake).serve(listener));
    (addr, buffer)
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the bridge's WebSocket as a page on `origin` would.
pub async fn open(
    addr: std::net::SocketAddr,
    origin: Option<&str>,
) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{addr}/").into_client_request().unwrap();
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.map(|(ws, _)| ws)
}

pub async fn send(ws: &mut Ws, message: Value) {
    ws.send(Message::text(message.to_string())).await.unwrap();
}

/// The next JSON message, skipping presence events unless `events`.
pub async fn next(ws: &mut Ws, events: bool) -> Option<Value> {
    loop {
        let message =
            tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.expect("an answer in 10 s")?;
        match message {
            Ok(Message::Text(text)) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                let kind = value["type"].as_str().unwrap_or("");
                if events || !(kind == "myna-card/present" || kind == "myna-card/removed") {
                    return Some(value);
                }
            }
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}
