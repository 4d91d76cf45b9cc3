//! The WebSocket on the loopback interface. Two rules before any card access:
//!
//! * **Origin allow-list**: the handshake is refused (HTTP 403) unless the page's `Origin`
//!   is on the list, and unless `Host` names the loopback address (no DNS rebinding).
//! * **One page at a time**: the reader is held by one connection; a second page is
//!   answered `{"type":"myna-card/refused","reason":"busy",…}` and closed.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;

use crate::log::{Level, Log};
use crate::reader::Readers;
use crate::session::Session;

/// How often the card's presence is looked at while a page is connected.
pub const POLL: Duration = Duration::from_millis(200);

/// How long a second page waits for the reader before it is refused.
pub const RELEASE_WAIT: Duration = Duration::from_millis(1500);

/// What the page is told when another page holds the reader.
pub const BUSY_MESSAGE: &str =
    "別のページがカードリーダーを使用中です。そのページでの読み取りを終えてから、もう一度お試しください。";

pub struct Config {
    pub origins: Vec<String>,
    pub reader: Option<String>,
    pub log: Log,
}

/// The reader, lent to one connection at a time.
pub struct Bridge<R: Readers> {
    config: Config,
    readers: Mutex<Option<R>>,
}

impl<R: Readers + 'static> Bridge<R> {
    pub fn new(config: Config, readers: R) -> Arc<Bridge<R>> {
        Arc::new(Bridge { config, readers: Mutex::new(Some(readers)) })
    }

    /// Accepts connections until the listener fails.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) -> std::io::Result<()> {
        let local = listener.local_addr()?;
        loop {
            let (stream, peer) = listener.accept().await?;
            let bridge = self.clone();
            tokio::spawn(async move { bridge.connection(stream, peer, local).await });
        }
    }

    // tungstenite's handshake callback must answer `Result<Response, ErrorResponse>`.
    #[allow(clippy::result_large_err)]
    async fn connection(self: Arc<Self>, stream: TcpStream, peer: SocketAddr, local: SocketAddr) {
        let log = &self.config.log;
        if !peer.ip().is_loopback() {
            log.write(Level::Error, &format!("refused a connection from {peer}: not the loopback interface"));
            return;
        }
        let origins = &self.config.origins;
        let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
            let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
            let origin = header("origin");
            if !origins.iter().any(|o| o == origin) {
                return Err(refusal(log, &format!("origin {origin:?} is not on the allow-list")));
            }
            let host = header("host");
            let port = local.port();
            if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
                return Err(refusal(log, &format!("host {host:?} is not the loopback address")));
            }
            Ok(response)
        };
        let mut settings = WebSocketConfig::default();
        settings.max_message_size = Some(64 * 1024);
        settings.max_frame_size = Some(64 * 1024);
        let mut ws = match tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(settings)).await {
            Ok(ws) => ws,
            Err(e) => {
                log.write(Level::Debug, &format!("handshake ended: {e}"));
                return;
            }
        };
        // A page that reloads or moves on opens its new socket as the old one closes: give
        // the holder a moment to let go before refusing.
        let mut readers = self.take_readers();
        let deadline = Instant::now() + RELEASE_WAIT;
        while readers.is_none() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
            readers = self.take_readers();
        }
        let Some(readers) = readers else {
            log.write(Level::Info, "refused a second page: another page holds the reader");
            let refused = json!({"type": "myna-card/refused", "reason": "busy", "message": BUSY_MESSAGE});
            let _ = ws.send(Message::text(refused.to_string())).await;
            let close = CloseFrame { code: CloseCode::Policy, reason: "busy".into() };
            let _ = ws.close(Some(close)).await;
            return;
        };
        log.write(Level::Info, "a page connected");
        let mut session = Session::new(readers, log.clone(), self.config.reader.clone());
        let mut tick = tokio::time::interval(POLL);
        loop {
            let outgoing = tokio::select! {
                message = ws.next() => match message {
                    Some(Ok(Message::Text(text))) => tokio::task::block_in_place(|| session.handle(&text, Instant::now())),
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => Vec::new(),
                },
                _ = tick.tick() => tokio::task::block_in_place(|| session.poll(Instant::now())),
            };
            for text in outgoing {
                if ws.send(Message::text(text)).await.is_err() {
                    break;
                }
            }
        }
        log.write(Level::Info, "the page left: card reset and let go");
        let readers = tokio::task::block_in_place(|| session.finish());
        *self.readers.lock().unwrap_or_else(|e| e.into_inner()) = Some(readers);
    }

    fn take_readers(&self) -> Option<R> {
        self.readers.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// HTTP 403 with the reason, which the log keeps too.
fn refusal(log: &Log, text: &str) -> ErrorResponse {
    log.write(Level::Info, &format!("refused a page: {text}"));
    let mut response = ErrorResponse::new(Some(text.to_owned()));
    *response.status_mut() = StatusCode::FORBIDDEN;
    response
}
