//! `/applications` 「手続き状況」: the person's applications, newest first, each with its 申請状況.

use domain::applications::ApplicationSummary;
use domain::dates::western_date_time;
use leptos::prelude::*;

use super::StatusBadge;
use crate::api;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let data = LocalResource::new(api::applications);
    login_on_unauthorized(data);
    let summary = move || match data.get() {
        None => "読み込み中…".to_string(),
        Some(Ok(list)) if list.is_empty() => "申請はありません。".to_string(),
        Some(Ok(list)) => format!("申請は{}件です。", list.len()),
        Some(Err(e)) if e.is_unauthorized() => String::new(),
        Some(Err(e)) => e.detail,
    };
    view! {
        <Breadcrumbs trail=HOME current="手続き状況"/>
        <PageHeading text="手続き状況"/>
        <p>"マイナポータルから申請した手続きと、その申請状況です。処理の結果はお知らせでも届きます。"</p>
        <p class="applications-summary" role="status" aria-live="polite">{summary}</p>
        {move || data.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| view! {
            <ul class="application-list">
                {list.into_iter().map(|a| view! { <ApplicationItem app=a/> }).collect_view()}
            </ul>
        })}
        <p><a href="/notices">"お知らせを確認する"</a></p>
    }
}

#[component]
fn ApplicationItem(app: ApplicationSummary) -> impl IntoView {
    let href = format!("/applications/{}", app.id);
    view! {
        <li class="application-item">
            <a class="application-item__link" href=href>
                <span class="application-item__kind">{app.kind.label()}</span>
                <span class="application-item__meta">"受付番号 "{app.receipt_no.clone()}</span>
                <span class="application-item__meta">
                    "受付日時 "<time datetime=app.submitted_at.to_rfc3339()>{western_date_time(app.submitted_at)}</time>
                </span>
                <span class="application-item__status">"申請状況 "<StatusBadge status=app.status/></span>
            </a>
        </li>
    }
}
