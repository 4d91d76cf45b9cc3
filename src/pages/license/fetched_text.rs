//! Values fetched only when the person opens them: 本籍, 運転経歴区分 and the photo.

use std::future::Future;

use leptos::prelude::*;

use crate::api::{self, ApiResult};

/// Fetches a text when mounted and shows it (or why it could not be shown).
#[component]
pub fn FetchedText<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ApiResult<String>> + 'static,
{
    let value = LocalResource::new(fetch);
    move || match value.get() {
        None => view! { <span class="loading">"読み込み中…"</span> }.into_any(),
        Some(Ok(text)) => view! { <span class="revealed">{text}</span> }.into_any(),
        Some(Err(e)) => view! { <span class="status-error">{e.detail}</span> }.into_any(),
    }
}

/// The face photo, requested from the server only when this is rendered.
#[component]
pub fn Photo() -> impl IntoView {
    let failed = RwSignal::new(false);
    move || {
        if failed.get() {
            view! { <span class="status-error">"顔写真を読み込めませんでした。時間をおいてもう一度お試しください。"</span> }.into_any()
        } else {
            view! {
                <img class="photo" src=api::PHOTO_URL alt="顔写真" width="120" height="150"
                    on:error=move |_| failed.set(true)/>
            }
            .into_any()
        }
    }
}

pub async fn honseki_text() -> ApiResult<String> {
    api::honseki().await.map(|v| v.honseki)
}

pub async fn history_class_text() -> ApiResult<String> {
    api::history_class().await.map(|v| v.history_class)
}
