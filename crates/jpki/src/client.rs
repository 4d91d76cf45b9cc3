//! The card client: every operation the portal performs on a My Number card, as a
//! sequence of APDUs over a [`Transport`]. Each operation selects its application and
//! EF itself, so operations can be called in any order and from separate clients.
//! (The card keeps a verified PIN across re-selecting the same application, so
//! `verify_signing_pin` followed by `read_signing_certificate` works.)

use crate::apdu::{self, Command, Response};
use crate::basic_four::BasicFour;
use crate::error::JpkiError;
use crate::ids;
use crate::pin::{Pin, PinKind};
use crate::status::Status;
use crate::tlv;
use crate::transport::Transport;

/// READ BINARY chunk size: the largest Le that is not the `00` (= 256) encoding, which
/// some readers and host bridges mishandle.
pub const READ_CHUNK: usize = 0xFF;
/// The first READ BINARY of an EF: enough for a DER header `30 82 LL LL`.
pub const HEADER_READ: usize = 4;

/// What the card says about a PIN before any attempt (VERIFY without data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinStatus {
    /// Not verified in this session; this many tries left.
    Remaining(u8),
    /// Already verified since the application was selected.
    Verified,
    /// Blocked: 63C0 / 6983 / 6984.
    Locked,
}

/// Progress of a multi-call read: (bytes read so far, total bytes of the EF).
pub type Progress<'a> = &'a dyn Fn(usize, usize);

pub struct JpkiClient<'t> {
    transport: &'t dyn Transport,
}

impl<'t> JpkiClient<'t> {
    pub fn new(transport: &'t dyn Transport) -> Self {
        JpkiClient { transport }
    }

    // ---- 券面事項入力補助 AP ----

    pub async fn card_info_pin_tries(&self) -> Result<PinStatus, JpkiError> {
        self.pin_status(PinKind::CardInfo).await
    }

    pub async fn verify_card_info_pin(&self, pin: &str) -> Result<(), JpkiError> {
        self.verify_pin(PinKind::CardInfo, pin).await
    }

    /// 基本4情報; needs the card-info PIN verified.
    pub async fn read_basic_four(&self, progress: Progress<'_>) -> Result<BasicFour, JpkiError> {
        let bytes = self.read_ef(PinKind::CardInfo, ids::EF_BASIC_FOUR, progress).await?;
        BasicFour::from_tlv(&bytes).map_err(JpkiError::Malformed)
    }

    // ---- JPKI-AP, 利用者証明用 ----

    pub async fn auth_pin_tries(&self) -> Result<PinStatus, JpkiError> {
        self.pin_status(PinKind::Auth).await
    }

    pub async fn verify_auth_pin(&self, pin: &str) -> Result<(), JpkiError> {
        self.verify_pin(PinKind::Auth, pin).await
    }

    /// The authentication certificate (DER). Readable without a PIN.
    pub async fn read_auth_certificate(&self, progress: Progress<'_>) -> Result<Vec<u8>, JpkiError> {
        self.read_ef(PinKind::Auth, ids::EF_AUTH_CERT, progress).await
    }

    /// RSA PKCS#1 v1.5 signature over `digest_info` (see [`crate::digest_info_sha256`]);
    /// needs the auth PIN verified.
    pub async fn sign_with_auth_key(&self, digest_info: &[u8]) -> Result<Vec<u8>, JpkiError> {
        self.sign(PinKind::Auth, ids::EF_AUTH_KEY, digest_info).await
    }

    // ---- JPKI-AP, 署名用 ----

    pub async fn signing_pin_tries(&self) -> Result<PinStatus, JpkiError> {
        self.pin_status(PinKind::Signing).await
    }

    pub async fn verify_signing_pin(&self, pin: &str) -> Result<(), JpkiError> {
        self.verify_pin(PinKind::Signing, pin).await
    }

    /// The signing certificate (DER); needs the signing PIN verified.
    pub async fn read_signing_certificate(&self, progress: Progress<'_>) -> Result<Vec<u8>, JpkiError> {
        self.read_ef(PinKind::Signing, ids::EF_SIGNING_CERT, progress).await
    }

    pub async fn sign_with_signing_key(&self, digest_info: &[u8]) -> Result<Vec<u8>, JpkiError> {
        self.sign(PinKind::Signing, ids::EF_SIGNING_KEY, digest_info).await
    }

    // ---- The steps every operation is made of ----

    /// Sends one command; only a response shorter than a status word is an error here.
    async fn exchange(&self, command: &Command) -> Result<Response, JpkiError> {
        let raw = self.transport.transceive(&command.to_bytes()).await?;
        Response::parse(&raw).map_err(|_| JpkiError::Malformed("response shorter than SW1 SW2".into()))
    }

