//! A value that stays out of the page until the person asks for it (本籍, 顔写真, 運転経歴区分).
//!
//! Disclosure pattern: a button with `aria-expanded`/`aria-controls` and an always-present
//! container. The value is rendered — and so fetched — only while open, so it is absent
//! from the DOM (and from the network) by default.

use leptos::prelude::*;

#[component]
pub fn HiddenValue(
    /// The container's id, referenced by `aria-controls`.
    id: &'static str,
    /// 「本籍を表示する」
    show_label: &'static str,
    /// 「本籍を非表示にする」
    hide_label: &'static str,
    /// The value; created (and fetched) each time it is shown.
    children: ChildrenFn,
) -> impl IntoView {
    // Closed, unless it was tapped on the server-painted page before the app loaded.
    let open = RwSignal::new(crate::boot::take_early_tap(id));
    view! {
        <div id=id class="hidden-value" aria-live="polite">
            {move || open.get().then(|| children())}
        </div>
        <button
            type="button"
            class="link-button"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=id
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || if open.get() { hide_label } else { show_label }}
        </button>
    }
}
