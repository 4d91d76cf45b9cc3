//! The card bridge (SPEC §7.1): the one way the SPA reaches a My Number card.
//!
//! [`reader`] picks, once per page load, what this device has, in this order:
//! 1. [`native::NativeHost`]: the portal's phone app hosts this page in a WebView and
//!    exposes `window.mynaCardBridge` (message contract in `docs/bridge.md`);
//! 2. [`pc`]: the PC card reader bridge (`myna-card-bridge`, crates/card_bridge) answers
//!    on its loopback address: the same messages as the phone app, over a WebSocket, to
//!    a USB IC card reader;
//! 3. [`remote::RemoteReader`]: the server is in demo mode (`GET /api/demo/people`
//!    answers) and its virtual cards answer over `POST /api/card/apdu`;
//! 4. [`webnfc::WebNfc`]: the browser has `NDEFReader`. Web NFC only speaks NDEF, not
//!    ISO-DEP, so it can notice the tap but never send an APDU: the person is guided to
//!    something that can read the card;
//! 5. nothing: [`NO_READER`] says so plainly, before any PIN is asked.
//!
//! Everything a card says goes through [`jpki::Transport`]; the card logic itself lives
//! only in `crates/jpki`.

// Pure, so it lives (and is tested) in the domain crate.
pub use domain::b64;
mod native;
mod pc;
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
    /// A PC's IC card reader, through the bridge program on the PC.
    Pc,
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

    /// Its channel is gone for good (the PC bridge was stopped or restarted): a new read
    /// needs the reader picked again.
    fn closed(&self) -> bool {
        false
    }
}

thread_local! {
    /// The reader picked on first use, for the rest of the page's life.
    static PICKED: RefCell<Option<Option<Rc<dyn CardReader>>>> = const { RefCell::new(None) };
}

/// The reader this device has (picked on first call, then the same one every time, unless
/// its channel closed: a PC bridge stopped and started again is connected to again).
pub async fn reader() -> Option<Rc<dyn CardReader>> {
    if let Some(picked) = PICKED.with(|p| p.borrow().clone()) {
        if !picked.as_ref().is_some_and(|r| r.closed()) {
            return picked;
        }
        PICKED.with(|p| p.borrow_mut().take());
    }
    let picked = pick().await;
    PICKED.with(|p| p.borrow_mut().get_or_insert(picked).clone())
}

async fn pick() -> Option<Rc<dyn CardReader>> {
    if let Some(host) = native::NativeHost::detect() {
        return Some(Rc::new(host));
    }
    if let Ok(probe) = pc_bridge_probe().await {
        if let Some(bridge) = probe.await {
            return Some(Rc::new(bridge));
        }
    }
    if crate::api::demo_people().await.is_ok() {
        return Some(Rc::new(remote::RemoteReader::default()));
    }
    if webnfc::WebNfc::available() {
        return Some(Rc::new(webnfc::WebNfc));
    }
    None
}

/// The PC bridge's probe and channel are a lazy file of their own (split point, as leptos
/// `#[lazy]` makes one): fetched by the pages that read a card, never in the first view
/// (there it cost 232 B of brotli). `fallible`: a file that cannot be fetched means no PC
/// reader, not a stopped app.
#[::leptos::wasm_split::wasm_split(pc_bridge, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pc_bridge_probe(
) -> Result<LocalBoxFuture<'static, Option<native::NativeHost>>, ::leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(pc::connect()))
}
