//! The card bridge (SPEC §7.1): the one way the SPA reaches a My Number card.
//!
//! [`reader`] picks, once per page load, what this device has, in this order:
//! 1. [`native::NativeHost`]: the portal's phone app hosts this page in a WebView and
//!    exposes `window.mynaCardBridge` (message contract in `docs/bridge.md`);
//! 2. [`remote::RemoteReader`]: the server is in demo mode (`GET /api/demo/people`
//!    answers) and its virtual cards answer over `POST /api/card/apdu`;
//! 3. [`webnfc::WebNfc`]: the browser has `NDEFReader`. Web NFC only speaks NDEF, not
//!    ISO-DEP, so it can notice the tap but never send an APDU: the person is guided to
//!    something that can read the card;
//! 4. nothing: [`NO_READER`] says so plainly, before any PIN is asked.
//!
//! Everything a card says goes through [`jpki::Transport`]; the card logic itself lives
//! only in `crates/jpki`.

// Pure, so it lives (and is tested) in the domain crate.
pub use domain::b64;
mod native;
mod remote;
mod webnfc;

use std::cell::RefCell;
use std::rc::Rc;

use jpki::{LocalBoxFuture, Transport, TransportError};

/// Which kind of reader was picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReaderKind {
    /// The phone app's NFC, through its WebView message handler.
    Native,
    /// Demo mode: the server's virtual cards.
    Remote,
    /// Web NFC: detects the tap only.
    WebNfc,
}

/// Why a read could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeginError {
    Transport(TransportError),
    /// The card was noticed (Web NFC) but this browser cannot talk to it.
    DetectedOnly,
}

/// Nothing on this device can read the card.
pub const NO_READER: &str = "この端末（ブラウザ）ではマイナンバーカードを読み取れません。マイナンバーカードの読み取りに対応したスマートフォンで、マイナポータルアプリからご利用ください。";

/// Web NFC noticed the card but cannot read it.
pub const WEB_NFC_DETECTED: &str = "カードを検出しましたが、このブラウザはマイナンバーカードとの通信（暗号化されたICカードのやり取り）に対応していないため、読み取りを続けられません。マイナンバーカードの読み取りに対応したスマートフォンで、マイナポータルアプリからご利用ください。";

/// Shown before a read when the reader can only detect the tap.
pub const WEB_NFC_NOTE: &str = "このブラウザでは、カードをかざしたことは検出できますが、カードの内容は読み取れません。";

/// A card reader: an APDU [`Transport`] plus the start of a card session (the "tap").
pub trait CardReader: Transport {
    fn kind(&self) -> ReaderKind;

    /// The APDU channel (the reader itself; spelled out so callers need no trait upcasting).
    fn transport(&self) -> &dyn Transport;

    /// 「読み取り開始」: wait for (native, Web NFC) or reset (remote) the card session.
    fn begin(&self) -> LocalBoxFuture<'_, Result<(), BeginError>>;

    /// The read is over (done or failed); a native host may close its NFC session.
    fn end(&self) {}

    /// Demo mode on `/login`: whose virtual card to use (the contract's `person`). Other
    /// readers ignore it.
    fn use_demo_person(&self, _person: Option<String>) {}
}

thread_local! {
    /// The reader picked on first use, for the rest of the page's life.
    static PICKED: RefCell<Option<Option<Rc<dyn CardReader>>>> = const { RefCell::new(None) };
}

/// The reader this device has (picked on first call, then the same one every time).
pub async fn reader() -> Option<Rc<dyn CardReader>> {
    if let Some(picked) = PICKED.with(|p| p.borrow().clone()) {
        return picked;
    }
    let picked = pick().await;
    PICKED.with(|p| p.borrow_mut().get_or_insert(picked).clone())
}

async fn pick() -> Option<Rc<dyn CardReader>> {
    if let Some(host) = native::NativeHost::detect() {
        return Some(Rc::new(host));
    }
    if crate::api::demo_people().await.is_ok() {
        return Some(Rc::new(remote::RemoteReader::default()));
    }
    if webnfc::WebNfc::available() {
        return Some(Rc::new(webnfc::WebNfc));
    }
    None
}
