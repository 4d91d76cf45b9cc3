//! Data the server painted into index.html with the first screen
//! (crates/server/src/first_paint.rs): read once before `main.rs` removes the boot
//! elements, taken by the first page that wants it. Pages mount from it in the same task
//! as the mount, so the painted record is replaced by an identical one with no frame in
//! between (no flicker, no layout shift) and without asking the server again.

use std::cell::RefCell;

use domain::license::LicenseResponse;

thread_local! {
    static LICENSE: RefCell<Option<LicenseResponse>> = const { RefCell::new(None) };
}

/// Reads `<script type="application/json" id="boot-license">` if the server sent one.
pub fn read_from_document() {
    let doc = leptos::prelude::document();
    let Ok(Some(el)) = doc.query_selector("#boot-license") else { return };
    let parsed = el.text_content().and_then(|t| serde_json::from_str::<LicenseResponse>(&t).ok());
    LICENSE.with(|l| *l.borrow_mut() = parsed);
}

/// The `/license` answer that came with the page, once.
pub fn take_license() -> Option<LicenseResponse> {
    LICENSE.with(|l| l.borrow_mut().take())
}
