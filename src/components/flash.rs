//! A message for the page a step sends the person back to (「…はじめから…」): set before
//! navigating, shown once by that page ([`FlashNotice`]). Memory only.

use std::cell::RefCell;

use leptos::prelude::*;

thread_local! {
    static MESSAGE: RefCell<Option<&'static str>> = const { RefCell::new(None) };
}

pub fn set(message: &'static str) {
    MESSAGE.with(|m| *m.borrow_mut() = Some(message));
}

/// The message left for this page, once (shown as an alert).
#[component]
pub fn FlashNotice() -> impl IntoView {
    MESSAGE.with(|m| m.borrow_mut().take()).map(|t| view! { <p class="notice" role="alert">{t}</p> })
}
