//! Short APDUs (ISO 7816-4): command/response encoding and the builders for every
//! command this crate sends (SPEC §7.2). Extended length is never needed — the largest
//! command data is a 51-byte DigestInfo and responses are read in ≤255-byte chunks or
//! are one 256-byte signature (Le = 00) — so it is refused rather than half-supported.

pub use crate::ids::*;
pub use crate::status::Status;

/// Why bytes are not a short command APDU the card (or the virtual card) accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApduError {
    /// Fewer than the 4 header bytes, or fewer data bytes than Lc announces.
    Truncated,
    /// Lc = 00 followed by more bytes: extended-length encoding.
    ExtendedNotSupported,
    /// More bytes than Lc + Le can account for.
    TrailingBytes,
}

impl core::fmt::Display for ApduError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ApduError::Truncated => "APDU truncated",
            ApduError::ExtendedNotSupported => "extended-length APDU not supported",
            ApduError::TrailingBytes => "APDU has trailing bytes",
        })
    }
}

impl std::error::Error for ApduError {}

/// A command APDU. `le` is the number of response bytes expected, 1..=256
/// (256 is sent as `00`); `None` means no Le byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: Vec<u8>,
    pub le: Option<u16>,
}

impl Command {
    /// Short-APDU encoding: CLA INS P1 P2 [Lc data] [Le].
    ///
    /// # Panics
    /// If `data` is longer than 255 bytes or `le` is outside 1..=256 — both need extended
    /// APDUs, which this crate never builds (its builders check their inputs).
    pub fn to_bytes(&self) -> Vec<u8> {
        assert!(self.data.len() <= 255, "command data over 255 bytes needs an extended APDU");
        let mut out = Vec::with_capacity(6 + self.data.len());
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if !self.data.is_empty() {
            out.push(self.data.len() as u8);
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            assert!((1..=256).contains(&le), "Le must be 1..=256 in a short APDU");
            out.push(if le == 256 { 0 } else { le as u8 });
        }
        out
    }

    /// Parses the four ISO cases of a short APDU.
    pub fn parse(bytes: &[u8]) -> Result<Command, ApduError> {
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return Err(ApduError::Truncated);
        };
        let (data, le) = match body {
            // Case 1: header only.
            [] => (Vec::new(), None),
            // Case 2: Le only (00 = 256).
            [le] => (Vec::new(), Some(decode_le(*le))),
            // Lc = 00 with more bytes can only be extended length.
            [0, ..] => return Err(ApduError::ExtendedNotSupported),
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                if rest.len() < lc {
                    return Err(ApduError::Truncated);
                }
                let (data, tail) = rest.split_at(lc);
                match tail {
                    // Case 3: Lc data.
                    [] => (data.to_vec(), None),
                    // Case 4: Lc data Le.
                    [le] => (data.to_vec(), Some(decode_le(*le))),
                    _ => return Err(ApduError::TrailingBytes),
                }
            }
        };
        Ok(Command { cla: *cla, ins: *ins, p1: *p1, p2: *p2, data, le })
    }
}

fn decode_le(byte: u8) -> u16 {
    if byte == 0 {
        256
    } else {
        u16::from(byte)
    }
}

/// A response APDU: data followed by SW1 SW2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw1: u8,
    pub sw2: u8,
}

impl Response {
    pub fn new(data: Vec<u8>, status: Status) -> Response {
        let [sw1, sw2] = status.to_sw().to_be_bytes();
        Response { data, sw1, sw2 }
    }

    /// A response that is only a status word.
    pub fn status_only(status: Status) -> Response {
        Response::new(Vec::new(), status)
    }

    /// Fails only when there are fewer than the two status bytes.
    pub fn parse(bytes: &[u8]) -> Result<Response, ApduError> {
        match bytes {
            [data @ .., sw1, sw2] => Ok(Response { data: data.to_vec(), sw1: *sw1, sw2: *sw2 }),
            _ => Err(ApduError::Truncated),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&[self.sw1, self.sw2]);
        out
    }

    pub fn sw(&self) -> u16 {
        u16::from_be_bytes([self.sw1, self.sw2])
    }

    pub fn status(&self) -> Status {
        Status::from_sw(self.sw1, self.sw2)
    }
}

// ---- Builders: the exact commands of SPEC §7.2. ----

pub const CLA_ISO: u8 = 0x00;
/// SIGN is proprietary: class 80.
pub const CLA_PROPRIETARY: u8 = 0x80;
pub const INS_SELECT: u8 = 0xA4;
pub const INS_VERIFY: u8 = 0x20;
pub const INS_READ_BINARY: u8 = 0xB0;
pub const INS_SIGN: u8 = 0x2A;
/// SELECT P1: by DF name (AID) / by EF identifier under the current DF.
pub const SELECT_BY_NAME: u8 = 0x04;
pub const SELECT_EF: u8 = 0x02;
/// SELECT P2: return no FCI.
pub const SELECT_NO_FCI: u8 = 0x0C;
/// VERIFY/SIGN P2: the PIN or key of the currently selected EF.
pub const P2_CURRENT_EF: u8 = 0x80;
/// Largest READ BINARY offset: P1 bit 8 set would mean short-EF addressing instead.
pub const MAX_READ_OFFSET: u16 = 0x7FFF;

/// `00 A4 04 0C Lc AID`.
pub fn select_df(aid: &[u8]) -> Command {
    Command { cla: CLA_ISO, ins: INS_SELECT, p1: SELECT_BY_NAME, p2: SELECT_NO_FCI, data: aid.to_vec(), le: None }
}

/// `00 A4 02 0C 02 FID`.
pub fn select_ef(fid: u16) -> Command {
    Command {
        cla: CLA_ISO,
        ins: INS_SELECT,
        p1: SELECT_EF,
        p2: SELECT_NO_FCI,
        data: fid.to_be_bytes().to_vec(),
        le: None,
    }
}

/// `00 20 00 80 Lc PIN` (PIN as ASCII) against the selected PIN EF.
pub fn verify(pin: &[u8]) -> Command {
    Command { cla: CLA_ISO, ins: INS_VERIFY, p1: 0x00, p2: P2_CURRENT_EF, data: pin.to_vec(), le: None }
}

/// `00 20 00 80` without data: asks how many tries are left and sends no PIN.
pub fn verify_status() -> Command {
    verify(&[])
}

/// `00 B0 P1P2 Le` with P1P2 = offset (≤ 7FFF) and `le` in 1..=256.
pub fn read_binary(offset: u16, le: u16) -> Command {
    assert!(offset <= MAX_READ_OFFSET, "READ BINARY offset over 7FFF");
    let [p1, p2] = offset.to_be_bytes();
    Command { cla: CLA_ISO, ins: INS_READ_BINARY, p1, p2, data: Vec::new(), le: Some(le) }
}

/// `80 2A 00 80 Lc DigestInfo 00`: PKCS#1 v1.5 signature with the selected key EF.
pub fn sign(digest_info: &[u8]) -> Command {
    Command {
        cla: CLA_PROPRIETARY,
        ins: INS_SIGN,
        p1: 0x00,
        p2: P2_CURRENT_EF,
        data: digest_info.to_vec(),
        le: Some(256),
    }
}
