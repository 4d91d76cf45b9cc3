//! The phone signing credential (スマホ用署名用電子証明書, SPEC §7.3; docs/CONTRACT-phone.md):
//! a WebAuthn credential (webauthn-rs, user verification required, RP ID = the host of the
//! configured public origin, never the request's) that a person registers after signing
//! with the card, and a password the server checks with the card's five-try lock.
//!
//! **Registering** (routes.rs): the card signs a registration document (purpose
//! [`PURPOSE`]); with that signature and a well-formed password the server starts a
//! WebAuthn registration, and finishing it stores the credential bound to the person and to
//! the card's signing certificate, and the password as an argon2id hash.
//!
//! **Signing** a step (linking, 本籍, one-stop) answers the same challenge the card would:
//! 1. `POST /api/phone-credentials/assertion` with the challenge id and the password: not
//!    a try taken before the password is checked (none left is `phone_password_locked`;
//!    a right one gives it back), the challenge answerable; the WebAuthn request's challenge
//!    is [`bound_challenge`] of the step's challenge id and document digest;
//! 2. the step's own endpoint gets `phone` in its signed body; [`signature::verify_step`]
//!    hands it to this flow's [`PhoneCheck`] (implemented here for the state):
//!    the challenge used up (as a card's), the ceremony of step 1 taken (single use),
//!    the credential the person's, the assertion's challenge the one bound to this
//!    document, then webauthn-rs checks origin, RP ID hash, user verification, signature
//!    and counter; last the registering certificate is checked as a card's would be
//!    (trusted, valid, not revoked, the person's). Each refusal has its own code.
//!
//! Everything is audited in `phone_credential_audit`.

pub mod routes;

pub use routes::routes;

use std::borrow::Cow;

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use chrono::{Duration, Utc};
use domain::phone::{PhoneAnswer, MAX_TRIES};
use jpki::{Pin, PinKind};
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, RequestChallengeResponse, Url, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};

use crate::error::{ApiResult, Refuse};
use crate::pki::CertKind;
use crate::signature::{self, PhoneCheck, SignatureError, VerifiedSignature, Verifier};
use crate::store::persons::Person;
use crate::store::phone_credentials::{self as store, CeremonyRow};
use crate::AppState;

/// The challenge purpose of the registration document (signed with the card's 署名用 key;
/// never answerable with a phone credential).
pub const PURPOSE: &str = "phone_credential";
/// How long a ceremony may take between its two requests.
pub const CEREMONY_SECS: i64 = 5 * 60;
/// What the relying party is called in the browser's prompt.
const RP_NAME: &str = "マイナ免許証ポータル";
/// Ceremony kinds in `phone_ceremonies`.
pub(crate) const REGISTER: &str = "register";
pub(crate) const SIGN: &str = "sign";

/// Why a phone-credential request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneRefusal {
    PasswordFormat(jpki::PinFormatError),
    NoCredential,
    PasswordWrong(u8),
    Locked,
    /// An assertion without the password step for this challenge (or its ceremony lapsed).
    PasswordRequired,
    CredentialUnknown,
    CredentialWrongPerson,
    /// The assertion's challenge is not the one bound to this document.
    WrongDocument,
    BadOrigin,
    UserNotVerified,
    CounterRegressed,
    BadAssertion,
    /// The page's host cannot be a WebAuthn RP ID (an IP address).
    UnsupportedOrigin,
    RegistrationUnknown,
    RegistrationFailed,
    CredentialTaken,
    /// A registration needs the card; a phone answer cannot register another phone.
    CardRequired,
    /// Another password step for the same challenge is being stored at this moment.
    StepInProgress,
}

