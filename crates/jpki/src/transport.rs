//! The one seam between card logic and whatever reaches a card (SPEC §7.1): a native
//! host app, a remote virtual-card reader over HTTP, or the in-process simulator.

use core::future::Future;
use core::pin::Pin;

/// A boxed future without a `Send` bound: browser transports hold JS values, which are
/// not `Send`, and the wasm SPA is single-threaded anyway.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Sends one command APDU and returns the whole response APDU (data + SW1 SW2).
/// Object-safe so the client can hold `&dyn Transport`.
pub trait Transport {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>>;
}

/// The exchange failed before the card could answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Nothing on this device can read a card.
    NoReader,
    /// The card left the reader mid-exchange.
    CardRemoved,
    /// The PC card reader bridge serves another page (tab) of the portal.
    ReaderBusy,
    /// Anything else (HTTP error, host app error); the text is for logs.
    Io(String),
}

impl TransportError {
    /// Japanese text for the person, saying what to do next.
    pub fn message(&self) -> &'static str {
        match self {
            TransportError::NoReader => {
                "この端末ではマイナンバーカードを読み取れません。NFCに対応したスマートフォンでお試しください。"
            }
            TransportError::CardRemoved => {
                "カードが離れました。読み取りが終わるまでカードを動かさずに、もう一度お試しください。"
            }
            TransportError::ReaderBusy => {
                "別のページ（タブ）がカードリーダーを使用中です。そのページを閉じてから、もう一度お試しください。"
            }
            TransportError::Io(_) => "カードとの通信に失敗しました。カードをかざし直して、もう一度お試しください。",
        }
    }
}

impl core::fmt::Display for TransportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransportError::Io(detail) => write!(f, "{} ({detail})", self.message()),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for TransportError {}
