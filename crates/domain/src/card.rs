//! Wire types of the card contract (docs/CONTRACT-card.md): the remote reader, the card
//! "tap", challenges and card-signed login. Serde DTOs only — card logic lives in `jpki`.
//! Every binary value is standard base64 with padding.

use serde::{Deserialize, Serialize};

/// The PC card reader bridge (`myna-card-bridge`, crates/card_bridge, docs/bridge.md) on
/// the loopback interface: the SPA opens it, and the CSP's `connect-src` names exactly it.
pub const PC_BRIDGE_URL: &str = "ws://127.0.0.1:47810";

/// `POST /api/card/apdu` (demo mode only): one command APDU for a virtual card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApduRequest {
    /// The command APDU, base64.
    pub apdu: String,
    /// The demo person whose card to use when there is no session (`/login`); with a
    /// session it must be absent or equal to the session's person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

/// The answer to [`ApduRequest`]: the whole response APDU (data + SW1 SW2), base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApduResponse {
    pub response: String,
}

/// `POST /api/card/session` → 204: a new read starts (the card is "tapped"), so the
/// virtual card's session state (selected files, verified PINs) is reset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

/// `POST /api/login/challenge` (and later signed steps): what the card must sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Single-use id, sent back with the signature.
    pub id: String,
    /// `login`, or the signed step's purpose.
    pub purpose: String,
    /// The canonical text the person saw or agreed to.
    pub document: String,
    /// base64 of the DER DigestInfo of SHA-256(`document`): exactly the bytes SIGN gets.
    pub digest_info: String,
}

/// A [`Challenge`] answered: what every signed step sends back — card login
/// (`POST /api/login/card`, the whole body), linking, the one-stop consent and its
/// cancellation (flattened into their bodies, so the JSON stays
/// `{"challenge", "certificate", "signature", …}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedChallenge {
    /// [`Challenge::id`].
    pub challenge: String,
    /// base64 DER of the certificate read from the card (authentication for login,
    /// signing for every other step). Empty (but present) when [`SignedChallenge::phone`]
    /// answers.
    pub certificate: String,
    /// base64 of the card's RSA PKCS#1 v1.5 signature over the challenge's DigestInfo.
    /// Empty (but present) when [`SignedChallenge::phone`] answers.
    pub signature: String,
    /// The phone signing credential's answer instead of the card's (signed steps only,
    /// never login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<crate::phone::PhoneAnswer>,
}

impl SignedChallenge {
    /// A card's answer.
    pub fn card(challenge: String, certificate: String, signature: String) -> Self {
        SignedChallenge { challenge, certificate, signature, phone: None }
    }

    /// The phone credential's answer.
    pub fn phone(challenge: String, answer: crate::phone::PhoneAnswer) -> Self {
        SignedChallenge { challenge, certificate: String::new(), signature: String::new(), phone: Some(answer) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apdu_request_omits_an_absent_person() {
        let r = ApduRequest { apdu: "AKQEDA==".into(), person: None };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"apdu":"AKQEDA=="}"#);
        let r: ApduRequest = serde_json::from_str(r#"{"apdu":"AA==","person":"taro"}"#).unwrap();
        assert_eq!(r.person.as_deref(), Some("taro"));
    }

    #[test]
    fn card_session_accepts_an_empty_object() {
        let s: CardSession = serde_json::from_str("{}").unwrap();
        assert_eq!(s, CardSession::default());
    }
}

/// `GET /api/certificates`: one of the person's card certificates and its validity
/// (「連携状況」, issue 30).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateValidity {
    /// `auth` or `signing`.
    pub kind: String,
    /// 「利用者証明用電子証明書」 or 「署名用電子証明書」.
    pub label: String,
    /// Its last day, Japan time.
    pub valid_until: chrono::NaiveDate,
    /// The last day has passed at the business clock.
    pub expired: bool,
}
