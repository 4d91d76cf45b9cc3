//! The card side of SPEC §7.2. Every answer is a status word the real card gives in the
//! same situation; the words outside [`Status`]'s named variants are constants here.

use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};

use super::profile::CardProfile;
use super::state::{CardState, Df};
use crate::apdu::{self, Command, Response};
use crate::ids;
use crate::pin::PinKind;
use crate::status::Status;

/// 6986: command not allowed, no current EF.
pub const SW_NO_CURRENT_EF: u16 = 0x6986;
/// 6981: the current EF does not support this command (e.g. READ BINARY of a key).
pub const SW_NOT_PIN_OR_BINARY_EF: u16 = 0x6981;
/// 6B00: READ BINARY offset at or beyond the end of the EF.
pub const SW_OFFSET_OUTSIDE_EF: u16 = 0x6B00;

/// Certificate EFs are fixed-size on the card with zeros after the DER; the client must
/// learn the length from the DER header, so the virtual card pads the same way.
const CERT_EF_SIZE: usize = 2048;
/// Longest PIN the card takes in VERIFY.
const MAX_PIN_LEN: usize = 16;

/// A profile or state the virtual card cannot be built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError(pub String);

impl core::fmt::Display for SimError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "virtual card: {}", self.0)
    }
}

impl std::error::Error for SimError {}

/// What an EF is, which decides the commands it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EfKind {
    /// READ BINARY; `guard` is the PIN that must be verified first.
    Binary { guard: Option<PinKind> },
    /// VERIFY.
    Pin(PinKind),
    /// SIGN, after that PIN.
    Key(PinKind),
}

pub struct VirtualCard {
    profile: CardProfile,
    state: CardState,
    auth_key: RsaPrivateKey,
    signing_key: RsaPrivateKey,
}

impl VirtualCard {
    /// A newly issued card: counters at maximum.
    pub fn new(profile: CardProfile) -> Result<VirtualCard, SimError> {
        VirtualCard::from_parts(profile, CardState::fresh())
    }

    /// A card as persisted. Keys are parsed once here, not per SIGN.
    pub fn from_parts(profile: CardProfile, state: CardState) -> Result<VirtualCard, SimError> {
        let parse = |der: &[u8], what: &str| {
            RsaPrivateKey::from_pkcs8_der(der).map_err(|e| SimError(format!("{what} key: {e}")))
        };
        let auth_key = parse(&profile.auth_key_pkcs8_der, "auth")?;
        let signing_key = parse(&profile.signing_key_pkcs8_der, "signing")?;
        for kind in PinKind::ALL {
            if state.tries(kind) > kind.max_tries() {
                return Err(SimError(format!("{kind:?} tries {} over {}", state.tries(kind), kind.max_tries())));
            }
        }
        Ok(VirtualCard { profile, state, auth_key, signing_key })
    }

    pub fn profile(&self) -> &CardProfile {
        &self.profile
    }

    /// The state to persist after each exchange.
    pub fn state(&self) -> &CardState {
        &self.state
    }

    pub fn into_parts(self) -> (CardProfile, CardState) {
        (self.profile, self.state)
    }

    /// The card left the reader (or the server starts a new read): nothing selected,
    /// no PIN verified; counters unchanged.
    pub fn reset_session(&mut self) {
        self.state.session = Default::default();
    }

