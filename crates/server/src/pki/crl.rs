//! Revocation in production (issue 26.2): the certificate revocation lists the operator
//! configures (`--crl FILE`, once per issuing CA; DER or PEM `X509 CRL`), as J-LIS
//! publishes them for the 利用者証明用 and 署名用 certificates.
//!
//! A list counts only when one of the trust anchors signed it (sha256WithRSAEncryption,
//! checked when the file is read) and it is current at the business clock: from its
//! thisUpdate to its nextUpdate. Past its nextUpdate, or with none, revocation *cannot be
//! checked*, and a certificate whose status cannot be checked is refused, not accepted: a
//! stale list says nothing about the cards lost since. The same holds for a certificate of
//! an anchor that has no list, and for a list whose file has become unreadable or invalid.
//!
//! Each file is read at start (a list that cannot be read stops the server there) and read
//! again when its modification time or length changes, at the next check: the operator's
//! download job replaces the file and nothing restarts. Status from an OCSP responder of a
//! platform operator would be a second [`RevocationSource`] (docs/PKI.md; not built).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::crl::CertificateList;
use x509_cert::der::oid::AssociatedOid;
use x509_cert::der::{Decode, Encode};
use x509_cert::ext::pkix::CrlReason;
use x509_cert::name::Name;

use super::anchors::TrustAnchors;
use super::x509::{self, ParsedCert, OID_SHA256_WITH_RSA};
use crate::ids::hex;

/// A certificate's revocation status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Good,
    /// On the list, with its reason as people know it (none for "unspecified").
    Revoked {
        reason: Option<String>,
    },
    /// No current list vouches either way (for logs; the person is told it cannot be checked).
    CannotCheck(String),
}

/// One list as read: whose it is (the anchor that signed it), when it holds, what it lists.
#[derive(Clone, Debug)]
pub struct Crl {
    issuer: Name,
    /// The key of the anchor that signed the list: a certificate counts as covered only
    /// when this same key signed it (two anchors may share a name across a key rollover).
    signer: RsaPublicKey,
    this_update: DateTime<Utc>,
    next_update: Option<DateTime<Utc>>,
    /// Serial (lower-case hex, as [`ParsedCert::serial`]) → reason.
    revoked: HashMap<String, Option<String>>,
}

impl Crl {
    /// Parses a DER or PEM list and checks that one of `anchors` signed it.
    pub fn parse(bytes: &[u8], anchors: &TrustAnchors) -> Result<Crl, String> {
        let der = der_of(bytes)?;
        let list = CertificateList::from_der(&der).map_err(|e| format!("CRL DER: {e}"))?;
        if list.signature_algorithm.oid != OID_SHA256_WITH_RSA {
            return Err(format!("CRL signed with {}, not sha256WithRSAEncryption", list.signature_algorithm.oid));
        }
        let tbs = &list.tbs_cert_list;
        let tbs_der = tbs.to_der().map_err(|e| format!("re-encoding the CRL's TBS: {e}"))?;
        let digest: [u8; 32] = Sha256::digest(&tbs_der).into();
        let signature = list.signature.as_bytes().ok_or("CRL signature has unused bits")?;
        let signer = anchors
            .anchors()
            .iter()
            .filter(|a| a.subject == tbs.issuer)
            .find(|a| {
                a.public_key
                    .verify(Pkcs1v15Sign::new_unprefixed(), &jpki::digest_info_sha256(digest), signature)
                    .is_ok()
            })
            .ok_or_else(|| format!("no trust anchor signed this CRL (issuer {})", tbs.issuer))?;
        let this_update = x509::from_time(&tbs.this_update).ok_or("thisUpdate out of range")?;
        let next_update = match &tbs.next_update {
            Some(t) => Some(x509::from_time(t).ok_or("nextUpdate out of range")?),
            None => None,
        };
        let mut revoked = HashMap::new();
        for entry in tbs.revoked_certificates.iter().flatten() {
            let mut reason = None;
            for ext in entry.crl_entry_extensions.iter().flatten() {
                if ext.extn_id == CrlReason::OID {
                    let r = CrlReason::from_der(ext.extn_value.as_bytes()).map_err(|e| format!("reasonCode: {e}"))?;
                    reason = reason_label(r).map(str::to_string);
                }
            }
            revoked.insert(hex(entry.serial_number.as_bytes()), reason);
        }
        Ok(Crl { issuer: tbs.issuer.clone(), signer: signer.public_key.clone(), this_update, next_update, revoked })
    }

