//! What a card step does with the card once 「読み取り開始」 is pressed: the two card
//! operations the flows need (the 基本4情報 with the card-info PIN; a signature with the
//! auth or signing key), what the step's action gets ([`CardAccess`]) and may fail with
//! ([`FlowError`]). A signing step may be answered by the phone signing credential instead
//! ([`CardAccess::phone`]): the same [`CardAccess::answer`], without a card.

use std::rc::Rc;

use domain::card::{Challenge, SignedChallenge};
use domain::link::CardAttributes;
use domain::phone::{AssertionRequest, PhoneAnswer};
use jpki::client::Progress;
use jpki::{BasicFour, JpkiClient, JpkiError, LocalBoxFuture, Pin, PinKind};

use crate::api::ApiError;
use crate::bridge::{b64, BeginError, CardReader};
use crate::components::webauthn::{self, WebauthnError};

/// Which key signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignKind {
    /// 利用者証明用 (login).
    Auth,
    /// 署名用 (applications).
    Signing,
}

impl SignKind {
    pub fn pin_kind(self) -> PinKind {
        match self {
            SignKind::Auth => PinKind::Auth,
            SignKind::Signing => PinKind::Signing,
        }
    }
}

/// What a signing read returns: the certificate (DER) and the PKCS#1 v1.5 signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardSignature {
    pub certificate: Vec<u8>,
    pub signature: Vec<u8>,
}

/// 基本4情報 with the card-info PIN.
pub async fn read_card_info(
    reader: &dyn CardReader,
    pin: &Pin,
    progress: Progress<'_>,
) -> Result<BasicFour, JpkiError> {
    let client = JpkiClient::new(reader.transport());
    client.verify_card_info_pin(pin.as_str()).await?;
    client.read_basic_four(progress).await
}

/// Verify the PIN of `kind`, read its certificate, sign `digest_info` (see
/// [`jpki::digest_info_sha256`]) with its key.
pub async fn sign_with_card(
    reader: &dyn CardReader,
    kind: SignKind,
    pin: &Pin,
    digest_info: &[u8],
    progress: Progress<'_>,
) -> Result<CardSignature, JpkiError> {
    if pin.kind() != kind.pin_kind() {
        return Err(JpkiError::Malformed(format!("{:?} PIN given for a {kind:?} signature", pin.kind())));
    }
    let client = JpkiClient::new(reader.transport());
    let (certificate, signature) = match kind {
        SignKind::Auth => {
            client.verify_auth_pin(pin.as_str()).await?;
            let certificate = client.read_auth_certificate(progress).await?;
            (certificate, client.sign_with_auth_key(digest_info).await?)
        }
        SignKind::Signing => {
            client.verify_signing_pin(pin.as_str()).await?;
            let certificate = client.read_signing_certificate(progress).await?;
            (certificate, client.sign_with_signing_key(digest_info).await?)
        }
    };
    Ok(CardSignature { certificate, signature })
}

// ---- What a flow's action may fail with ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowError {
    /// The card, its PIN or the reader.
    Card(JpkiError),
    /// The reader noticed the card but cannot read it (Web NFC).
    DetectedOnly,
    /// The server refused (challenge, signature check, …).
    Server(ApiError),
    /// The browser's WebAuthn gave no assertion (the phone signing credential).
    Phone(WebauthnError),
}

impl FlowError {
    pub fn message(&self) -> String {
        match self {
            FlowError::Card(e) => e.message(),
            FlowError::DetectedOnly => crate::bridge::WEB_NFC_DETECTED.to_owned(),
            FlowError::Server(e) => e.detail.clone(),
            FlowError::Phone(e) => e.message(),
        }
    }
}

impl From<JpkiError> for FlowError {
    fn from(e: JpkiError) -> Self {
        FlowError::Card(e)
    }
}

impl From<ApiError> for FlowError {
    fn from(e: ApiError) -> Self {
        FlowError::Server(e)
    }
}

impl From<BeginError> for FlowError {
    fn from(e: BeginError) -> Self {
        match e {
            BeginError::Transport(t) => FlowError::Card(JpkiError::Transport(t)),
            BeginError::DetectedOnly => FlowError::DetectedOnly,
        }
    }
}

