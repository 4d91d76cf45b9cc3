//! The scenes, by the manual's chapters. Walks (`const …: &[Act]`) are the steps up to a
//! screen, shared by the states of that screen and of the ones after it.
//!
//! Demo people (SPEC §5): 免許 一郎 (ichiro) is unlinked and can link; 免許 太郎 (taro) is
//! linked with one-stop consent; 戸籍 さくら (sakura) has 戸籍連携履歴; the others are the
//! 対象外 / 受講不可 variants. Demo PINs: 1234 (card-info, auth), ABC123 (signing).

use super::Act::*;
use super::Control::{Clock, Hold, Removal, Tries};
use super::Who::{Person, Visitor};
use super::{Act, Manual, Pin, Scene};
use crate::PageId;

const fn m(section: &'static str, step: u8) -> Manual {
    Manual { section, step }
}

pub(super) const ALL: &[&[Scene]] = &[
    START,
    LOGIN_PIN_STATES,
    START_AFTER_PIN,
    LINK,
    LINK_CARD_INFO_PIN_STATES,
    LINK_READ_TO_TERMS,
    LINK_SIGNING_PIN_STATES,
    LINK_SIGNED,
    UNLINK,
    LICENSE,
    LECTURE,
    HONSEKI,
    HONSEKI_SIGNING_PIN_STATES,
    HONSEKI_SIGNED,
    ONESTOP,
    ONESTOP_SIGNING_PIN_STATES,
    ONESTOP_SIGNED,
    NOTICES,
    ACCOUNT,
    ABOUT,
];

// ---- Card steps every flow shares ----

/// After a card-read screen's 「読み取り開始」: what the screen shows while the held card
/// does not answer (before any data, and inside a certificate).
const WAITING: &str = "カードをスマートフォンの背面上部にあわせてください";
const READING: &str = "カードを動かさないでください";
/// APDUs answered before the hold, in a read of the card: the PIN check takes 4 (SELECT DF,
/// SELECT PIN EF, the tries query, VERIFY), the EF 3 more (SELECT DF, SELECT EF, the
/// header READ BINARY that tells its size, when progress starts) — then the data chunks.
const INTO_CERTIFICATE: u32 = 8;
const INTO_CARD_INFO: u32 = 7;
const TWO_LEFT: &str = "あと2回間違えるとロックされます";
const LAST_TRY: &str = "次に間違えるとロックされます";

// ---- The PIN dialog's states, generated (issue 27) ----

/// A card step's PIN dialog: where it is and who opens it (`walk` ends with it open).
struct PinStep {
    page: PageId,
    manual: &'static [Manual],
    who: super::Who,
    pin: Pin,
    walk: &'static [Act],
}

/// What the demo card and the dialog say for each PIN (demo PINs: 1234, ABC123).
impl Pin {
    /// The dialog's title (manual: the screens name them so).
    const fn title(self) -> &'static str {
        match self {
            Pin::CardInfo => "券面情報の読取",
            Pin::Auth => "利用者証明用電子証明書",
            Pin::Signing => "電子署名の付与",
        }
    }

    /// A malformed PIN, and what the dialog says of it.
    const fn malformed(self) -> (&'static str, &'static str) {
        match self {
            Pin::CardInfo | Pin::Auth => ("12", "パスワードは数字4桁で入力してください。"),
            Pin::Signing => ("abc", "英大文字と数字を組み合わせた6～16桁で入力してください。"),
        }
    }

    /// A well-formed PIN the card refuses, 「次へ」 and 「読み取り開始」 (one list per PIN
    /// form, shared by every dialog's states).
    const fn wrong_read(self) -> &'static [Act] {
        match self {
            Pin::CardInfo | Pin::Auth => &[Fill("パスワード", "9999"), Click("次へ"), Click("読み取り開始")],
            Pin::Signing => &[Fill("パスワード", "WRONG1"), Click("次へ"), Click("読み取り開始")],
        }
    }

    /// The demo card's PIN, 「次へ」 and 「読み取り開始」.
    const fn right_read(self) -> &'static [Act] {
        match self {
            Pin::CardInfo | Pin::Auth => &[Fill("パスワード", "1234"), Click("次へ"), Click("読み取り開始")],
            Pin::Signing => &[Fill("パスワード", "ABC123"), Click("次へ"), Click("読み取り開始")],
        }
    }

    /// What the dialog says once the card reports the lock.
    const fn locked(self) -> &'static str {
        match self {
            Pin::CardInfo => "券面事項入力補助用のパスワードがロックされています",
            Pin::Auth => "利用者証明用電子証明書のパスワードがロックされています",
            Pin::Signing => "署名用電子証明書のパスワードがロックされています",
        }
    }
}

/// The scenes of one PIN dialog: `key` with nothing typed (state `empty`), then each state
/// named — `invalid` (a malformed PIN, refused before the card), `two_left` and `last_try`
/// (a wrong PIN with the card at 3 or 2 tries), `locked` (the card at 0) — keyed
/// `key-invalid`, … and stated with `word` (the manual's 暗証番号 or パスワード). The card's
/// tries are set just before the read they are for.
macro_rules! pin_scenes {
    ($key:literal, $word:literal, $empty:literal, $step:expr; $($state:ident),*) => {
        [
            Scene {
                key: $key,
                page: $step.page,
                manual: $step.manual,
                state: $empty,
                who: $step.who,
                acts: $step.walk,
                shows: $step.pin.title(),
            },
            $(pin_scenes!(@$state $key, $word, $step),)*
        ]
    };
    (@invalid $key:literal, $word:literal, $step:expr) => {
        Scene {
            key: concat!($key, "-invalid"),
            state: concat!($word, "の形式の誤り"),
            acts: &[Walk($step.walk), Fill("パスワード", $step.pin.malformed().0), Click("次へ"), Invalid("パスワード")],
            shows: $step.pin.malformed().1,
            ..pin_scenes!(@base $step)
        }
    };
    (@two_left $key:literal, $word:literal, $step:expr) => {
        Scene {
            key: concat!($key, "-two-left"),
            state: concat!($word, "の誤り（残り2回）"),
            acts: &[Walk($step.walk), Set(Tries($step.pin, 3)), Walk($step.pin.wrong_read())],
            shows: TWO_LEFT,
            ..pin_scenes!(@base $step)
        }
    };
    (@last_try $key:literal, $word:literal, $step:expr) => {
        Scene {
            key: concat!($key, "-last-try"),
            state: concat!($word, "の誤り（残り1回）"),
            acts: &[Walk($step.walk), Set(Tries($step.pin, 2)), Walk($step.pin.wrong_read())],
            shows: LAST_TRY,
            ..pin_scenes!(@base $step)
        }
    };
    (@locked $key:literal, $word:literal, $step:expr) => {
        Scene {
            key: concat!($key, "-locked"),
            state: concat!($word, "のロック"),
            acts: &[Walk($step.walk), Set(Tries($step.pin, 0)), Walk($step.pin.right_read())],
            shows: $step.pin.locked(),
            ..pin_scenes!(@base $step)
        }
    };
    (@base $step:expr) => {
        Scene { key: "", page: $step.page, manual: $step.manual, state: "", who: $step.who, acts: &[], shows: "" }
    };
}

