//! Card signatures for every step that needs one (SPEC §7.2; docs/CONTRACT-card.md):
//! a single-use, expiring challenge per purpose over a canonical document the person saw,
//! then one verification that checks, in order,
//!
//! 1. the challenge: known, for this purpose (and this person), not used, not expired —
//!    and marks it used, whatever the outcome after, so it can never be tried twice;
//! 2. the certificate: well-formed DER, issued by a trusted CA ([`pki::Trust`]: the demo JPKI
//!    CA in demo mode, the `--trust-anchors` otherwise; its signature checked), valid at the
//!    business clock, not revoked, of the kind the purpose needs;
//! 3. the signature: RSA PKCS#1 v1.5 over the DigestInfo of SHA-256(document);
//! 4. the person: the CA's registry maps the serial to a person; a 署名用 certificate must
//!    have been submitted at a centre; and a signed step's certificate must be the session
//!    person's.
//!
//! Every failure is its own [`SignatureError`] with a stable problem `code`.
//! Challenge lifetime runs on the real clock (like sessions: the demo clock is frozen);
//! certificate validity on the business clock ([`Clock`]), so the demo clock can expire it.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use domain::card::{Challenge, SignedChallenge};
use domain::dates::tokyo;
use domain::document;
use domain::phone::PhoneAnswer;
use jpki::{digest_info_sha256, BasicFour};
use sha2::{Digest, Sha256};

use std::sync::Arc;

use axum::extract::FromRef;

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult, Refusal};
use crate::pki::{self, x509, CertKind};
use crate::store::challenges::{self, ChallengeRow};
use crate::store::{persons, pki as pki_db, Store};

/// The purpose of card login (signed with the 利用者証明用 key).
pub const LOGIN: &str = "login";
/// How long a challenge can be answered.
pub const CHALLENGE_LIFETIME_SECS: i64 = 5 * 60;

/// Login is signed with the authentication key; every other step with the signing key.
pub fn expected_kind(purpose: &str) -> CertKind {
    if purpose == LOGIN {
        CertKind::Auth
    } else {
        CertKind::Signing
    }
}

/// What a successful verification proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// The person the certificate belongs to.
    pub person: String,
    /// Certificate serial (hex), for the audit trail.
    pub serial: String,
    pub kind: CertKind,
    /// The document signed and its SHA-256.
    pub document: String,
    pub digest: [u8; 32],
    /// The 基本4情報 a signing certificate carries.
    pub basic_four: Option<BasicFour>,
}