/// What an action gets: the reader, the PIN the person entered, and the progress bar —
/// or, for a signing step answered with the phone credential, its password.
#[derive(Clone)]
pub struct CardAccess {
    source: Source,
    pub(super) progress: Rc<dyn Fn(usize, usize)>,
}

#[derive(Clone)]
enum Source {
    Card {
        reader: Rc<dyn CardReader>,
        pin: Pin,
    },
    /// スマホ用署名用電子証明書: the password (the signing PIN's form, normalised).
    Phone {
        password: Pin,
    },
}

impl CardAccess {
    pub(super) fn card(reader: Rc<dyn CardReader>, pin: Pin, progress: Rc<dyn Fn(usize, usize)>) -> Self {
        CardAccess { source: Source::Card { reader, pin }, progress }
    }

    pub(super) fn phone(password: Pin) -> Self {
        CardAccess { source: Source::Phone { password }, progress: Rc::new(|_, _| {}) }
    }

    /// The card reader (none when the phone credential answers).
    pub fn reader(&self) -> Option<&Rc<dyn CardReader>> {
        match &self.source {
            Source::Card { reader, .. } => Some(reader),
            Source::Phone { .. } => None,
        }
    }

    fn card_parts(&self) -> Result<(&Rc<dyn CardReader>, &Pin), FlowError> {
        match &self.source {
            Source::Card { reader, pin } => Ok((reader, pin)),
            Source::Phone { .. } => Err(FlowError::Card(JpkiError::Malformed("no card in a phone signature".into()))),
        }
    }

    /// The 基本4情報 as the server's `/api/…` take them (the card's own forms).
    pub async fn read_attributes(&self) -> Result<CardAttributes, FlowError> {
        let b = self.read_card_info().await?;
        Ok(CardAttributes {
            name: b.name,
            address: b.address,
            birth_date: b.birth_date,
            sex: (b.sex.code() as char).to_string(),
        })
    }

    pub async fn read_card_info(&self) -> Result<BasicFour, FlowError> {
        let (reader, pin) = self.card_parts()?;
        let progress = self.progress.clone();
        Ok(read_card_info(&**reader, pin, &move |d, t| progress(d, t)).await?)
    }

    /// Answers the server's `challenge`: signs its DigestInfo with the key of the PIN's
    /// kind and returns what every signed step sends back.
    pub async fn answer(&self, challenge: &Challenge) -> Result<SignedChallenge, FlowError> {
        if let Source::Phone { password } = &self.source {
            return answer_with_phone(challenge, password).await;
        }
        let digest_info = b64::decode(&challenge.digest_info)
            .ok_or_else(|| FlowError::Card(JpkiError::Malformed("challenge is not base64".into())))?;
        let signed = self.sign(&digest_info).await?;
        Ok(SignedChallenge::card(
            challenge.id.clone(),
            b64::encode(&signed.certificate),
            b64::encode(&signed.signature),
        ))
    }

    /// Signs with the key that matches the PIN's kind (auth or signing).
    pub async fn sign(&self, digest_info: &[u8]) -> Result<CardSignature, FlowError> {
        let (reader, pin) = self.card_parts()?;
        let kind = match pin.kind() {
            PinKind::Signing => SignKind::Signing,
            _ => SignKind::Auth,
        };
        let progress = self.progress.clone();
        Ok(sign_with_card(&**reader, kind, pin, digest_info, &move |d, t| progress(d, t)).await?)
    }
}

/// The phone signing credential answers `challenge`: the password checked by the server
/// (its answer is the WebAuthn request bound to this challenge's document), then the
/// phone's user verification and assertion.
async fn answer_with_phone(challenge: &Challenge, password: &Pin) -> Result<SignedChallenge, FlowError> {
    let request = AssertionRequest { challenge: challenge.id.clone(), password: password.as_str().to_string() };
    let options = crate::api::phone_assertion(&request).await?;
    let assertion = webauthn::get(options).await.map_err(FlowError::Phone)?;
    Ok(SignedChallenge::phone(challenge.id.clone(), PhoneAnswer { assertion }))
}

/// The work done with the card once 「読み取り開始」 is pressed (and the card tapped).
pub type CardAction = Rc<dyn Fn(CardAccess) -> LocalBoxFuture<'static, Result<(), FlowError>>>;