// ---- 1章: login ----

const START: &[Scene] = &[
    Scene {
        key: "home",
        page: PageId::Home,
        manual: &[m("1章②", 0)],
        state: "ログイン前",
        who: Visitor,
        acts: &[Go("/")],
        shows: "ログイン",
    },
    Scene {
        key: "login",
        page: PageId::Login,
        manual: &[m("1章②", 0)],
        state: "利用者の選択（デモ）",
        who: Visitor,
        acts: &[Go("/login")],
        shows: "免許 太郎",
    },
];

const LOGIN_PIN_STATES: &[Scene] = &pin_scenes!("login-pin", "パスワード", "利用者証明用電子証明書のパスワード（未入力）", PinStep { page: PageId::Login, manual: &[m("1章②", 0)], who: Visitor, pin: Pin::Auth, walk: LOGIN_PIN }; invalid, two_left, locked);

const START_AFTER_PIN: &[Scene] = &[Scene {
    key: "login-card-revoked",
    page: PageId::Login,
    manual: &[m("1章②", 0)],
    state: "紛失の届出で電子証明書が失効したカード（紛失 かえで）",
    who: Visitor,
    acts: &[Go("/login"), Click("紛失 かえで"), Fill("パスワード", "1234"), Click("次へ"), Click("読み取り開始")],
    shows: "理由：紛失の届出によるカードの一時利用停止",
}];

const LOGIN_PIN: &[Act] = &[Go("/login"), Click("免許 太郎")];

// ---- 2章①-1: linking (免許 一郎) ----

const LINK_INTRO: &[Act] = &[Go("/license"), Click("連携をはじめる"), At("/license/link")];
const LINK_SEND: &[Act] = &[Walk(LINK_INTRO), Click("連携"), Click("同意して次へ"), At("/license/link/send")];
const LINK_CARD_INFO_PIN: &[Act] = &[Walk(LINK_SEND), Click("マイナンバーカードを読み取る")];
const LINK_CARD_INFO_READ: &[Act] = &[Walk(LINK_CARD_INFO_PIN), Fill("パスワード", "1234"), Click("次へ")];
const LINK_READ_RESULT: &[Act] = &[Walk(LINK_CARD_INFO_READ), Click("読み取り開始"), At("/license/link/read-result")];
const LINK_TERMS: &[Act] = &[Walk(LINK_READ_RESULT), Click("送信"), At("/license/link/terms")];
const LINK_SIGNING_PIN: &[Act] = &[
    Walk(LINK_TERMS),
    ScrollToEnd("利用規約"),
    Enabled("利用規約を確認しました。"),
    Check("利用規約を確認しました。"),
    Click("同意する"),
];
const LINK_SIGNING_READ: &[Act] = &[Walk(LINK_SIGNING_PIN), Fill("パスワード", "ABC123"), Click("次へ")];

const ICHIRO: super::Who = Person("ichiro");

/// Linking again (2章①-1 補足, issue 30): 再取得 蓮's link names a lapsed licence; the
/// licence page says so, and its 「連携をはじめる」 starts the same steps.
const REN: super::Who = Person("ren");
// The same steps as linking the first time.
const RELINK_SIGNING_READ: &[Act] = LINK_SIGNING_READ;
const RELINK_DONE: &[Act] = &[Walk(RELINK_SIGNING_READ), Click("読み取り開始"), At("/license/link/done")];

const LINK: &[Scene] = &[
    Scene {
        key: "link-1",
        page: PageId::License,
        manual: &[m("2章①-1", 1)],
        state: "未連携",
        who: ICHIRO,
        acts: &[Go("/license")],
        shows: "連携をはじめる",
    },
    Scene {
        key: "link-1-cannot",
        page: PageId::License,
        manual: &[m("2章①-1", 1)],
        state: "連携できない保有状況（運転免許証のみ）",
        who: Person("ken"),
        acts: &[Go("/license")],
        shows: "マイナポータルと連携できません",
    },
    Scene {
        key: "link-2",
        page: PageId::LinkIntro,
        manual: &[m("2章①-1", 2)],
        state: "連携の説明",
        who: ICHIRO,
        acts: LINK_INTRO,
        shows: "マイナ免許証との連携",
    },
    Scene {
        key: "link-2-cannot",
        page: PageId::LinkIntro,
        manual: &[m("2章①-1", 2)],
        state: "連携できない保有状況",
        who: Person("ken"),
        acts: &[Go("/license/link")],
        shows: "現在の保有状況では連携できません",
    },
    Scene {
        key: "link-3",
        page: PageId::LinkConsent,
        manual: &[m("2章①-1", 3)],
        state: "同意確認",
        who: ICHIRO,
        acts: &[Walk(LINK_INTRO), Click("連携"), At("/license/link/consent")],
        shows: "同意して次へ",
    },
    Scene {
        key: "link-4",
        page: PageId::LinkSend,
        manual: &[m("2章①-1", 4)],
        state: "読み取り準備",
        who: ICHIRO,
        acts: LINK_SEND,
        shows: "マイナンバーカードを読み取る",
    },
];

const LINK_CARD_INFO_PIN_STATES: &[Scene] = &pin_scenes!("link-5", "暗証番号", "券面事項入力補助用暗証番号（未入力）", PinStep { page: PageId::LinkSend, manual: &[m("2章①-1", 5)], who: ICHIRO, pin: Pin::CardInfo, walk: LINK_CARD_INFO_PIN }; invalid, two_left, locked);

