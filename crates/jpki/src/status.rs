//! Status words (SW1 SW2) grouped by what the client has to do about them.

/// What a card's status word means for us. Several words map to one variant where the
/// client reacts the same way (e.g. every "locked" flavour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 9000.
    Ok,
    /// 63Cx with x ≥ 1: the PIN was wrong (or, for a status query, not yet verified);
    /// x tries are left.
    TriesLeft(u8),
    /// 63C0, 6983 (authentication method blocked), 6984 (reference data unusable).
    Locked,
    /// 6982: the PIN guarding this EF or key has not been verified.
    SecurityStatusNotSatisfied,
    /// 6A82: no such application or file.
    FileNotFound,
    /// 6A86 (P1-P2 wrong) or 6B00 (offset outside the EF).
    WrongParameters,
    /// 6700 (Lc/Le wrong) or 6Cxx (Le wrong, xx would be right).
    WrongLength,
    /// 6D00.
    InsNotSupported,
    /// 6E00.
    ClaNotSupported,
    /// Anything else, kept whole so it can be reported.
    Other(u16),
}

impl Status {
    pub fn from_sw(sw1: u8, sw2: u8) -> Status {
        match (sw1, sw2) {
            (0x90, 0x00) => Status::Ok,
            (0x63, 0xC0) | (0x69, 0x83) | (0x69, 0x84) => Status::Locked,
            (0x63, x) if x & 0xF0 == 0xC0 => Status::TriesLeft(x & 0x0F),
            (0x69, 0x82) => Status::SecurityStatusNotSatisfied,
            (0x6A, 0x82) => Status::FileNotFound,
            (0x6A, 0x86) | (0x6B, 0x00) => Status::WrongParameters,
            (0x67, 0x00) | (0x6C, _) => Status::WrongLength,
            (0x6D, 0x00) => Status::InsNotSupported,
            (0x6E, 0x00) => Status::ClaNotSupported,
            _ => Status::Other(u16::from_be_bytes([sw1, sw2])),
        }
    }

    /// The canonical status word for this status; what the virtual card answers.
    /// (`Locked` → 6983, the word a real card gives once the counter is at zero.)
    pub fn to_sw(self) -> u16 {
        match self {
            Status::Ok => 0x9000,
            Status::TriesLeft(x) => 0x63C0 | u16::from(x & 0x0F),
            Status::Locked => 0x6983,
            Status::SecurityStatusNotSatisfied => 0x6982,
            Status::FileNotFound => 0x6A82,
            Status::WrongParameters => 0x6A86,
            Status::WrongLength => 0x6700,
            Status::InsNotSupported => 0x6D00,
            Status::ClaNotSupported => 0x6E00,
            Status::Other(sw) => sw,
        }
    }

    pub fn is_ok(self) -> bool {
        self == Status::Ok
    }
}

impl core::fmt::Display for Status {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04X}", self.to_sw())
    }
}
