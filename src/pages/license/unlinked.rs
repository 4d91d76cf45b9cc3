//! Before linking: 「連携をはじめる」 for those who can link, and why not for those who cannot.
//! Over a stale link (issue 30) the server's notice says why no record is shown, and
//! 「再度連携する」 starts the same flow, which replaces the stale link.

use domain::HoldingStatus;
use leptos::prelude::*;

use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::page_heading::PageHeading;

#[component]
pub fn UnlinkedView(status: HoldingStatus, can_link: bool, relink: Option<String>) -> impl IntoView {
    let heading = status.record_heading();
    let body = if let (true, Some(notice)) = (can_link, relink) {
        view! {
            <p class="notice" role="note">{notice}</p>
            <p><a class="button button--primary" href="/license/link">"再度連携する"</a></p>
        }
        .into_any()
    } else if can_link {
        view! {
            <p>"マイナポータルとマイナ免許証を連携すると、免許情報の確認、オンライン講習の受講、本籍のオンライン変更や住所変更ワンストップサービス等を利用できます。"</p>
            <p><a class="button button--primary" href="/license/link">"連携をはじめる"</a></p>
        }
        .into_any()
    } else {
        view! {
            <p>{format!("現在の保有状況（{}）では、マイナポータルと連携できません。", status.label())}</p>
            <p>{format!("連携するには、運転免許センター等でマイナンバーカードと{}の一体化などの手続きを行い、保有状況を変更してください。", status.to_integrate().0)}</p>
        }
        .into_any()
    };
    view! {
        <Breadcrumbs trail=HOME current=heading/>
        <PageHeading text=heading/>
        <section class="panel" aria-labelledby="link-status-heading">
            <h2 id="link-status-heading">"マイナ免許証との連携"</h2>
            <p class="link-state"><span class="badge">"未連携"</span></p>
            {body}
        </section>
    }
}
