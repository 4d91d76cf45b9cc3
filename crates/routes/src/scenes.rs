//! The states of the screens, for design reviewers (issue 18): each [`Scene`] is one
//! screen of [`crate::PAGES`] in one state the manual shows or implies — a PIN dialog with
//! two tries left, a card read that is waiting, the terms before and after scrolling, a
//! 対象外 variant — with the manual's section and step beside it.
//!
//! A scene is not a mock-up. It is a script over the real app: demo controls first
//! ([`Who`] logs a demo person in after a reset), then what a person does ([`Act`]: go to
//! a URL, press a button by its label, type, scroll) with the demo controls a reviewer
//! would use on the way ([`Control`]: the card's tries, a card held or taken away, the
//! clock), until the screen shows [`Scene::shows`]. The gallery (`/gallery?scene=KEY`) plays it in
//! the browser, the e2e suite checks every scene reaches its state, and `cargo xtask
//! screenshots` photographs it — all from this list, so a new state is added here once.
//!
//! The lists per chapter are in [`chapters`]; [`MANUAL`] is the manual's numbered steps,
//! and a test holds that every one of them has a scene.

mod chapters;

use crate::PageId;

/// Where a scene stands in the manual: a section (`"2章①-1"`) and its numbered step
/// (0 where the section has no numbered steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Manual {
    pub section: &'static str,
    pub step: u8,
}

impl Manual {
    /// 「2章①-1 手順5」, or the section alone.
    pub fn label(&self) -> String {
        match self.step {
            0 => self.section.to_string(),
            n => format!("{} 手順{n}", self.section),
        }
    }
}

pub use crate::MANUAL;

/// Who is at the screen: the demo is reset first, then this person is logged in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Nobody logged in (the card used is 免許 太郎's).
    Visitor,
    /// A demo person by id (SPEC §5).
    Person(&'static str),
}

impl Who {
    /// Whose virtual card the [`Control`]s set.
    pub fn card(&self) -> &'static str {
        match self {
            Who::Visitor => "taro",
            Who::Person(id) => id,
        }
    }
}

/// A card PIN, as the demo control names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pin {
    CardInfo,
    Auth,
    Signing,
}

/// A demo control, on the scene person's card (or the clock). Card controls act on the
/// next card read, so they stand in the acts just before the read they are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// The PIN has this many tries left (0: locked) — `POST /api/demo/card-pin`.
    Tries(Pin, u8),
    /// The next read stops answering after this many APDUs — `POST /api/demo/card-hold`.
    Hold(u32),
    /// The next read loses the card after this many APDUs — `POST /api/demo/card-removal`.
    Removal(u32),
    /// The demo clock — `PUT /api/demo/clock`.
    Clock(&'static str),
}

