//! One page's conversation with the card (docs/bridge.md's message contract):
//!
//! | page sends | bridge answers |
//! |---|---|
//! | `{"type":"myna-card/begin","id"}` | `myna-card/response` with the `id` once a card is connected (it waits up to [`BEGIN_WAIT`] for one to be placed) |
//! | `{"type":"myna-card/transceive","id","apdu"}` | `myna-card/response` with `response` (base64) or `error` |
//! | `{"type":"myna-card/end"}` | nothing; the card is reset and let go |
//!
//! and `myna-card/present` / `myna-card/removed` whenever the card arrives or leaves.
//! Nothing of a read is kept: the session holds reader names and timers, never an APDU.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::{json, Value};

use crate::log::{describe_command, describe_response, Level, Log};
use crate::reader::{CardError, Readers};

/// How long `begin` waits for a card (the page gives up after 60 s).
pub const BEGIN_WAIT: Duration = Duration::from_secs(55);

pub struct Session<R: Readers> {
    readers: R,
    log: Log,
    /// `--reader NAME`: the only reader used.
    chosen: Option<String>,
    /// The reader whose card is connected.
    connected: Option<String>,
    /// A `begin` waiting for a card: its id and deadline.
    pending_begin: Option<(String, Instant)>,
    /// What the page was last told about the card.
    last_present: Option<bool>,
}

impl<R: Readers> Session<R> {
    pub fn new(readers: R, log: Log, chosen: Option<String>) -> Session<R> {
        Session { readers, log, chosen, connected: None, pending_begin: None, last_present: None }
    }

    /// The reader goes back to the server for the next page; the card is let go.
    pub fn finish(mut self) -> R {
        self.let_go();
        self.readers
    }

    /// One message from the page; the messages to send back.
    pub fn handle(&mut self, text: &str, now: Instant) -> Vec<String> {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            self.log.write(Level::Info, "a message that is not JSON was ignored");
            return Vec::new();
        };
        let id = message.get("id").and_then(Value::as_str).map(str::to_owned);
        match (message.get("type").and_then(Value::as_str), id) {
            (Some("myna-card/begin"), Some(id)) => self.begin(id, now),
            (Some("myna-card/transceive"), Some(id)) => {
                let apdu = message.get("apdu").and_then(Value::as_str).and_then(|a| B64.decode(a).ok());
                match apdu {
                    Some(apdu) if !apdu.is_empty() => self.transceive(id, &apdu),
                    _ => vec![error(&id, "bad_apdu")],
                }
            }
            (Some("myna-card/end"), _) => {
                self.log.write(Level::Info, "read ended: card reset and let go");
                self.pending_begin = None;
                self.let_go();
                Vec::new()
            }
            (kind, id) => {
                self.log.write(Level::Info, &format!("unknown message ignored (type {kind:?})"));
                id.map(|id| vec![error(&id, "bad_message")]).unwrap_or_default()
            }
        }
    }

    /// Called a few times a second: presence events, and a waiting `begin`.
    pub fn poll(&mut self, now: Instant) -> Vec<String> {
        let mut out = Vec::new();
        let present = self.card_present();
        if let Some((id, deadline)) = self.pending_begin.clone() {
            if present {
                self.pending_begin = None;
                out.extend(self.begin(id, now));
            } else if now >= deadline {
                self.pending_begin = None;
                self.log.write(Level::Info, "no card was placed in time");
                out.push(error(&id, "timeout"));
            }
        }
        if self.last_present != Some(present) {
            // The first look reports only a card that is there; then every change.
            if present || self.last_present.is_some() {
                out.push(event(present));
            }
            if !present && self.connected.is_some() {
                self.log.write(Level::Info, "the card left the reader");
                self.let_go();
            }
            self.last_present = Some(present);
        }
        out
    }

    fn begin(&mut self, id: String, now: Instant) -> Vec<String> {
        self.let_go();
        match self.pick().and_then(|name| self.readers.connect(&name).map(|()| name)) {
            Ok(name) => {
                self.log.write(Level::Info, &format!("card connected on {name}"));
                self.connected = Some(name);
                vec![json!({"type": "myna-card/response", "id": id}).to_string()]
            }
            Err(CardError::Removed | CardError::NoReader) => {
                self.log.write(Level::Info, "waiting for a card on the reader");
                self.pending_begin = Some((id, now + BEGIN_WAIT));
                Vec::new()
            }
            Err(e) => {
                self.log.write(Level::Error, &e.to_string());
                vec![error(&id, &e.code())]
            }
        }
    }

    fn transceive(&mut self, id: String, apdu: &[u8]) -> Vec<String> {
        if self.connected.is_none() {
            return vec![error(&id, "removed")];
        }
        self.log.write(Level::Trace, &describe_command(apdu));
        // A response without its status word is a failed exchange too (vpcd's answer when
        // the card leaves mid-APDU).
        let result = self.readers.transmit(apdu).and_then(|response| match response.len() {
            0 | 1 => Err(CardError::Other("the reader answered without a status word".into())),
            _ => Ok(response),
        });
        match result {
            Ok(response) => {
                self.log.write(Level::Trace, &describe_response(&response));
                vec![json!({"type": "myna-card/response", "id": id, "response": B64.encode(&response)}).to_string()]
            }
            Err(e) => {
                self.log.write(Level::Info, &format!("transmit failed: {e}"));
                // A card pulled off mid-APDU can surface as another error (the driver's
                // exchange failed): if the card is gone, it is a removal for the page.
                let e = if e != CardError::Removed && self.gone_soon() { CardError::Removed } else { e };
                let mut out = vec![error(&id, &e.code())];
                if e == CardError::Removed {
                    self.let_go();
                    if self.last_present != Some(false) {
                        self.last_present = Some(false);
                        out.push(event(false));
                    }
                }
                out
            }
        }
    }

    /// The reader to use: `--reader`, else the only one holding a card.
    fn pick(&mut self) -> Result<String, CardError> {
        let readers = self.readers.list()?;
        if let Some(chosen) = &self.chosen {
            let reader = readers.iter().find(|r| &r.name == chosen).ok_or(CardError::NoReader)?;
            return if reader.card { Ok(reader.name.clone()) } else { Err(CardError::Removed) };
        }
        let with_card: Vec<String> = readers.into_iter().filter(|r| r.card).map(|r| r.name).collect();
        match with_card.len() {
            0 => Err(CardError::Removed),
            1 => Ok(with_card.into_iter().next().unwrap_or_default()),
            _ => Err(CardError::SeveralCards(with_card)),
        }
    }

    fn card_present(&mut self) -> bool {
        let Ok(readers) = self.readers.list() else { return false };
        let watched = self.connected.as_ref().or(self.chosen.as_ref());
        readers.iter().any(|r| r.card && watched.is_none_or(|name| &r.name == name))
    }

    /// True when the card leaves within a second: PC/SC notices a removal on its next
    /// poll of the reader, a little after the exchange failed.
    fn gone_soon(&mut self) -> bool {
        for _ in 0..5 {
            if !self.card_present() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    }

    fn let_go(&mut self) {
        if self.connected.take().is_some() {
            self.readers.disconnect();
        }
    }
}

fn error(id: &str, code: &str) -> String {
    json!({"type": "myna-card/response", "id": id, "error": code}).to_string()
}

fn event(present: bool) -> String {
    let kind = if present { "myna-card/present" } else { "myna-card/removed" };
    json!({ "type": kind }).to_string()
}
