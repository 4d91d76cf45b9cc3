//! 本籍のオンライン変更 (manual 3章②, SPEC §4.6): the wire types of the flow and the
//! document the person signs at steps 10–12.

use serde::{Deserialize, Serialize};

use crate::applications::ApplicationSummary;
use crate::document::{self, DocumentError};
use crate::link::CardAttributes;

/// The signed document's title line.
pub const DOCUMENT_TITLE: &str = "本籍のオンライン変更の申請";
const APPLICANT: &str = "申請者";
const NEW_HONSEKI: &str = "変更後の本籍";
const HEAD: &str = "筆頭者氏名";
const AT: &str = "申請日時";
const NONCE: &str = "確認番号";
const LABELS: [&str; 5] = [APPLICANT, NEW_HONSEKI, HEAD, AT, NONCE];

/// `GET /api/honseki`: where the person stands in the flow. The server keeps what the
/// steps gave it (the card's 本人情報, the agreement) for a short time against the session,
/// so a reload or a discarded tab resumes the step instead of starting again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonsekiStatus {
    /// The holding status allows the online change (SPEC §3: マイナ免許証のみ).
    pub eligible: bool,
    /// 戸籍連携履歴: steps 3–7 are skipped.
    pub koseki_history: bool,
    /// 本人情報 read from the card at steps 4–6, shown at step 7.
    pub identity: Option<CardAttributes>,
    /// 「確認事項に同意する」 was given at step 9.
    pub agreed: bool,
    /// A 本籍 application is 受付済 or 処理中: a second one waits for its result.
    pub pending: bool,
    /// The newest 本籍 application (the completion screen shows it again after a reload).
    pub latest: Option<ApplicationSummary>,
}

/// `GET /api/honseki/koseki` (step 8): 本籍 and 筆頭者氏名 as the koseki e-certificate
/// gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KosekiRecord {
    pub honseki: String,
    pub head_name: String,
    /// The licence already records this 本籍: there is nothing to change.
    pub same_as_license: bool,
}

/// What a honseki document says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HonsekiDocument {
    pub applicant: String,
    pub honseki: String,
    pub head_name: String,
}

/// The document signed at steps 10–12: who applies, the new 本籍 and 筆頭者氏名.
pub fn document(
    applicant: &str,
    honseki: &str,
    head_name: &str,
    at: &str,
    nonce: &str,
) -> Result<String, DocumentError> {
    document::render(
        DOCUMENT_TITLE,
        &[(APPLICANT, applicant), (NEW_HONSEKI, honseki), (HEAD, head_name), (AT, at), (NONCE, nonce)],
    )
}

/// A honseki document's contents; `None` unless it is exactly one.
pub fn parse_document(doc: &str) -> Option<HonsekiDocument> {
    let v = document::parse(doc, DOCUMENT_TITLE, &LABELS)?;
    Some(HonsekiDocument { applicant: v[0].into(), honseki: v[1].into(), head_name: v[2].into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_the_new_honseki_and_reads_back() {
        let doc =
            document("taro", "東京都千代田区霞が関二丁目1番地", "免許 太郎", "2026年12月15日 10:00", "0f").unwrap();
        assert!(doc
            .starts_with("本籍のオンライン変更の申請\n申請者：taro\n変更後の本籍：東京都千代田区霞が関二丁目1番地\n"));
        let parsed = parse_document(&doc).unwrap();
        assert_eq!(parsed.honseki, "東京都千代田区霞が関二丁目1番地");
        assert_eq!(parsed.head_name, "免許 太郎");
        assert_eq!(parsed.applicant, "taro");
        assert!(parse_document(&doc.replace("本籍のオンライン変更の申請", "別の申請")).is_none());
        assert!(document("taro", "A\n筆頭者氏名：B", "C", "t", "n").is_err());
    }
}
