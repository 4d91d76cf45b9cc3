//! A polite live region: results of actions (saved, failed) are announced without moving focus.

use leptos::prelude::*;

/// What a status line says: progress or information (plain), a success (the success colour,
/// only then), or an error (shown and announced as such).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusText {
    Info(String),
    Success(String),
    Error(String),
}

#[component]
pub fn LiveStatus(text: ReadSignal<Option<StatusText>>) -> impl IntoView {
    view! {
        <div class="live-status" role="status" aria-live="polite">
            {move || text.get().map(|t| match t {
                StatusText::Info(s) => view! { <p class="status-info">{s}</p> }.into_any(),
                StatusText::Success(s) => view! { <p class="status-success">{s}</p> }.into_any(),
                StatusText::Error(s) => view! { <p class="status-error">{s}</p> }.into_any(),
            })}
        </div>
    }
}
