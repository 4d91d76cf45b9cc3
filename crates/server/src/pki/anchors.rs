//! Production trust anchors (`--trust-anchors PATH`): the JPKI CA certificates that sign
//! the card's 利用者証明用 and 署名用 certificates. A card certificate is trusted when one
//! of them signed it; nothing else is (no demo CA, no system store).
//!
//! The file holds one or more PEM `CERTIFICATE` blocks (RFC 7468, as the JPKI publishes
//! them and as `openssl x509` writes them), concatenated. One file rather than a directory
//! so that what is trusted is one thing to review, copy and checksum. Text outside the
//! blocks (OpenSSL's human-readable dump, comments) is ignored; any other block is refused
//! (a private key in a trust file is a mistake worth stopping for). Every certificate must
//! be a CA certificate (basicConstraints cA) with an RSA key. An anchor vouches only
//! within its own validity period (issue 24: an expired CA's cards were accepted): RFC
//! 5280 leaves that to the relying party, and a JPKI CA past its end is retired.
//! Read once at start: replacing the file needs a restart.

use std::path::Path;

use anyhow::Context;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rsa::RsaPublicKey;
use x509_cert::name::Name;

use super::x509::{self, ParsedCert};

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// One trusted CA: the name its certificates carry as issuer, and its key.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub subject: Name,
    pub public_key: RsaPublicKey,
    pub not_before: chrono::DateTime<chrono::Utc>,
    pub not_after: chrono::DateTime<chrono::Utc>,
}

/// The configured CAs (at least one).
#[derive(Clone, Debug)]
pub struct TrustAnchors {
    anchors: Vec<Anchor>,
}

impl TrustAnchors {
    /// Reads and checks the PEM file at `path`.
    pub fn load(path: &Path) -> anyhow::Result<TrustAnchors> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--trust-anchors: cannot read {}", path.display()))?;
        TrustAnchors::from_pem(&text).map_err(|e| anyhow::anyhow!("--trust-anchors {}: {e}", path.display()))
    }

    /// The anchors in PEM text; the error says which certificate is wrong and how.
    pub fn from_pem(text: &str) -> Result<TrustAnchors, String> {
        let ders = pem_certificates(text)?;
        let mut anchors = Vec::with_capacity(ders.len());
        for (i, der) in ders.iter().enumerate() {
            let n = i + 1;
            let cert = x509::parse(der).map_err(|e| format!("certificate {n}: {e}"))?;
            if !cert.is_ca {
                return Err(format!(
                    "certificate {n} ({}) is not a CA certificate (no basicConstraints cA)",
                    cert.subject
                ));
            }
            anchors.push(Anchor {
                subject: cert.subject,
                public_key: cert.public_key,
                not_before: cert.not_before,
                not_after: cert.not_after,
            });
        }
        Ok(TrustAnchors { anchors })
    }

    /// Whether one of the anchors valid at `at` signed `cert` (issuer name and signature).
    pub fn issued(&self, cert: &ParsedCert, at: chrono::DateTime<chrono::Utc>) -> bool {
        self.anchors
            .iter()
            .filter(|a| a.not_before <= at && at <= a.not_after)
            .any(|a| cert.is_signed_by(&a.subject, &a.public_key))
    }

    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }
}

/// The DER of every `CERTIFICATE` block, in order; at least one.
fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut found = Vec::new();
    // Inside a block: its first line number and the base64 so far.
    let mut open: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let number = i + 1;
        match open.take() {
            None => {
                if let Some(label) = line.strip_prefix(BEGIN).and_then(|l| l.strip_suffix(DASHES)) {
                    if label != "CERTIFICATE" {
                        return Err(format!("line {number}: a {label} block; only CERTIFICATE blocks belong here"));
                    }
                    open = Some((number, String::new()));
                }
            }
            Some((start, mut b64)) => {
                if let Some(label) = line.strip_prefix(END).and_then(|l| l.strip_suffix(DASHES)) {
                    if label != "CERTIFICATE" {
                        return Err(format!("line {number}: END {label} closes the CERTIFICATE of line {start}"));
                    }
                    let der =
                        B64.decode(&b64).map_err(|e| format!("the CERTIFICATE of line {start}: not base64: {e}"))?;
                    found.push(der);
                } else if line.starts_with(BEGIN) {
                    return Err(format!("line {number}: BEGIN inside the CERTIFICATE of line {start}"));
                } else {
                    b64.push_str(line);
                    open = Some((start, b64));
                }
            }
        }
    }
    if let Some((start, _)) = open {
        return Err(format!("the CERTIFICATE of line {start} has no END line"));
    }
    if found.is_empty() {
        return Err("no PEM CERTIFICATE block (-----BEGIN CERTIFICATE-----)".into());
    }
    Ok(found)
}

/// A certificate as a PEM block (64 base64 characters a line), the inverse of the reader:
/// for writing a CA's certificate out as an anchor file.
pub fn to_pem(der: &[u8]) -> String {
    let b64 = B64.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_among_other_text() {
        let one = to_pem(b"\x30\x03\x02\x01\x07");
        let text = format!("Bag Attributes\nsubject=CN=x\n{one}\n# second\n{one}");
        assert_eq!(pem_certificates(&text).unwrap(), vec![b"\x30\x03\x02\x01\x07".to_vec(); 2]);
        // CRLF line ends, as files copied from Windows have.
        assert_eq!(pem_certificates(&one.replace('\n', "\r\n")).unwrap().len(), 1);
    }

    #[test]
    fn anything_but_certificates_is_refused() {
        let refused = |text: &str| pem_certificates(text).unwrap_err();
        assert!(refused("").contains("no PEM CERTIFICATE"));
        assert!(refused("just text\n").contains("no PEM CERTIFICATE"));
        assert!(refused("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").contains("PRIVATE KEY"));
        assert!(refused("-----BEGIN CERTIFICATE-----\nAAAA\n").contains("no END"));
        assert!(refused("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n").contains("not base64"));
        assert!(refused("-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n").contains("closes"));
        // Base64 that is no certificate, and a certificate that is no CA.
        assert!(TrustAnchors::from_pem(&to_pem(b"\x30\x03\x02\x01\x07")).unwrap_err().starts_with("certificate 1:"));
        let key = jpki::sim::generate_key_pkcs8(&mut rand_core::OsRng);
        let leaf = jpki::sim::self_signed_cert_der(&key, "not a CA", 1).unwrap();
        let err = TrustAnchors::from_pem(&to_pem(&leaf)).unwrap_err();
        assert!(err.contains("not a CA certificate"), "{err}");
    }
}
