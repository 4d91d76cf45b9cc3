//! The rules of linking (属性連携, manual 2章 ①-1), in the order the server checks them:
//! 1. the holding status allows linking (SPEC §3), and the person is not linked yet — or
//!    linked to a record the registry no longer holds (a lapsed or revoked licence, then a
//!    new one: manual 2章①-1 補足), which linking again replaces (issue 30);
//! 2. the pre-procedures are done (card integrated — implied by the status — and the
//!    signing certificate submitted at a centre);
//! 3. the attributes the person sent equal the signing certificate's 基本4情報;
//! 4. the signature, the certificate's chain, validity and revocation, and that the
//!    certificate is the session person's ([`crate::signature::verify_signed`]).
//!
//! The attributes are used for matching within the request and never stored: the signed
//! document carries only their SHA-256. The endpoints are routes.rs.

pub mod routes;

pub use routes::routes;

use std::borrow::Cow;

use domain::document;
use domain::eligibility::{allows, Service};
use domain::link::CardAttributes;
use jpki::BasicFour;
use sha2::{Digest, Sha256};

use crate::error::Refuse;
use crate::store::persons::Person;

/// The challenge purpose of the link agreement (signed with the 署名用 key).
pub const PURPOSE: &str = "link";
/// The terms the person agreed to, named in the signed document.
pub const TERMS_VERSION: &str = "属性連携利用規約（2026年12月版）";

/// Why linking is refused; each has its own problem code and tells the person what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    StatusNotLinkable,
    AlreadyLinked,
    SigningCertNotSubmitted,
    InvalidAttributes,
    /// An item holds a line break or another control character (named by its label):
    /// a card never does, and the signed text must have exactly one reading.
    ControlCharacter(&'static str),
    AttributesMismatch,
}

impl Refuse for LinkRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::StatusNotLinkable => "status_not_linkable",
            Self::AlreadyLinked => "already_linked",
            Self::SigningCertNotSubmitted => "signing_cert_not_submitted",
            Self::InvalidAttributes => "invalid_attributes",
            Self::ControlCharacter(_) => "attributes_control_character",
            Self::AttributesMismatch => "attributes_mismatch",
        }
    }

    fn status(&self) -> u16 {
        match self {
            Self::AlreadyLinked => 409,
            Self::InvalidAttributes | Self::ControlCharacter(_) => 400,
            _ => 403,
        }
    }

    fn detail(&self) -> Cow<'static, str> {
        match self {
            Self::StatusNotLinkable => "現在の免許保有状況では、マイナポータルとマイナ免許証を連携できません。運転免許センター等で、マイナンバーカードと運転免許証の一体化などにより保有状況を変更してから、もう一度お試しください。".into(),
            Self::AlreadyLinked => "すでにマイナ免許証と連携しています。運転免許ページからご利用ください。".into(),
            Self::SigningCertNotSubmitted => "署名用電子証明書がまだ提出されていないため、連携できません。運転免許センター等の窓口でマイナンバーカードの署名用電子証明書を提出してから、もう一度お試しください。".into(),
            Self::InvalidAttributes => "マイナンバーカードから読み取った情報を確認できませんでした。もう一度「マイナンバーカードを読み取る」からやり直してください。".into(),
            Self::ControlCharacter(label) => format!("読み取った{label}に改行などの制御文字が含まれているため、受け付けられません。もう一度「マイナンバーカードを読み取る」からやり直してください。").into(),
            Self::AttributesMismatch => "読み取った情報（氏名・生年月日・住所・性別）が署名用電子証明書の情報と一致しません。住所などを変更した場合は、お住まいの市区町村の窓口でカードの記載事項を変更してから、もう一度お試しください。".into(),
        }
    }
}

/// Checks 1 and 2: may this person start (or finish) linking at all?
pub fn may_link(person: &Person) -> Result<(), LinkRefusal> {
    if !allows(person.status, Service::LinkAndView) {
        return Err(LinkRefusal::StatusNotLinkable);
    }
    if person.link_is_current() {
        return Err(LinkRefusal::AlreadyLinked);
    }
    if !person.signing_cert_submitted {
        return Err(LinkRefusal::SigningCertNotSubmitted);
    }
    Ok(())
}

/// The attributes must look like what a card holds: no control character anywhere,
/// non-empty, a YYYYMMDD date, an ISO 5218 digit, and of sane length.
pub fn check_attributes(a: &CardAttributes) -> Result<(), LinkRefusal> {
    if let Some(label) = a.item_with_control() {
        return Err(LinkRefusal::ControlCharacter(label));
    }
    let date_ok = a.birth_date.len() == 8 && a.birth_date.bytes().all(|b| b.is_ascii_digit());
    let sex_ok = matches!(a.sex.as_str(), "0" | "1" | "2" | "9");
    let text_ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= 200;
    if date_ok && sex_ok && text_ok(&a.name) && text_ok(&a.address) {
        Ok(())
    } else {
        Err(LinkRefusal::InvalidAttributes)
    }
}