#[derive(Debug)]
pub enum SignatureError {
    /// Not base64, or not a certificate (DER); the text is for logs.
    Malformed(String),
    ChallengeUnknown,
    ChallengeExpired,
    ChallengeUsed,
    BadSignature,
    CertUntrusted,
    CertExpired,
    /// On the revocation list, with the reason it was put there (a lost card's suspension).
    CertRevoked {
        reason: Option<String>,
    },
    /// No current revocation list vouches for it (production: a stale or unreadable CRL,
    /// or none for its CA): refused rather than accepted unchecked.
    RevocationUnknown,
    CertWrongKind {
        expected: CertKind,
    },
    /// Of the right kind and a trusted CA's, but not as the JPKI profile makes that kind
    /// (key usage, a missing basic item): the text says where, for the log.
    CertProfile(&'static str),
    CertNotRegistered,
    CertNotSubmitted,
    CertWrongPerson,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for SignatureError {
    fn from(e: anyhow::Error) -> Self {
        SignatureError::Internal(e)
    }
}

impl SignatureError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::ChallengeUnknown => "challenge_unknown",
            Self::ChallengeExpired => "challenge_expired",
            Self::ChallengeUsed => "challenge_used",
            Self::BadSignature => "bad_signature",
            Self::CertUntrusted => "cert_untrusted",
            Self::CertExpired => "cert_expired",
            Self::CertRevoked { .. } => "cert_revoked",
            Self::RevocationUnknown => "cert_revocation_unknown",
            Self::CertWrongKind { .. } => "cert_wrong_kind",
            Self::CertProfile(_) => "cert_profile",
            Self::CertNotRegistered => "cert_not_registered",
            Self::CertNotSubmitted => "cert_not_submitted",
            Self::CertWrongPerson => "cert_wrong_person",
            Self::Internal(_) => "internal",
        }
    }

    /// 400 for a request that cannot be used as sent (malformed, or a challenge that
    /// cannot be answered), 409 for a replay, 403 for a signature or certificate refused,
    /// 503 when revocation cannot be checked (nothing is wrong with the card as far as known).
    pub fn status(&self) -> u16 {
        match self {
            Self::Malformed(_) | Self::ChallengeUnknown | Self::ChallengeExpired => 400,
            Self::ChallengeUsed => 409,
            Self::Internal(_) => 500,
            // The card may be fine: the list to check it against is not, for now.
            Self::RevocationUnknown => 503,
            _ => 403,
        }
    }

    /// Japanese, for the person: what happened and what to do.
    pub fn detail(&self) -> String {
        match self {
            Self::Malformed(_) => "カードから読み取った内容を確認できませんでした。もう一度「読み取り開始」からやり直してください。".into(),
            Self::ChallengeUnknown => "この読み取りの手続きが見つかりません。最初からやり直してください。".into(),
            Self::ChallengeExpired => "読み取りを始めてから5分以上たったため、手続きが無効になりました。もう一度「読み取り開始」からやり直してください。".into(),
            Self::ChallengeUsed => "この読み取りの手続きはすでに使われています。もう一度「読み取り開始」からやり直してください。".into(),
            Self::BadSignature => "カードの電子署名を確認できませんでした。ご本人のマイナンバーカードをかざして、もう一度お試しください。".into(),
            Self::CertUntrusted => "この電子証明書は公的個人認証サービスが発行したものと確認できませんでした。マイナンバーカードでお試しください。".into(),
            Self::CertExpired => "マイナンバーカードの電子証明書の有効期限が切れています。お住まいの市区町村の窓口で電子証明書を更新してから、もう一度お試しください。".into(),
            Self::CertRevoked { reason } => format!(
                "マイナンバーカードの電子証明書が失効しています{}。カードを紛失したときは、一時利用停止の後の手続き（よくある質問「マイナンバーカードを紛失したとき」）をご確認ください。お住まいの市区町村の窓口で電子証明書の再発行を受けてから、もう一度お試しください。",
                reason.as_deref().map(|r| format!("（理由：{r}）")).unwrap_or_default()
            ),
            Self::RevocationUnknown => "電子証明書が失効していないことを、いま確認できません。時間をおいてもう一度お試しください。".into(),
            Self::CertWrongKind { expected } => format!(
                "この手続きには{}を使います。もう一度「読み取り開始」からやり直してください。",
                expected.label()
            ),
            Self::CertProfile(_) => "この電子証明書は、公的個人認証サービスの電子証明書の形式と異なるため使えません。マイナンバーカードの電子証明書でお試しください。".into(),
            Self::CertNotRegistered => "この電子証明書に対応する利用者が見つかりません。ご本人のマイナンバーカードかどうかご確認ください。".into(),
            Self::CertNotSubmitted => "署名用電子証明書がまだ提出されていません。運転免許センター等の窓口でマイナンバーカードの署名用電子証明書を提出してから、もう一度お試しください。".into(),
            Self::CertWrongPerson => "ログインしている方とは別の方のマイナンバーカードです。ご本人のカードをかざして、もう一度お試しください。".into(),
            Self::Internal(_) => "サーバーで問題が発生しました。しばらくしてからやり直してください。".into(),
        }
    }
}

impl From<SignatureError> for ApiError {
    fn from(e: SignatureError) -> Self {
        match e {
            SignatureError::Internal(e) => ApiError::Internal(e),
            other => {
                ApiError::Refused(Refusal { status: other.status(), code: other.code(), detail: other.detail().into() })
            }
        }
    }
}

