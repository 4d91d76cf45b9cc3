//! Any path the router does not know. Never a blank page.

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageHeading text="ページが見つかりません"/>
        <p>"お探しのページは準備中か、URLが正しくありません。"</p>
        <p><a href="/">"ホームへ戻る"</a></p>
    }
}