const LINK_READ_TO_TERMS: &[Scene] = &[
    Scene {
        key: "link-6",
        page: PageId::LinkSend,
        manual: &[m("2章①-1", 6)],
        state: "カードの読み取り（開始前）",
        who: ICHIRO,
        acts: LINK_CARD_INFO_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "link-6-waiting",
        page: PageId::LinkSend,
        manual: &[m("2章①-1", 6)],
        state: "カードの読み取り（カード待ち）",
        who: ICHIRO,
        acts: &[Walk(LINK_CARD_INFO_READ), Set(Hold(0)), Click("読み取り開始")],
        shows: WAITING,
    },
    Scene {
        key: "link-6-reading",
        page: PageId::LinkSend,
        manual: &[m("2章①-1", 6)],
        state: "カードの読み取り（読み取り中）",
        who: ICHIRO,
        acts: &[Walk(LINK_CARD_INFO_READ), Set(Hold(INTO_CARD_INFO)), Click("読み取り開始")],
        shows: READING,
    },
    Scene {
        key: "link-6-failed",
        page: PageId::LinkSend,
        manual: &[m("2章①-1", 6)],
        state: "カードの読み取り（失敗）",
        who: ICHIRO,
        acts: &[Walk(LINK_CARD_INFO_READ), Set(Removal(3)), Click("読み取り開始")],
        shows: "再読み取り",
    },
    Scene {
        key: "link-7",
        page: PageId::LinkReadResult,
        manual: &[m("2章①-1", 7)],
        state: "読み取った情報",
        who: ICHIRO,
        acts: LINK_READ_RESULT,
        shows: "送信",
    },
    Scene {
        key: "link-7-not-submitted",
        page: PageId::LinkReadResult,
        manual: &[m("2章①-1", 7)],
        state: "署名用電子証明書が未提出（連携できない）",
        who: Person("yuki"),
        acts: &[Walk(LINK_READ_RESULT), Click("送信")],
        shows: "署名用電子証明書がまだ提出されていないため",
    },
    Scene {
        key: "link-8",
        page: PageId::LinkTerms,
        manual: &[m("2章①-1", 8)],
        state: "利用規約（スクロール前）",
        who: ICHIRO,
        acts: LINK_TERMS,
        shows: "利用規約を確認しました。",
    },
    Scene {
        key: "link-8-read",
        page: PageId::LinkTerms,
        manual: &[m("2章①-1", 8)],
        state: "利用規約（最後までスクロール後）",
        who: ICHIRO,
        acts: &[Walk(LINK_TERMS), ScrollToEnd("利用規約"), Enabled("利用規約を確認しました。")],
        shows: "利用規約を確認しました。",
    },
];

const LINK_SIGNING_PIN_STATES: &[Scene] = &pin_scenes!("link-9", "パスワード", "署名用電子証明書のパスワード（未入力）", PinStep { page: PageId::LinkTerms, manual: &[m("2章①-1", 9)], who: ICHIRO, pin: Pin::Signing, walk: LINK_SIGNING_PIN }; invalid, two_left, last_try, locked);

const LINK_SIGNED: &[Scene] = &[
    Scene {
        key: "link-10",
        page: PageId::LinkTerms,
        manual: &[m("2章①-1", 10)],
        state: "カードの読み取り（開始前）",
        who: ICHIRO,
        acts: LINK_SIGNING_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "link-10-reading",
        page: PageId::LinkTerms,
        manual: &[m("2章①-1", 10)],
        state: "カードの読み取り（読み取り中）",
        who: ICHIRO,
        acts: &[Walk(LINK_SIGNING_READ), Set(Hold(INTO_CERTIFICATE)), Click("読み取り開始")],
        shows: READING,
    },
    Scene {
        key: "link-11",
        page: PageId::LinkDone,
        manual: &[m("2章①-1", 11)],
        state: "連携の完了",
        who: ICHIRO,
        acts: &[Walk(LINK_SIGNING_READ), Click("読み取り開始"), At("/license/link/done")],
        shows: "アカウント連携の完了",
    },
    Scene {
        key: "relink-notice",
        page: PageId::License,
        manual: &[m("2章①-1", 0)],
        state: "再度の連携が必要（免許の失効・再取得の後）",
        who: REN,
        acts: &[Go("/license")],
        shows: "失効し又は取り消された",
    },
    Scene {
        key: "relink-11",
        page: PageId::LinkDone,
        manual: &[m("2章①-1", 11)],
        state: "再度の連携の完了（以前の連携を解除せずに置き換えるのはポータル独自）",
        who: REN,
        acts: RELINK_DONE,
        shows: "アカウント連携の完了",
    },
    Scene {
        key: "relinked-license",
        page: PageId::License,
        manual: &[m("2章①-1", 0), m("2章②", 0)],
        state: "再度の連携の後（再取得した免許を表示）",
        who: REN,
        acts: &[Walk(RELINK_DONE), Click("運転免許（運転経歴情報）ページへ"), At("/license")],
        shows: "初回（グリーン）",
    },
];

// ---- 2章①-2: unlinking (免許 太郎) ----

const TARO: super::Who = Person("taro");
const UNLINK_CONSENT: &[Act] = &[Go("/license"), Click("連携解除"), At("/license/unlink")];

const UNLINK: &[Scene] = &[
    Scene {
        key: "unlink-1",
        page: PageId::License,
        manual: &[m("2章①-2", 1)],
        state: "連携済み（連携解除の入口）",
        who: TARO,
        acts: &[Go("/license")],
        shows: "連携解除",
    },
    Scene {
        key: "unlink-2",
        page: PageId::UnlinkConsent,
        manual: &[m("2章①-2", 2)],
        state: "連携解除の同意確認",
        who: TARO,
        acts: UNLINK_CONSENT,
        shows: "手続き中の申請がある場合は完了後に連携を解除してください",
    },
    Scene {
        key: "unlink-3",
        page: PageId::UnlinkDone,
        manual: &[m("2章①-2", 3)],
        state: "連携解除の完了",
        who: TARO,
        acts: &[Walk(UNLINK_CONSENT), Click("同意して次へ"), At("/license/unlink/done")],
        shows: "外部サイトとの連携トップへ",
    },
];

// ---- 2章②: the licence and history views ----