impl Refuse for PhoneRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::PasswordFormat(_) => "phone_password_format",
            Self::NoCredential => "phone_credential_none",
            Self::PasswordWrong(_) => "phone_password_wrong",
            Self::Locked => "phone_password_locked",
            Self::PasswordRequired => "phone_password_required",
            Self::CredentialUnknown => "phone_credential_unknown",
            Self::CredentialWrongPerson => "phone_credential_wrong_person",
            Self::WrongDocument => "phone_wrong_document",
            Self::BadOrigin => "phone_bad_origin",
            Self::UserNotVerified => "phone_user_not_verified",
            Self::CounterRegressed => "phone_counter_regressed",
            Self::BadAssertion => "phone_bad_assertion",
            Self::UnsupportedOrigin => "phone_unsupported_origin",
            Self::RegistrationUnknown => "phone_registration_unknown",
            Self::RegistrationFailed => "phone_registration_failed",
            Self::CredentialTaken => "phone_credential_taken",
            Self::CardRequired => "phone_card_required",
            Self::StepInProgress => "phone_step_in_progress",
        }
    }

    fn status(&self) -> u16 {
        match self {
            Self::PasswordFormat(_) | Self::UnsupportedOrigin | Self::RegistrationUnknown | Self::CardRequired => 400,
            Self::NoCredential => 404,
            Self::CredentialTaken | Self::StepInProgress => 409,
            _ => 403,
        }
    }

    fn detail(&self) -> Cow<'static, str> {
        match self {
            Self::PasswordFormat(_) => domain::phone::PASSWORD_FORMAT.into(),
            Self::NoCredential => "スマホ用署名用電子証明書が登録されていません。「お手元のカードを利用する」を押して、マイナンバーカードで電子署名してください。".into(),
            Self::PasswordWrong(n) => domain::phone::wrong_password(*n).into(),
            Self::Locked => domain::phone::LOCKED.into(),
            Self::PasswordRequired => "パスワードの確認からやり直してください。スマホ用署名用電子証明書のパスワードを入力して「電子署名する」を押してください。".into(),
            Self::CredentialUnknown => "このスマホ用署名用電子証明書は登録されていません。「お手元のカードを利用する」を押して、マイナンバーカードで電子署名してください。".into(),
            Self::CredentialWrongPerson => "ログインしている方のスマホ用署名用電子証明書ではありません。ご本人のスマートフォンで、もう一度お試しください。".into(),
            Self::WrongDocument => "この電子署名は、いま申請している内容に対するものではありません。もう一度「電子署名する」からやり直してください。".into(),
            Self::BadOrigin => "このサイト以外で作られた電子署名は受け付けられません。マイナ免許証ポータルの画面から、もう一度お試しください。".into(),
            Self::UserNotVerified => "スマートフォンの画面ロック（指紋・顔認証や端末の暗証番号）による本人確認ができませんでした。本人確認をしてから、もう一度お試しください。".into(),
            Self::CounterRegressed => "このスマホ用署名用電子証明書は複製された可能性があるため使えません。登録を削除し、マイナンバーカードで登録し直してください。".into(),
            Self::BadAssertion => "スマホ用署名用電子証明書の電子署名を確認できませんでした。もう一度「電子署名する」からやり直してください。".into(),
            Self::UnsupportedOrigin => "このアドレスではスマホ用署名用電子証明書を使えません。IPアドレスではなく、サイトの名前（例: localhost）で開いてください。".into(),
            Self::RegistrationUnknown => "登録の手続きが見つからないか、時間がたって無効になりました。はじめからやり直してください。".into(),
            Self::RegistrationFailed => "スマートフォンで作られた電子証明書を確認できませんでした。画面ロック（指紋・顔認証や端末の暗証番号）を設定してから、はじめからやり直してください。".into(),
            Self::CredentialTaken => "このスマートフォンの電子証明書はすでに登録されています。".into(),
            Self::CardRequired => "登録にはマイナンバーカードでの電子署名が必要です。マイナンバーカードを読み取ってください。".into(),
            Self::StepInProgress => "同じ電子署名の手続きが、別の画面で同時に進められています。しばらくしてから、もう一度「電子署名する」を押してください。".into(),
        }
    }
}

/// The WebAuthn challenge of a phone signature over the step's challenge: SHA-256 of a
/// fixed label, the challenge id and the SHA-256 (hex) of its document, so an assertion
/// answers exactly this challenge and this document.
pub fn bound_challenge(challenge_id: &str, digest_hex: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"myna-license phone signature\n");
    h.update(challenge_id.as_bytes());
    h.update(b"\n");
    h.update(digest_hex.as_bytes());
    h.finalize().into()
}

/// The origin WebAuthn binds to: the configured public origin (`--public-origin`; a
/// demo's own `http://localhost:PORT`), never the request's `Host` or `Origin`, which
/// the client writes (issue 24: `Host: evil.example` registered a credential there).
pub fn public_origin(state: &AppState) -> Url {
    state.origin.url().clone()
}

/// webauthn-rs for `origin`: RP ID = its host (a name, not an IP address).
pub fn webauthn_for(origin: &Url) -> Result<Webauthn, PhoneRefusal> {
    let rp_id = origin.domain().ok_or(PhoneRefusal::UnsupportedOrigin)?;
    WebauthnBuilder::new(rp_id, origin)
        .and_then(|b| b.rp_name(RP_NAME).build())
        .map_err(|_| PhoneRefusal::UnsupportedOrigin)
}

