//! The page's `h1`. It is focusable by script (tabindex=-1) so that it can receive focus
//! after navigation, including on pages whose heading appears only once data arrives.

use leptos::prelude::*;

use super::focus::{focus_page_heading, FocusOnNavigate};
use super::title::set_title;

#[component]
pub fn PageHeading(#[prop(into)] text: String) -> impl IntoView {
    set_title(&text);
    if let Some(focus) = use_context::<FocusOnNavigate>() {
        request_animation_frame(move || {
            if focus.is_pending() && focus_page_heading() {
                focus.done();
            }
        });
    }
    view! { <h1 tabindex="-1">{text}</h1> }
}
