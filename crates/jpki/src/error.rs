//! Everything a card operation can end in, with the Japanese text the SPA shows.

use crate::pin::{PinFormatError, PinKind};
use crate::status::Status;
use crate::transport::TransportError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JpkiError {
    /// The card refused the PIN; `tries_left` ≥ 1 (0 is reported as `Locked`).
    WrongPin {
        pin: PinKind,
        tries_left: u8,
    },
    /// The PIN is blocked. The client stops before sending it, so no try is wasted.
    Locked {
        pin: PinKind,
    },
    /// The EF or key needs this PIN verified first (card answered 6982).
    NotVerified {
        pin: PinKind,
    },
    /// The input breaks the PIN's format rule; nothing was sent to the card.
    MalformedPin(PinFormatError),
    Transport(TransportError),
    /// A status word the operation does not expect.
    Card(Status),
    /// The card's data (or an argument) is not what it should be; the text is for logs.
    Malformed(String),
}

impl JpkiError {
    /// Japanese text for the person; for `Locked`, what to do (窓口 / キオスク端末).
    pub fn message(&self) -> String {
        match self {
            JpkiError::WrongPin { pin, tries_left } => {
                format!("{}が違います。あと{}回間違えるとロックされます。", pin.name(), tries_left)
            }
            JpkiError::Locked { pin } => pin.locked_message().to_owned(),
            JpkiError::NotVerified { pin } => {
                format!("{}の入力が済んでいません。パスワードを入力してから、もう一度お試しください。", pin.name())
            }
            JpkiError::MalformedPin(e) => e.message().to_owned(),
            JpkiError::Transport(e) => e.message().to_owned(),
            JpkiError::Card(Status::FileNotFound) => {
                "カードに必要な情報が見つかりませんでした。マイナンバーカードをかざしているかご確認ください。"
                    .to_owned()
            }
            JpkiError::Card(_) | JpkiError::Malformed(_) => {
                "カードを正しく読み取れませんでした。カードをかざし直して、もう一度お試しください。".to_owned()
            }
        }
    }

    /// The PIN this error is about, if any (for the dialog to stay on the right PIN).
    pub fn pin_kind(&self) -> Option<PinKind> {
        match self {
            JpkiError::WrongPin { pin, .. } | JpkiError::Locked { pin } | JpkiError::NotVerified { pin } => Some(*pin),
            JpkiError::MalformedPin(e) => Some(e.kind()),
            _ => None,
        }
    }
}

impl core::fmt::Display for JpkiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            JpkiError::Card(status) => write!(f, "{} (SW {status})", self.message()),
            JpkiError::Malformed(detail) => write!(f, "{} ({detail})", self.message()),
            JpkiError::Transport(e) => e.fmt(f),
            _ => f.write_str(&self.message()),
        }
    }
}

impl std::error::Error for JpkiError {}

impl From<TransportError> for JpkiError {
    fn from(e: TransportError) -> Self {
        JpkiError::Transport(e)
    }
}

impl From<PinFormatError> for JpkiError {
    fn from(e: PinFormatError) -> Self {
        JpkiError::MalformedPin(e)
    }
}
