//! Where a screen stands in a long flow: the manual's step, 「手順 4〜5 / 11」, above the
//! manual's heading. The numbers are the manual's, from the route table
//! (`routes::Steps`, issue 30); the heading stays the manual's (people and tests find
//! screens by it), and it points to the caption (`aria-describedby`) so it is heard when
//! focus lands there.

use leptos::prelude::*;
use routes::PageId;

pub use routes::StepOf;

/// The caption's id, which the page's `h1` refers to.
pub const STEP_CAPTION_ID: &str = "step-caption";

/// The caption of page `id`, as the route table numbers it.
pub fn of(id: PageId) -> Option<StepOf> {
    routes::page(id).steps.map(|s| s.screen())
}

/// The caption of the card-read screen page `id` opens.
pub fn read_of(id: PageId) -> Option<StepOf> {
    routes::page(id).steps.and_then(|s| s.card_read())
}

#[component]
pub fn StepCaption(step: StepOf) -> impl IntoView {
    // A bar of one segment per step of the manual's section, filled up to this screen's.
    let segments = (1..=step.of)
        .map(|i| {
            let class = if i < step.first {
                "step-caption__segment step-caption__segment--done"
            } else if i <= step.last {
                "step-caption__segment step-caption__segment--current"
            } else {
                "step-caption__segment"
            };
            view! { <span class=class></span> }
        })
        .collect_view();
    view! {
        <div class="step-caption">
            <p class="step-caption__text" id=STEP_CAPTION_ID>{step.caption()}</p>
            <span class="step-caption__bar" aria-hidden="true">{segments}</span>
        </div>
    }
}
