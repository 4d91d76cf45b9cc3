//! Data the server painted into index.html with the first screen
//! (crates/server/src/first_paint.rs): read once before `main.rs` removes the boot
//! elements, taken by the first page that wants it. Pages mount from it in the same task
//! as the mount, so the painted record is replaced by an identical one with no frame in
//! between (no flicker, no layout shift) and without asking the server again. A toggle
//! tapped on the painted page before the app loaded opens as the app mounts.

use std::cell::RefCell;

use domain::license::LicenseResponse;

thread_local! {
    static LICENSE: RefCell<Option<LicenseResponse>> = const { RefCell::new(None) };
    /// The `aria-controls` of painted toggles tapped before the app loaded (index.html's
    /// click handler marks them `data-early`).
    static EARLY_TAPS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Reads `<script type="application/json" id="boot-license">` if the server sent one.
pub fn read_from_document() {
    let doc = leptos::prelude::document();
    let Ok(Some(el)) = doc.query_selector("#boot-license") else { return };
    let parsed = el.text_content().and_then(|t| serde_json::from_str::<LicenseResponse>(&t).ok());
    LICENSE.with(|l| *l.borrow_mut() = parsed);
    if let Ok(tapped) = doc.query_selector_all("main[data-boot] button[data-early]") {
        let ids = (0..tapped.length())
            .filter_map(|i| tapped.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .filter_map(|e| e.get_attribute("aria-controls"));
        EARLY_TAPS.with(|t| t.borrow_mut().extend(ids));
    }
}

/// Whether the painted toggle for `id` was tapped (an odd number of times) before the app
/// loaded; answered once.
pub fn take_early_tap(id: &str) -> bool {
    EARLY_TAPS.with(|t| {
        let mut t = t.borrow_mut();
        let before = t.len();
        t.retain(|x| x != id);
        t.len() != before
    })
}

/// The `/license` answer that came with the page, once.
pub fn take_license() -> Option<LicenseResponse> {
    LICENSE.with(|l| l.borrow_mut().take())
}