/// The WebAuthn user handle of a person: stable, and not their id in the clear.
pub fn user_handle(person_id: &str) -> Uuid {
    let digest = Sha256::digest(format!("myna-license phone user\n{person_id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// The password in its normal form (upper case, half-width), or why it is malformed: the
/// signing PIN's rule (6–16 of A–Z and 0–9, both kinds).
pub fn normalise_password(text: &str) -> Result<Pin, PhoneRefusal> {
    Pin::parse(PinKind::Signing, text).map_err(PhoneRefusal::PasswordFormat)
}

/// An argon2id PHC string with a fresh salt (off the async threads: it is slow on purpose).
pub async fn hash_password(pin: &Pin) -> anyhow::Result<String> {
    let text = pin.as_str().to_string();
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(text.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
}

async fn password_matches(hash: &str, pin: &Pin) -> anyhow::Result<bool> {
    let (hash, text) = (hash.to_string(), pin.as_str().to_string());
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let parsed = PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
        Ok(argon2::Argon2::default().verify_password(text.as_bytes(), &parsed).is_ok())
    })
    .await?
}

/// The person's passkeys (the stored JSON).
async fn passkeys(state: &AppState, person_id: &str) -> anyhow::Result<Vec<(store::CredentialRow, Passkey)>> {
    let rows = store::for_person(&state.store, person_id).await?;
    rows.into_iter()
        .map(|r| {
            let pk: Passkey = serde_json::from_str(&r.passkey)?;
            Ok((r, pk))
        })
        .collect()
}

async fn audit(state: &AppState, person: &str, action: &str, outcome: &str, credential: Option<&str>) -> ApiResult<()> {
    let mut conn = state.store.pool().acquire().await?;
    store::audit(&mut conn, person, action, outcome, credential).await?;
    Ok(())
}

/// Step 1 of a phone signature: the password for `challenge_id` checked with the lock,
/// then the WebAuthn request bound to that challenge's document.
pub async fn start_signature(
    state: &AppState,
    person: &Person,
    origin: &Url,
    challenge_id: &str,
    password: &str,
) -> ApiResult<RequestChallengeResponse> {
    let webauthn = webauthn_for(origin)?;
    let pin = normalise_password(password)?;
    let keys = passkeys(state, &person.id).await?;
    let Some(stored) = store::password(&state.store, &person.id).await?.filter(|_| !keys.is_empty()) else {
        return Err(PhoneRefusal::NoCredential.into());
    };
    // Which challenge: one of the person's signed steps (never login, never a registration).
    // Checked before a try is taken: an unknown challenge costs none.
    let purpose = challenge_purpose(state, challenge_id).await?;
    let challenge = signature::answerable_challenge(&state.store, challenge_id, &purpose, Some(&person.id)).await?;
    // The try is taken before the (slow) check, in one conditional write: a burst of
    // guesses sent at once gets at most five checks, however many instances serve it.
    let Some(left) = store::take_try(&state.store, &person.id).await? else {
        audit(state, &person.id, "password", PhoneRefusal::Locked.code(), None).await?;
        return Err(PhoneRefusal::Locked.into());
    };
    if !password_matches(&stored.password_hash, &pin).await? {
        let refusal = if left <= 0 { PhoneRefusal::Locked } else { PhoneRefusal::PasswordWrong(left as u8) };
        // Audited as checked-and-wrong (even the try that locks it): the trail counts checks.
        audit(state, &person.id, "password", PhoneRefusal::PasswordWrong(0).code(), None).await?;
        return Err(refusal.into());
    }
    if !store::give_back(&state.store, &person.id, left, i64::from(MAX_TRIES)).await? {
        // Wrong guesses sent beside it locked the password while it was checked.
        audit(state, &person.id, "password", PhoneRefusal::Locked.code(), None).await?;
        return Err(PhoneRefusal::Locked.into());
    }

    let only_keys: Vec<Passkey> = keys.into_iter().map(|(_, k)| k).collect();
    let (mut request, auth) =
        webauthn.start_passkey_authentication(&only_keys).map_err(|e| anyhow::anyhow!("webauthn start: {e}"))?;
    // The challenge is ours: bound to the step's challenge and document.
    let bound = bound_challenge(&challenge.id, &challenge.digest);
    request.public_key.challenge = bound.to_vec();
    let mut auth_json = serde_json::to_value(&auth).map_err(anyhow::Error::from)?;
    let slot = auth_json
        .get_mut("ast")
        .and_then(|a| a.get_mut("challenge"))
        .ok_or_else(|| anyhow::anyhow!("webauthn-rs authentication state without ast.challenge"))?;
    *slot = serde_json::Value::String(B64URL.encode(bound));
    let now = Utc::now();
    store::delete_expired_ceremonies(&state.store, now).await?;
    let stored = store::put_ceremony(
        &state.store,
        &CeremonyRow {
            id: challenge.id.clone(),
            kind: SIGN.into(),
            person_id: person.id.clone(),
            state: auth_json.to_string(),
            rp_origin: origin.as_str().to_string(),
            cert_serial: None,
            cert_der: None,
            password_hash: None,
            expires_at: now + Duration::seconds(CEREMONY_SECS),
        },
    )
    .await?;
    if !stored {
        // Two password steps for one challenge at once: the other one's ceremony stands.
        audit(state, &person.id, "password", PhoneRefusal::StepInProgress.code(), None).await?;
        return Err(PhoneRefusal::StepInProgress.into());
    }
    audit(state, &person.id, "password", "ok", None).await?;
    Ok(request)
}

/// The purpose of a challenge a phone credential may answer: a signed step's, not login's
/// nor a registration's (those are `challenge_unknown`, as a challenge of another purpose is).
async fn challenge_purpose(state: &AppState, challenge_id: &str) -> ApiResult<String> {
    let row = crate::store::challenges::get(&state.store, challenge_id).await?;
    match row {
        Some(c) if c.purpose != signature::LOGIN && c.purpose != PURPOSE => Ok(c.purpose),
        _ => Err(SignatureError::ChallengeUnknown.into()),
    }
}

/// A signed step's phone answer ([`signature::verify_step`] calls it when the body carries
/// `phone`): verified by [`verify_phone`], and audited either way.
impl PhoneCheck for AppState {
    async fn verify_phone(
        &self,
        person_id: &str,
        purpose: &str,
        challenge_id: &str,
        answer: &PhoneAnswer,
    ) -> ApiResult<(VerifiedSignature, Vec<u8>)> {
        let outcome = verify_phone(self, person_id, purpose, challenge_id, answer).await;
        let credential = B64URL.encode(answer.assertion.raw_id.as_slice());
        let code = match &outcome {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };
        audit(self, person_id, "sign", code, Some(&credential)).await?;
        outcome
    }
}

async fn verify_phone(
    state: &AppState,
    person_id: &str,
    purpose: &str,
    challenge_id: &str,
    answer: &PhoneAnswer,
) -> ApiResult<(VerifiedSignature, Vec<u8>)> {
    if purpose == signature::LOGIN || purpose == PURPOSE {
        return Err(PhoneRefusal::CardRequired.into());
    }
    // 1. The challenge, used up whatever happens next (as a card's).
    let challenge = signature::take_challenge(&state.store, challenge_id, purpose, Some(person_id)).await?;
    // 2. The password step for this challenge, taken (single use).
    let ceremony = store::take_ceremony(&state.store, SIGN, person_id, challenge_id)
        .await?
        .filter(|c| c.expires_at > Utc::now())
        .ok_or(PhoneRefusal::PasswordRequired)?;
    // The password not locked now: wrong guesses sent after the right one (or beside it)
    // lock the ceremonies it opened too.
    let password = store::password(&state.store, person_id).await?;
    if !matches!(password, Some(p) if p.tries_left > 0) {
        return Err(PhoneRefusal::Locked.into());
    }
    // 3. The credential: registered, and this person's.
    let assertion = &answer.assertion;
    let credential_id = B64URL.encode(assertion.raw_id.as_slice());
    let row = store::by_credential_id(&state.store, &credential_id).await?.ok_or(PhoneRefusal::CredentialUnknown)?;
    if row.person_id != person_id {
        return Err(PhoneRefusal::CredentialWrongPerson.into());
    }
    // 4. The assertion answers this document.
    let digest = signature::document_digest(&challenge)?;
    let bound = bound_challenge(&challenge.id, &challenge.digest);
    if client_challenge(assertion).as_deref() != Some(&bound[..]) {
        return Err(PhoneRefusal::WrongDocument.into());
    }
    // 5. webauthn-rs: origin, RP ID hash, user presence and verification, signature, counter.
    let origin = Url::parse(&ceremony.rp_origin).map_err(|_| PhoneRefusal::UnsupportedOrigin)?;
    let webauthn = webauthn_for(&origin)?;
    let auth: PasskeyAuthentication = serde_json::from_str(&ceremony.state).map_err(anyhow::Error::from)?;
    let result = webauthn.finish_passkey_authentication(assertion, &auth).map_err(|e| match e {
        WebauthnError::MismatchedChallenge => PhoneRefusal::WrongDocument,
        WebauthnError::InvalidRPOrigin => PhoneRefusal::BadOrigin,
        WebauthnError::UserNotVerified => PhoneRefusal::UserNotVerified,
        WebauthnError::CredentialPossibleCompromise => PhoneRefusal::CounterRegressed,
        WebauthnError::CredentialNotFound => PhoneRefusal::CredentialUnknown,
        other => {
            tracing::info!(person = %person_id, error = %other, "phone assertion refused");
            PhoneRefusal::BadAssertion
        }
    })?;
    let mut passkey: Passkey = serde_json::from_str(&row.passkey).map_err(anyhow::Error::from)?;
    passkey.update_credential(&result);
    let passkey_json = serde_json::to_string(&passkey).map_err(anyhow::Error::from)?;
    let used_at = state.clock.now(&state.store).await?;
    store::record_use(&state.store, &row.id, &passkey_json, i64::from(result.counter()), used_at).await?;
    // 6. The card certificate that registered it, checked as the card's would be.
    let der = B64.decode(&row.cert_der).map_err(|e| anyhow::anyhow!("stored certificate: {e}"))?;
    let verifier = Verifier::of(state);
    let cert = signature::check_certificate(verifier, &der, CertKind::Signing).await?;
    let holder = signature::certificate_holder(&state.store, &cert, &der, CertKind::Signing, Some(person_id)).await?;
    Ok((
        VerifiedSignature {
            person: holder,
            serial: cert.serial,
            kind: CertKind::Signing,
            document: challenge.document,
            digest,
            basic_four: cert.basic_four,
        },
        assertion.response.signature.to_vec(),
    ))
}

/// The challenge the browser put in the assertion's client data.
fn client_challenge(assertion: &webauthn_rs::prelude::PublicKeyCredential) -> Option<Vec<u8>> {
    let data: serde_json::Value = serde_json::from_slice(assertion.response.client_data_json.as_slice()).ok()?;
    B64URL.decode(data.get("challenge")?.as_str()?.trim_end_matches('=')).ok()
}

/// The card-signed registration's document, for the person and the time.
pub fn registration_document(person_id: &str, at: &str, nonce: &str) -> anyhow::Result<String> {
    domain::document::render(
        "スマホ用署名用電子証明書の登録",
        &[("利用者", person_id), ("日時", at), ("確認番号", nonce)],
    )
    .map_err(|e| anyhow::anyhow!("registration document: {e:?}"))
}

/// `Some(n)` tries left for a person with a password.
pub async fn tries_left(state: &AppState, person_id: &str) -> ApiResult<u8> {
    Ok(store::password(&state.store, person_id).await?.map(|p| p.tries_left.clamp(0, 255) as u8).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_challenge_names_the_challenge_and_the_document() {
        let a = bound_challenge("0123", "aa");
        assert_eq!(a, bound_challenge("0123", "aa"));
        assert_ne!(a, bound_challenge("0124", "aa"), "another challenge");
        assert_ne!(a, bound_challenge("0123", "ab"), "another document");
        // The separator keeps the two apart: ("01", "23aa") is not ("0123", "aa").
        assert_ne!(bound_challenge("01", "23aa"), bound_challenge("0123", "aa"));
        let expected: [u8; 32] = Sha256::digest(b"myna-license phone signature\n0123\naa").into();
        assert_eq!(a, expected);
    }

    #[test]
    fn the_password_is_the_signing_pins_form() {
        assert_eq!(normalise_password("phone123").unwrap().as_str(), "PHONE123");
        assert_eq!(normalise_password("ＰＨＯＮＥ１２３").unwrap().as_str(), "PHONE123");
        for bad in ["", "ABC12", "ABCDEFGH", "12345678", "ABC123ABC123ABC12", "ABC-123"] {
            assert!(matches!(normalise_password(bad), Err(PhoneRefusal::PasswordFormat(_))), "{bad:?}");
        }
    }

    #[test]
    fn the_rp_id_is_the_host_and_never_an_ip_address() {
        assert!(webauthn_for(&Url::parse("http://localhost:8097").unwrap()).is_ok());
        assert!(webauthn_for(&Url::parse("https://portal.example.jp").unwrap()).is_ok());
        assert!(matches!(
            webauthn_for(&Url::parse("http://127.0.0.1:8097").unwrap()),
            Err(PhoneRefusal::UnsupportedOrigin)
        ));
    }

    #[test]
    fn the_user_handle_is_stable_and_hides_the_id() {
        assert_eq!(user_handle("taro"), user_handle("taro"));
        assert_ne!(user_handle("taro"), user_handle("hanako"));
        assert!(!user_handle("taro").as_bytes().windows(4).any(|w| w == b"taro"));
    }
}
