//! The DigestInfo the card's SIGN expects: the card pads and signs these bytes as given
//! (PKCS#1 v1.5), so the hash algorithm identifier has to be prefixed by the caller.

/// DER of `DigestInfo { AlgorithmIdentifier { sha256, NULL }, OCTET STRING (32) }`
/// up to the hash itself (RFC 8017 §9.2 note 1).
pub const SHA256_DIGEST_INFO_PREFIX: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// DigestInfo for a SHA-256 hash: 51 bytes, ready for [`crate::JpkiClient::sign_with_auth_key`].
pub fn digest_info_sha256(hash: [u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(51);
    out.extend_from_slice(&SHA256_DIGEST_INFO_PREFIX);
    out.extend_from_slice(&hash);
    out
}