/// What a person does on the screen. Controls are found by their visible label, as the
/// e2e suites find them; each act waits (up to a limit) for its control to be there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Go to a URL inside the app (the router's own navigation, no reload).
    Go(&'static str),
    /// Wait until the app is at this route (`/applications/:id` matches any id): after a
    /// step that navigates.
    At(&'static str),
    /// A demo control (see [`Control`]).
    Set(Control),
    /// Press the button or link with this label.
    Click(&'static str),
    /// Press the button with this label unless it is disabled once the screen has settled:
    /// for a control the demo's own clock can have made moot before a slow page opened
    /// (the lecture's 「再生」: the chapter's content counts from its first GET, and a page
    /// that opens after that time shows it played, 「再生」 disabled).
    ClickIfEnabled(&'static str),
    /// Type into the field with this label.
    Fill(&'static str, &'static str),
    /// Tick the checkbox or pick the radio with this label.
    Check(&'static str),
    /// In the group (fieldset) with this legend, pick the radio with this label.
    Choose(&'static str, &'static str),
    /// Scroll the region with this name to its end (as a finger reading terms does).
    ScrollToEnd(&'static str),
    /// Wait until the control with this label is enabled.
    Enabled(&'static str),
    /// Wait until the field with this label is marked invalid (`aria-invalid`).
    Invalid(&'static str),
    /// Wait until the screen shows this text.
    Shows(&'static str),
    /// Run the application worker now — `POST /api/demo/process`.
    Process,
    /// A municipality changes the person's 住所 (J-LIS) — `POST /api/demo/jlis-change`.
    JlisAddress(&'static str),
    /// The acts of a shared walk (e.g. a flow up to its card read).
    Walk(&'static [Act]),
}

/// One screen in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scene {
    /// Unique, URL-safe: `/gallery?scene=KEY`.
    pub key: &'static str,
    /// The screen it ends on (its URL matches this page's route).
    pub page: PageId,
    /// The manual's steps it shows (several where one screen is a step of several
    /// sections, none for the portal's own screens).
    pub manual: &'static [Manual],
    /// The state, in a few words (「残り2回」「スクロール後」).
    pub state: &'static str,
    pub who: Who,
    pub acts: &'static [Act],
    /// Text on the screen once it is in the state; the player waits for it.
    pub shows: &'static str,
}

/// Every scene, chapter by chapter.
pub fn all() -> impl Iterator<Item = &'static Scene> {
    chapters::ALL.iter().flat_map(|list| list.iter())
}

/// The scene with this key.
pub fn find(key: &str) -> Option<&'static Scene> {
    all().find(|s| s.key == key)
}

/// The scenes of one page, in the list's order.
pub fn of(page: PageId) -> impl Iterator<Item = &'static Scene> {
    all().filter(move |s| s.page == page)
}

/// Every act of a scene with the walks opened, in order.
pub fn flat_acts(acts: &'static [Act]) -> Vec<Act> {
    let mut out = Vec::new();
    for act in acts {
        match act {
            Act::Walk(inner) => out.extend(flat_acts(inner)),
            other => out.push(*other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_numbered_step_of_chapters_2_and_3_has_a_scene() {
        for (section, steps) in MANUAL {
            let refs: Vec<(&str, Manual)> = all()
                .flat_map(|s| s.manual.iter().map(move |m| (s.key, *m)))
                .filter(|(_, m)| m.section == *section)
                .collect();
            assert!(!refs.is_empty(), "{section} has no scene");
            for step in 1..=*steps {
                assert!(refs.iter().any(|(_, m)| m.step == step), "{section} 手順{step} has no scene");
            }
            for (key, m) in &refs {
                assert!(m.step <= *steps, "{key}: {section} has no 手順{}", m.step);
            }
        }
    }

    /// The PIN dialogs' states (chapters.rs's `pin_scenes!`): the card's tries are set just
    /// before the read that reports them, and the dialog then says what they lead to.
    #[test]
    fn a_pin_dialogs_states_set_the_cards_tries_just_before_its_read() {
        let states =
            [("-two-left", 3, "あと2回"), ("-last-try", 2, "次に間違えると"), ("-locked", 0, "ロックされています")];
        let mut seen = 0;
        for s in all() {
            let Some((_, tries, says)) = states.iter().find(|(end, ..)| s.key.ends_with(end)) else { continue };
            let acts = flat_acts(s.acts);
            let [.., Act::Set(Control::Tries(_, n)), Act::Fill("パスワード", _), Act::Click("次へ"), Act::Click("読み取り開始")] =
                acts[..]
            else {
                panic!("{}: {acts:?}", s.key);
            };
            assert_eq!(n, *tries, "{}", s.key);
            assert!(s.shows.contains(says), "{}: {}", s.key, s.shows);
            seen += 1;
        }
        // login, linking steps 5 and 9, 本籍 step 11, one-stop step 5.
        assert_eq!(seen, 9);
    }

    #[test]
    fn keys_are_unique_and_url_safe_and_sections_are_the_manuals() {
        let mut seen = std::collections::HashSet::new();
        for s in all() {
            assert!(seen.insert(s.key), "{} twice", s.key);
            assert!(s.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", s.key);
            for m in s.manual {
                assert!(
                    MANUAL.iter().any(|(section, _)| *section == m.section) || m.section.starts_with("1章"),
                    "{}: unknown section {}",
                    s.key,
                    m.section
                );
            }
            assert!(!s.state.is_empty() && !s.shows.is_empty(), "{}", s.key);
            assert_eq!(find(s.key), Some(s));
        }
    }

    #[test]
    fn every_scene_starts_by_going_to_a_page_and_waits_for_what_it_shows() {
        for s in all() {
            let acts = flat_acts(s.acts);
            // Demo controls may come first; the first thing done on a screen is to open one.
            let first = acts.iter().find(|a| !matches!(a, Act::Set(_) | Act::Process | Act::JlisAddress(_)));
            let Some(Act::Go(url)) = first else { panic!("{} does not start with Go", s.key) };
            assert!(crate::find(url.split('?').next().unwrap()).is_some(), "{}: {url} is no page", s.key);
            for act in &acts {
                match act {
                    Act::Go(url) => assert!(url.starts_with('/') && !url.starts_with("//"), "{}: {url}", s.key),
                    Act::At(route) => assert!(
                        crate::PAGES.iter().any(|p| p.path == *route || crate::matches(p.path, route).is_some()),
                        "{}: {route} is no page",
                        s.key
                    ),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn labels_read_as_the_manual_writes_them() {
        assert_eq!(Manual { section: "2章①-1", step: 5 }.label(), "2章①-1 手順5");
        assert_eq!(Manual { section: "2章②", step: 0 }.label(), "2章②");
    }
}
