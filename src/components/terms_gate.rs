//! Terms gated by scroll (SPEC §4.9): a focusable scroll region; the checkbox
//! 「利用規約を確認しました。」 enables only once the end has been reached (or when the text
//! fits without scrolling), announced politely; 「同意する」 enables only when checked.
//!
//! The terms text is a static file (`/terms/<name>.txt`, "## " lines are headings), fetched
//! when the step opens, so long texts do not weigh on the wasm.

use leptos::html::Div;
use leptos::prelude::*;

use crate::api;

/// Pixels of slack: zoomed layouts round scroll positions.
const END_SLACK: i32 = 4;

/// What the person has done with the terms: read to the end, checked the box. A page that
/// leaves the terms for the PIN dialog and the card-read screen keeps it above the step, so
/// coming back (a wrong PIN, 「← パスワードの入力」) does not ask for the reading again.
#[derive(Clone, Copy)]
pub struct TermsState {
    read_to_end: RwSignal<bool>,
    checked: RwSignal<bool>,
}

impl TermsState {
    pub fn new() -> Self {
        TermsState { read_to_end: RwSignal::new(false), checked: RwSignal::new(false) }
    }
}

impl Default for TermsState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn TermsGate(
    /// The terms file's name under `/terms/`, without `.txt`.
    name: &'static str,
    /// The box's heading, e.g. 「利用規約」.
    title: &'static str,
    /// 「同意する」 was pressed (with the box checked).
    on_agree: Callback<()>,
    /// 「キャンセル」 was pressed.
    on_cancel: Callback<()>,
    /// While the agreement is being sent: the button ignores further presses.
    #[prop(into, optional)]
    pending: Signal<bool>,
    /// An `id` for 「同意する」 (e.g. so a dialog it opens can give focus back to it).
    #[prop(optional)]
    agree_id: Option<&'static str>,
    /// Kept by the page across the signing steps; a fresh one when not given.
    #[prop(optional)]
    state: Option<TermsState>,
) -> impl IntoView {
    let text = LocalResource::new(move || api::terms_text(name));
    let boxed = NodeRef::<Div>::new();
    let TermsState { read_to_end, checked } = state.unwrap_or_default();

    // Also runs a frame later (below), when the gate may already be gone: `try_`.
    let check_end = move || {
        if let Some(el) = boxed.try_get_untracked().flatten() {
            if el.scroll_top() + el.client_height() + END_SLACK >= el.scroll_height() {
                read_to_end.set(true);
            }
        }
    };
    // Once the text is in, a box that needs no scrolling counts as read.
    Effect::new(move |_| {
        if text.get().is_some() {
            request_animation_frame(check_end);
        }
    });
    // Zooming or rotating can make the whole text fit.
    let resize = window_event_listener(leptos::ev::resize, move |_| check_end());
    on_cleanup(move || resize.remove());

    view! {
        <div class="terms">
            <h2 id="terms-title">{title}</h2>
            <div class="terms-box" tabindex="0" role="region" aria-labelledby="terms-title"
                node_ref=boxed on:scroll=move |_| check_end()>
                {move || match text.get() {
                    None => view! { <p class="loading">"読み込み中…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="status-error">{e.detail}</p> }.into_any(),
                    Some(Ok(t)) => render_terms(&t).into_any(),
                }}
            </div>
            <p class="terms-hint" id="terms-hint">
                {move || if read_to_end.get() {
                    "利用規約を最後まで確認しました。チェックボックスを選択できます。"
                } else {
                    "利用規約を最後までスクロールすると、チェックボックスを選択できます。"
                }}
            </p>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || read_to_end.get().then_some("利用規約を最後まで確認しました。チェックボックスを選択できます。")}
            </p>
            <div class="checkbox">
                <input type="checkbox" id="terms-confirm" aria-describedby="terms-hint"
                    prop:disabled=move || !read_to_end.get()
                    prop:checked=move || checked.get()
                    on:change=move |ev| checked.set(event_target_checked(&ev))/>
                <label for="terms-confirm">"利用規約を確認しました。"</label>
            </div>
            <div class="button-row">
                <button type="button" class="button button--primary" id=agree_id
                    prop:disabled=move || !checked.get()
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=move |_| if checked.get_untracked() && !pending.get_untracked() { on_agree.run(()) }>
                    "同意する"
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| on_cancel.run(())>"キャンセル"</button>
            </div>
        </div>
    }
}

/// "## " lines become headings; other lines, paragraphs.
fn render_terms(text: &str) -> impl IntoView {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| match line.strip_prefix("## ") {
            Some(h) => view! { <h3>{h.to_string()}</h3> }.into_any(),
            None => view! { <p>{line.to_string()}</p> }.into_any(),
        })
        .collect_view()
}
