//! The X.509 side of the JPKI certificates: what the demo CA puts into them, and reading
//! back whatever certificate a card (or an attacker) presents. Both follow one profile,
//! J-LIS's ([`profile`]): the demo CA issues in it, production reads real cards with it.
//!
//! As issued by the demo CA (docs/CONTRACT-card.md, "Demo JPKI certificates"):
//! * signature `sha256WithRSAEncryption`, RSA-2048 keys, v3, random 128-bit serials;
//! * CA: `CN=JPKI Demo CA,O=Myna License Portal Demo,C=JP`, basicConstraints CA (critical),
//!   keyUsage keyCertSign|cRLSign (critical) — its name keeps it apart from J-LIS's CAs;
//! * both leaf kinds: basicConstraints not-CA (critical), certificatePolicies with the
//!   kind's JPKI policy ([`profile::POLICY_AUTH`] / [`profile::POLICY_SIGNING`]), keyUsage
//!   (critical) as the profile gives it;
//! * like the real JPKI, only the signing certificate names the person: its subjectAltName
//!   holds the 基本4情報 and the substitute-character fields ([`profile::san_entries`]).
//!   The subject of either is `CN=<serial>,C=JP`.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use jpki::{digest_info_sha256, BasicFour};
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::der::asn1::{Any, BitString, GeneralizedTime, OctetString, UtcTime};
use x509_cert::der::oid::AssociatedOid;
use x509_cert::der::{Decode, Encode};
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::CrlReason;
use x509_cert::ext::pkix::{BasicConstraints, CertificatePolicies, KeyUsage, KeyUsages, SubjectAltName};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, ObjectIdentifier, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

use super::{profile, CertKind};
use crate::ids::hex;

pub const OID_SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

pub const CA_SUBJECT: &str = "CN=JPKI Demo CA,O=Myna License Portal Demo,C=JP";

/// What a leaf certificate is issued for.
pub struct LeafSpec<'a> {
    /// Big-endian serial, positive, no leading zero byte.
    pub serial: &'a [u8],
    pub kind: CertKind,
    /// SubjectPublicKeyInfo DER of the card's key.
    pub public_key_der: &'a [u8],
    /// Carried by signing certificates only.
    pub basic_four: Option<&'a BasicFour>,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

fn sha256_with_rsa() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: OID_SHA256_WITH_RSA, parameters: Some(Any::null()) }
}

fn time(t: DateTime<Utc>) -> anyhow::Result<Time> {
    let secs = u64::try_from(t.timestamp()).map_err(|_| anyhow::anyhow!("time before 1970"))?;
    let d = Duration::from_secs(secs);
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
    Ok(match UtcTime::from_unix_duration(d) {
        Ok(u) => Time::UtcTime(u),
        Err(_) => Time::GeneralTime(GeneralizedTime::from_unix_duration(d)?),
    })
}

pub(super) fn from_time(t: &Time) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(i64::try_from(t.to_unix_duration().as_secs()).ok()?, 0).single()
}

fn extension<T: AssociatedOid + Encode>(value: &T, critical: bool) -> anyhow::Result<Extension> {
    Ok(Extension { extn_id: T::OID, critical, extn_value: OctetString::new(value.to_der()?)? })
}

/// The CA's signature over a to-be-signed DER (PKCS#1 v1.5, SHA-256), as a BIT STRING.
fn signature_over(tbs: &impl Encode, key: &RsaPrivateKey) -> anyhow::Result<BitString> {
    let digest: [u8; 32] = Sha256::digest(tbs.to_der()?).into();
    Ok(BitString::from_bytes(&key.sign(Pkcs1v15Sign::new_unprefixed(), &digest_info_sha256(digest))?)?)
}

/// Signs the TBS and assembles the certificate DER.
fn sign(tbs: TbsCertificate, key: &RsaPrivateKey) -> anyhow::Result<Vec<u8>> {
    let signature = signature_over(&tbs, key)?;
    let cert = Certificate { tbs_certificate: tbs, signature_algorithm: sha256_with_rsa(), signature };
    Ok(cert.to_der()?)
}