    /// Whether this list speaks for `cert` (same issuer, signed by the same key).
    fn covers(&self, cert: &ParsedCert) -> bool {
        cert.is_signed_by(&self.issuer, &self.signer)
    }

    fn status(&self, cert: &ParsedCert, at: DateTime<Utc>) -> Status {
        if at < self.this_update {
            return Status::CannotCheck(format!("the CRL of {} holds from {}", self.issuer, self.this_update));
        }
        match self.next_update {
            None => return Status::CannotCheck(format!("the CRL of {} has no nextUpdate", self.issuer)),
            Some(next) if at > next => {
                return Status::CannotCheck(format!("the CRL of {} is stale: its nextUpdate was {next}", self.issuer))
            }
            Some(_) => {}
        }
        match self.revoked.get(&cert.serial) {
            Some(reason) => Status::Revoked { reason: reason.clone() },
            None => Status::Good,
        }
    }
}

/// RFC 5280's reason codes, in the words a card holder meets at the counter.
fn reason_label(reason: CrlReason) -> Option<&'static str> {
    Some(match reason {
        CrlReason::Unspecified | CrlReason::RemoveFromCRL => return None,
        CrlReason::KeyCompromise => "鍵の危殆化",
        CrlReason::CaCompromise | CrlReason::AaCompromise => "認証局の危殆化",
        CrlReason::AffiliationChanged => "記載事項の変更",
        CrlReason::Superseded => "電子証明書の再発行",
        CrlReason::CessationOfOperation => "電子証明書の利用の終了",
        CrlReason::CertificateHold => "一時利用停止",
        CrlReason::PrivilegeWithdrawn => "利用資格の喪失",
    })
}

/// The DER of a DER file, or of the one `X509 CRL` block of a PEM file.
fn der_of(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let Ok(text) = std::str::from_utf8(bytes) else { return Ok(bytes.to_vec()) };
    if !text.trim_start().starts_with("-----BEGIN ") {
        return Ok(bytes.to_vec());
    }
    let mut body = String::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line == "-----BEGIN X509 CRL-----" {
            inside = true;
        } else if line == "-----END X509 CRL-----" {
            return B64.decode(&body).map_err(|e| format!("CRL PEM base64: {e}"));
        } else if line.starts_with("-----BEGIN ") {
            return Err(format!("{line}: not an X509 CRL block"));
        } else if inside {
            body.push_str(line);
        }
    }
    Err("no complete X509 CRL block".into())
}

/// A file's identity as far as a reload goes: its modification time and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(path: &Path) -> Result<Stamp, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Stamp { modified: meta.modified().ok(), len: meta.len() })
}

struct Watched {
    path: PathBuf,
    state: Mutex<Read>,
}

/// What the last read of a file gave. `list` is the last list read well: kept when the
/// file turns bad, so that its own CA's certificates become "cannot check" (`error`)
/// rather than "no list for this CA".
struct Read {
    stamp: Option<Stamp>,
    list: Crl,
    error: Option<String>,
}

/// Where production takes a certificate's revocation status from: the operator's CRLs
/// ([`RevocationLists`]) today. An OCSP client of a platform operator would be another
/// implementation (docs/PKI.md, "Revocation": one request per certificate, the responder's
/// answer signed by the anchor or a delegated responder, a stale or missing answer
/// [`Status::CannotCheck`]). It answers at once: a source that needs the network keeps a
/// cache that a background task refreshes, as the CRL files are refreshed by the operator.
pub trait RevocationSource: Send + Sync {
    /// `cert`'s status at `at` (the business clock); `anchors` say who signed what.
    fn status(&self, cert: &ParsedCert, anchors: &TrustAnchors, at: DateTime<Utc>) -> Status;
}

