//! The notices bell in the header: a link to /notices whose accessible name says how many
//! notices are unread (「お知らせ 未読2件」, or just 「お知らせ」), with a visible badge; shown
//! to a logged-in person only.
//! The count is fetched when the header mounts, again whenever a page heading appears
//! (every navigation and every step: see `PageHeading`), and whenever a page calls
//! [`UnreadNotices::refresh`] (e.g. after opening a notice).

use domain::notices::bell_label;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// The header's facts — who is logged in, and the unread count — shared by the header and
/// the pages that change them (one request, `GET /api/header`, answers both).
#[derive(Clone, Copy)]
pub struct UnreadNotices {
    count: RwSignal<u32>,
    /// The logged-in person's 氏名: `None` for a visitor; unknown until the first answer.
    name: RwSignal<Option<Option<String>>>,
    /// Only the newest request's answer is used (answers may arrive out of order).
    latest: StoredValue<u64>,
    /// A count request is on its way (see [`UnreadNotices::refresh_if_idle`]).
    in_flight: StoredValue<bool>,
}

impl UnreadNotices {
    /// Creates the shared count and makes it available to every page.
    pub fn provide() -> Self {
        let unread = UnreadNotices {
            count: RwSignal::new(0),
            name: RwSignal::new(None),
            latest: StoredValue::new(0),
            in_flight: StoredValue::new(false),
        };
        provide_context(unread);
        unread
    }

    pub fn count(self) -> u32 {
        self.count.get()
    }

    /// `None` until known; then the logged-in person's 氏名, or `Some(None)` for a visitor.
    pub fn name(self) -> Option<Option<String>> {
        self.name.get()
    }

    /// Logged out: nobody, nothing unread (until the server says otherwise).
    pub fn forget(self) {
        self.count.set(0);
        self.name.set(Some(None));
    }

    /// Asks the server again. Not logged in (or no answer) reads as none unread.
    pub fn refresh(self) {
        let ticket = self.latest.get_value() + 1;
        self.latest.set_value(ticket);
        self.in_flight.set_value(true);
        spawn_local(async move {
            let info = api::header_info().await.unwrap_or_default();
            if self.latest.get_value() == ticket {
                self.count.set(info.unread);
                self.name.set(Some(info.name));
                self.in_flight.set_value(false);
            }
        });
    }

    /// A refresh for "a new page is showing": when a request is already on its way, its
    /// answer is recent enough (the bell and the first page heading both ask at start, which
    /// made two requests per load). After a change (a notice read, the demo worker) call
    /// [`UnreadNotices::refresh`], which always asks again.
    pub fn refresh_if_idle(self) {
        if !self.in_flight.get_value() {
            self.refresh();
        }
    }
}

#[component]
pub fn NoticeBell() -> impl IntoView {
    let unread = use_context::<UnreadNotices>().unwrap_or_else(UnreadNotices::provide);
    unread.refresh_if_idle();
    let badge = move || match unread.count() {
        0 => None,
        n if n > 99 => Some("99+".to_string()),
        n => Some(n.to_string()),
    };
    let signed_in = move || matches!(unread.name(), Some(Some(_)));
    view! {
        <a class="site-header__bell" href="/notices" aria-label=move || bell_label(unread.count()) hidden=move || !signed_in()>
            <BellIcon/>
            {move || badge().map(|b| view! { <span class="bell-badge" aria-hidden="true">{b}</span> })}
        </a>
    }
}

#[component]
fn BellIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/>
        </svg>
    }
}