    async fn select(&self, aid: &[u8], fid: u16) -> Result<(), JpkiError> {
        for command in [apdu::select_df(aid), apdu::select_ef(fid)] {
            match self.exchange(&command).await?.status() {
                Status::Ok => {}
                other => return Err(JpkiError::Card(other)),
            }
        }
        Ok(())
    }

    async fn pin_status(&self, kind: PinKind) -> Result<PinStatus, JpkiError> {
        self.select(kind.aid(), kind.pin_ef()).await?;
        match self.exchange(&apdu::verify_status()).await?.status() {
            Status::Ok => Ok(PinStatus::Verified),
            Status::TriesLeft(n) => Ok(PinStatus::Remaining(n)),
            Status::Locked => Ok(PinStatus::Locked),
            other => Err(JpkiError::Card(other)),
        }
    }

    /// Format check first (no APDU for a malformed PIN), then the tries query, and the
    /// PIN itself only if the card is not locked: a locked card never sees the PIN again.
    async fn verify_pin(&self, kind: PinKind, input: &str) -> Result<(), JpkiError> {
        let pin = Pin::parse(kind, input)?;
        if self.pin_status(kind).await? == PinStatus::Locked {
            return Err(JpkiError::Locked { pin: kind });
        }
        match self.exchange(&apdu::verify(pin.as_bytes())).await?.status() {
            Status::Ok => Ok(()),
            Status::TriesLeft(n) => Err(JpkiError::WrongPin { pin: kind, tries_left: n }),
            Status::Locked => Err(JpkiError::Locked { pin: kind }),
            other => Err(JpkiError::Card(other)),
        }
    }

    /// Reads a whole TLV-structured EF: its header first (to learn the length, since the
    /// EF is larger than its content), then the rest in ≤255-byte chunks.
    async fn read_ef(&self, guard: PinKind, fid: u16, progress: Progress<'_>) -> Result<Vec<u8>, JpkiError> {
        self.select(guard.aid(), fid).await?;
        let mut buf = Vec::new();
        let mut want = HEADER_READ;
        let total = loop {
            let le = want - buf.len();
            self.read_chunk(guard, &mut buf, le).await?;
            match tlv::parse_header(&buf) {
                tlv::Parsed::Complete(header) => break header.total_len(),
                tlv::Parsed::NeedBytes(n) if n > buf.len() => want = n,
                _ => return Err(JpkiError::Malformed(format!("EF {fid:04X}: not a TLV"))),
            }
        };
        if total > usize::from(apdu::MAX_READ_OFFSET) + 1 {
            return Err(JpkiError::Malformed(format!("EF {fid:04X}: {total} bytes is beyond READ BINARY offsets")));
        }
        buf.truncate(total);
        progress(buf.len(), total);
        while buf.len() < total {
            let le = (total - buf.len()).min(READ_CHUNK);
            self.read_chunk(guard, &mut buf, le).await?;
            progress(buf.len(), total);
        }
        Ok(buf)
    }

    /// READ BINARY of `le` bytes at `buf.len()`, appended to `buf`.
    async fn read_chunk(&self, guard: PinKind, buf: &mut Vec<u8>, le: usize) -> Result<(), JpkiError> {
        let offset = u16::try_from(buf.len()).map_err(|_| JpkiError::Malformed("offset overflow".into()))?;
        let response = self.exchange(&apdu::read_binary(offset, le as u16)).await?;
        match response.status() {
            Status::Ok => {}
            Status::SecurityStatusNotSatisfied => return Err(JpkiError::NotVerified { pin: guard }),
            other => return Err(JpkiError::Card(other)),
        }
        // No data would loop forever; more than asked is not a conforming card.
        if response.data.is_empty() || response.data.len() > le {
            return Err(JpkiError::Malformed(format!(
                "READ BINARY returned {} bytes for Le {le}",
                response.data.len()
            )));
        }
        buf.extend_from_slice(&response.data);
        Ok(())
    }

    async fn sign(&self, guard: PinKind, key_ef: u16, digest_info: &[u8]) -> Result<Vec<u8>, JpkiError> {
        if digest_info.is_empty() || digest_info.len() > 255 {
            return Err(JpkiError::Malformed(format!("DigestInfo of {} bytes", digest_info.len())));
        }
        self.select(guard.aid(), key_ef).await?;
        let response = self.exchange(&apdu::sign(digest_info)).await?;
        match response.status() {
            Status::Ok if !response.data.is_empty() => Ok(response.data),
            Status::Ok => Err(JpkiError::Malformed("SIGN returned no signature".into())),
            Status::SecurityStatusNotSatisfied => Err(JpkiError::NotVerified { pin: guard }),
            other => Err(JpkiError::Card(other)),
        }
    }
}
