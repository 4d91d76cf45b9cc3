//! `/notices/:id`: one notice. Opening it marks it read; the bell is refreshed after.

use domain::dates::western_date_time;
use domain::notices::{NoticeDetail, NoticeKind};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::TRAIL;
use crate::api;
use crate::components::bell::UnreadNotices;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::loading::Loading;
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;

#[component]
pub fn NoticeDetailPage() -> impl IntoView {
    let params = use_params_map();
    let unread = use_context::<UnreadNotices>();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move {
            let answer = api::notice(&id).await;
            // Reading marked it read on the server: the bell's count changed.
            if let Some(u) = unread {
                u.refresh();
            }
            answer
        }
    });
    login_on_unauthorized(data);
    view! {
        <Breadcrumbs trail=TRAIL current="お知らせの詳細"/>
        {move || match data.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) if e.is_unauthorized() => ().into_any(),
            Some(Err(e)) => {
                let message = if e.status == 404 { "お知らせが見つかりませんでした。".to_string() } else { e.detail };
                view! {
                    <PageHeading text="お知らせ"/>
                    <p class="status-error" role="alert">{message}</p>
                    <p><a href="/notices">"お知らせ一覧へ戻る"</a></p>
                }
                .into_any()
            }
            Some(Ok(notice)) => view! { <NoticeView notice/> }.into_any(),
        }}
    }
}

#[component]
fn NoticeView(notice: NoticeDetail) -> impl IntoView {
    let follow_up = match (notice.kind, notice.application_id.clone()) {
        (_, Some(app)) => Some((format!("/applications/{app}"), "手続き状況を確認する")),
        (NoticeKind::LicenseExpiry, None) => Some(("/license".to_string(), "運転免許ページへ")),
        (NoticeKind::OnestopConsentExpiry, None) => Some(("/license/onestop".to_string(), "基本情報の自動変更へ")),
        (NoticeKind::OnestopItemsChangeResult, None) => Some(("/license".to_string(), "運転免許ページへ")),
        _ => None,
    };
    view! {
        <PageHeading text=notice.title.clone()/>
        <p class="notice-detail__date">
            "通知日時 "<time datetime=notice.created_at.to_rfc3339()>{western_date_time(notice.created_at)}</time>
        </p>
        <div class="notice-detail__body">
            {notice.body.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
        </div>
        {follow_up.map(|(href, label)| view! { <p><a class="button button--primary" href=href>{label}</a></p> })}
        <p><a href="/notices">"お知らせ一覧へ戻る"</a></p>
    }
}