impl RevocationSource for RevocationLists {
    fn status(&self, cert: &ParsedCert, anchors: &TrustAnchors, at: DateTime<Utc>) -> Status {
        RevocationLists::status(self, cert, anchors, at)
    }
}

/// The configured lists, each reread when its file changes.
pub struct RevocationLists {
    files: Vec<Watched>,
}

impl RevocationLists {
    /// Reads every file now; any that cannot be read or checked stops the start.
    pub fn load(paths: &[PathBuf], anchors: &TrustAnchors) -> anyhow::Result<RevocationLists> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let (stamp, list) = read(path, anchors).map_err(|e| anyhow::anyhow!("--crl {}: {e}", path.display()))?;
            tracing::info!(path = %path.display(), issuer = %list.issuer, next_update = ?list.next_update, "CRL");
            files.push(Watched {
                path: path.clone(),
                state: Mutex::new(Read { stamp: Some(stamp), list, error: None }),
            });
        }
        Ok(RevocationLists { files })
    }

    /// `cert`'s status at `at` (the business clock), from the list of the anchor that
    /// issued it, rereading any file that changed since it was last read.
    pub fn status(&self, cert: &ParsedCert, anchors: &TrustAnchors, at: DateTime<Utc>) -> Status {
        for file in &self.files {
            let mut state = file.state.lock().unwrap_or_else(|p| p.into_inner());
            let now = stamp(&file.path).ok();
            if now.is_none() || now != state.stamp {
                state.stamp = now;
                match read(&file.path, anchors) {
                    Ok((_, list)) => {
                        tracing::info!(path = %file.path.display(), next_update = ?list.next_update, "CRL reread");
                        state.list = list;
                        state.error = None;
                    }
                    Err(e) => {
                        tracing::error!(path = %file.path.display(), "CRL unusable: {e}");
                        state.error = Some(e);
                    }
                }
            }
            if !state.list.covers(cert) {
                continue;
            }
            return match &state.error {
                Some(e) => Status::CannotCheck(e.clone()),
                None => state.list.status(cert, at),
            };
        }
        Status::CannotCheck(format!("no CRL is configured for {}", cert.issuer))
    }
}

