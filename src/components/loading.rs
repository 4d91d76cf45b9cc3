//! The loading line: what a screen says while it fetches what it shows. One `p.loading`
//! in a polite status region (announced, not focused); the gallery's player waits until
//! no `main p.loading` is left (pages/gallery/dom.rs).

use leptos::prelude::*;

#[component]
pub fn Loading(
    /// What is being fetched, when 「読み込み中…」 says too little.
    #[prop(default = "読み込み中…")]
    text: &'static str,
) -> impl IntoView {
    view! { <p class="loading" role="status">{text}</p> }
}
