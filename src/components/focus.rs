//! Focus management across client-side navigation: every page heading that appears after
//! the first one (a new page or a new step) takes the focus, so screen-reader and keyboard
//! users start at the top of what changed. The first page of a visit keeps the browser's
//! natural starting point.

use std::cell::Cell;

thread_local! {
    static FIRST_HEADING_SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// True for every heading after the first one of this visit.
pub fn heading_should_take_focus() -> bool {
    FIRST_HEADING_SHOWN.with(|seen| seen.replace(true))
}

/// Focus the element with id `id`, if it is there.
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    let el = leptos::prelude::document().get_element_by_id(id);
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// [`focus_id`] once the DOM has settled (the next frame).
pub fn focus_id_later(id: String) {
    leptos::prelude::request_animation_frame(move || focus_id(&id));
}