const LICENSE: &[Scene] = &[
    Scene {
        key: "license-colour-blue-violation",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "色区分：違反（ブルー）— 色は免許証の帯、区分は講習の区分",
        who: Person("jiro"),
        acts: &[Go("/license")],
        shows: "違反（ブルー）",
    },
    Scene {
        key: "lost-card-help",
        page: PageId::LinkHelp,
        // The portal's own guidance (issue 30), from the licence page and the FAQ.
        manual: &[],
        state: "マイナンバーカードを紛失したとき",
        who: TARO,
        acts: &[Go("/license"), Click("マイナンバーカードを紛失したとき"), At("/license/link/help/:topic")],
        shows: "一時利用停止",
    },
    Scene {
        key: "license-hidden",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "免許情報（本籍・顔写真は非表示）",
        who: TARO,
        acts: &[Go("/license")],
        shows: "本籍を表示する",
    },
    Scene {
        key: "license-honseki-shown",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "本籍を表示",
        who: TARO,
        acts: &[Go("/license"), Click("本籍を表示する")],
        shows: "本籍を非表示にする",
    },
    Scene {
        key: "license-photo-shown",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "顔写真を表示",
        who: TARO,
        acts: &[Go("/license"), Click("顔写真を表示する")],
        shows: "顔写真を非表示にする",
    },
    Scene {
        key: "history-hidden",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "経歴情報（運転経歴区分は非表示）",
        who: Person("ume"),
        acts: &[Go("/license")],
        shows: "運転経歴区分を表示する",
    },
    Scene {
        key: "history-class-shown",
        page: PageId::License,
        manual: &[m("2章②", 0)],
        state: "運転経歴区分を表示",
        who: Person("ume"),
        acts: &[Go("/license"), Click("運転経歴区分を表示する")],
        shows: "運転経歴区分を非表示にする",
    },
];

// ---- 3章①: the online lecture (免許 太郎) ----

const LECTURE_PORTAL: &[Act] = &[Go("/license"), Click("オンライン講習について確認する"), At("/license/lecture")];
const LECTURE_ATTENDEE: &[Act] = &[Walk(LECTURE_PORTAL), Click("受講する"), At("/lecture")];
const LECTURE_CHAPTER_1: &[Act] = &[Walk(LECTURE_ATTENDEE), Click("受講を開始する"), At("/lecture/chapters/1")];
const LECTURE_ANSWERED_1: &[Act] = &[
    Walk(LECTURE_CHAPTER_1),
    ClickIfEnabled("再生"),
    Shows("再生が終わりました"),
    Check("わき見などの不注意"),
    Click("解答する"),
    Shows("正解です。"),
];
const LECTURE_COMPLETE: &[Act] = &[
    Walk(LECTURE_ANSWERED_1),
    Click("次の章へ"),
    At("/lecture/chapters/2"),
    ClickIfEnabled("再生"),
    Shows("再生が終わりました"),
    Check("横断歩道の手前で止まる"),
    Click("解答する"),
    Shows("正解です。"),
    Click("次の章へ"),
    At("/lecture/chapters/3"),
    ClickIfEnabled("再生"),
    Shows("再生が終わりました"),
    Check("運転免許センター等で更新の手続きをする"),
    Click("解答する"),
    Shows("正解です。"),
    Click("受講を完了する"),
    At("/lecture/complete"),
];

const LECTURE: &[Scene] = &[
    Scene {
        key: "lecture-1",
        page: PageId::License,
        manual: &[m("3章①", 1)],
        state: "更新のお知らせ（オンライン講習）",
        who: TARO,
        acts: &[Go("/license")],
        shows: "オンライン講習について確認する",
    },
    Scene {
        key: "lecture-1-flow",
        page: PageId::LectureFlowHelp,
        manual: &[m("3章①", 1)],
        state: "オンライン講習の流れ",
        who: TARO,
        acts: &[Go("/license/lecture/flow")],
        shows: "オンライン講習の流れについて",
    },
    Scene {
        key: "lecture-2",
        page: PageId::LecturePortal,
        manual: &[m("3章①", 2)],
        state: "受講できる",
        who: TARO,
        acts: LECTURE_PORTAL,
        shows: "受講後は、運転免許センター等で更新手続きが必要です",
    },
    Scene {
        key: "lecture-2-violation",
        page: PageId::LecturePortal,
        manual: &[m("3章①", 2)],
        state: "受講不可（違反運転者、色区分は違反（ブルー））",
        who: Person("jiro"),
        acts: &[Go("/license/lecture")],
        shows: "違反運転者の方はオンライン講習の対象外です",
    },
    Scene {
        key: "lecture-2-elderly",
        page: PageId::LecturePortal,
        manual: &[m("3章①", 2)],
        state: "受講不可（高齢者講習の対象）",
        who: Person("goro"),
        acts: &[Go("/license/lecture")],
        shows: "72歳",
    },
    Scene {
        key: "lecture-2-window",
        page: PageId::LecturePortal,
        manual: &[m("3章①", 2)],
        state: "受講不可（更新期間外）",
        who: TARO,
        acts: &[Set(Clock("2026-10-01T10:00:00+09:00")), Go("/license/lecture")],
        shows: "更新期間（2026年12月01日から2027年02月01日まで）",
    },
    Scene {
        key: "lecture-3",
        page: PageId::LectureAttendee,
        manual: &[m("3章①", 3)],
        state: "受講者情報（講習サイト）",
        who: TARO,
        acts: LECTURE_ATTENDEE,
        shows: "受講を開始する",
    },
    Scene {
        key: "lecture-3-chapter",
        page: PageId::LectureChapter,
        manual: &[m("3章①", 3)],
        state: "講習の章（再生前）",
        who: TARO,
        acts: LECTURE_CHAPTER_1,
        shows: "再生",
    },
    Scene {
        key: "lecture-3-answered",
        page: PageId::LectureChapter,
        manual: &[m("3章①", 3)],
        state: "確認問題に正解",
        who: TARO,
        acts: LECTURE_ANSWERED_1,
        shows: "正解です。",
    },
    Scene {
        key: "lecture-3-complete",
        page: PageId::LectureComplete,
        manual: &[m("3章①", 3)],
        state: "受講完了",
        who: TARO,
        acts: LECTURE_COMPLETE,
        shows: "受講完了",
    },
];

// ---- 3章②: 本籍 online (免許 太郎 without 戸籍連携履歴, 戸籍 さくら with it) ----

