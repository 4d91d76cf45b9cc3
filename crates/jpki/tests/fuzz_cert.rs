//! Property-based check of the hand-built placeholder certificate (issue 16 §7): whatever
//! common name and serial a virtual card is made with, an independent X.509 parser reads
//! back exactly those, the card's key, and a valid self-signature. (The server's parser of
//! presented certificates is fuzzed in crates/server/tests/fuzz_x509.rs.)

use std::sync::OnceLock;

use jpki::digest_info_sha256;
use jpki::sim::{generate_key_pkcs8, self_signed_cert_der};
use proptest::prelude::*;
use rand_core::OsRng;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::der::asn1::Utf8StringRef;
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::{Decode, Encode};
use x509_cert::name::Name;
use x509_cert::Certificate;

/// Each case signs with RSA-2048: 64 stay well under a second in the dev profile (rsa is
/// optimised there).
fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

fn key() -> &'static (Vec<u8>, RsaPublicKey) {
    static KEY: OnceLock<(Vec<u8>, RsaPublicKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        let der = generate_key_pkcs8(&mut OsRng);
        let public = RsaPrivateKey::from_pkcs8_der(&der).unwrap().to_public_key();
        (der, public)
    })
}

/// id-at-commonName (2.5.4.3).
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// The one common name of a `CN=…` name.
fn common_name(name: &Name) -> Option<String> {
    let [rdn] = name.0.as_slice() else { return None };
    let [atv] = rdn.0.as_slice() else { return None };
    (atv.oid == COMMON_NAME).then(|| atv.value.decode_as::<Utf8StringRef<'_>>().ok().map(|s| s.to_string()))?
}

/// The minimal positive DER INTEGER content of `n`.
fn der_uint(n: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn placeholder_certificate_round_trips(cn in ".{0,80}", serial: u64) {
        let (key_der, public) = key();
        let der = self_signed_cert_der(key_der, &cn, serial).unwrap();
        let cert = Certificate::from_der(&der).unwrap();
        let tbs = &cert.tbs_certificate;
        let expected_serial = der_uint(serial);
        prop_assert_eq!(tbs.serial_number.as_bytes(), expected_serial.as_slice());
        prop_assert_eq!(common_name(&tbs.subject), Some(cn));
        prop_assert_eq!(&tbs.issuer, &tbs.subject);
        let spki = tbs.subject_public_key_info.to_der().unwrap();
        prop_assert_eq!(&RsaPublicKey::from_public_key_der(&spki).unwrap(), public);
        let digest: [u8; 32] = Sha256::digest(tbs.to_der().unwrap()).into();
        let signature = cert.signature.as_bytes().unwrap();
        prop_assert!(public.verify(Pkcs1v15Sign::new_unprefixed(), &digest_info_sha256(digest), signature).is_ok());
    }
}
