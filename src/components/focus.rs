//! Focus management across client-side navigation.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Set when a navigation happened and the new page's heading has not taken focus yet.
#[derive(Clone, Copy)]
pub struct FocusOnNavigate(RwSignal<bool>);

impl FocusOnNavigate {
    pub fn new() -> Self {
        FocusOnNavigate(RwSignal::new(false))
    }
    pub fn request(self) {
        self.0.set(true);
    }
    pub fn is_pending(self) -> bool {
        self.0.get_untracked()
    }
    pub fn done(self) {
        self.0.set(false);
    }
}

/// Focuses the `h1` inside `main`; false when there is none yet.
pub fn focus_page_heading() -> bool {
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match heading {
        Some(h) => h.focus().is_ok(),
        None => false,
    }
}