const HONSEKI_START: &[Act] = &[Go("/license"), Click("本籍のオンライン変更の申請"), At("/license/honseki")];
const HONSEKI_KOSEKI: &[Act] = &[Walk(HONSEKI_START), Click("申請する"), At("/license/honseki/koseki")];
const HONSEKI_IDENTITY: &[Act] = &[Walk(HONSEKI_KOSEKI), Click("次へ"), At("/license/honseki/identity")];
const HONSEKI_CARD_INFO_PIN: &[Act] = &[Walk(HONSEKI_IDENTITY), Click("読み取る")];
const HONSEKI_CARD_INFO_READ: &[Act] = &[Walk(HONSEKI_CARD_INFO_PIN), Fill("パスワード", "1234"), Click("次へ")];
const HONSEKI_IDENTITY_RESULT: &[Act] =
    &[Walk(HONSEKI_CARD_INFO_READ), Click("読み取り開始"), At("/license/honseki/identity-result")];
const HONSEKI_CONFIRM: &[Act] = &[Walk(HONSEKI_IDENTITY_RESULT), Click("次へ"), At("/license/honseki/confirm")];
/// With 戸籍連携履歴 (さくら), 「申請する」 goes straight to step 8.
const HONSEKI_CONFIRM_WITH_HISTORY: &[Act] =
    &[Go("/license/honseki"), Click("申請する"), At("/license/honseki/confirm")];
const HONSEKI_AGREEMENT: &[Act] =
    &[Walk(HONSEKI_CONFIRM_WITH_HISTORY), Click("次へ"), At("/license/honseki/agreement")];
const HONSEKI_SIGN: &[Act] =
    &[Walk(HONSEKI_AGREEMENT), Check("確認事項に同意する"), Click("次へ"), At("/license/honseki/sign")];
const HONSEKI_SIGNING_PIN: &[Act] = &[Walk(HONSEKI_SIGN), Click("電子署名をはじめる")];
const HONSEKI_SIGNING_READ: &[Act] = &[Walk(HONSEKI_SIGNING_PIN), Fill("パスワード", "ABC123"), Click("次へ")];
const HONSEKI_DONE: &[Act] = &[Walk(HONSEKI_SIGNING_READ), Click("読み取り開始"), At("/license/honseki/done")];

const SAKURA: super::Who = Person("sakura");

const HONSEKI: &[Scene] = &[
    Scene {
        key: "honseki-1",
        page: PageId::License,
        manual: &[m("3章②", 1)],
        state: "手続きの一覧",
        who: TARO,
        acts: &[Go("/license")],
        shows: "本籍のオンライン変更の申請",
    },
    Scene {
        key: "honseki-2",
        page: PageId::HonsekiStart,
        manual: &[m("3章②", 2)],
        state: "申請できる",
        who: TARO,
        acts: HONSEKI_START,
        shows: "申請する",
    },
    Scene {
        key: "honseki-2-excluded",
        page: PageId::HonsekiStart,
        manual: &[m("3章②", 2)],
        state: "利用対象外（2枚持ち）",
        who: Person("hanako"),
        acts: &[Go("/license/honseki")],
        shows: "オンライン変更の利用対象外です",
    },
    Scene {
        key: "honseki-3",
        page: PageId::HonsekiKoseki,
        manual: &[m("3章②", 3)],
        state: "戸籍情報のオンライン取得・提出",
        who: TARO,
        acts: HONSEKI_KOSEKI,
        shows: "マイナポータル 戸籍情報",
    },
    Scene {
        key: "honseki-4",
        page: PageId::HonsekiIdentity,
        manual: &[m("3章②", 4)],
        state: "本人情報の確認（読み取り前）",
        who: TARO,
        acts: HONSEKI_IDENTITY,
        shows: "読み取る",
    },
    Scene {
        key: "honseki-5",
        page: PageId::HonsekiIdentity,
        manual: &[m("3章②", 5)],
        state: "券面事項入力補助用暗証番号（未入力）",
        who: TARO,
        acts: HONSEKI_CARD_INFO_PIN,
        shows: "券面情報の読取",
    },
    Scene {
        key: "honseki-6",
        page: PageId::HonsekiIdentity,
        manual: &[m("3章②", 6)],
        state: "カードの読み取り（開始前）",
        who: TARO,
        acts: HONSEKI_CARD_INFO_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "honseki-6-failed",
        page: PageId::HonsekiIdentity,
        manual: &[m("3章②", 6)],
        state: "カードの読み取り（失敗）",
        who: TARO,
        acts: &[Walk(HONSEKI_CARD_INFO_READ), Set(Removal(3)), Click("読み取り開始")],
        shows: "再読み取り",
    },
    Scene {
        key: "honseki-7",
        page: PageId::HonsekiIdentityResult,
        manual: &[m("3章②", 7)],
        state: "読み取った本人情報",
        who: TARO,
        acts: HONSEKI_IDENTITY_RESULT,
        shows: "住民票のある市区町村",
    },
    Scene {
        key: "honseki-8",
        page: PageId::HonsekiConfirm,
        manual: &[m("3章②", 8)],
        state: "本籍・筆頭者氏名（戸籍から取得）",
        who: TARO,
        acts: HONSEKI_CONFIRM,
        shows: "東京都千代田区霞が関二丁目1番地",
    },
    Scene {
        key: "honseki-8-history",
        page: PageId::HonsekiConfirm,
        manual: &[m("3章②", 8)],
        state: "戸籍連携履歴あり（手順3～7なし）",
        who: SAKURA,
        acts: HONSEKI_CONFIRM_WITH_HISTORY,
        shows: "京都府京都市左京区下鴨半木町1番地",
    },
    Scene {
        key: "honseki-9",
        page: PageId::HonsekiAgreement,
        manual: &[m("3章②", 9)],
        state: "確認事項（同意前）",
        who: SAKURA,
        acts: HONSEKI_AGREEMENT,
        shows: "確認事項に同意する",
    },
    Scene {
        key: "honseki-9-agreed",
        page: PageId::HonsekiAgreement,
        manual: &[m("3章②", 9)],
        state: "確認事項（同意後）",
        who: SAKURA,
        acts: &[Walk(HONSEKI_AGREEMENT), Check("確認事項に同意する"), Enabled("次へ")],
        shows: "確認事項に同意する",
    },
    Scene {
        key: "honseki-10",
        page: PageId::HonsekiSign,
        manual: &[m("3章②", 10)],
        state: "電子署名して申請（読み取り準備）",
        who: SAKURA,
        acts: HONSEKI_SIGN,
        shows: "電子署名をはじめる",
    },
];

