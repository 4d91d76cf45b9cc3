//! A completion screen's confirmation panel: what was accepted (its heading), the 受付番号,
//! and what happens next — on the same screen, so success reads as success at a glance.

use leptos::prelude::*;

use super::receipt::ReceiptNumber;

#[component]
pub fn Completion(
    /// What was accepted or done (the panel's heading).
    #[prop(into)]
    title: String,
    /// The application's 受付番号, when there is one.
    #[prop(optional, into)]
    receipt_no: Option<String>,
    /// What happens next, and anything the person must know now.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="completion" aria-labelledby="completion-title">
            <h2 id="completion-title" class="completion__title">
                <span class="completion__mark" aria-hidden="true">"✓"</span>
                {title}
            </h2>
            {receipt_no.map(|n| view! { <ReceiptNumber number=n/> })}
            <div class="completion__next">{children()}</div>
        </section>
    }
}
