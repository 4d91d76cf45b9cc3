//! The one list of the SPA's pages (`table.rs`): for each URL, the screen component, the
//! lazy wasm group its code comes in, who may open it, and the requests its first screen
//! makes. Everything that needs to know the pages reads this list:
//!
//! * the SPA router (src/app.rs builds its routes from [`PAGES`] and its lazy groups from
//!   [`with_pages!`], so a page without a component, or in two groups, does not compile);
//! * the server (crates/server/src/spa_html.rs): the preload tags each URL's HTML carries,
//!   and a 404 status for a URL that is no page;
//! * xtask: the wasm split (which files each group is), the bench's page list, and the e2e
//!   suite's page list (`cargo xtask test` writes [`to_json`] for it);
//! * the review gallery.
//!
//! Adding a page is one entry in `table.rs` plus its component.
//!
//! [`api`] holds every API path, written once for the server's routers, the SPA's client
//! and the table's preloads.

pub mod api;
pub mod scenes;
mod steps;
mod table;

pub use steps::{StepOf, Steps, MANUAL};

pub use table::{Group, PageId, PAGES};

/// Who may open a page. The page itself enforces it (the server re-checks every request);
/// the table says it for the e2e suite, the bench and the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Anyone,
    /// A logged-in person (others are sent to `/login` and brought back).
    Person,
    /// Demo mode only.
    Demo,
    /// The lecture site's attendee: entered with a ticket the portal gave a person.
    Attendee,
}

/// The frame a page is shown in: the portal's header, bell and footer, or the lecture
/// site's own (a separate service the portal hands the person over to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shell {
    Portal,
    LectureSite,
}

/// Steps that share state in the SPA: their routes nest under one parent route at
/// [`Flow::base`], whose layout holds that state (src/app.rs maps each flow to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// 属性連携 (manual 2章 ①-1): `/license/link/…`.
    Link,
    /// 本籍のオンライン変更 (manual 3章②): `/license/honseki/…`.
    Honseki,
}

impl Flow {
    pub const fn base(self) -> &'static str {
        match self {
            Flow::Link => "/license/link",
            Flow::Honseki => "/license/honseki",
        }
    }
}

/// One page of the SPA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub id: PageId,
    /// The route: static segments and `:name` parameters (`/notices/:id`).
    pub path: &'static str,
    /// What the page is, in the manual's words (its heading where it has one).
    pub name: &'static str,
    pub group: Group,
    pub access: Access,
    pub flow: Option<Flow>,
    pub shell: Shell,
    /// The requests the first screen makes at once (API answers, texts), in the order
    /// it makes them: the server's HTML for this URL starts them beside the wasm.
    pub preload: &'static [&'static str],
    /// For a route with parameters, one URL it opens (for the e2e suite and the bench);
    /// `None` where no fixed URL exists (ids the server makes).
    pub example: Option<&'static str>,
    /// The manual's numbered steps this screen is (and its card read, if it has one): its
    /// step caption, its title and the gallery say them.
    pub steps: Option<Steps>,
}

/// The defaults of an entry in `table.rs`.
#[doc(hidden)]
pub const DEFAULT: Page = Page {
    id: PageId::Home,
    path: "/",
    name: "",
    group: Group::Main,
    access: Access::Person,
    flow: None,
    shell: Shell::Portal,
    preload: &[],
    example: None,
    steps: None,
};

impl Page {
    pub fn has_params(&self) -> bool {
        self.path.split('/').any(|s| s.starts_with(':'))
    }

    /// A URL that opens this page: the path itself, or its example.
    pub fn url(&self) -> Option<&'static str> {
        if self.has_params() {
            self.example
        } else {
            Some(self.path)
        }
    }

    /// `path` below its flow's base (`""`, `/consent`), as the nested router wants it.
    pub fn path_in_flow(&self) -> &'static str {
        match self.flow {
            Some(flow) => self.path.strip_prefix(flow.base()).unwrap_or(self.path),
            None => self.path,
        }
    }
}

/// The entry for `id`.
pub fn page(id: PageId) -> &'static Page {
    PAGES.iter().find(|p| p.id == id).expect("every PageId has one entry (table.rs builds both)")
}

/// The page a URL path opens, and its parameters; the first entry that matches wins,
/// as in the router (which keeps the table's order).
pub fn find(path: &str) -> Option<(&'static Page, Vec<(&'static str, String)>)> {
    PAGES.iter().find_map(|p| matches(p.path, path).map(|params| (p, params)))
}