const HONSEKI_SIGNING_PIN_STATES: &[Scene] = &pin_scenes!("honseki-11", "パスワード", "署名用電子証明書のパスワード（未入力）", PinStep { page: PageId::HonsekiSign, manual: &[m("3章②", 11)], who: SAKURA, pin: Pin::Signing, walk: HONSEKI_SIGNING_PIN }; locked);

const HONSEKI_SIGNED: &[Scene] = &[
    Scene {
        key: "honseki-12",
        page: PageId::HonsekiSign,
        manual: &[m("3章②", 12)],
        state: "カードの読み取り（開始前）",
        who: SAKURA,
        acts: HONSEKI_SIGNING_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "honseki-12-waiting",
        page: PageId::HonsekiSign,
        manual: &[m("3章②", 12)],
        state: "カードの読み取り（カード待ち）",
        who: SAKURA,
        acts: &[Walk(HONSEKI_SIGNING_READ), Set(Hold(0)), Click("読み取り開始")],
        shows: WAITING,
    },
    Scene {
        key: "honseki-12-reading",
        page: PageId::HonsekiSign,
        manual: &[m("3章②", 12)],
        state: "カードの読み取り（読み取り中）",
        who: SAKURA,
        acts: &[Walk(HONSEKI_SIGNING_READ), Set(Hold(INTO_CERTIFICATE)), Click("読み取り開始")],
        shows: READING,
    },
    Scene {
        key: "honseki-13",
        page: PageId::HonsekiDone,
        manual: &[m("3章②", 13)],
        state: "申請完了（受付済）",
        who: SAKURA,
        acts: HONSEKI_DONE,
        shows: "受付済",
    },
    Scene {
        key: "honseki-13-processed",
        page: PageId::HonsekiDone,
        manual: &[m("3章②", 13)],
        state: "申請完了（受付済、処理後は現在の申請状況を併記）",
        who: SAKURA,
        acts: &[Walk(HONSEKI_DONE), Process, Go("/license"), Go("/license/honseki/done")],
        shows: "現在の申請状況：完了",
    },
    Scene {
        key: "honseki-13-status",
        page: PageId::ApplicationDetail,
        manual: &[m("3章②", 13)],
        state: "手続状況（申請の詳細）",
        who: SAKURA,
        acts: &[Walk(HONSEKI_DONE), Click("手続き状況を確認する"), At("/applications/:id")],
        shows: "受付済",
    },
];

// ---- 3章③: the address-change one-stop service (免許 太郎) ----

const ONESTOP_HUB: &[Act] = &[Go("/license"), Click("基本情報の自動変更"), At("/license/onestop")];
const ONESTOP_TERMS: &[Act] = &[Walk(ONESTOP_HUB), Click("利用開始手続に進む"), At("/license/onestop/start")];
const ONESTOP_ITEMS: &[Act] = &[
    Walk(ONESTOP_TERMS),
    ScrollToEnd("利用規約"),
    Check("利用規約を確認しました。"),
    Click("同意する"),
    At("/license/onestop/start/items"),
];
const ONESTOP_SIGNING_PIN: &[Act] = &[Walk(ONESTOP_ITEMS), Choose("生年月日", "同意する"), Click("利用を開始")];
const ONESTOP_SIGNING_READ: &[Act] = &[Walk(ONESTOP_SIGNING_PIN), Fill("パスワード", "ABC123"), Click("次へ")];
const ONESTOP_DONE: &[Act] = &[Walk(ONESTOP_SIGNING_READ), Click("読み取り開始"), At("/license/onestop/start/done")];
const RENEW_TERMS: &[Act] =
    &[Walk(ONESTOP_HUB), Click("同意有効期間の更新（同意項目の変更）"), At("/license/onestop/renew")];
const RENEW_ITEMS: &[Act] = &[
    Walk(RENEW_TERMS),
    ScrollToEnd("利用規約"),
    Check("利用規約を確認しました。"),
    Click("同意する"),
    At("/license/onestop/renew/items"),
];
const RENEW_DONE: &[Act] = &[
    Walk(RENEW_ITEMS),
    Click("利用を開始"),
    Fill("パスワード", "ABC123"),
    Click("次へ"),
    Click("読み取り開始"),
    At("/license/onestop/renew/done"),
];
const CANCEL_TERMS: &[Act] = &[Walk(ONESTOP_HUB), Click("同意解除について"), At("/license/onestop/cancel")];
const CANCEL_SIGNING_PIN: &[Act] =
    &[Walk(CANCEL_TERMS), ScrollToEnd("利用規約"), Check("利用規約を確認しました。"), Click("同意する")];
const CANCEL_SIGNING_READ: &[Act] = &[Walk(CANCEL_SIGNING_PIN), Fill("パスワード", "ABC123"), Click("次へ")];

