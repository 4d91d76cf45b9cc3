//! オンライン更新時講習 (manual 3章①, SPEC §4.5): the portal's page, the hand-over to the
//! lecture site, and the lecture site's own API: the attendee, its chapters, the question
//! at the end of each, and the content time each class must watch.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::eligibility::{LectureClass, LectureRefusal};

/// The lecture site's languages (「言語選択/Language selection」).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// How the language names itself in the selector.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// `GET /api/lecture`: the portal's 「オンライン講習の受講」 page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LectureStatus {
    /// The class the person attends, when the online lecture is open to them today.
    pub class: Option<LectureClass>,
    /// Why it is not (「受講不可」), when it is not.
    pub refusal: Option<LectureRefusal>,
    /// The refusal as the person is told it.
    pub refusal_message: Option<String>,
    /// The lecture for this renewal is done: the centre visit remains.
    pub completed_on: Option<NaiveDate>,
    /// Chapters finished so far (a lecture can be left and resumed).
    pub chapters_done: u32,
    pub chapters: u32,
}

/// `POST /api/lecture/ticket`: the single-use, short-lived ticket the lecture site is
/// entered with (its URL carries nothing else).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LectureTicket {
    pub ticket: String,
    /// Where the lecture site takes it.
    pub url: String,
}

/// `POST /api/lecture-site/enter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterLecture {
    pub ticket: String,
}

/// `GET /api/lecture-site/attendee`: 「受講者情報」.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// 氏名
    pub name: String,
    /// 公安委員会 (the prefecture whose commission keeps the licence).
    pub commission: String,
    /// 講習種別: always 免許更新時講習 here.
    pub kind: String,
    /// 講習区分
    pub class: LectureClass,
    pub lang: Lang,
    pub chapters: u32,
    pub chapters_done: u32,
    pub completed: bool,
}

/// `PUT /api/lecture-site/language`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChooseLang {
    pub lang: Lang,
}

/// `GET /api/lecture-site/chapters/{n}`: one chapter in the attendee's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// 1-based.
    pub number: u32,
    pub chapters: u32,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// What the video shows, as text (its captions).
    pub video_captions: Vec<String>,
    /// How long the chapter's content must play before its question counts.
    pub seconds: u32,
    /// How much of that is still to play (0: the question may be answered).
    pub seconds_left: u32,
    pub question: Question,
    /// Answered right already (a chapter looked at again).
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub choices: Vec<String>,
}

/// `POST /api/lecture-site/chapters/{n}/answer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// 0-based index into [`Question::choices`].
    pub choice: u32,
}

/// Whether the answer was right, why, and where the lecture goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerResult {
    pub correct: bool,
    pub explanation: String,
    /// The next chapter, after a right answer that is not the last one.
    pub next: Option<u32>,
    /// The right answer to the last chapter: the lecture is complete.
    pub completed: bool,
    pub completed_at: Option<DateTime<Utc>>,
}

/// The content time of the whole lecture (SPEC §4.5: 優良 30 minutes, 一般 60 minutes);
/// the demo plays it `demo_speedup` times faster.
pub fn content_seconds(class: LectureClass) -> u32 {
    match class {
        LectureClass::Good => 30 * 60,
        LectureClass::General => 60 * 60,
    }
}

/// Each chapter's share of [`content_seconds`] (rounded up: never less in total).
pub fn chapter_seconds(class: LectureClass, chapters: u32, speedup: u32) -> u32 {
    let total = content_seconds(class).div_ceil(speedup.max(1));
    total.div_ceil(chapters.max(1))
}

/// 公安委員会: the prefecture at the start of a Japanese address (東京都, 北海道, 京都府,
/// 大阪府, …県); `None` when the address does not start with one.
pub fn prefecture(address: &str) -> Option<&str> {
    // 北海道 has no 都府県 suffix; 京都府 would otherwise stop at its 都.
    for whole in ["北海道", "京都府"] {
        if address.starts_with(whole) {
            return Some(whole);
        }
    }
    let end = address.char_indices().take(4).find(|(_, c)| matches!(c, '都' | '府' | '県'))?;
    Some(&address[..end.0 + end.1.len_utf8()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_time_follows_the_class() {
        assert_eq!(content_seconds(LectureClass::Good), 1800);
        assert_eq!(content_seconds(LectureClass::General), 3600);
        assert_eq!(chapter_seconds(LectureClass::Good, 3, 1), 600);
        assert_eq!(chapter_seconds(LectureClass::General, 3, 1), 1200);
        // The demo plays 600 times faster: a second a chapter for 優良, two for 一般.
        assert_eq!(chapter_seconds(LectureClass::Good, 3, 600), 1);
        assert_eq!(chapter_seconds(LectureClass::General, 3, 600), 2);
        // Never less in total than the class requires.
        assert!(chapter_seconds(LectureClass::Good, 7, 1) * 7 >= 1800);
    }

    #[test]
    fn the_prefecture_starts_the_address() {
        assert_eq!(prefecture("東京都港区芝浦四丁目5番6号"), Some("東京都"));
        assert_eq!(prefecture("神奈川県横浜市中区"), Some("神奈川県"));
        assert_eq!(prefecture("京都府京都市中京区"), Some("京都府"));
        assert_eq!(prefecture("北海道札幌市北区"), Some("北海道"));
        assert_eq!(prefecture("大阪府大阪市"), Some("大阪府"));
        assert_eq!(prefecture("港区芝浦"), None);
    }

    #[test]
    fn languages_round_trip_by_code() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
