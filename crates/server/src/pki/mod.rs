//! The demo JPKI CA (SPEC §5, §7.2): generated on first need and persisted, it issues each
//! demo person's 利用者証明用 (auth) and 署名用 (signing) certificates and keeps the list of
//! what it issued (serial → person) and what it revoked. Certificate contents: [`x509`].
//!
//! Trust ([`Trust`]): in demo mode the signature module trusts exactly this CA; in
//! production exactly the JPKI CA certificates configured with `--trust-anchors`
//! ([`anchors`]), and no demo CA is ever created or read there. The checks are the same.

pub mod anchors;
pub mod crl;
pub mod keys;
pub mod profile;
pub mod x509;

use chrono::{DateTime, TimeZone, Utc};
use jpki::BasicFour;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use x509_cert::name::Name;

use crate::store::pki::{self as db, IssuedCert};
use crate::store::Store;

/// The two certificates of a My Number card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertKind {
    /// 利用者証明用電子証明書: log-in; names no one.
    Auth,
    /// 署名用電子証明書: signed applications; carries the 基本4情報.
    Signing,
}

impl CertKind {
    pub fn code(self) -> &'static str {
        match self {
            CertKind::Auth => "auth",
            CertKind::Signing => "signing",
        }
    }

    pub fn from_code(code: &str) -> Option<CertKind> {
        match code {
            "auth" => Some(CertKind::Auth),
            "signing" => Some(CertKind::Signing),
            _ => None,
        }
    }

    /// As people know it.
    pub fn label(self) -> &'static str {
        match self {
            CertKind::Auth => "利用者証明用電子証明書",
            CertKind::Signing => "署名用電子証明書",
        }
    }
}

/// The CA, loaded and ready to issue and to verify.
pub struct Authority {
    key: RsaPrivateKey,
    pub cert_der: Vec<u8>,
    pub subject: Name,
    pub public_key: RsaPublicKey,
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).single().expect("valid constant")
}

/// The CA certificate's validity: 2024-01-01 to the end of 2049 (UTC).
pub fn ca_validity() -> (DateTime<Utc>, DateTime<Utc>) {
    (utc(2024, 1, 1, 0, 0, 0), utc(2049, 12, 31, 23, 59, 59))
}

/// Every card certificate's validity: 2025-04-01 00:00 to 2030-03-31 23:59:59 Japan time.
/// Fixed (not "now + 5 years") so demo runs are reproducible; the demo clock's default,
/// 2026-12-15, is well inside it. Moving the demo clock past 2030-03-31 expires them.
pub fn card_validity() -> (DateTime<Utc>, DateTime<Utc>) {
    (utc(2025, 3, 31, 15, 0, 0), utc(2030, 3, 31, 14, 59, 59))
}

impl Authority {
    fn from_row(key_pkcs8: &[u8], cert_der: Vec<u8>) -> anyhow::Result<Authority> {
        let key = RsaPrivateKey::from_pkcs8_der(key_pkcs8).map_err(|e| anyhow::anyhow!("CA key: {e}"))?;
        let parsed = x509::parse(&cert_der).map_err(|e| anyhow::anyhow!("CA certificate: {e}"))?;
        let public_key = key.to_public_key();
        anyhow::ensure!(parsed.public_key == public_key, "CA certificate does not match its key");
        Ok(Authority { key, subject: parsed.subject, public_key, cert_der })
    }

    /// A new CA (key generated under `label`, see [`keys::generate`], certificate
    /// self-signed), not stored. [`ensure`] stores the demo one; tests make others under
    /// their own labels (a production trust anchor, a look-alike CA).
    pub async fn generate(label: &str) -> anyhow::Result<Authority> {
        Authority::generate_valid(label, ca_validity()).await
    }

    /// [`generate`](Self::generate) with its certificate valid from `validity.0` to
    /// `validity.1` (tests: an anchor past its own end).
    pub async fn generate_valid(label: &str, validity: (DateTime<Utc>, DateTime<Utc>)) -> anyhow::Result<Authority> {
        let key_pkcs8 = keys::generate(label).await?;
        let key = RsaPrivateKey::from_pkcs8_der(&key_pkcs8).map_err(|e| anyhow::anyhow!("CA key: {e}"))?;
        let (not_before, not_after) = validity;
        let cert_der = x509::build_ca(&key, not_before, not_after)?;
        Authority::from_row(&key_pkcs8, cert_der)
    }