fn read(path: &Path, anchors: &TrustAnchors) -> Result<(Stamp, Crl), String> {
    let stamp = stamp(path)?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((stamp, Crl::parse(&bytes, anchors)?))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use x509_cert::ext::pkix::CrlReason;

    use super::*;
    use crate::pki::{self, anchors, Authority, CertKind};

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().unwrap()
    }

    struct World {
        ca: Authority,
        anchors: TrustAnchors,
        card: ParsedCert,
        other_card: ParsedCert,
        dir: tempfile::TempDir,
    }

    async fn world() -> World {
        let ca = Authority::generate("test/crl-ca").await.unwrap();
        let anchors = TrustAnchors::from_pem(&anchors::to_pem(&ca.cert_der)).unwrap();
        let card = |label: &'static str| {
            let ca = &ca;
            async move {
                let key = pki::keys::generate(label).await.unwrap();
                let issued = ca.issue(CertKind::Auth, "p", &key, None, pki::card_validity()).unwrap();
                x509::parse(&issued.cert_der).unwrap()
            }
        };
        let (card, other_card) = (card("test/crl-card-1").await, card("test/crl-card-2").await);
        World { ca, anchors, card, other_card, dir: tempfile::tempdir().unwrap() }
    }

    impl World {
        /// A list current 2026-12-01 to 2026-12-31, revoking the first card as a lost one.
        fn december(&self) -> Vec<u8> {
            self.ca
                .crl(at(2026, 12, 1), Some(at(2026, 12, 31)), &[(&self.card.serial, CrlReason::CertificateHold)])
                .unwrap()
        }

        fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        }
    }

    #[tokio::test]
    async fn a_listed_card_is_revoked_with_its_reason_and_the_others_are_good() {
        let w = world().await;
        let lists = RevocationLists::load(&[w.write("jpki.crl", &w.december())], &w.anchors).unwrap();
        let today = at(2026, 12, 15);
        assert_eq!(lists.status(&w.card, &w.anchors, today), Status::Revoked { reason: Some("一時利用停止".into()) });
        assert_eq!(lists.status(&w.other_card, &w.anchors, today), Status::Good);
    }

    #[tokio::test]
    async fn pem_reads_as_der_does() {
        let w = world().await;
        let der = w.december();
        let pem = format!(
            "-----BEGIN X509 CRL-----\n{}\n-----END X509 CRL-----\n",
            B64.encode(&der)
                .as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        );
        let lists = RevocationLists::load(&[w.write("jpki.pem", pem.as_bytes())], &w.anchors).unwrap();
        assert!(matches!(lists.status(&w.card, &w.anchors, at(2026, 12, 15)), Status::Revoked { .. }));
        let wrong = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(Crl::parse(wrong.as_bytes(), &w.anchors).unwrap_err().contains("not an X509 CRL"));
    }

    #[tokio::test]
    async fn a_stale_list_or_one_not_yet_current_cannot_vouch() {
        let w = world().await;
        let lists = RevocationLists::load(&[w.write("jpki.crl", &w.december())], &w.anchors).unwrap();
        for day in [at(2027, 1, 1), at(2026, 11, 30)] {
            let status = lists.status(&w.other_card, &w.anchors, day);
            assert!(matches!(status, Status::CannotCheck(_)), "{day}: {status:?}");
        }
        let endless = w.ca.crl(at(2026, 12, 1), None, &[]).unwrap();
        let lists = RevocationLists::load(&[w.write("endless.crl", &endless)], &w.anchors).unwrap();
        assert!(matches!(lists.status(&w.other_card, &w.anchors, at(2026, 12, 15)), Status::CannotCheck(_)));
    }

    #[tokio::test]
    async fn a_list_no_anchor_signed_is_refused_and_a_card_without_a_list_cannot_be_checked() {
        let w = world().await;
        let other = Authority::generate("test/crl-other-ca").await.unwrap();
        let forged = other.crl(at(2026, 12, 1), Some(at(2026, 12, 31)), &[]).unwrap();
        let err = RevocationLists::load(&[w.write("forged.crl", &forged)], &w.anchors).err().unwrap();
        assert!(err.to_string().contains("no trust anchor signed this CRL"), "{err}");
        let none = RevocationLists::load(&[], &w.anchors).unwrap();
        assert!(matches!(none.status(&w.card, &w.anchors, at(2026, 12, 15)), Status::CannotCheck(_)));
    }

    #[tokio::test]
    async fn the_file_is_reread_when_it_changes_and_a_bad_one_fails_closed() {
        let w = world().await;
        let empty = w.ca.crl(at(2026, 12, 1), Some(at(2026, 12, 31)), &[]).unwrap();
        let path = w.write("jpki.crl", &empty);
        let lists = RevocationLists::load(std::slice::from_ref(&path), &w.anchors).unwrap();
        let today = at(2026, 12, 15);
        assert_eq!(lists.status(&w.card, &w.anchors, today), Status::Good);
        let touch = |secs: i64| {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(SystemTime::now() + Duration::seconds(secs).to_std().unwrap()).unwrap();
        };
        // The download job puts the next list in place: the lost card is revoked at once.
        std::fs::write(&path, w.december()).unwrap();
        touch(1);
        assert!(matches!(lists.status(&w.card, &w.anchors, today), Status::Revoked { .. }));
        // A truncated download: this CA's cards cannot be checked, none is let through.
        std::fs::write(&path, &w.december()[..100]).unwrap();
        touch(2);
        assert!(matches!(lists.status(&w.other_card, &w.anchors, today), Status::CannotCheck(_)));
        std::fs::write(&path, &empty).unwrap();
        touch(3);
        assert_eq!(lists.status(&w.other_card, &w.anchors, today), Status::Good);
    }
}
