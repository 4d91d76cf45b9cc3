//! The linked person's record: heading by holding status, 登録情報 date, the fields,
//! the renewal notice, 「手続き」, 「連携解除」 and what to do when the card is lost.

use domain::dates::western;
use domain::license::{RecordDetail, RecordView};
use leptos::prelude::*;

use super::history_view::HistoryFields;
use super::license_view::LicenseFields;
use super::procedures::Procedures;
use super::renewal_notice::RenewalNoticeView;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::page_heading::PageHeading;

/// The guidance for a lost or suspended card (issue 30), in the link flow's help.
pub const LOST_CARD: &str = "/license/link/help/lost-card";

#[component]
pub fn RecordPage(record: RecordView) -> impl IntoView {
    let heading = record.status.record_heading();
    let registered = format!("登録情報 {}時点", western(record.registered_on));
    let renewal = record.renewal.clone();
    let procedures = record.procedures;
    let fields = match record.detail.clone() {
        RecordDetail::License(detail) => view! { <LicenseFields record detail/> }.into_any(),
        RecordDetail::History(detail) => view! { <HistoryFields record detail/> }.into_any(),
    };
    view! {
        <Breadcrumbs trail=HOME current=heading/>
        <PageHeading text=heading/>
        {renewal.map(|notice| view! { <RenewalNoticeView notice/> })}
        <p class="registered-on">{registered}</p>
        {fields}
        <Procedures procedures/>
        <p class="unlink-link"><a href="/license/unlink">"連携解除"</a></p>
        <p class="unlink-link"><a href=LOST_CARD>"マイナンバーカードを紛失したとき"</a></p>
    }
}
