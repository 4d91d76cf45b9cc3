//! 本籍のオンライン変更 (manual 3章②, SPEC §4.6): the 本籍 on the licence changed from the
//! koseki e-certificate, by an application signed with the card.
//!
//! Rules, in the order the server checks them on every request (routes.rs):
//! 1. linked, and the holding status allows it (SPEC §3: マイナ免許証のみ);
//! 2. no 本籍 application is 受付済 or 処理中 (a second one waits for the first's result);
//! 3. without 戸籍連携履歴: the card's 本人情報 read in this session (steps 4–6), whose
//!    氏名 and 生年月日 are the person's;
//! 4. the koseki system has a record (step 8), and its 本籍 differs from the licence's
//!    (otherwise there is nothing to change);
//! 5. 「確認事項に同意する」 was given (step 9);
//! 6. the card signature over the document the server issued, which names exactly the
//!    koseki record's 本籍 and 筆頭者氏名 (`crate::signature::verify_step`: the card's, or the
//!    phone credential's for someone with 戸籍連携履歴);
//! 7. stored with the client's idempotency key. The submission takes the one signed path
//!    ([`crate::applications::signed`]), which adds the replay of a used key and checks
//!    rule 1 as its eligibility.
//!
//! What the steps gave the server (3, 5) is kept against the session for ten minutes
//! ([`KeptSteps`]). The worker writes the new 本籍 through the driver registry (effects.rs);
//! the person has 戸籍連携履歴 from the first accepted application on.

pub mod effects;
pub mod routes;

pub use routes::routes;

use std::borrow::Cow;

use domain::link::CardAttributes;
use serde::{Deserialize, Serialize};

use crate::error::Refuse;
use crate::store::persons::Person;

/// The challenge purpose of the application (signed with the 署名用 key).
pub const PURPOSE: &str = "honseki_change";
/// The flow's name in `flow_states`.
pub const FLOW: &str = "honseki";
/// How long what the steps gave the server is kept.
pub const STATE_MINUTES: i64 = 10;

/// What the 本籍 steps gave the server (the card's 本人情報, the agreement), kept between them
/// against the session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptSteps {
    /// 本人情報 read from the card (steps 4–6).
    pub identity: Option<CardAttributes>,
    /// 「確認事項に同意する」 (step 9).
    pub agreed: bool,
}

/// Why a step is refused; each has its own problem code and tells the person what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HonsekiRefusal {
    NotEligible,
    ApplicationPending,
    IdentityRequired,
    IdentityMismatch,
    KosekiNotFound,
    NothingToChange,
    NotAgreed,
    DocumentMismatch,
    /// Signed with the phone credential without koseki link history: step 11 offers it
    /// only with history (manual 3章② step 11, 補足).
    PhoneNeedsKosekiHistory,
}

impl Refuse for HonsekiRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NotEligible => "honseki_not_eligible",
            Self::ApplicationPending => "application_pending",
            Self::IdentityRequired => "identity_required",
            Self::IdentityMismatch => "identity_mismatch",
            Self::KosekiNotFound => "koseki_not_found",
            Self::NothingToChange => "nothing_to_change",
            Self::NotAgreed => "not_agreed",
            Self::DocumentMismatch => "document_mismatch",
            Self::PhoneNeedsKosekiHistory => "phone_needs_koseki_history",
        }
    }

    fn status(&self) -> u16 {
        match self {
            Self::NotEligible | Self::IdentityMismatch | Self::DocumentMismatch | Self::PhoneNeedsKosekiHistory => 403,
            Self::ApplicationPending | Self::NothingToChange | Self::IdentityRequired | Self::NotAgreed => 409,
            Self::KosekiNotFound => 404,
        }
    }

    fn detail(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Self::NotEligible => "本籍のオンライン変更は、マイナ免許証のみをお持ちの方が利用できます。運転免許証もお持ちの方は、運転免許センター等の窓口で手続きしてください。",
            Self::ApplicationPending => "本籍のオンライン変更の申請を処理しています。結果がお知らせに届くまでお待ちください。",
            Self::IdentityRequired => "本人情報の確認が済んでいないか、時間がたったため無効になりました。「本人情報の確認」からやり直してください。",
            Self::IdentityMismatch => "マイナンバーカードから読み取った氏名・生年月日が、運転免許の情報と一致しません。ご本人のマイナンバーカードで、もう一度読み取ってください。",
            Self::KosekiNotFound => "戸籍電子証明書の情報を取得できませんでした。本籍のある市区町村にお問い合わせください。",
            Self::NothingToChange => "戸籍電子証明書の本籍は、運転免許に記録されている本籍と同じです。変更の申請は必要ありません。",
            Self::PhoneNeedsKosekiHistory => "戸籍連携履歴がないため、この申請にはスマホ用署名用電子証明書を使えません。マイナンバーカードで電子署名してください。",
            Self::NotAgreed => "「確認事項に同意する」にチェックしてから、もう一度お試しください。",
            Self::DocumentMismatch => "電子署名を付与した申請内容が、戸籍電子証明書の本籍・筆頭者氏名と一致しません。最初からやり直してください。",
        })
    }
}

/// Rule 3's identity check: the card's 氏名 and 生年月日 are the person's (the 住所 may be
/// older than the registry's: step 7 tells the person where to update it).
pub fn identity_matches(person: &Person, read: &CardAttributes) -> bool {
    let birth = person.birth_date.format("%Y%m%d").to_string();
    read.name == person.name && read.birth_date == birth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_needs_the_name_and_the_birth_date_but_not_the_address() {
        let taro = crate::demo::seed::people().into_iter().find(|p| p.id == "taro").unwrap();
        let read = CardAttributes {
            name: "免許 太郎".into(),
            address: "古い住所".into(),
            birth_date: "19960101".into(),
            sex: "1".into(),
        };
        assert!(identity_matches(&taro, &read));
        assert!(!identity_matches(&taro, &CardAttributes { name: "免許 次郎".into(), ..read.clone() }));
        assert!(!identity_matches(&taro, &CardAttributes { birth_date: "19960102".into(), ..read }));
    }
}
