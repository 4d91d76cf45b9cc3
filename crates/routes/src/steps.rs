//! The manual's numbered steps (issue 30): each page of the table that is a step of a
//! numbered section names it in its `steps` field, and its caption (「手順 4〜5 / 11」),
//! its document title and the gallery read it from there. The numbers are the manual's, not
//! a count of our screens: a screen that is several steps (a page and the PIN dialog it
//! opens) names the range, a card read is a step of its own, and a path that skips steps
//! (3章② with 戸籍連携履歴 goes from 2 to 8) keeps the numbers of the steps it shows.

/// The manual's sections with numbered steps, and how many each has (2章 and 3章).
pub const MANUAL: &[(&str, u8)] = &[
    ("2章①-1", 11),
    ("2章①-2", 3),
    ("2章②", 0),
    ("3章①", 3),
    ("3章②", 13),
    ("3章③-1", 7),
    ("3章③-2", 3),
    ("3章③-3", 6),
    ("3章④", 0),
];

/// How many numbered steps `section` has (0 for a section without numbers or unknown).
pub fn count(section: &str) -> u8 {
    MANUAL.iter().find(|(s, _)| *s == section).map_or(0, |(_, n)| *n)
}

/// A page's place among the manual's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Steps {
    /// The manual's section (`"2章①-1"`), one of [`MANUAL`].
    pub section: &'static str,
    /// The steps the page itself is: `first..=last` (a page and its PIN dialog are two).
    pub first: u8,
    pub last: u8,
    /// The step of the card-read screen the page opens at `?step=card`.
    pub read: Option<u8>,
}

impl Steps {
    /// A page that is step `first` to `last` of `section`.
    pub const fn at(section: &'static str, first: u8, last: u8) -> Steps {
        Steps { section, first, last, read: None }
    }

    /// ... whose card read is step `n`.
    pub const fn read(self, n: u8) -> Steps {
        Steps { read: Some(n), ..self }
    }

    /// What the page's caption says.
    pub fn screen(&self) -> StepOf {
        StepOf { first: self.first, last: self.last, of: count(self.section) }
    }

    /// What the card-read screen's caption says.
    pub fn card_read(&self) -> Option<StepOf> {
        self.read.map(|n| StepOf { first: n, last: n, of: count(self.section) })
    }
}

/// A caption: steps `first..=last` of `of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepOf {
    pub first: u8,
    pub last: u8,
    pub of: u8,
}

impl StepOf {
    /// 「手順 4 / 11」, or 「手順 4〜5 / 11」 for a range.
    pub fn caption(self) -> String {
        if self.first == self.last {
            format!("手順 {} / {}", self.first, self.of)
        } else {
            format!("手順 {}〜{} / {}", self.first, self.last, self.of)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{page, PageId, PAGES};

    fn caption(id: PageId) -> String {
        page(id).steps.unwrap_or_else(|| panic!("{id:?} has no steps")).screen().caption()
    }

    fn read_caption(id: PageId) -> String {
        page(id).steps.and_then(|s| s.card_read()).unwrap_or_else(|| panic!("{id:?} has no card read")).caption()
    }

    /// The manual's 「操作の流れ」, screen by screen (2章①-1, 3章②, 3章③): written out
    /// here from the manual, so a change of the table that moves a number fails.
    #[test]
    fn captions_are_the_manuals_numbers() {
        use PageId::*;
        // 2章①-1: step 1 is the licence page's 「連携をはじめる」.
        assert_eq!(caption(LinkIntro), "手順 2 / 11");
        assert_eq!(caption(LinkConsent), "手順 3 / 11");
        assert_eq!(caption(LinkSend), "手順 4〜5 / 11");
        assert_eq!(read_caption(LinkSend), "手順 6 / 11");
        assert_eq!(caption(LinkReadResult), "手順 7 / 11");
        assert_eq!(caption(LinkTerms), "手順 8〜9 / 11");
        assert_eq!(read_caption(LinkTerms), "手順 10 / 11");
        assert_eq!(caption(LinkDone), "手順 11 / 11");
        // 3章②: the same numbers on both paths (with 戸籍連携履歴, 3–7 are not shown).
        assert_eq!(caption(HonsekiStart), "手順 2 / 13");
        assert_eq!(caption(HonsekiKoseki), "手順 3 / 13");
        assert_eq!(caption(HonsekiIdentity), "手順 4〜5 / 13");
        assert_eq!(read_caption(HonsekiIdentity), "手順 6 / 13");
        assert_eq!(caption(HonsekiIdentityResult), "手順 7 / 13");
        assert_eq!(caption(HonsekiConfirm), "手順 8 / 13");
        assert_eq!(caption(HonsekiAgreement), "手順 9 / 13");
        assert_eq!(caption(HonsekiSign), "手順 10〜11 / 13");
        assert_eq!(read_caption(HonsekiSign), "手順 12 / 13");
        assert_eq!(caption(HonsekiDone), "手順 13 / 13");
        // 3章③-1 (and its renewal, which the manual starts from the same hub button).
        for (terms, items, done) in
            [(OnestopStart, OnestopStartItems, OnestopStartDone), (OnestopRenew, OnestopRenewItems, OnestopRenewDone)]
        {
            assert_eq!(caption(terms), "手順 3 / 7");
            assert_eq!(caption(items), "手順 4〜5 / 7");
            assert_eq!(read_caption(items), "手順 6 / 7");
            assert_eq!(caption(done), "手順 7 / 7");
        }
        // 3章③-2 and ③-3.
        assert_eq!(caption(OnestopStatus), "手順 3 / 3");
        assert_eq!(caption(OnestopCancel), "手順 3〜4 / 6");
        assert_eq!(read_caption(OnestopCancel), "手順 5 / 6");
        assert_eq!(caption(OnestopCancelDone), "手順 6 / 6");
    }

    #[test]
    fn every_step_names_a_numbered_section_and_lies_inside_it() {
        for p in PAGES {
            let Some(s) = p.steps else { continue };
            let of = count(s.section);
            assert!(of > 0, "{}: {} has no numbered steps", p.path, s.section);
            assert!(1 <= s.first && s.first <= s.last && s.last <= of, "{}: {s:?}", p.path);
            if let Some(r) = s.read {
                assert!(s.last < r && r <= of, "{}: the card read comes after the page: {s:?}", p.path);
            }
        }
    }

    #[test]
    fn a_scene_of_a_numbered_page_shows_one_of_its_steps() {
        // The gallery's states and the table agree: a scene of a page with steps names a
        // step of that page (or its card read) in the page's section.
        for scene in crate::scenes::all() {
            let Some(s) = page(scene.page).steps else { continue };
            for m in scene.manual.iter().filter(|m| m.section == s.section) {
                assert!(
                    (s.first..=s.last).contains(&m.step) || s.read == Some(m.step),
                    "{}: {} is not a step of {:?} ({s:?})",
                    scene.key,
                    m.label(),
                    scene.page
                );
            }
        }
    }

    #[test]
    fn a_range_reads_with_a_wave_dash() {
        assert_eq!(StepOf { first: 3, last: 4, of: 11 }.caption(), "手順 3〜4 / 11");
        assert_eq!(StepOf { first: 7, last: 7, of: 7 }.caption(), "手順 7 / 7");
    }
}
