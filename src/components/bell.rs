//! The notices bell in the header: a link to /notices whose accessible name says how many
//! notices are unread (「お知らせ 未読2件」, or just 「お知らせ」), with a visible badge.
//! The count is fetched when the header mounts, again whenever a page heading appears
//! (every navigation and every step: see `PageHeading`), and whenever a page calls
//! [`UnreadNotices::refresh`] (e.g. after opening a notice).

use domain::notices::bell_label;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// The unread count, shared by the bell and the pages that change it.
#[derive(Clone, Copy)]
pub struct UnreadNotices {
    count: RwSignal<u32>,
    /// Only the newest request's answer is used (answers may arrive out of order).
    latest: StoredValue<u64>,
    /// A count request is on its way (see [`UnreadNotices::refresh_if_idle`]).
    in_flight: StoredValue<bool>,
}

impl UnreadNotices {
    /// Creates the shared count and makes it available to every page.
    pub fn provide() -> Self {
        let unread =
            UnreadNotices { count: RwSignal::new(0), latest: StoredValue::new(0), in_flight: StoredValue::new(false) };
        provide_context(unread);
        unread
    }

    pub fn count(self) -> u32 {
        self.count.get()
    }

    /// Asks the server again. Not logged in (or no answer) reads as none unread.
    pub fn refresh(self) {
        let ticket = self.latest.get_value() + 1;
        self.latest.set_value(ticket);
        self.in_flight.set_value(true);
        spawn_local(async move {
            let n = api::header_info().await.map(|h| h.unread).unwrap_or(0);
            if self.latest.get_value() == ticket {
                self.count.set(n);
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
    view! {
        <a class="site-header__bell" href="/notices" aria-label=move || bell_label(unread.count())>
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
