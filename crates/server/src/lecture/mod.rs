//! オンライン更新時講習 (manual 3章①, SPEC §4.5): its routes (routes.rs), the portal's page
//! and the hand-over (portal.rs), the lecture site (site.rs: its own session, the attendee, the chapters,
//! the questions), its content (content.rs), and what the worker records (effects.rs).
//!
//! Rules, checked on every request:
//! 1. linked (portal) or a lecture-site session (site), and the lecture rule of the domain
//!    crate today (holding status, colour class, age on the expiry date, renewal window);
//! 2. the lecture site is entered only with a ticket the portal gave: random, single use,
//!    two minutes, redeemed only with the portal session that asked for it; its URL carries
//!    nothing else a person could guess; the lecture-site session ends with that portal
//!    session (a logout, or another person logging in on the same phone);
//! 3. a chapter opens only after the one before was answered right; its question counts
//!    only after the chapter's content time has played (the class's total, shared by the
//!    chapters: 優良 30 minutes, 一般 60; the demo plays it 600 times faster);
//! 4. the right answer to the last chapter completes the lecture for this renewal (one
//!    application of kind `online_lecture`, by the worker: 「オンライン講習の受講完了について」).

pub mod content;
pub mod effects;
pub mod portal;
pub mod routes;
pub mod site;

pub use routes::routes;

use std::borrow::Cow;

use chrono::NaiveDate;
use domain::eligibility::{lecture, LectureClass, LectureFacts, LectureRefusal};

use crate::error::Refuse;
use crate::store::persons::{Person, RecordKind};
use crate::AppState;

/// How much faster the demo plays the content (30 minutes → 3 seconds).
pub const DEMO_SPEEDUP: u32 = 600;
/// How long a ticket from the portal can be used.
pub const TICKET_SECS: i64 = 120;
/// How long a lecture-site session lasts.
pub const SESSION_SECS: i64 = 2 * 60 * 60;
/// The lecture site's own cookie.
pub const COOKIE: crate::session::CookieName =
    crate::session::CookieName { secure: "__Host-lecture", insecure: "lecture" };

/// The lecture this person may take today: its class and the renewal (expiry) it is for.
pub fn available(person: &Person, today: NaiveDate) -> Result<(LectureClass, NaiveDate), LectureRefusal> {
    let RecordKind::License { color, valid_until, .. } = &person.record else {
        return Err(LectureRefusal::HoldingStatus);
    };
    let facts = LectureFacts { status: person.status, color: *color, birth: person.birth_date, expiry: *valid_until };
    lecture(&facts, today).map(|class| (class, *valid_until))
}

/// Why a lecture request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LectureError {
    /// The lecture rule (受講不可), with its reason.
    NotAvailable(LectureRefusal),
    /// Done already for this renewal.
    AlreadyCompleted,
    /// The ticket is unknown, used or expired.
    TicketInvalid,
    /// No lecture-site session (or an expired one).
    NoAttendee,
    /// A chapter after the current one.
    ChapterLocked {
        current: u32,
    },
    /// The chapter's content has not played long enough.
    ContentTimeRemaining {
        seconds: u32,
    },
    NoSuchChapter,
    InvalidChoice,
}

impl Refuse for LectureError {
    fn status(&self) -> u16 {
        match self {
            Self::NotAvailable(_) => 403,
            Self::AlreadyCompleted | Self::ChapterLocked { .. } | Self::ContentTimeRemaining { .. } => 409,
            Self::TicketInvalid | Self::NoAttendee => 401,
            Self::NoSuchChapter => 404,
            Self::InvalidChoice => 400,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::NotAvailable(_) => "lecture_not_available",
            Self::AlreadyCompleted => "lecture_completed",
            Self::TicketInvalid => "ticket_invalid",
            Self::NoAttendee => "no_attendee",
            Self::ChapterLocked { .. } => "chapter_locked",
            Self::ContentTimeRemaining { .. } => "content_time_remaining",
            Self::NoSuchChapter => "no_such_chapter",
            Self::InvalidChoice => "invalid_choice",
        }
    }

    fn detail(&self) -> Cow<'static, str> {
        match self {
            Self::NotAvailable(r) => Cow::Owned(format!("オンライン講習は受講できません（受講不可）。{}", r.message())),
            Self::AlreadyCompleted => Cow::Borrowed("この更新のオンライン講習は受講済みです。更新手続きは運転免許センター等で行ってください。"),
            Self::TicketInvalid => Cow::Borrowed("受講の受付を確認できませんでした（有効期限切れか、使用済みです）。マイナポータルの「オンライン講習の受講」から、もう一度「受講する」を押してください。"),
            Self::NoAttendee => Cow::Borrowed("受講者を確認できませんでした。マイナポータルの「オンライン講習の受講」から「受講する」を押して入ってください。"),
            Self::ChapterLocked { current } => Cow::Owned(format!("前の章を終えていないため、この章はまだ開けません。第{current}章から受講してください。")),
            Self::ContentTimeRemaining { seconds } => Cow::Owned(format!("講習の動画をすべて視聴してから解答してください（残り約{seconds}秒）。")),
            Self::NoSuchChapter => Cow::Borrowed("お探しの章はありません。"),
            Self::InvalidChoice => Cow::Borrowed("選択肢から1つ選んでください。"),
        }
    }
}

/// The demo plays content faster; production at its real length.
pub fn speedup(state: &AppState) -> u32 {
    if state.config.demo {
        DEMO_SPEEDUP
    } else {
        1
    }
}