    /// One APDU in, one response APDU (data + SW) out. Never panics on any input.
    pub fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        let Ok(command) = Command::parse(apdu) else {
            return sw(Status::WrongLength.to_sw());
        };
        let response = match (command.cla, command.ins) {
            (apdu::CLA_ISO, apdu::INS_SELECT) => self.select(&command),
            (apdu::CLA_ISO, apdu::INS_VERIFY) => self.verify(&command),
            (apdu::CLA_ISO, apdu::INS_READ_BINARY) => self.read_binary(&command),
            (apdu::CLA_PROPRIETARY, apdu::INS_SIGN) => self.sign(&command),
            // A known instruction in the other class is a class error, as on the card.
            (
                apdu::CLA_ISO | apdu::CLA_PROPRIETARY,
                apdu::INS_SELECT | apdu::INS_VERIFY | apdu::INS_READ_BINARY | apdu::INS_SIGN,
            ) => Response::status_only(Status::ClaNotSupported),
            (apdu::CLA_ISO | apdu::CLA_PROPRIETARY, _) => Response::status_only(Status::InsNotSupported),
            _ => Response::status_only(Status::ClaNotSupported),
        };
        response.to_bytes()
    }

    fn select(&mut self, c: &Command) -> Response {
        if c.p2 != apdu::SELECT_NO_FCI {
            return Response::status_only(Status::WrongParameters);
        }
        let session = &mut self.state.session;
        match c.p1 {
            apdu::SELECT_BY_NAME => {
                let df = match c.data.as_slice() {
                    aid if aid == ids::JPKI_AP => Df::Jpki,
                    aid if aid == ids::CARD_INFO_AP => Df::CardInfo,
                    _ => return Response::status_only(Status::FileNotFound),
                };
                // Security status belongs to the DF: it goes when another DF is selected
                // and stays when the same one is selected again.
                if session.current_df != Some(df) {
                    session.clear_verified();
                }
                session.current_df = Some(df);
                session.current_ef = None;
                Response::status_only(Status::Ok)
            }
            apdu::SELECT_EF => {
                let [hi, lo] = c.data.as_slice() else {
                    return Response::status_only(Status::WrongLength);
                };
                let fid = u16::from_be_bytes([*hi, *lo]);
                if self.ef_kind(fid).is_none() {
                    return Response::status_only(Status::FileNotFound);
                }
                self.state.session.current_ef = Some(fid);
                Response::status_only(Status::Ok)
            }
            _ => Response::status_only(Status::WrongParameters),
        }
    }

    fn verify(&mut self, c: &Command) -> Response {
        if c.p1 != 0x00 || c.p2 != apdu::P2_CURRENT_EF {
            return Response::status_only(Status::WrongParameters);
        }
        let kind = match self.current_ef_kind() {
            Some(EfKind::Pin(kind)) => kind,
            Some(_) => return response_sw(SW_NOT_PIN_OR_BINARY_EF),
            None => return response_sw(SW_NO_CURRENT_EF),
        };
        let tries = self.state.tries(kind);
        if tries == 0 {
            return Response::status_only(Status::Locked);
        }
        if c.data.is_empty() {
            // Status query: no counter change.
            return if self.state.session.is_verified(kind) {
                Response::status_only(Status::Ok)
            } else {
                Response::status_only(Status::TriesLeft(tries))
            };
        }
        if c.data.len() > MAX_PIN_LEN {
            return Response::status_only(Status::WrongLength);
        }
        if c.data == self.pin(kind).as_bytes() {
            *self.state.tries_mut(kind) = kind.max_tries();
            self.state.session.set_verified(kind, true);
            Response::status_only(Status::Ok)
        } else {
            let left = tries - 1;
            *self.state.tries_mut(kind) = left;
            self.state.session.set_verified(kind, false);
            // 63C0 on the try that locks it; 6983 from then on (above).
            Response::status_only(Status::TriesLeft(left))
        }
    }

    fn read_binary(&mut self, c: &Command) -> Response {
        if c.p1 & 0x80 != 0 {
            // Short-EF addressing: not something the client uses.
            return Response::status_only(Status::WrongParameters);
        }
        let (Some(le), true) = (c.le, c.data.is_empty()) else {
            return Response::status_only(Status::WrongLength);
        };
        let (fid, guard) = match (self.state.session.current_ef, self.current_ef_kind()) {
            (Some(fid), Some(EfKind::Binary { guard })) => (fid, guard),
            (Some(_), Some(_)) => return response_sw(SW_NOT_PIN_OR_BINARY_EF),
            _ => return response_sw(SW_NO_CURRENT_EF),
        };
        if let Some(pin) = guard {
            if !self.state.session.is_verified(pin) {
                return Response::status_only(Status::SecurityStatusNotSatisfied);
            }
        }
        let content = self.ef_content(fid);
        let offset = usize::from(u16::from_be_bytes([c.p1, c.p2]));
        if offset >= content.len() {
            return response_sw(SW_OFFSET_OUTSIDE_EF);
        }
        // Fewer bytes than Le near the end of the EF, with 9000.
        let end = (offset + usize::from(le)).min(content.len());
        Response::new(content[offset..end].to_vec(), Status::Ok)
    }

    fn sign(&mut self, c: &Command) -> Response {
        if c.p1 != 0x00 || c.p2 != apdu::P2_CURRENT_EF {
            return Response::status_only(Status::WrongParameters);
        }
        let kind = match self.current_ef_kind() {
            Some(EfKind::Key(kind)) => kind,
            Some(_) => return response_sw(SW_NOT_PIN_OR_BINARY_EF),
            None => return response_sw(SW_NO_CURRENT_EF),
        };
        if c.data.is_empty() {
            return Response::status_only(Status::WrongLength);
        }
        if !self.state.session.is_verified(kind) {
            return Response::status_only(Status::SecurityStatusNotSatisfied);
        }
        let key = if kind == PinKind::Auth { &self.auth_key } else { &self.signing_key };
        // The DigestInfo arrives already prefixed, so pad and sign it as given.
        match key.sign(Pkcs1v15Sign::new_unprefixed(), &c.data) {
            Ok(signature) => Response::new(signature, Status::Ok),
            // Longer than a 2048-bit key can pad (over 245 bytes).
            Err(_) => Response::status_only(Status::WrongLength),
        }
    }

    /// The EFs of the selected DF; a certificate that was never issued is absent.
    fn ef_kind(&self, fid: u16) -> Option<EfKind> {
        let df = self.state.session.current_df?;
        let kind = match (df, fid) {
            (Df::Jpki, ids::EF_SIGNING_CERT) if !self.profile.signing_cert_der.is_empty() => {
                EfKind::Binary { guard: Some(PinKind::Signing) }
            }
            (Df::Jpki, ids::EF_AUTH_CERT) if !self.profile.auth_cert_der.is_empty() => EfKind::Binary { guard: None },
            (Df::Jpki, ids::EF_AUTH_KEY) => EfKind::Key(PinKind::Auth),
            (Df::Jpki, ids::EF_AUTH_PIN) => EfKind::Pin(PinKind::Auth),
            (Df::Jpki, ids::EF_SIGNING_KEY) => EfKind::Key(PinKind::Signing),
            (Df::Jpki, ids::EF_SIGNING_PIN) => EfKind::Pin(PinKind::Signing),
            (Df::CardInfo, ids::EF_BASIC_FOUR) => EfKind::Binary { guard: Some(PinKind::CardInfo) },
            (Df::CardInfo, ids::EF_CARD_INFO_PIN) => EfKind::Pin(PinKind::CardInfo),
            _ => return None,
        };
        Some(kind)
    }

    fn current_ef_kind(&self) -> Option<EfKind> {
        self.ef_kind(self.state.session.current_ef?)
    }

    /// The bytes of a binary EF as the card holds them (padded).
    fn ef_content(&self, fid: u16) -> Vec<u8> {
        let (mut bytes, size) = match fid {
            ids::EF_SIGNING_CERT => (self.profile.signing_cert_der.clone(), CERT_EF_SIZE),
            ids::EF_AUTH_CERT => (self.profile.auth_cert_der.clone(), CERT_EF_SIZE),
            _ => (self.profile.basic_four.to_tlv(), 0),
        };
        if bytes.len() < size {
            bytes.resize(size, 0x00);
        }
        bytes
    }

    fn pin(&self, kind: PinKind) -> &str {
        match kind {
            PinKind::CardInfo => &self.profile.card_info_pin,
            PinKind::Auth => &self.profile.auth_pin,
            PinKind::Signing => &self.profile.signing_pin,
        }
    }
}

fn sw(word: u16) -> Vec<u8> {
    word.to_be_bytes().to_vec()
}

fn response_sw(word: u16) -> Response {
    let [sw1, sw2] = word.to_be_bytes();
    Response { data: Vec::new(), sw1, sw2 }
}
