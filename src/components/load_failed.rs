//! A screen whose code could not be fetched (the connection dropped on the way): say so
//! and offer to try again. A failed load is not remembered, so the next try fetches anew.

use leptos::prelude::*;

use super::page_heading::PageHeading;

#[component]
pub fn LoadFailed() -> impl IntoView {
    let retry = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <PageHeading text="画面を表示できませんでした"/>
        <p role="alert">"通信が途切れたため、この画面を読み込めませんでした。通信状況を確認してから「再読み込み」を押してください。"</p>
        <p><button type="button" class="button button--primary" on:click=retry>"再読み込み"</button></p>
    }
}
