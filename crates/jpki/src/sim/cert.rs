//! Placeholder keys and certificates for virtual cards. The certificate is a minimal
//! self-signed X.509 v3 (no extensions) built by hand, so the crate needs no X.509
//! library; it only has to carry the public key until the server's demo CA issues real
//! ones. Tests parse it with an independent X.509 parser.

use rand_core::CryptoRngCore;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use super::SimError;
use crate::digest::digest_info_sha256;
use crate::tlv::write;

/// sha256WithRSAEncryption (1.2.840.113549.1.1.11).
const OID_SHA256_WITH_RSA: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];
/// id-at-commonName (2.5.4.3).
const OID_COMMON_NAME: [u8; 3] = [0x55, 0x04, 0x03];

/// A fresh RSA-2048 private key as PKCS#8 DER, the form [`super::CardProfile`] stores.
/// Slow in unoptimised builds unless the workspace gives `num-bigint-dig` and `rsa`
/// `opt-level = 3` in `[profile.dev.package.*]`.
pub fn generate_key_pkcs8(rng: &mut impl CryptoRngCore) -> Vec<u8> {
    let key = RsaPrivateKey::new(rng, 2048).expect("RSA-2048 key generation");
    key.to_pkcs8_der().expect("PKCS#8 encoding").as_bytes().to_vec()
}

/// Self-signed certificate for the key, subject = issuer = `CN=common_name`, valid
/// 2025-01-01 to 2049-12-31 (UTCTime's last year), sha256WithRSAEncryption.
pub fn self_signed_cert_der(key_pkcs8_der: &[u8], common_name: &str, serial: u64) -> Result<Vec<u8>, SimError> {
    let key = RsaPrivateKey::from_pkcs8_der(key_pkcs8_der).map_err(|e| SimError(format!("private key: {e}")))?;
    let spki = key.to_public_key().to_public_key_der().map_err(|e| SimError(format!("public key: {e}")))?;
    let algorithm = seq(&[write(&[0x06], &OID_SHA256_WITH_RSA), vec![0x05, 0x00]]);
    let name =
        seq(&[write(&[0x31], &seq(&[write(&[0x06], &OID_COMMON_NAME), write(&[0x0C], common_name.as_bytes())]))]);
    let validity = seq(&[write(&[0x17], b"250101000000Z"), write(&[0x17], b"491231235959Z")]);
    let tbs = seq(&[
        write(&[0xA0], &write(&[0x02], &[0x02])), // [0] EXPLICIT version v3
        write(&[0x02], &der_uint(serial)),
        algorithm.clone(),
        name.clone(),
        validity,
        name,
        spki.as_bytes().to_vec(),
    ]);
    let hash: [u8; 32] = Sha256::digest(&tbs).into();
    let signature = key
        .sign(Pkcs1v15Sign::new_unprefixed(), &digest_info_sha256(hash))
        .map_err(|e| SimError(format!("sign: {e}")))?;
    let mut bits = vec![0x00]; // no unused bits
    bits.extend_from_slice(&signature);
    Ok(seq(&[tbs, algorithm, write(&[0x03], &bits)]))
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    write(&[0x30], &parts.concat())
}

/// Minimal positive DER INTEGER content.
fn der_uint(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(7);
    let mut out = bytes[start..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0x00);
    }
    out
}