/// The segments of `pattern` matched against `path` (a trailing `/` is ignored, as the
/// router ignores it); `Some(params)` when every segment matches.
pub fn matches(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut want = segments(pattern);
    let mut have = segments(path);
    let mut params = Vec::new();
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(h)) => match w.strip_prefix(':') {
                Some(name) => params.push((name, h.to_string())),
                None if w == h => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

/// The non-empty segments of a path.
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A scene as the e2e suite and the screenshots read it (`/gallery?scene=KEY` plays it).
#[cfg(feature = "json")]
fn scene_json(s: &scenes::Scene) -> serde_json::Value {
    serde_json::json!({
        "key": s.key,
        "state": s.state,
        "manual": s.manual.iter().map(|m| m.label()).collect::<Vec<_>>(),
        "shows": s.shows,
    })
}

/// The table as JSON, for the e2e suite and anything else outside Rust.
#[cfg(feature = "json")]
pub fn to_json() -> String {
    let pages: Vec<serde_json::Value> = PAGES
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": format!("{:?}", p.id),
                "path": p.path,
                "name": p.name,
                "group": format!("{:?}", p.group),
                "access": format!("{:?}", p.access),
                "flow": p.flow.map(|f| format!("{f:?}")),
                "shell": format!("{:?}", p.shell),
                "preload": p.preload,
                "url": p.url(),
                "steps": p.steps.map(|s| serde_json::json!({
                    "section": s.section,
                    "screen": s.screen().caption(),
                    "read": s.card_read().map(|r| r.caption()),
                })),
                "scenes": scenes::of(p.id).map(scene_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&pages).expect("plain data serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_by_its_own_url_and_by_no_other() {
        for p in PAGES {
            let Some(url) = p.url() else {
                assert!(p.has_params(), "{} has no URL", p.path);
                continue;
            };
            let (found, _) = find(url).unwrap_or_else(|| panic!("{url} finds no page"));
            assert_eq!(found.id, p.id, "{url} opens {:?}, not {:?}", found.id, p.id);
            let others: Vec<_> = PAGES.iter().filter(|q| matches(q.path, url).is_some()).map(|q| q.id).collect();
            assert_eq!(others, vec![p.id], "{url} is matched by more than one page");
        }
    }

    #[test]
    fn paths_are_absolute_unique_and_free_of_trailing_slashes() {
        for (i, p) in PAGES.iter().enumerate() {
            assert!(p.path.starts_with('/'), "{}", p.path);
            assert!(p.path == "/" || !p.path.ends_with('/'), "{}", p.path);
            assert!(!p.name.is_empty(), "{} has no name", p.path);
            assert!(PAGES[..i].iter().all(|q| q.path != p.path && q.id != p.id), "{} twice", p.path);
        }
    }

    #[test]
    fn a_flows_pages_lie_below_its_base_and_next_to_each_other() {
        // The router nests a flow's pages under one parent where its first page stands, so
        // they must be consecutive for the router to keep the table's order.
        for (i, p) in PAGES.iter().enumerate() {
            let Some(flow) = p.flow else { continue };
            assert!(p.path == flow.base() || p.path.starts_with(&format!("{}/", flow.base())), "{}", p.path);
            let first = PAGES.iter().position(|q| q.flow == Some(flow)).unwrap();
            assert!(PAGES[first..=i].iter().all(|q| q.flow == Some(flow)), "{} is apart from its flow", p.path);
        }
        assert_eq!(page(PageId::LinkConsent).path_in_flow(), "/consent");
        assert_eq!(page(PageId::LinkIntro).path_in_flow(), "");
        assert_eq!(page(PageId::Home).path_in_flow(), "/");
    }

    #[test]
    fn parameters_are_captured_and_segments_must_all_match() {
        assert_eq!(matches("/notices/:id", "/notices/ab12"), Some(vec![("id", "ab12".to_string())]));
        assert_eq!(matches("/notices/:id", "/notices/ab12/"), Some(vec![("id", "ab12".to_string())]));
        assert_eq!(matches("/notices/:id", "/notices"), None);
        assert_eq!(matches("/notices/:id", "/notices/a/b"), None);
        assert_eq!(matches("/license", "/license/link"), None);
        assert_eq!(matches("/", "/"), Some(vec![]));
        assert_eq!(matches("/", ""), Some(vec![]));
        assert!(find("/no/such/page").is_none());
        assert_eq!(find("/license/").map(|(p, _)| p.id), Some(PageId::License));
    }

    #[test]
    fn preloads_are_same_origin_paths() {
        for p in PAGES {
            for url in p.preload {
                assert!(url.starts_with("/api/") || url.starts_with("/terms/"), "{}: {url}", p.path);
            }
        }
    }

    #[test]
    fn every_lazy_group_has_a_page_and_a_split_name_of_its_own() {
        for &g in Group::ALL {
            assert!(PAGES.iter().any(|p| p.group == g), "{g:?} has no page");
        }
        let names: Vec<_> = Group::ALL.iter().filter_map(|g| g.split_name()).collect();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
        }
    }
}
