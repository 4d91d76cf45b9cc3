//! The lecture site's own labels in its two languages (the chapters' texts come from the
//! server in the chosen language). 「言語選択/Language selection」 names itself in both.

use domain::eligibility::LectureClass;
use domain::lecture::Lang;

pub(super) struct Texts {
    pub attendee: &'static str,
    pub name: &'static str,
    pub commission: &'static str,
    pub kind: &'static str,
    pub kind_value: &'static str,
    pub class: &'static str,
    pub start: &'static str,
    pub resume: &'static str,
    pub manual: &'static str,
    pub faq: &'static str,
    pub video: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub played: &'static str,
    pub captions: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
    pub watch_first: &'static str,
    pub correct: &'static str,
    pub wrong: &'static str,
    pub next_chapter: &'static str,
    pub finish: &'static str,
    pub completed: &'static str,
    pub completed_text: &'static str,
    pub back_to_portal: &'static str,
}

pub(super) const LANGUAGE_LABEL: &str = "言語選択/Language selection";
/// The button that applies the chosen language (WCAG 3.2.2: choosing alone changes nothing),
/// in both languages as the select's label is.
pub(super) const SWITCH_LABEL: &str = "切り替える/Switch";

pub(super) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

pub(super) fn class_label(class: LectureClass, lang: Lang) -> &'static str {
    match (lang, class) {
        (Lang::Ja, c) => c.label(),
        (Lang::En, LectureClass::Good) => "Good driver lecture",
        (Lang::En, LectureClass::General) => "General driver lecture",
    }
}

pub(super) fn chapter_of(lang: Lang, n: u32, of: u32) -> String {
    match lang {
        Lang::Ja => format!("第{n}章（全{of}章）"),
        Lang::En => format!("Chapter {n} of {of}"),
    }
}

static JA: Texts = Texts {
    attendee: "受講者情報",
    name: "氏名",
    commission: "公安委員会",
    kind: "講習種別",
    kind_value: "免許更新時講習",
    class: "講習区分",
    start: "受講を開始する",
    resume: "続きから受講する",
    manual: "操作マニュアル",
    faq: "よくある質問 (FAQ)",
    video: "講習動画",
    play: "再生",
    pause: "一時停止",
    played: "再生が終わりました。確認問題に解答してください。",
    captions: "動画の内容（字幕）",
    question: "確認問題",
    answer: "解答する",
    watch_first: "動画を最後まで再生してから解答してください。",
    correct: "正解です。",
    wrong: "不正解です。説明を読んで、もう一度選んでください。",
    next_chapter: "次の章へ",
    finish: "受講を完了する",
    completed: "受講完了",
    completed_text: "オンライン講習の受講が完了しました。受講完了の記録はマイナポータルのお知らせでもお届けします。免許の更新には、有効期間の末日までに運転免許センター等での手続きが必要です。",
    back_to_portal: "マイナポータルに戻る",
};

static EN: Texts = Texts {
    attendee: "Attendee information",
    name: "Name",
    commission: "Public Safety Commission",
    kind: "Lecture type",
    kind_value: "Licence renewal lecture",
    class: "Lecture class",
    start: "Start the lecture",
    resume: "Continue the lecture",
    manual: "User guide",
    faq: "FAQ",
    video: "Lecture video",
    play: "Play",
    pause: "Pause",
    played: "The video has finished. Please answer the question.",
    captions: "What the video shows (captions)",
    question: "Question",
    answer: "Answer",
    watch_first: "Please play the video to the end before answering.",
    correct: "Correct.",
    wrong: "Not quite. Read the explanation and choose again.",
    next_chapter: "Next chapter",
    finish: "Finish the lecture",
    completed: "Lecture completed",
    completed_text: "You have completed the online lecture. A record of it also comes as a notice in Mynaportal. To renew your licence, visit a licence centre before it expires.",
    back_to_portal: "Back to Mynaportal",
};
