//! Before linking: 「連携をはじめる」 for those who can link, and why not for those who cannot.
//! Over a stale link (issue 30) the server's notice says why no record is shown, and
//! 「連携をはじめる」 starts the same flow, which replaces the stale link.

use domain::HoldingStatus;
use leptos::prelude::*;

use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::page_heading::PageHeading;

#[component]
pub fn UnlinkedView(status: HoldingStatus, can_link: bool, lead: String) -> impl IntoView {
    let heading = status.record_heading();
    // The paragraph is the server's (what linking enables, why this status cannot link, or
    // why a stale link shows no record, issue 30): no copy of these texts in the first view.
    let body = if can_link {
        view! {
            <p>{lead}</p>
            <p><a class="button button--primary" href="/license/link">"連携をはじめる"</a></p>
        }
        .into_any()
    } else {
        view! { <p>{lead}</p> }.into_any()
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