/// Check 3: the attributes sent equal those the signing certificate carries.
pub fn attributes_match(sent: &CardAttributes, cert: Option<&BasicFour>) -> Result<(), LinkRefusal> {
    let Some(cert) = cert else { return Err(LinkRefusal::AttributesMismatch) };
    let same = sent.name == cert.name
        && sent.address == cert.address
        && sent.birth_date == cert.birth_date
        && sent.sex.as_bytes() == [cert.sex.code()];
    if same {
        Ok(())
    } else {
        Err(LinkRefusal::AttributesMismatch)
    }
}

/// SHA-256 (hex) of the attributes' canonical form: what the signed document names.
pub fn attributes_digest(a: &CardAttributes) -> String {
    crate::ids::hex(&Sha256::digest(a.canonical().as_bytes()))
}

/// The signed agreement's title line.
pub const DOCUMENT_TITLE: &str = "マイナポータルとマイナ免許証の連携（属性連携）に同意します。";
const LABELS: [&str; 4] = ["利用規約", "照合用情報", "利用者", "日時"];

/// The document the person signs at step 9: their agreement, the terms, and (by hash
/// only) the attributes they sent at step 7. In the shared signed-document form
/// ([`domain::document`]), so it has exactly one reading; the server makes every value,
/// hence an error here is the server's own.
pub fn agreement_document(person_id: &str, attributes: &CardAttributes, at: &str) -> anyhow::Result<String> {
    let digest = attributes_digest(attributes);
    let fields = [(LABELS[0], TERMS_VERSION), (LABELS[1], &digest), (LABELS[2], person_id), (LABELS[3], at)];
    document::render(DOCUMENT_TITLE, &fields).map_err(|e| anyhow::anyhow!("link agreement document: {e:?}"))
}

/// The attribute digest a signed document names (to check it is the one sent now);
/// `None` unless the text is exactly an agreement document.
pub fn digest_in_document(text: &str) -> Option<&str> {
    document::parse(text, DOCUMENT_TITLE, &LABELS).map(|v| v[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use jpki::Sex;

    fn sent() -> CardAttributes {
        CardAttributes {
            name: "免許 一郎".into(),
            address: "東京都".into(),
            birth_date: "19900101".into(),
            sex: "1".into(),
        }
    }

    fn on_cert() -> BasicFour {
        BasicFour {
            name: "免許 一郎".into(), address: "東京都".into(), birth_date: "19900101".into(), sex: Sex::Male
        }
    }

    #[test]
    fn matching_needs_all_four_items() {
        assert_eq!(attributes_match(&sent(), Some(&on_cert())), Ok(()));
        for changed in [
            CardAttributes { name: "免許 二郎".into(), ..sent() },
            CardAttributes { address: "大阪府".into(), ..sent() },
            CardAttributes { birth_date: "19900102".into(), ..sent() },
            CardAttributes { sex: "2".into(), ..sent() },
        ] {
            assert_eq!(attributes_match(&changed, Some(&on_cert())), Err(LinkRefusal::AttributesMismatch));
        }
        assert_eq!(attributes_match(&sent(), None), Err(LinkRefusal::AttributesMismatch));
    }

    #[test]
    fn malformed_attributes_are_refused() {
        assert_eq!(check_attributes(&sent()), Ok(()));
        assert!(check_attributes(&CardAttributes { birth_date: "1990-1-1".into(), ..sent() }).is_err());
        assert!(check_attributes(&CardAttributes { sex: "男".into(), ..sent() }).is_err());
        assert!(check_attributes(&CardAttributes { name: " ".into(), ..sent() }).is_err());
    }

    #[test]
    fn the_document_names_the_attributes_by_digest_only() {
        let doc = agreement_document("ichiro", &sent(), "2026年12月15日 10:00").unwrap();
        assert!(!doc.contains("東京都") && !doc.contains("免許 一郎"));
        assert!(
            doc.starts_with("マイナポータルとマイナ免許証の連携（属性連携）に同意します。\n利用規約：属性連携利用規約")
        );
        assert_eq!(digest_in_document(&doc), Some(attributes_digest(&sent()).as_str()));
        // Only the exact shape has a digest: not a line appended, not another document.
        assert_eq!(digest_in_document(&format!("{doc}\n照合用情報：00")), None);
        assert_eq!(digest_in_document(&doc.replace(DOCUMENT_TITLE, "別の文書")), None);
        assert!(agreement_document("ichiro\n照合用情報：00", &sent(), "t").is_err());
    }

    #[test]
    fn control_characters_in_the_attributes_are_refused_by_name() {
        let posing = CardAttributes { name: "免許 一郎\n住所:大阪府".into(), ..sent() };
        assert_eq!(check_attributes(&posing), Err(LinkRefusal::ControlCharacter("氏名")));
        for address in ["東京都\r", "東京\t都", "東京都\u{2028}", "東京都\u{2029}", "東京都\u{7}"] {
            let a = CardAttributes { address: address.into(), ..sent() };
            assert_eq!(check_attributes(&a), Err(LinkRefusal::ControlCharacter("住所")), "{address:?}");
        }
        let refusal = LinkRefusal::ControlCharacter("住所");
        assert_eq!((refusal.code(), refusal.status()), ("attributes_control_character", 400));
        assert!(
            refusal.detail().starts_with("読み取った住所に改行などの制御文字が含まれている"),
            "{}",
            refusal.detail()
        );
    }
}
