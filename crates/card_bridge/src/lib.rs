//! `myna-card-bridge`: the PC card reader of docs/bridge.md. A portal page on an allowed
//! origin opens a WebSocket to the loopback address; the bridge carries its APDUs to the
//! PC/SC reader that holds the card and reports the card's arrival and removal.
//!
//! * [`session`]: the message contract (begin, transceive, end; present/removed), over any
//!   [`reader::Readers`] — unit-tested with a fake reader, without pcscd.
//! * [`server`]: the WebSocket on 127.0.0.1: the origin allow-list, one page at a time.
//! * [`pcsc_reader`]: the real readers through the `pcsc` crate.
//! * [`log`]: the bridge's log, which never holds a PIN.
//! * [`vpcd`]: a card for vsmartcard's virtual reader driver (tests and the README's trial).

pub mod log;
pub mod pcsc_reader;
pub mod reader;
pub mod server;
pub mod session;
pub mod vpcd;

/// The bridge's loopback port unless `--port` says otherwise (the SPA's CSP names it).
pub const DEFAULT_PORT: u16 = 47810;
/// The portal as it runs by default (`server` on port 8080); `--origin` names production's.
pub const DEFAULT_ORIGIN: &str = "http://localhost:8080";
