//! Entry point: mount only. Everything else starts in `app.rs`.

mod api;
mod app;
mod bridge;
mod components;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
