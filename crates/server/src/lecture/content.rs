//! The demo lecture's content, in Japanese and English: three short chapters, each with
//! its text, the captions of its video, and a question with one right answer. (A real
//! lecture site serves the National Police Agency's material; these texts are ours.)

use domain::lecture::Lang;

pub struct ChapterText {
    /// The chapter's name alone: the page puts 「第n章（全m章）」 before it.
    pub title: &'static str,
    pub paragraphs: &'static [&'static str],
    pub captions: &'static [&'static str],
    pub question: &'static str,
    pub choices: &'static [&'static str],
    /// Index into `choices`.
    pub answer: u32,
    pub explanation: &'static str,
}

pub const CHAPTERS: u32 = 3;

/// Chapter `n` (1-based) in `lang`.
pub fn chapter(lang: Lang, n: u32) -> Option<&'static ChapterText> {
    let all = match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    };
    all.get(usize::try_from(n).ok()?.checked_sub(1)?)
}

static JA: [ChapterText; 3] = [
    ChapterText {
        title: "交通事故の現状",
        paragraphs: &[
            "交通事故による死者数は長い目で見ると減っていますが、歩行者や自転車が関わる事故、高齢の運転者による事故の割合は高いままです。",
            "事故の多くは、わき見や考えごとなどの「ちょっとした不注意」から起きています。慣れた道ほど注意が必要です。",
        ],
        captions: &[
            "夕方の交差点。右折しようとする車と、横断歩道を渡る歩行者。",
            "運転者は対向車に気を取られ、歩行者に気づくのが遅れます。",
        ],
        question: "交通事故の原因として多いものはどれですか。",
        choices: &["車の故障", "わき見などの不注意", "道路の工事"],
        answer: 1,
        explanation: "事故の多くは、わき見や考えごとなどの不注意から起きています。",
    },
    ChapterText {
        title: "安全運転の基本",
        paragraphs: &[
            "横断歩道に近づいたら、渡ろうとする人がいないかを確かめ、いるときは手前で止まります。",
            "車間距離を十分にとり、速度は道路や天候に合わせて控えめにします。雨の日は止まるまでの距離が長くなります。",
        ],
        captions: &[
            "横断歩道の手前。歩道で待つ子どもに気づき、車が止まります。",
            "雨の路面。乾いた路面より止まるまでの距離が長くなります。",
        ],
        question: "横断歩道を渡ろうとしている人がいるとき、運転者はどうしますか。",
        choices: &["速度を上げて先に通る", "警音器を鳴らして知らせる", "横断歩道の手前で止まる"],
        answer: 2,
        explanation: "渡ろうとする人がいるときは、横断歩道の手前で一時停止して道を譲ります。",
    },
    ChapterText {
        title: "法令の改正と免許の更新",
        paragraphs: &[
            "運転中の携帯電話の使用（ながら運転）は、罰則が重くなっています。運転中は手に持たず、画面も見ないようにしましょう。",
            "オンライン講習を受けたあとも、免許の更新には運転免許センター等での手続き（写真の撮影や視力の検査など）が必要です。",
        ],
        captions: &[
            "信号待ちでスマートフォンを手に取る運転者。青信号に気づくのが遅れます。",
            "運転免許センターの窓口。視力検査と写真撮影の様子。",
        ],
        question: "オンライン講習を受けたあと、免許の更新はどうなりますか。",
        choices: &["自動で更新される", "運転免許センター等で更新の手続きをする", "更新は必要なくなる"],
        answer: 1,
        explanation: "講習を受けたあとも、運転免許センター等で更新の手続きが必要です。",
    },
];

static EN: [ChapterText; 3] = [
    ChapterText {
        title: "Road accidents today",
        paragraphs: &[
            "Road deaths have fallen over the years, but accidents involving pedestrians, cyclists and older drivers remain common.",
            "Most accidents start with a moment of inattention, such as looking away or thinking of something else. Familiar roads need attention too.",
        ],
        captions: &[
            "An intersection at dusk. A car turns right while a pedestrian crosses.",
            "The driver watches the oncoming traffic and notices the pedestrian late.",
        ],
        question: "What causes many road accidents?",
        choices: &["Vehicle breakdowns", "Inattention, such as looking away", "Road works"],
        answer: 1,
        explanation: "Most accidents start with inattention, such as looking away or being lost in thought.",
    },
    ChapterText {
        title: "The basics of safe driving",
        paragraphs: &[
            "When you approach a pedestrian crossing, check whether anyone is about to cross, and stop before the crossing if so.",
            "Keep a safe distance from the vehicle ahead and adapt your speed to the road and the weather. Stopping takes longer in the rain.",
        ],
        captions: &[
            "Before a crossing, the car stops for a child waiting on the pavement.",
            "A wet road: stopping takes longer than on a dry one.",
        ],
        question: "Someone is about to use a pedestrian crossing. What does the driver do?",
        choices: &["Speed up to pass first", "Sound the horn to warn them", "Stop before the crossing"],
        answer: 2,
        explanation: "When someone is about to cross, stop before the crossing and let them go first.",
    },
    ChapterText {
        title: "New rules and renewing your licence",
        paragraphs: &[
            "Penalties for using a mobile phone while driving are heavier now. Do not hold it or look at its screen while driving.",
            "After the online lecture, renewing the licence still takes a visit to a licence centre (a photo and an eyesight test, among others).",
        ],
        captions: &[
            "A driver picks up a phone at a red light and notices the green light late.",
            "At the licence centre: an eyesight test and a photo.",
        ],
        question: "What happens to your licence after the online lecture?",
        choices: &["It is renewed automatically", "You still renew it at a licence centre", "It no longer needs renewing"],
        answer: 1,
        explanation: "After the lecture you still renew your licence at a licence centre.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chapter_exists_in_both_languages_with_a_valid_answer() {
        for lang in Lang::ALL {
            for n in 1..=CHAPTERS {
                let c = chapter(lang, n).unwrap();
                assert!((c.answer as usize) < c.choices.len(), "{lang:?} {n}");
                assert_eq!(c.choices.len(), chapter(Lang::Ja, n).unwrap().choices.len());
                assert_eq!(c.answer, chapter(Lang::Ja, n).unwrap().answer, "the same answer in every language");
            }
            assert!(chapter(lang, 0).is_none() && chapter(lang, CHAPTERS + 1).is_none());
        }
    }
}
