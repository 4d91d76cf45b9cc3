//! Entry point: mount only. Everything else starts in `app.rs`.

mod api;
mod app;
mod boot;
mod bridge;
mod components;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a static shell (header, loading line) before the wasm arrives;
    // it goes in the same task as the mount, so nothing shows twice.
    boot::read_from_document();
    let doc = leptos::prelude::document();
    while let Ok(Some(boot)) = doc.query_selector("[data-boot]") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
