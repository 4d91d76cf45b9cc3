//! Property-based fuzzing of the certificate parser (issue 16 §7): `pki::x509::parse`
//! reads whatever certificate a card, or an attacker posing as one, presents. Arbitrary
//! and mutated DER must give `Err`, never a panic; a mutated certificate that still
//! verifies against the CA must say exactly what the original said; and every leaf the
//! demo CA issues reads back as issued.

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use jpki::{BasicFour, Sex};
use proptest::collection::vec;
use proptest::prelude::*;
use rand_core::OsRng;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use server::pki::x509::{self, LeafSpec, ParsedCert};
use server::pki::{ca_validity, card_validity, CertKind};
use x509_cert::name::Name;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The CA and one card key, generated once per test binary.
struct Fixture {
    ca_key: RsaPrivateKey,
    ca_subject: Name,
    ca_public: RsaPublicKey,
    card_public: RsaPublicKey,
    card_spki: Vec<u8>,
    /// A signing certificate as the CA issues it, to mutate.
    leaf: Vec<u8>,
}

fn key() -> RsaPrivateKey {
    RsaPrivateKey::from_pkcs8_der(&jpki::sim::generate_key_pkcs8(&mut OsRng)).unwrap()
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let ca_key = key();
        let (from, to) = ca_validity();
        let ca = x509::parse(&x509::build_ca(&ca_key, from, to).unwrap()).unwrap();
        let card_public = key().to_public_key();
        let card_spki = card_public.to_public_key_der().unwrap().as_bytes().to_vec();
        let (not_before, not_after) = card_validity();
        let leaf = x509::build_leaf(
            &ca_key,
            &LeafSpec {
                serial: &[0x4A; 16],
                kind: CertKind::Signing,
                public_key_der: &card_spki,
                basic_four: Some(&jpki::sim::sample_basic_four()),
                not_before,
                not_after,
            },
        )
        .unwrap();
        Fixture { ca_subject: ca.issuer, ca_public: ca.public_key, ca_key, card_public, card_spki, leaf }
    })
}

/// What a certificate says, for comparing two parses (the signature check aside).
fn says(c: &ParsedCert) -> impl PartialEq + std::fmt::Debug {
    (
        c.serial.clone(),
        c.issuer.to_string(),
        c.not_before,
        c.not_after,
        c.kind,
        c.is_ca,
        c.public_key.clone(),
        c.basic_four.clone(),
    )
}

#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        3 => (any::<usize>(), 0u8..8).prop_map(|(i, bit)| Edit::Flip(i, 1 << bit)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(der: &mut Vec<u8>, edit: &Edit) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *edit {
        Edit::Set(i, b) if !der.is_empty() => {
            let i = at(i, der.len());
            der[i] = b;
        }
        Edit::Flip(i, mask) if !der.is_empty() => {
            let i = at(i, der.len());
            der[i] ^= mask;
        }
        Edit::Insert(i, b) => der.insert(at(i, der.len() + 1), b),
        Edit::Remove(i) if !der.is_empty() => {
            der.remove(at(i, der.len()));
        }
        Edit::Truncate(i) => der.truncate(at(i, der.len() + 1)),
        _ => {}
    }
}

/// DER-looking input: a SEQUENCE header (short or long form) before random content.
fn der_like() -> impl Strategy<Value = Vec<u8>> {
    (prop_oneof![Just(vec![0x30]), Just(vec![0x30, 0x82]), Just(vec![0x30, 0x81])], vec(any::<u8>(), 0..200))
        .prop_map(|(head, rest)| [head, rest].concat())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn parse_never_panics(der in prop_oneof![vec(any::<u8>(), 0..200), der_like()]) {
        let _ = x509::parse(&der);
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The realistic attack: a real certificate with a few bytes changed. Whatever still
    /// parses and verifies against the CA must say what the CA signed.
    #[test]
    fn mutated_certificates_never_panic_nor_verify_altered(edits in vec(edit(), 1..4)) {
        let f = fixture();
        let mut der = f.leaf.clone();
        for e in &edits {
            apply(&mut der, e);
        }
        if let Ok(parsed) = x509::parse(&der) {
            if parsed.is_signed_by(&f.ca_subject, &f.ca_public) {
                let original = x509::parse(&f.leaf).unwrap();
                prop_assert_eq!(says(&parsed), says(&original));
            }
        }
    }
}

/// Serials as the CA makes them: 1–20 bytes, positive, no leading zero byte.
fn serial() -> impl Strategy<Value = Vec<u8>> {
    (1u8..0x80, vec(any::<u8>(), 0..20)).prop_map(|(first, rest)| [vec![first], rest].concat())
}

/// Whole seconds from 1970 to the end of 9999 (what UTCTime/GeneralizedTime can hold).
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..253_402_300_800).prop_map(|secs| Utc.timestamp_opt(secs, 0).unwrap())
}

fn basic_four() -> impl Strategy<Value = BasicFour> {
    let sex = prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::NotApplicable), Just(Sex::NotKnown)];
    // The profile's 生年月日 carries the date's era: a date from 1873 (明治6年) on.
    let birth_date = (1873i32..2100, 1u32..=365)
        .prop_map(|(y, d)| chrono::NaiveDate::from_yo_opt(y, d).unwrap().format("%Y%m%d").to_string());
    // The profile's 氏名 and 住所 are never empty.
    (".{1,40}", ".{1,80}", birth_date, sex).prop_map(|(name, address, birth_date, sex)| BasicFour {
        name,
        address,
        birth_date,
        sex,
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// Each case is an RSA-2048 signature by the CA, so few of them.
    #[test]
    fn issued_leaves_read_back(
        serial in serial(),
        signing: bool,
        person in basic_four(),
        not_before in instant(),
        not_after in instant(),
    ) {
        let f = fixture();
        let kind = if signing { CertKind::Signing } else { CertKind::Auth };
        let basic_four = signing.then_some(&person);
        let spec = LeafSpec { serial: &serial, kind, public_key_der: &f.card_spki, basic_four, not_before, not_after };
        let parsed = x509::parse(&x509::build_leaf(&f.ca_key, &spec).unwrap()).unwrap();
        prop_assert_eq!(&parsed.serial, &server::ids::hex(&serial));
        prop_assert_eq!(parsed.kind, Some(kind));
        prop_assert!(!parsed.is_ca);
        prop_assert_eq!(&parsed.public_key, &f.card_public);
        prop_assert_eq!(parsed.basic_four.as_ref(), basic_four);
        prop_assert_eq!((parsed.not_before, parsed.not_after), (not_before, not_after));
        prop_assert!(parsed.is_signed_by(&f.ca_subject, &f.ca_public));
    }
}
