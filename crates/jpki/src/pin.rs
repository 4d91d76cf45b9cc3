//! PIN kinds, normalisation and format rules (SPEC §2, §4.8). Pure: the SPA's dialogs
//! call this as the person types, and the client calls it again before touching the card,
//! so a malformed PIN never costs a try.

use serde::{Deserialize, Serialize};

use crate::ids;

/// Which of the card's three PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PinKind {
    /// 券面事項入力補助用暗証番号: 4 digits, 3 tries, card-info AP.
    CardInfo,
    /// 利用者証明用電子証明書のパスワード: 4 digits, 3 tries, JPKI-AP.
    Auth,
    /// 署名用電子証明書のパスワード: 6–16 of A–Z/0–9 with both, 5 tries, JPKI-AP.
    Signing,
}

impl PinKind {
    pub const ALL: [PinKind; 3] = [PinKind::CardInfo, PinKind::Auth, PinKind::Signing];

    /// The PIN's name as the manual writes it.
    pub fn name(self) -> &'static str {
        match self {
            PinKind::CardInfo => "券面事項入力補助用のパスワード",
            PinKind::Auth => "利用者証明用電子証明書のパスワード",
            PinKind::Signing => "署名用電子証明書のパスワード",
        }
    }

    /// Tries a fresh (or just-verified) PIN has.
    pub fn max_tries(self) -> u8 {
        match self {
            PinKind::CardInfo | PinKind::Auth => 3,
            PinKind::Signing => 5,
        }
    }

    /// True for the 4-digit PINs: the dialog uses `inputmode="numeric"`.
    pub fn is_numeric(self) -> bool {
        self != PinKind::Signing
    }

    /// Longest accepted input after normalisation (for `maxlength`).
    pub fn max_len(self) -> usize {
        if self.is_numeric() {
            4
        } else {
            16
        }
    }

    /// The format rule, as a sentence; also the message for any malformed input.
    pub fn format_rule(self) -> &'static str {
        match self {
            PinKind::CardInfo | PinKind::Auth => "パスワードは数字4桁で入力してください。",
            PinKind::Signing => {
                "署名用電子証明書のパスワードは、英大文字と数字を組み合わせた6～16桁で入力してください。"
            }
        }
    }

    /// What to do once this PIN is locked (manual 2章 ①-1 steps 5 and 9).
    pub fn locked_message(self) -> &'static str {
        match self {
            PinKind::CardInfo => "券面事項入力補助用のパスワードがロックされています。解除するには、住民票がある自治体窓口で手続を行ってください。",
            PinKind::Auth => "利用者証明用電子証明書のパスワードがロックされています。解除するには、住民票がある自治体窓口で手続を行ってください。",
            PinKind::Signing => "署名用電子証明書のパスワードがロックされています。初期化・再設定は、住民票がある自治体窓口又はコンビニエンスストア等のキオスク端末で手続を行ってください。",
        }
    }

    /// The application holding this PIN.
    pub fn aid(self) -> &'static [u8; 10] {
        match self {
            PinKind::CardInfo => &ids::CARD_INFO_AP,
            PinKind::Auth | PinKind::Signing => &ids::JPKI_AP,
        }
    }

    /// The PIN's EF inside [`PinKind::aid`].
    pub fn pin_ef(self) -> u16 {
        match self {
            PinKind::CardInfo => ids::EF_CARD_INFO_PIN,
            PinKind::Auth => ids::EF_AUTH_PIN,
            PinKind::Signing => ids::EF_SIGNING_PIN,
        }
    }
}

/// Why an input is not a PIN of its kind. `message()` is the inline text for the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinFormatError {
    Empty(PinKind),
    /// Card-info/auth: not exactly four digits.
    NotFourDigits(PinKind),
    /// Signing: a character other than A–Z/0–9 (after normalisation).
    SigningCharacters,
    /// Signing: fewer than 6 or more than 16 characters.
    SigningLength,
    /// Signing: letters only or digits only.
    SigningNeedsLetterAndDigit,
}

impl PinFormatError {
    pub fn kind(self) -> PinKind {
        match self {
            PinFormatError::Empty(kind) | PinFormatError::NotFourDigits(kind) => kind,
            _ => PinKind::Signing,
        }
    }

    /// One sentence per kind, so the dialog always states the rule the person must meet.
    pub fn message(self) -> &'static str {
        self.kind().format_rule()
    }
}

impl core::fmt::Display for PinFormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for PinFormatError {}

/// A PIN that passed its format rule, normalised to the ASCII the card compares.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin {
    kind: PinKind,
    value: String,
}

impl Pin {
    /// Normalises (see [`normalize`]) and checks the format rule of `kind`.
    pub fn parse(kind: PinKind, input: &str) -> Result<Pin, PinFormatError> {
        let value = normalize(kind, input);
        if value.is_empty() {
            return Err(PinFormatError::Empty(kind));
        }
        if kind.is_numeric() {
            if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PinFormatError::NotFourDigits(kind));
            }
        } else {
            if !value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                return Err(PinFormatError::SigningCharacters);
            }
            if !(6..=16).contains(&value.len()) {
                return Err(PinFormatError::SigningLength);
            }
            let has_letter = value.bytes().any(|b| b.is_ascii_uppercase());
            let has_digit = value.bytes().any(|b| b.is_ascii_digit());
            if !(has_letter && has_digit) {
                return Err(PinFormatError::SigningNeedsLetterAndDigit);
            }
        }
        Ok(Pin { kind, value })
    }

    /// A new PIN typed twice (a form that asks for it again to confirm): the first must
    /// pass the format rule, the second be the same once both are normalised.
    pub fn chosen_twice(kind: PinKind, first: &str, again: &str) -> Result<Pin, ChosenPinError> {
        let pin = Pin::parse(kind, first).map_err(ChosenPinError::Format)?;
        if normalize(kind, again) != pin.value {
            return Err(ChosenPinError::Mismatch);
        }
        Ok(pin)
    }

    pub fn kind(&self) -> PinKind {
        self.kind
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The bytes VERIFY sends.
    pub fn as_bytes(&self) -> &[u8] {
        self.value.as_bytes()
    }
}

/// Why a PIN typed twice ([`Pin::chosen_twice`]) is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenPinError {
    /// The first entry breaks the format rule.
    Format(PinFormatError),
    /// The second is not the same.
    Mismatch,
}

/// Never prints the PIN, so a stray `{:?}` cannot leak it into logs.
impl core::fmt::Debug for Pin {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Pin({:?}, ****)", self.kind)
    }
}

/// What the person meant, without judging it: spaces trimmed at both ends (including
/// the full-width U+3000 an IME types), full-width ０-９ Ａ-Ｚ ａ-ｚ made half-width, and
/// for the signing PIN lower case made upper case. The dialog may show this as typed.
pub fn normalize(kind: PinKind, input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| {
            let half = to_half_width(c);
            if kind == PinKind::Signing {
                half.to_ascii_uppercase()
            } else {
                half
            }
        })
        .collect()
}

fn to_half_width(c: char) -> char {
    match c {
        // The full-width ASCII block sits at a fixed distance from ASCII.
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
        _ => c,
    }
}