    /// The CA key as PKCS#8 DER (what the demo database stores).
    fn key_pkcs8(&self) -> anyhow::Result<Vec<u8>> {
        Ok(self.key.to_pkcs8_der().map_err(|e| anyhow::anyhow!("CA key: {e}"))?.as_bytes().to_vec())
    }

    /// A revocation list of this CA (DER), current from `this_update` to `next_update`,
    /// listing `revoked` (serial as lower-case hex, reason). Tests of the production path
    /// ([`crl`]) and, later, the demo publish it; the real lists are J-LIS's.
    pub fn crl(
        &self,
        this_update: DateTime<Utc>,
        next_update: Option<DateTime<Utc>>,
        revoked: &[(&str, x509_cert::ext::pkix::CrlReason)],
    ) -> anyhow::Result<Vec<u8>> {
        let serials = revoked
            .iter()
            .map(|(serial, reason)| {
                Ok((::hex::decode(serial).map_err(|e| anyhow::anyhow!("serial {serial}: {e}"))?, *reason))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let entries: Vec<(&[u8], _)> = serials.iter().map(|(s, r)| (s.as_slice(), *r)).collect();
        x509::build_crl(&self.key, &self.subject, this_update, next_update, &entries)
    }

    /// A certificate of this CA off the JPKI profile (`change` edits its extensions), for
    /// the tests of each refusal. Not stored.
    #[cfg(any(test, feature = "test-support"))]
    pub fn issue_changed(
        &self,
        kind: CertKind,
        key_pkcs8: &[u8],
        basic_four: Option<&BasicFour>,
        change: impl FnOnce(&mut Vec<x509_cert::ext::Extension>),
    ) -> anyhow::Result<Vec<u8>> {
        let key = RsaPrivateKey::from_pkcs8_der(key_pkcs8).map_err(|e| anyhow::anyhow!("card key: {e}"))?;
        let spki = key.to_public_key().to_public_key_der()?;
        let serial = crate::ids::new_serial();
        let validity = card_validity();
        let spec = x509::LeafSpec {
            serial: &serial,
            kind,
            public_key_der: spki.as_bytes(),
            basic_four,
            not_before: validity.0,
            not_after: validity.1,
        };
        x509::build_leaf_with(&self.key, &spec, change)
    }

    /// Issues a certificate of `kind` for `person_id` to the key in `key_pkcs8` (the card's;
    /// only its public half goes into the certificate). Not stored: see [`register`].
    pub fn issue(
        &self,
        kind: CertKind,
        person_id: &str,
        key_pkcs8: &[u8],
        basic_four: Option<&BasicFour>,
        validity: (DateTime<Utc>, DateTime<Utc>),
    ) -> anyhow::Result<IssuedCert> {
        let key = RsaPrivateKey::from_pkcs8_der(key_pkcs8).map_err(|e| anyhow::anyhow!("card key: {e}"))?;
        let spki = key.to_public_key().to_public_key_der()?;
        let serial = crate::ids::new_serial();
        let cert_der = x509::build_leaf(
            &self.key,
            &x509::LeafSpec {
                serial: &serial,
                kind,
                public_key_der: spki.as_bytes(),
                basic_four: if kind == CertKind::Signing { basic_four } else { None },
                not_before: validity.0,
                not_after: validity.1,
            },
        )?;
        Ok(IssuedCert {
            serial: crate::ids::hex(&serial),
            person_id: person_id.to_string(),
            kind: kind.code().to_string(),
            cert_der,
            not_before: validity.0,
            not_after: validity.1,
        })
    }
}

/// The CA if it was ever created.
pub async fn load(store: &Store) -> anyhow::Result<Option<Authority>> {
    match db::authority(store).await? {
        Some(row) => Ok(Some(Authority::from_row(&row.key_pkcs8, row.cert_der)?)),
        None => Ok(None),
    }
}

/// Serialises CA creation within the process (creation across processes is settled by
/// the database: the first insert wins and everyone loads that one).
static CREATING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The demo CA, created (key generated, certificate self-signed, stored) on first call.
/// Demo mode only: the virtual cards are its only caller, and they refuse production.
pub async fn ensure(store: &Store) -> anyhow::Result<Authority> {
    if let Some(ca) = load(store).await? {
        return Ok(ca);
    }
    let _creating = CREATING.lock().await;
    if let Some(ca) = load(store).await? {
        return Ok(ca);
    }
    let ca = Authority::generate("ca").await?;
    if db::insert_authority(store, &ca.key_pkcs8()?, &ca.cert_der, Utc::now()).await? {
        tracing::info!("created the demo JPKI CA");
    }
    load(store).await?.ok_or_else(|| anyhow::anyhow!("CA vanished after insert"))
}

/// Whom card certificates must have been issued by.
pub enum Trust {
    /// Demo mode: the demo CA in the database (none yet = nothing is trusted).
    DemoCa,
    /// Production: exactly these CA certificates (`--trust-anchors`), and where their
    /// certificates' revocation status comes from: the operator's CRLs (`--crl`, required
    /// in production; see [`crl::RevocationSource`] for another source).
    Anchors { anchors: anchors::TrustAnchors, revocation: Box<dyn crl::RevocationSource> },
}

impl Trust {
    /// Whether a trusted CA signed `cert` (its issuer name and signature; see
    /// [`x509::ParsedCert::is_signed_by`]); a configured anchor only within its own
    /// validity at `at`. The caller checks the certificate's validity, revocation and kind.
    pub async fn issued(&self, store: &Store, cert: &x509::ParsedCert, at: DateTime<Utc>) -> anyhow::Result<bool> {
        Ok(match self {
            Trust::DemoCa => match load(store).await? {
                Some(ca) => cert.is_signed_by(&ca.subject, &ca.public_key),
                None => false,
            },
            Trust::Anchors { anchors, .. } => anchors.issued(cert, at),
        })
    }

    /// Whether `cert` (one [`issued`](Self::issued) said a trusted CA signed) is revoked
    /// at `at`: in demo mode by the demo CA's own list in the database, in production by
    /// the configured CRLs ([`crl`]).
    pub async fn revocation(
        &self,
        store: &Store,
        cert: &x509::ParsedCert,
        at: DateTime<Utc>,
    ) -> anyhow::Result<crl::Status> {
        match self {
            Trust::Anchors { anchors, revocation } => Ok(revocation.status(cert, anchors, at)),
            Trust::DemoCa => Ok(if db::is_revoked(store, &cert.serial).await? {
                crl::Status::Revoked { reason: db::revocation_reason(store, &cert.serial).await? }
            } else {
                crl::Status::Good
            }),
        }
    }
}

/// Records an issued certificate in the CA's registry (serial → person, kind).
pub async fn register(conn: &mut crate::store::Conn, cert: &IssuedCert) -> anyhow::Result<()> {
    db::insert_certificate(conn, cert, Utc::now()).await?;
    // A card issued to a demo person whose card is reported lost is revoked at once.
    if let Some(reason) = suspended_reason(&cert.person_id) {
        db::revoke_person_in(conn, &cert.person_id, reason, Utc::now()).await?;
    }
    Ok(())
}

/// Demo people whose card was reported lost (issue 30): the CA revokes both of their
/// certificates, so the card is refused at login with that reason. Kept here, beside the
/// revocation list, so a reset and a card issued later agree.
pub const DEMO_SUSPENDED: &[(&str, &str)] = &[("kaede", "紛失の届出によるカードの一時利用停止")];

fn suspended_reason(person_id: &str) -> Option<&'static str> {
    DEMO_SUSPENDED.iter().find(|(id, _)| *id == person_id).map(|(_, reason)| *reason)
}

/// Demo reset: after the revocation list is emptied, the lost cards' certificates (those
/// already issued) are revoked again.
pub async fn revoke_suspended(conn: &mut crate::store::Conn) -> anyhow::Result<()> {
    for (person, reason) in DEMO_SUSPENDED {
        db::revoke_person_in(conn, person, reason, Utc::now()).await?;
    }
    Ok(())
}