const ONESTOP: &[Scene] = &[
    Scene {
        key: "onestop-1",
        page: PageId::License,
        manual: &[m("3章③-1", 1), m("3章③-2", 1), m("3章③-3", 1)],
        state: "手続きの一覧（基本情報の自動変更）",
        who: TARO,
        acts: &[Go("/license")],
        shows: "基本情報の自動変更",
    },
    Scene {
        key: "onestop-2",
        page: PageId::Onestop,
        manual: &[m("3章③-1", 2), m("3章③-2", 2), m("3章③-3", 2)],
        state: "基本情報の自動変更（利用中）",
        who: TARO,
        acts: ONESTOP_HUB,
        shows: "利用開始手続に進む",
    },
    Scene {
        key: "onestop-2-excluded",
        page: PageId::Onestop,
        manual: &[m("3章③-1", 2)],
        state: "手続きの対象外（2枚持ち）",
        who: Person("matsu"),
        acts: &[Go("/license/onestop")],
        shows: "手続きの対象外です",
    },
    Scene {
        key: "onestop-3",
        page: PageId::OnestopStart,
        manual: &[m("3章③-1", 3)],
        state: "利用規約（スクロール前）",
        who: TARO,
        acts: ONESTOP_TERMS,
        shows: "利用規約を確認しました。",
    },
    Scene {
        key: "onestop-3-read",
        page: PageId::OnestopStart,
        manual: &[m("3章③-1", 3)],
        state: "利用規約（最後までスクロール後）",
        who: TARO,
        acts: &[Walk(ONESTOP_TERMS), ScrollToEnd("利用規約"), Enabled("利用規約を確認しました。")],
        shows: "利用規約を確認しました。",
    },
    Scene {
        key: "onestop-3-cert-too-short",
        page: PageId::OnestopStart,
        manual: &[m("3章③-1", 3)],
        state: "署名用電子証明書の有効期限が近く、利用開始できない",
        who: UME,
        acts: &[
            Set(Tries(Pin::Signing, 5)),
            Set(Clock(SIGNING_CERT_LAST_MONTH)),
            Go("/license/onestop/start"),
            ScrollToEnd("利用規約"),
            Check("利用規約を確認しました。"),
            Click("同意する"),
        ],
        shows: "利用開始（同意有効期間の更新）の手続きはできません",
    },
    Scene {
        key: "onestop-4",
        page: PageId::OnestopStartItems,
        manual: &[m("3章③-1", 4)],
        state: "同意する項目（現在の状況から選択済み）",
        who: TARO,
        acts: ONESTOP_ITEMS,
        shows: "現在の状況",
    },
    Scene {
        key: "onestop-4-none",
        page: PageId::OnestopStartItems,
        manual: &[m("3章③-1", 4)],
        state: "すべて「同意しない」の誤り",
        who: TARO,
        acts: &[
            Walk(ONESTOP_ITEMS),
            Choose("住所", "同意しない"),
            Choose("氏名", "同意しない"),
            Choose("生年月日", "同意しない"),
            Click("利用を開始"),
        ],
        shows: "少なくとも1つの項目で「同意する」を選んでください。",
    },
];

const ONESTOP_SIGNING_PIN_STATES: &[Scene] = &pin_scenes!("onestop-5", "パスワード", "署名用電子証明書のパスワード（未入力）", PinStep { page: PageId::OnestopStartItems, manual: &[m("3章③-1", 5)], who: TARO, pin: Pin::Signing, walk: ONESTOP_SIGNING_PIN }; two_left);

const ONESTOP_SIGNED: &[Scene] = &[
    Scene {
        key: "onestop-6",
        page: PageId::OnestopStartItems,
        manual: &[m("3章③-1", 6)],
        state: "カードの読み取り（開始前）",
        who: TARO,
        acts: ONESTOP_SIGNING_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "onestop-6-failed",
        page: PageId::OnestopStartItems,
        manual: &[m("3章③-1", 6)],
        state: "カードの読み取り（失敗）",
        who: TARO,
        acts: &[Walk(ONESTOP_SIGNING_READ), Set(Removal(4)), Click("読み取り開始")],
        shows: "再読み取り",
    },
    Scene {
        key: "onestop-7",
        page: PageId::OnestopStartDone,
        manual: &[m("3章③-1", 7)],
        state: "利用同意申請完了通知（受付済）",
        who: TARO,
        acts: ONESTOP_DONE,
        shows: "利用開始申請を受け付けました。",
    },
    Scene {
        key: "onestop-renew-3",
        page: PageId::OnestopRenew,
        manual: &[m("3章③-1", 3)],
        state: "同意有効期間の更新：利用規約",
        who: TARO,
        acts: RENEW_TERMS,
        shows: "利用規約を確認しました。",
    },
    Scene {
        key: "onestop-renew-4",
        page: PageId::OnestopRenewItems,
        manual: &[m("3章③-1", 4)],
        state: "同意有効期間の更新：同意する項目",
        who: TARO,
        acts: RENEW_ITEMS,
        shows: "現在の状況",
    },
    Scene {
        key: "onestop-renew-7",
        page: PageId::OnestopRenewDone,
        manual: &[m("3章③-1", 7)],
        state: "同意有効期間の更新：申請完了通知",
        who: TARO,
        acts: RENEW_DONE,
        shows: "受付済",
    },
    Scene {
        key: "onestop-status-3",
        page: PageId::OnestopStatus,
        manual: &[m("3章③-2", 3)],
        state: "同意状況の照会",
        who: TARO,
        acts: &[Walk(ONESTOP_HUB), Click("同意状況の確認"), At("/license/onestop/status")],
        shows: "同意済",
    },
    Scene {
        key: "onestop-cancel-3",
        page: PageId::OnestopCancel,
        manual: &[m("3章③-3", 3)],
        state: "利用解除：利用規約（スクロール前）",
        who: TARO,
        acts: CANCEL_TERMS,
        shows: "3項目すべての同意が取り消され",
    },
    Scene {
        key: "onestop-cancel-3-read",
        page: PageId::OnestopCancel,
        manual: &[m("3章③-3", 3)],
        state: "利用解除：利用規約（最後までスクロール後）",
        who: TARO,
        acts: &[Walk(CANCEL_TERMS), ScrollToEnd("利用規約"), Enabled("利用規約を確認しました。")],
        shows: "利用規約を確認しました。",
    },
    Scene {
        key: "onestop-cancel-4",
        page: PageId::OnestopCancel,
        manual: &[m("3章③-3", 4)],
        state: "利用解除：署名用電子証明書のパスワード",
        who: TARO,
        acts: CANCEL_SIGNING_PIN,
        shows: "電子署名の付与",
    },
    Scene {
        key: "onestop-cancel-5",
        page: PageId::OnestopCancel,
        manual: &[m("3章③-3", 5)],
        state: "利用解除：カードの読み取り",
        who: TARO,
        acts: CANCEL_SIGNING_READ,
        shows: "読み取り開始",
    },
    Scene {
        key: "onestop-cancel-6",
        page: PageId::OnestopCancelDone,
        manual: &[m("3章③-3", 6)],
        state: "利用同意解除申請完了通知（重要のお知らせ）",
        who: TARO,
        acts: &[Walk(CANCEL_SIGNING_READ), Click("読み取り開始"), At("/license/onestop/cancel/done")],
        shows: "利用解除申請を受け付けました。",
    },
];

// ---- 3章④: notices, one of each kind ----

/// A day in 免許 太郎's renewal window: moving the clock there sends the 有効期限 notice.
const EXPIRY_NOTICE_SENT: &str = "2026-12-20T10:00:00+09:00";