/// Standard base64 (with padding) → bytes; anything else is `malformed`.
pub fn decode_b64(what: &str, text: &str) -> Result<Vec<u8>, SignatureError> {
    B64.decode(text.trim()).map_err(|e| SignatureError::Malformed(format!("{what}: {e}")))
}

/// The login document's title line.
pub const LOGIN_TITLE: &str = "マイナ免許証ポータルへのログイン";

/// The login document: what the person agrees to by signing with the auth key. In the
/// shared signed-document form ([`domain::document`]), like every other signed step.
pub fn login_document(now: DateTime<Utc>, nonce: &str) -> String {
    let at = now.with_timezone(&tokyo()).format("%Y年%m月%d日 %H:%M:%S").to_string();
    document::render(LOGIN_TITLE, &[("日時", &at), ("確認番号", nonce)])
        .expect("a formatted time and a hex nonce hold no control character")
}

/// Issues a challenge for `document`: the card will sign the DigestInfo of its SHA-256.
/// `person` binds it to a session person (signed steps); `None` for login.
pub async fn issue_challenge(
    store: &Store,
    purpose: &str,
    document: String,
    person: Option<&str>,
) -> anyhow::Result<Challenge> {
    let now = Utc::now();
    // Housekeeping: what expired over an hour ago is gone (sooner would answer
    // "unknown" where "expired" is the helpful word).
    challenges::delete_expired(store, now - Duration::hours(1)).await?;
    let digest: [u8; 32] = Sha256::digest(document.as_bytes()).into();
    let row = ChallengeRow {
        id: crate::ids::new_id(),
        purpose: purpose.to_string(),
        person_id: person.map(str::to_string),
        digest: crate::ids::hex(&digest),
        document,
        created_at: now,
        expires_at: now + Duration::seconds(CHALLENGE_LIFETIME_SECS),
        used: false,
    };
    challenges::insert(store, &row).await?;
    Ok(Challenge {
        id: row.id,
        purpose: row.purpose,
        document: row.document,
        digest_info: B64.encode(digest_info_sha256(digest)),
    })
}

/// The login challenge: a short Japanese line with the time and a nonce.
pub async fn issue_login_challenge(store: &Store, clock: Clock) -> anyhow::Result<Challenge> {
    let document = login_document(clock.now(store).await?, &crate::ids::nonce());
    issue_challenge(store, LOGIN, document, None).await
}

/// What a verification reads: the database (challenges, the registry, revocations), the
/// business clock (certificate validity), and whom to trust.
/// A `FromRef` part of the application's state.
#[derive(Clone)]
pub struct Verifier {
    pub store: Store,
    pub clock: Clock,
    pub trust: Arc<pki::Trust>,
}

impl Verifier {
    pub fn of<S>(state: &S) -> Verifier
    where
        Verifier: FromRef<S>,
    {
        Verifier::from_ref(state)
    }
}

/// The phone signing credential's check of a signed step's answer (SPEC §7.3), behind a
/// trait so that what verifies a step ([`verify_step`], and with it the signed submission
/// of `applications`) names no flow: `crate::phone_credential` implements it for the
/// application's state. Returns the verification and the signature's bytes; each refusal
/// is the phone flow's own.
pub trait PhoneCheck: Sync {
    fn verify_phone(
        &self,
        person_id: &str,
        purpose: &str,
        challenge_id: &str,
        answer: &PhoneAnswer,
    ) -> impl std::future::Future<Output = ApiResult<(VerifiedSignature, Vec<u8>)>> + Send;
}

