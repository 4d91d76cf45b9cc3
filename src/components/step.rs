//! Where a screen stands in a long flow: 「手順 3 / 8」 above the manual's heading. The
//! heading stays the manual's (people and tests find screens by it); the caption is ours,
//! and the heading points to it (`aria-describedby`) so it is heard when focus lands there.

use leptos::prelude::*;

/// The caption's id, which the page's `h1` refers to.
pub const STEP_CAPTION_ID: &str = "step-caption";

/// Screen `n` of a flow's `of` screens (the card reads count as screens of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub n: u8,
    pub of: u8,
}

impl Step {
    pub const fn new(n: u8, of: u8) -> Step {
        Step { n, of }
    }

    pub fn caption(self) -> String {
        format!("手順 {} / {}", self.n, self.of)
    }
}

#[component]
pub fn StepCaption(step: Step) -> impl IntoView {
    // A bar of one segment per screen, filled up to this one: a glance says how far along.
    let segments = (1..=step.of)
        .map(|i| {
            let class = if i < step.n {
                "step-caption__segment step-caption__segment--done"
            } else if i == step.n {
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
