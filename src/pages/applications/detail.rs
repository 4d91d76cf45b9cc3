//! `/applications/:id`: one application, its 申請状況 and the history of its statuses.

use domain::applications::ApplicationDetail;
use domain::dates::western_date_time;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{StatusBadge, TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::field::Field;
use crate::components::loading::Loading;
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;
use crate::components::receipt::ReceiptNumber;

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::application(&id).await }
    });
    login_on_unauthorized(data);
    view! {
        <Breadcrumbs trail=TRAIL current="申請の詳細"/>
        {move || match data.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) if e.is_unauthorized() => ().into_any(),
            Some(Err(e)) => {
                let message = if e.status == 404 { "申請が見つかりませんでした。".to_string() } else { e.detail };
                view! {
                    <PageHeading text="申請の詳細"/>
                    <p class="status-error" role="alert">{message}</p>
                    <p><a href="/applications">"手続き状況の一覧へ戻る"</a></p>
                }
                .into_any()
            }
            Some(Ok(app)) => view! { <ApplicationView app/> }.into_any(),
        }}
    }
}

#[component]
fn ApplicationView(app: ApplicationDetail) -> impl IntoView {
    let notice = app.notice_id.clone().map(|id| format!("/notices/{id}"));
    view! {
        <PageHeading text=app.kind.label()/>
        <ReceiptNumber number=app.receipt_no.clone()/>
        <dl class="record">
            <Field label="手続き">{app.kind.label()}</Field>
            <Field label="申請状況"><StatusBadge status=app.status/></Field>
            <Field label="受付日時">{western_date_time(app.submitted_at)}</Field>
            {app.reject_reason.clone().map(|r| view! { <Field label="却下の理由">{r}</Field> })}
        </dl>
        <section class="status-history" aria-labelledby="status-history-heading">
            <h2 id="status-history-heading">"申請状況の履歴"</h2>
            <ol class="status-history__list">
                {app.history.iter().map(|e| view! {
                    <li class="status-history__item">
                        <StatusBadge status=e.status/>
                        <time datetime=e.at.to_rfc3339()>{western_date_time(e.at)}</time>
                    </li>
                }).collect_view()}
            </ol>
        </section>
        {notice.map(|href| view! { <p><a class="button button--primary" href=href>"処理結果のお知らせを見る"</a></p> })}
        <p><a href="/applications">"手続き状況の一覧へ戻る"</a></p>
    }
}