/// A signed step's answer (linking, 本籍, one-stop): the phone credential's when the body
/// carries `phone`, else the card's, by `person_id`'s certificate. Returns the verification
/// and the signature's bytes (what an application stores).
pub async fn verify_step<S>(
    state: &S,
    signed: &SignedChallenge,
    purpose: &str,
    person_id: &str,
) -> ApiResult<(VerifiedSignature, Vec<u8>)>
where
    S: PhoneCheck,
    Verifier: FromRef<S>,
{
    match &signed.phone {
        None => Ok(verify_answer(Verifier::of(state), signed, purpose, Some(person_id)).await?),
        Some(answer) => state.verify_phone(person_id, purpose, &signed.challenge, answer).await,
    }
}

/// The bytes of the signature an answer carries (the card's, or the phone's assertion), for
/// recognising a replayed submission without verifying it again.
pub fn answer_bytes(signed: &SignedChallenge) -> Option<Vec<u8>> {
    match &signed.phone {
        Some(p) => Some(p.assertion.response.signature.to_vec()),
        None => B64.decode(signed.signature.trim()).ok(),
    }
}

/// [`verify_signed`] for a [`SignedChallenge`] as a step's body carries it (base64 decoded
/// here; not base64 is `malformed`). Returns the verification and the signature's bytes.
pub async fn verify_answer(
    verifier: Verifier,
    signed: &SignedChallenge,
    purpose: &str,
    expected_person: Option<&str>,
) -> Result<(VerifiedSignature, Vec<u8>), SignatureError> {
    if signed.phone.is_some() {
        // A phone answer goes to [`verify_step`]; login takes none.
        return Err(SignatureError::Malformed("a phone credential's answer where the card's is needed".into()));
    }
    let cert_der = decode_b64("certificate", &signed.certificate)?;
    let signature = decode_b64("signature", &signed.signature)?;
    let verified = verify_signed(verifier, &signed.challenge, purpose, &cert_der, &signature, expected_person).await?;
    Ok((verified, signature))
}

/// Verifies a card signature answering `challenge_id` (see the module doc for the order
/// of checks). `expected_person` is the session person for signed steps, `None` for login.
pub async fn verify_signed(
    verifier: Verifier,
    challenge_id: &str,
    purpose: &str,
    cert_der: &[u8],
    signature: &[u8],
    expected_person: Option<&str>,
) -> Result<VerifiedSignature, SignatureError> {
    // 1. The challenge, used up here whatever happens next.
    let challenge = take_challenge(&verifier.store, challenge_id, purpose, expected_person).await?;
    // 2. The certificate.
    let expected = expected_kind(purpose);
    let cert = check_certificate(verifier.clone(), cert_der, expected).await?;
    // 3. The signature over what the person saw.
    let digest = document_digest(&challenge)?;
    if !cert.verifies(digest, signature) {
        return Err(SignatureError::BadSignature);
    }
    // 4. Whose it is.
    let person = certificate_holder(&verifier.store, &cert, cert_der, expected, expected_person).await?;
    Ok(VerifiedSignature {
        person,
        serial: cert.serial,
        kind: expected,
        document: challenge.document,
        digest,
        basic_four: cert.basic_four,
    })
}

/// Check 1: the challenge is known, for this purpose (and this person), not used, not
/// expired — and is marked used here, whatever happens after. Shared with the phone
/// signing credential, which answers the same challenges.
pub async fn take_challenge(
    store: &Store,
    challenge_id: &str,
    purpose: &str,
    expected_person: Option<&str>,
) -> Result<ChallengeRow, SignatureError> {
    let challenge = answerable_challenge(store, challenge_id, purpose, expected_person).await?;
    if !challenges::mark_used(store, challenge_id, Utc::now()).await? {
        return Err(SignatureError::ChallengeUsed);
    }
    Ok(challenge)
}

/// [`take_challenge`] without using it up: may it still be answered?
pub async fn answerable_challenge(
    store: &Store,
    challenge_id: &str,
    purpose: &str,
    expected_person: Option<&str>,
) -> Result<ChallengeRow, SignatureError> {
    let challenge = challenges::get(store, challenge_id).await?.ok_or(SignatureError::ChallengeUnknown)?;
    if challenge.purpose != purpose || challenge.person_id.as_deref().is_some_and(|p| Some(p) != expected_person) {
        return Err(SignatureError::ChallengeUnknown);
    }
    if challenge.used {
        return Err(SignatureError::ChallengeUsed);
    }
    if Utc::now() >= challenge.expires_at {
        return Err(SignatureError::ChallengeExpired);
    }
    Ok(challenge)
}

