//! Just enough BER-TLV for the card's EFs: reading a header to learn an EF's length
//! (certificates are DER `30 82 LL LL`; the basic-four EF is `FF 20 ...`), walking
//! the items of the basic-four EF, and writing TLVs for the virtual card.

/// A parsed TLV header: where the value starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Tag bytes, big-endian, 1 to 3 bytes (e.g. `0x30`, `0xFF20`, `0xDF22`).
    pub tag: u32,
    /// Tag + length bytes.
    pub header_len: usize,
    pub value_len: usize,
}

impl Header {
    /// Header plus value: how many bytes the whole TLV occupies.
    pub fn total_len(&self) -> usize {
        self.header_len + self.value_len
    }
}

/// Result of looking at the first bytes of a TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    Complete(Header),
    /// The header is longer than the bytes given; this many bytes are needed in all.
    NeedBytes(usize),
    /// Not a TLV we accept (indefinite length, length over 3 bytes, tag over 3 bytes).
    Invalid,
}

/// Parses a TLV header from the start of `bytes` (value not needed).
pub fn parse_header(bytes: &[u8]) -> Parsed {
    let Some(&first) = bytes.first() else {
        return Parsed::NeedBytes(1);
    };
    // Tag: low five bits all set → more tag bytes follow while bit 8 is set.
    let mut tag = u32::from(first);
    let mut pos = 1;
    if first & 0x1F == 0x1F {
        loop {
            let Some(&b) = bytes.get(pos) else {
                return Parsed::NeedBytes(pos + 1);
            };
            tag = (tag << 8) | u32::from(b);
            pos += 1;
            if b & 0x80 == 0 {
                break;
            }
            if pos >= 3 {
                return Parsed::Invalid;
            }
        }
    }
    // Length: short form, or 81/82/83 followed by that many length bytes.
    let Some(&len0) = bytes.get(pos) else {
        return Parsed::NeedBytes(pos + 1);
    };
    pos += 1;
    let value_len = match len0 {
        0x00..=0x7F => usize::from(len0),
        0x81..=0x83 => {
            let n = usize::from(len0 & 0x7F);
            if bytes.len() < pos + n {
                return Parsed::NeedBytes(pos + n);
            }
            let len = bytes[pos..pos + n].iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            pos += n;
            len
        }
        // 80 is BER indefinite length (never DER); 84+ is beyond any EF.
        _ => return Parsed::Invalid,
    };
    Parsed::Complete(Header { tag, header_len: pos, value_len })
}

/// Splits a sequence of TLVs into (tag, value) pairs. `None` if any item is malformed
/// or runs past the end. Trailing `00`/`FF` padding (unused EF space) ends the walk.
pub fn items(mut bytes: &[u8]) -> Option<Vec<(u32, &[u8])>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if bytes.iter().all(|b| *b == 0x00) || bytes.iter().all(|b| *b == 0xFF) {
            break;
        }
        let Parsed::Complete(h) = parse_header(bytes) else {
            return None;
        };
        let value = bytes.get(h.header_len..h.total_len())?;
        out.push((h.tag, value));
        bytes = &bytes[h.total_len()..];
    }
    Some(out)
}

/// Encodes a TLV with DER length (short form below 128, else 81/82/83).
pub fn write(tag: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tag.len() + 4 + value.len());
    out.extend_from_slice(tag);
    let len = value.len();
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        0x100..=0xFFFF => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
        _ => {
            assert!(len <= 0xFF_FFFF, "TLV value too long");
            out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
        }
    }
    out.extend_from_slice(value);
    out
}
