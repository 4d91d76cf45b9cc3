//! `/notices` 「お知らせ」: newest first; unread ones carry a 「未読」 label (and bold titles),
//! so the mark does not rely on colour.

use domain::dates::western_date_time;
use domain::notices::NoticeSummary;
use leptos::prelude::*;

use crate::api;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let data = LocalResource::new(api::notices);
    login_on_unauthorized(data);
    // Announced when the list arrives (the region is always rendered, so it is heard).
    let summary = move || match data.get() {
        None => "読み込み中…".to_string(),
        Some(Ok(list)) if list.is_empty() => "お知らせはありません。".to_string(),
        Some(Ok(list)) => {
            let unread = list.iter().filter(|n| n.unread).count();
            format!("お知らせは{}件です（未読{}件）。", list.len(), unread)
        }
        Some(Err(e)) if e.is_unauthorized() => String::new(),
        Some(Err(e)) => e.detail,
    };
    view! {
        <Breadcrumbs trail=HOME current="お知らせ"/>
        <PageHeading text="お知らせ"/>
        <p class="notices-summary" role="status" aria-live="polite">{summary}</p>
        {move || data.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| view! {
            <ul class="notice-list">
                {list.into_iter().map(|n| view! { <NoticeItem notice=n/> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn NoticeItem(notice: NoticeSummary) -> impl IntoView {
    let href = format!("/notices/{}", notice.id);
    let class = if notice.unread { "notice-item notice-item--unread" } else { "notice-item" };
    view! {
        <li class=class>
            <a class="notice-item__link" href=href>
                <span class="notice-item__meta">
                    {notice.unread.then(|| view! { <span class="badge badge--unread">"未読"</span> })}
                    <time datetime=notice.created_at.to_rfc3339()>{western_date_time(notice.created_at)}</time>
                </span>
                <span class="notice-item__title">{notice.title}</span>
                {(!notice.about.is_empty()).then(|| view! { <span class="notice-item__about">{notice.about.clone()}</span> })}
            </a>
        </li>
    }
}