/// SHA-256 of the challenge's document, checked against the digest stored with it.
pub fn document_digest(challenge: &ChallengeRow) -> Result<[u8; 32], SignatureError> {
    let digest: [u8; 32] = Sha256::digest(challenge.document.as_bytes()).into();
    if crate::ids::hex(&digest) != challenge.digest {
        return Err(anyhow::anyhow!("challenge {}: stored digest does not match its document", challenge.id).into());
    }
    Ok(digest)
}

/// Check 2: well-formed, issued by a trusted CA, valid at the business clock, not
/// revoked, of the kind `expected`.
pub async fn check_certificate(
    verifier: Verifier,
    cert_der: &[u8],
    expected: CertKind,
) -> Result<x509::ParsedCert, SignatureError> {
    let Verifier { store, clock, trust } = verifier;
    let store = &store;
    let cert = x509::parse(cert_der).map_err(SignatureError::Malformed)?;
    let today = clock.now(store).await?;
    if cert.is_ca || !trust.issued(store, &cert, today).await? {
        return Err(SignatureError::CertUntrusted);
    }
    if today < cert.not_before || today > cert.not_after {
        return Err(SignatureError::CertExpired);
    }
    match trust.revocation(store, &cert, today).await? {
        pki::crl::Status::Good => {}
        pki::crl::Status::Revoked { reason } => return Err(SignatureError::CertRevoked { reason }),
        pki::crl::Status::CannotCheck(why) => {
            tracing::warn!(serial = %cert.serial, "revocation cannot be checked: {why}");
            return Err(SignatureError::RevocationUnknown);
        }
    }
    if cert.kind != Some(expected) {
        return Err(SignatureError::CertWrongKind { expected });
    }
    if let Some(fault) = cert.profile_fault() {
        tracing::warn!(serial = %cert.serial, "certificate outside the JPKI profile: {fault}");
        return Err(SignatureError::CertProfile(fault));
    }
    Ok(cert)
}

/// Check 4: the registry's person for the certificate (a 署名用 one submitted at a
/// centre), who must be `expected_person` when one is given. Returns their id.
pub async fn certificate_holder(
    store: &Store,
    cert: &x509::ParsedCert,
    cert_der: &[u8],
    expected: CertKind,
    expected_person: Option<&str>,
) -> Result<String, SignatureError> {
    let issued = pki_db::certificate(store, &cert.serial).await?.ok_or(SignatureError::CertNotRegistered)?;
    if issued.cert_der != cert_der || CertKind::from_code(&issued.kind) != Some(expected) {
        return Err(SignatureError::CertNotRegistered);
    }
    let person = persons::get(store, &issued.person_id).await?.ok_or(SignatureError::CertNotRegistered)?;
    if expected == CertKind::Signing && !person.signing_cert_submitted {
        return Err(SignatureError::CertNotSubmitted);
    }
    if expected_person.is_some_and(|p| p != person.id) {
        return Err(SignatureError::CertWrongPerson);
    }
    Ok(person.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_document_has_one_reading() {
        let now = DateTime::parse_from_rfc3339("2026-12-15T01:00:00Z").unwrap().with_timezone(&Utc);
        let doc = login_document(now, "0123456789abcdef");
        assert_eq!(doc, "マイナ免許証ポータルへのログイン\n日時：2026年12月15日 10:00:00\n確認番号：0123456789abcdef");
        assert_eq!(
            document::parse(&doc, LOGIN_TITLE, &["日時", "確認番号"]),
            Some(vec!["2026年12月15日 10:00:00", "0123456789abcdef"])
        );
    }
}
