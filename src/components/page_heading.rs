//! The page's `h1`. It is focusable by script (tabindex=-1) and takes the focus when it
//! appears after navigation — also on pages whose heading appears only once data arrives.
//! On a step of a long flow, the step caption (「手順 4〜5 / 11」) stands above it, and the
//! document title says it too.

use leptos::html::H1;
use leptos::prelude::*;

use super::focus::heading_should_take_focus;
use super::step::{StepCaption, StepOf, STEP_CAPTION_ID};
use super::title::set_title;

#[component]
pub fn PageHeading(
    #[prop(into)] text: String,
    /// Where this screen stands in its flow.
    #[prop(into, default = None)]
    step: Option<StepOf>,
) -> impl IntoView {
    match step {
        Some(s) => set_title(&format!("{text}（{}）", s.caption())),
        None => set_title(&text),
    }
    // A new page (or step) is showing: the header's unread count may have changed.
    if let Some(unread) = use_context::<super::bell::UnreadNotices>() {
        unread.refresh_if_idle();
    }
    let node = NodeRef::<H1>::new();
    if heading_should_take_focus() {
        // After mount: the element exists once the next frame is drawn. By then the page
        // may be gone (a navigation within the frame): a disposed ref is no heading to focus,
        // not a panic.
        request_animation_frame(move || {
            if let Some(h1) = node.try_get_untracked().flatten() {
                let _ = h1.focus();
            }
        });
    }
    view! {
        {step.map(|step| view! { <StepCaption step/> })}
        <h1 tabindex="-1" node_ref=node aria-describedby=step.map(|_| STEP_CAPTION_ID)>{text}</h1>
    }
}