/// The demo cards' signing certificates end on 2030-03-31: three months before, and a day
/// inside the last month, when a consent could no longer take effect before it.
const SIGNING_CERT_THREE_MONTHS: &str = "2030-01-06T10:00:00+09:00";
const SIGNING_CERT_LAST_MONTH: &str = "2030-03-05T10:00:00+09:00";
const UME: super::Who = Person("ume");

/// Each kind opened from the list (its title is the link), after what sends it.
const NOTICES: &[Scene] = &[
    Scene {
        key: "notices",
        page: PageId::Notices,
        manual: &[m("3章④", 0)],
        state: "お知らせの一覧",
        who: TARO,
        acts: &[Set(Clock(EXPIRY_NOTICE_SENT)), Go("/notices")],
        shows: "免許証等の有効期限の接近について",
    },
    Scene {
        key: "notice-license-expiry",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "免許証等の有効期限の接近について",
        who: TARO,
        acts: &[Set(Clock(EXPIRY_NOTICE_SENT)), Go("/notices"), Click("免許証等の有効期限の接近について")],
        shows: "運転免許ページへ",
    },
    Scene {
        key: "notice-honseki",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "本籍のオンライン変更の処理結果について",
        who: SAKURA,
        acts: &[Walk(HONSEKI_DONE), Process, Go("/notices"), Click("本籍のオンライン変更の処理結果について")],
        shows: "変更後の本籍",
    },
    Scene {
        key: "notice-lecture",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "オンライン講習の受講完了について",
        who: TARO,
        acts: &[Walk(LECTURE_COMPLETE), Process, Go("/notices"), Click("オンライン講習の受講完了について")],
        shows: "オンライン講習の受講完了について",
    },
    Scene {
        key: "notice-onestop-result",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "利用同意申請の処理結果について",
        who: TARO,
        acts: &[Walk(ONESTOP_DONE), Process, Go("/notices"), Click("利用同意申請の処理結果について")],
        shows: "利用同意申請の処理結果について",
    },
    Scene {
        key: "notice-onestop-expiry",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "同意の有効期限の接近について",
        who: TARO,
        acts: &[Set(Clock("2033-03-15T10:00:00+09:00")), Go("/notices"), Click("同意の有効期限の接近について")],
        shows: "有効期限までに同意有効期間の更新を行ってください",
    },
    Scene {
        key: "notice-signing-cert-expiry",
        page: PageId::NoticeDetail,
        // The portal's own notice (issue 30): the manual has none.
        manual: &[],
        state: "署名用電子証明書の有効期限の接近について（3か月前）",
        who: UME,
        acts: &[
            // The card is issued (its certificates on record) before the clock moves.
            Set(Tries(Pin::Signing, 5)),
            Set(Clock(SIGNING_CERT_THREE_MONTHS)),
            Go("/notices"),
            Click("署名用電子証明書の有効期限の接近について"),
        ],
        shows: "反映されなくなります",
    },
    Scene {
        key: "notice-onestop-change",
        page: PageId::NoticeDetail,
        manual: &[m("3章④", 0)],
        state: "同意項目の変更の処理結果について",
        who: TARO,
        acts: &[
            JlisAddress("東京都千代田区千代田1番1号"),
            Process,
            Go("/notices"),
            Click("同意項目（住所・氏名・生年月日）の変更の処理結果について"),
        ],
        shows: "東京都千代田区千代田1番1号",
    },
];

// ---- The portal's own screens ----

/// The phone credential (the manual's 補足 at 2章①-1 step 9 and 3章② step 11; offering it at
/// the one-stop signatures too is the portal's own, which the page and the state say).
const PHONE_MANUAL: &[Manual] = &[m("2章①-1", 9), m("3章②", 11)];
const PHONE: &[Act] = &[Go("/account/phone-credential")];

const ACCOUNT: &[Scene] = &[
    Scene {
        key: "connections-certificates",
        page: PageId::Connections,
        // The portal's own (issue 30): each certificate's validity on 「連携状況」.
        manual: &[],
        state: "連携状況と電子証明書の有効期限",
        who: TARO,
        acts: &[Set(Tries(Pin::Signing, 5)), Go("/connections")],
        shows: "2030年03月31日まで",
    },
    Scene {
        key: "account-sessions",
        page: PageId::AccountSessions,
        manual: &[],
        state: "ログイン中の端末",
        who: TARO,
        acts: &[Go("/account/sessions")],
        shows: "この端末",
    },
    Scene {
        key: "phone-credential",
        page: PageId::PhoneCredential,
        manual: PHONE_MANUAL,
        state: "スマホ用電子証明書（未登録）・ワンストップでの利用はポータル独自",
        who: TARO,
        acts: PHONE,
        shows: "これはこのポータル独自の対応で",
    },
    Scene {
        key: "phone-credential-mismatch",
        page: PageId::PhoneCredential,
        manual: PHONE_MANUAL,
        state: "確認のパスワードが一致しない",
        who: TARO,
        acts: &[Walk(PHONE), Fill("パスワード", "ABC123"), Fill("パスワード（確認）", "ABC124"), Click("登録する")],
        shows: "確認のために入力したパスワードが一致しません",
    },
    Scene {
        key: "phone-credential-pin",
        page: PageId::PhoneCredential,
        manual: PHONE_MANUAL,
        state: "登録：署名用電子証明書のパスワード",
        who: TARO,
        acts: &[Walk(PHONE), Fill("パスワード", "ABC123"), Fill("パスワード（確認）", "ABC123"), Click("登録する")],
        shows: "電子署名の付与",
    },
];

// ---- About this site (issue 33.3) ----

const ABOUT: &[Scene] = &[
    Scene {
        key: "accessibility-policy",
        page: PageId::AccessibilityPolicy,
        manual: &[],
        state: "ウェブアクセシビリティ方針",
        who: Visitor,
        // By its URL: the player presses controls inside <main>, and the link is the
        // footer's (accessibility-pages.spec follows it from several pages).
        acts: &[Go("/accessibility")],
        shows: "JIS X 8341-3:2016",
    },
    Scene {
        key: "accessibility-results",
        page: PageId::AccessibilityResults,
        manual: &[],
        state: "試験結果（達成基準ごと）",
        who: Visitor,
        acts: &[Go("/accessibility"), Click("試験結果（達成基準ごとの結果）")],
        shows: "原則4 堅牢",
    },
];
