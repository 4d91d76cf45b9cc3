//! The document title names the page first, then the site, as screen readers announce it.

pub fn set_title(page: &str) {
    let doc = leptos::prelude::document();
    if page.is_empty() {
        doc.set_title("マイナポータル");
    } else {
        doc.set_title(&format!("{page} | マイナポータル"));
    }
}
