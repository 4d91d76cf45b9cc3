//! Standard base64 with padding (RFC 4648 §4), the encoding of every binary value on the
//! card contract (docs/CONTRACT-card.md) and in the native host's messages. A few lines
//! here instead of a crate keep the wasm small; here in the domain crate rather than in
//! the SPA's card bridge (which re-exports it) so its tests run on the host.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Strict: whole groups of four, padding only at the end, and the bits after the last
/// byte zero (RFC 4648 §3.5, so each byte string has one encoding); `None` for anything else.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let s = text.as_bytes();
    if s.len() & 3 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let groups = s.len() / 4;
    for (g, quad) in s.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && g + 1 != groups) {
            return None;
        }
        let mut n = 0u32;
        for &c in &quad[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        // The bits no output byte takes: "Zh==" would otherwise read as "f", like "Zg==".
        let unused = (1u32 << (8 * pad)) - 1;
        if n & unused != 0 {
            return None;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in vectors {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()), "{coded}");
        }
    }

    #[test]
    fn every_byte_and_length_round_trips() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        for len in 0..bytes.len() {
            assert_eq!(decode(&encode(&bytes[..len])).as_deref(), Some(&bytes[..len]), "{len} bytes");
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn padding_only_whole_and_only_at_the_end() {
        for bad in ["Zg", "Zg=", "Zm8", "Z===", "====", "Zg==Zg==", "Zm8=Zm9v", "Z=g=", "=Zg=", "Zg==="] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn characters_outside_the_alphabet_are_refused() {
        for bad in ["Zm9v\n", " Zm9v", "Zm9v ", "Zm-v", "Zm_v", "Zm9\u{3042}", "Zm.v", "Zm9v\r\n"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    /// RFC 4648 §3.5: the bits after the last whole byte must be zero, so every byte string
    /// has exactly one encoding ("Zg==" is "f"; "Zh==" would be "f" too).
    #[test]
    fn non_canonical_trailing_bits_are_refused() {
        for bad in ["Zh==", "Zv==", "Zm9=", "Zm+=", "AB==", "AAB="] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        assert_eq!(decode("AA==").as_deref(), Some(&[0u8][..]));
        assert_eq!(decode("AAA=").as_deref(), Some(&[0u8, 0][..]));
    }

    #[test]
    fn empty_is_no_bytes() {
        assert_eq!(decode("").as_deref(), Some(&[][..]));
        assert_eq!(encode(&[]), "");
    }
}
