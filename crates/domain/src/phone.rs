//! Wire types of the phone signing credential (スマホ用署名用電子証明書, SPEC §7.3; manual
//! 2章①-1 step 9 and 3章② step 11, 補足): a WebAuthn credential with user verification,
//! registered after a card-signed step, plus a password (the signing PIN's format) that the
//! server checks with the same five-try lock as the card. The WebAuthn messages are the
//! `webauthn-rs-proto` types, so the SPA and the server read the same JSON.

use serde::{Deserialize, Serialize};
pub use webauthn_rs_proto as webauthn;
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential};

use crate::card::SignedChallenge;

/// Wrong passwords in a row before the credential's password locks (as the card's signing PIN).
pub const MAX_TRIES: u8 = 5;

/// A signed step answered with the phone credential instead of the card: the assertion,
/// whose challenge the server bound to the same challenge (and so the same document) the
/// card would have signed. Sent as `phone` beside the challenge id in [`SignedChallenge`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PhoneAnswer {
    pub assertion: PublicKeyCredential,
}

/// The same answer: the same credential and the same signed bytes (extensions aside).
impl PartialEq for PhoneAnswer {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.assertion, &other.assertion);
        a.id == b.id
            && a.raw_id == b.raw_id
            && a.type_ == b.type_
            && a.response.authenticator_data == b.response.authenticator_data
            && a.response.client_data_json == b.response.client_data_json
            && a.response.signature == b.response.signature
            && a.response.user_handle == b.response.user_handle
    }
}

impl Eq for PhoneAnswer {}

/// `POST /api/phone-credentials/assertion`: the password for the challenge about to be
/// signed; the answer is the WebAuthn request (`RequestChallengeResponse`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionRequest {
    /// [`crate::card::Challenge::id`] of the step's challenge.
    pub challenge: String,
    pub password: String,
}

/// `POST /api/phone-credentials/registration`: the card-signed registration challenge and
/// the password to set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationStart {
    pub signed: SignedChallenge,
    pub password: String,
}

/// The answer to [`RegistrationStart`]: what `navigator.credentials.create()` takes, and
/// the id of the ceremony to finish.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RegistrationOptions {
    pub registration: String,
    pub options: CreationChallengeResponse,
}

/// `POST /api/phone-credentials`: the credential the browser created.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RegistrationFinish {
    pub registration: String,
    pub credential: RegisterPublicKeyCredential,
}

/// One registered credential, as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCredentialInfo {
    /// What `DELETE /api/phone-credentials/{id}` takes.
    pub id: String,
    /// 「2026年12月15日 10:00」
    pub registered_at: String,
    pub last_used_at: Option<String>,
}

/// `GET /api/phone-credentials`: the person's credentials and the password's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCredentials {
    pub credentials: Vec<PhoneCredentialInfo>,
    /// Tries left before the password locks (0: locked).
    pub tries_left: u8,
}

impl PhoneCredentials {
    /// Signing steps offer the phone credential (a locked one too, to say what to do).
    pub fn registered(&self) -> bool {
        !self.credentials.is_empty()
    }

    pub fn locked(&self) -> bool {
        self.registered() && self.tries_left == 0
    }
}

/// A malformed password (the signing PIN's rule: 6–16 of A–Z and 0–9, both kinds).
pub const PASSWORD_FORMAT: &str =
    "スマホ用署名用電子証明書のパスワードは、英大文字と数字を組み合わせた6～16桁で入力してください。";

/// What the person is told when the password is locked: the lock is the server's, so
/// the way out is to delete the credential and register again with the card.
pub const LOCKED: &str = "スマホ用署名用電子証明書のパスワードを5回続けて間違えたため、ロックされました。このまま手続きするときは「お手元のカードを利用する」を押してください。スマホ用署名用電子証明書を使い続けるには、「スマホ用電子証明書」の画面で登録を削除し、マイナンバーカードで登録し直してください。";

/// After a wrong password with `tries_left` (1–4) left.
pub fn wrong_password(tries_left: u8) -> String {
    format!("パスワードが違います。あと{tries_left}回間違えるとロックされます。")
}
