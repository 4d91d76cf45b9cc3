//! Hex text and random ids, in one place (issue 27): the `hex` crate encodes, the OS-seeded
//! CSPRNG (`rand::rng`) draws. Every id a person or an attacker could see is one of these:
//! unguessable, so an id in a URL or a cookie reveals nothing.

use rand::RngCore;

/// Lower-case hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// A new random id (128 bits, 32 hex digits): rows, challenges, credentials.
pub fn new_id() -> String {
    hex(&random::<16>())
}

/// A new secret token (256 bits, 64 hex digits): session and lecture cookies, tickets, the
/// remote reader's session. Only its hash is stored.
pub fn new_token() -> String {
    hex(&random::<32>())
}

/// A short random number printed in a signed document (64 bits, 16 hex digits), so no two
/// documents are the same.
pub fn nonce() -> String {
    hex(&random::<8>())
}

/// 128 random bits, positive and without a leading zero byte: an X.509 serial whose hex is
/// canonical.
pub fn new_serial() -> [u8; 16] {
    let mut serial = random::<16>();
    serial[0] = (serial[0] & 0x7F) | 0x40;
    serial
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex_of_their_length() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        for (id, len) in [(a, 32), (new_token(), 64), (nonce(), 16), (hex(&new_serial()), 32)] {
            assert_eq!(id.len(), len, "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{id}");
        }
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert!((0x40..0x80).contains(&new_serial()[0]));
    }
}