/// A revocation list signed by the CA (v2, sha256WithRSAEncryption): `revoked` lists
/// serials with their reason code. The demo's tests and the production test's CA use it;
/// the real lists come from J-LIS.
pub fn build_crl(
    ca_key: &RsaPrivateKey,
    issuer: &Name,
    this_update: DateTime<Utc>,
    next_update: Option<DateTime<Utc>>,
    revoked: &[(&[u8], CrlReason)],
) -> anyhow::Result<Vec<u8>> {
    let entries = revoked
        .iter()
        .map(|(serial, reason)| {
            Ok(RevokedCert {
                serial_number: SerialNumber::new(serial)?,
                revocation_date: time(this_update)?,
                crl_entry_extensions: Some(vec![extension(reason, false)?]),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let tbs = TbsCertList {
        version: Version::V2,
        signature: sha256_with_rsa(),
        issuer: issuer.clone(),
        this_update: time(this_update)?,
        next_update: next_update.map(time).transpose()?,
        revoked_certificates: (!entries.is_empty()).then_some(entries),
        crl_extensions: None,
    };
    let signature = signature_over(&tbs, ca_key)?;
    let list = CertificateList { tbs_cert_list: tbs, signature_algorithm: sha256_with_rsa(), signature };
    Ok(list.to_der()?)
}

/// The self-signed CA certificate.
pub fn build_ca(key: &RsaPrivateKey, not_before: DateTime<Utc>, not_after: DateTime<Utc>) -> anyhow::Result<Vec<u8>> {
    let name = Name::from_str(CA_SUBJECT)?;
    let spki_der = key.to_public_key().to_public_key_der()?;
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::from(1u32),
        signature: sha256_with_rsa(),
        issuer: name.clone(),
        validity: Validity { not_before: time(not_before)?, not_after: time(not_after)? },
        subject: name,
        subject_public_key_info: SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes())?,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(vec![
            extension(&BasicConstraints { ca: true, path_len_constraint: Some(0) }, true)?,
            extension(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
        ]),
    };
    sign(tbs, key)
}

/// A card's certificate, issued (signed) by the CA.
pub fn build_leaf(ca_key: &RsaPrivateKey, spec: &LeafSpec<'_>) -> anyhow::Result<Vec<u8>> {
    leaf(ca_key, spec, |_| {})
}

/// A certificate off the profile, signed all the same: `change` edits the extensions
/// (tests of each refusal: a wrong key usage, a missing item, another policy).
#[cfg(any(test, feature = "test-support"))]
pub fn build_leaf_with(
    ca_key: &RsaPrivateKey,
    spec: &LeafSpec<'_>,
    change: impl FnOnce(&mut Vec<Extension>),
) -> anyhow::Result<Vec<u8>> {
    leaf(ca_key, spec, change)
}

/// An extension as the CA writes it (for [`build_leaf_with`]'s changes).
#[cfg(any(test, feature = "test-support"))]
pub fn encode_extension<T: AssociatedOid + Encode>(value: &T, critical: bool) -> anyhow::Result<Extension> {
    extension(value, critical)
}

fn leaf(
    ca_key: &RsaPrivateKey,
    spec: &LeafSpec<'_>,
    change: impl FnOnce(&mut Vec<Extension>),
) -> anyhow::Result<Vec<u8>> {
    let serial_hex = hex(spec.serial);
    let subject = Name::from_str(&format!("CN={serial_hex},C=JP"))?;
    let policy = match spec.kind {
        CertKind::Auth => profile::POLICY_AUTH,
        CertKind::Signing => profile::POLICY_SIGNING,
    };
    let usage = profile::key_usage(spec.kind);
    let mut extensions = vec![
        extension(&BasicConstraints { ca: false, path_len_constraint: None }, true)?,
        extension(&usage, true)?,
        extension(
            &CertificatePolicies(vec![PolicyInformation { policy_identifier: policy, policy_qualifiers: None }]),
            false,
        )?,
    ];
    if let Some(b) = spec.basic_four {
        extensions.push(extension(&SubjectAltName(profile::san_entries(b)?), false)?);
    }
    change(&mut extensions);
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(spec.serial)?,
        signature: sha256_with_rsa(),
        issuer: Name::from_str(CA_SUBJECT)?,
        validity: Validity { not_before: time(spec.not_before)?, not_after: time(spec.not_after)? },
        subject,
        subject_public_key_info: SubjectPublicKeyInfoOwned::from_der(spec.public_key_der)?,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    sign(tbs, ca_key)
}

/// A certificate as presented, with what the checks need. Parsing proves only that it is
/// well-formed; [`ParsedCert::is_signed_by`] decides whether our CA issued it.
#[derive(Clone, Debug)]
pub struct ParsedCert {
    /// Lower-case hex of the serial (leading zero bytes stripped), the registry's key.
    pub serial: String,
    pub issuer: Name,
    /// Whom it names; for a CA certificate, the issuer name of what it signs (trust anchors).
    pub subject: Name,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// From the certificate policy; `None` when it carries neither JPKI policy.
    pub kind: Option<CertKind>,
    /// The keyUsage extension, when there is one.
    pub key_usage: Option<KeyUsage>,
    pub is_ca: bool,
    pub public_key: RsaPublicKey,
    /// The 基本4情報 of a signing certificate.
    pub basic_four: Option<BasicFour>,
    tbs_der: Vec<u8>,
    signature_algorithm: ObjectIdentifier,
    signature: Vec<u8>,
}

/// Parses DER (strictly: trailing bytes, BER-isms or a non-RSA key are refused).
/// The error text is for logs.
pub fn parse(der: &[u8]) -> Result<ParsedCert, String> {
    let cert = Certificate::from_der(der).map_err(|e| format!("certificate DER: {e}"))?;
    let tbs = &cert.tbs_certificate;
    let tbs_der = tbs.to_der().map_err(|e| format!("re-encoding TBS: {e}"))?;
    let spki_der = tbs.subject_public_key_info.to_der().map_err(|e| format!("SPKI: {e}"))?;
    let public_key = RsaPublicKey::from_public_key_der(&spki_der).map_err(|e| format!("not an RSA key: {e}"))?;
    let not_before = from_time(&tbs.validity.not_before).ok_or("notBefore out of range")?;
    let not_after = from_time(&tbs.validity.not_after).ok_or("notAfter out of range")?;
    let signature = cert.signature.as_bytes().ok_or("signature has unused bits")?.to_vec();
    let mut kind = None;
    let mut key_usage = None;
    let mut is_ca = false;
    let mut basic_four = None;
    for ext in tbs.extensions.iter().flatten() {
        let value = ext.extn_value.as_bytes();
        if ext.extn_id == CertificatePolicies::OID {
            let policies = CertificatePolicies::from_der(value).map_err(|e| format!("certificatePolicies: {e}"))?;
            // Two JPKI policies of different kinds in one certificate name no kind.
            for found in policies.0.iter().filter_map(|p| profile::kind_of_policy(&p.policy_identifier)) {
                kind = match kind {
                    None => Some(Some(found)),
                    Some(k) if k == Some(found) => Some(k),
                    Some(_) => Some(None),
                };
            }
        } else if ext.extn_id == KeyUsage::OID {
            key_usage = Some(KeyUsage::from_der(value).map_err(|e| format!("keyUsage: {e}"))?);
        } else if ext.extn_id == BasicConstraints::OID {
            is_ca = BasicConstraints::from_der(value).map_err(|e| format!("basicConstraints: {e}"))?.ca;
        } else if ext.extn_id == SubjectAltName::OID {
            let san = SubjectAltName::from_der(value).map_err(|e| format!("subjectAltName: {e}"))?;
            basic_four = profile::basic_four_of(&san);
        }
    }
    Ok(ParsedCert {
        serial: hex(tbs.serial_number.as_bytes()),
        issuer: tbs.issuer.clone(),
        subject: tbs.subject.clone(),
        not_before,
        not_after,
        kind: kind.flatten(),
        key_usage,
        is_ca,
        public_key,
        basic_four,
        tbs_der,
        signature_algorithm: cert.signature_algorithm.oid,
        signature,
    })
}

impl ParsedCert {
    /// Where this certificate leaves the JPKI profile for its kind, if it does (for the log;
    /// the person is told it is not a JPKI certificate): its key usage is not exactly the
    /// kind's, or a 署名用 one lacks one of the four basic items.
    pub fn profile_fault(&self) -> Option<&'static str> {
        let kind = self.kind?;
        if self.key_usage != Some(profile::key_usage(kind)) {
            return Some("keyUsage is not the profile's for its kind");
        }
        if kind == CertKind::Signing && self.basic_four.is_none() {
            return Some("a signing certificate without the four basic items");
        }
        None
    }

    /// Whether `ca` signed this certificate: issuer name equals the CA's subject, the
    /// algorithm is sha256WithRSAEncryption, and the CA's key verifies the signature.
    pub fn is_signed_by(&self, ca_subject: &Name, ca_key: &RsaPublicKey) -> bool {
        if &self.issuer != ca_subject || self.signature_algorithm != OID_SHA256_WITH_RSA {
            return false;
        }
        let digest: [u8; 32] = Sha256::digest(&self.tbs_der).into();
        ca_key.verify(Pkcs1v15Sign::new_unprefixed(), &digest_info_sha256(digest), &self.signature).is_ok()
    }

    /// Whether `signature` is this certificate's key's PKCS#1 v1.5 signature over the
    /// SHA-256 DigestInfo of `digest` (what the card's SIGN produces).
    pub fn verifies(&self, digest: [u8; 32], signature: &[u8]) -> bool {
        self.public_key.size() >= 256
            && self.public_key.verify(Pkcs1v15Sign::new_unprefixed(), &digest_info_sha256(digest), signature).is_ok()
    }
}
