//! 申請状況 on a completion screen (manual 3章② step 13, 3章③-1 step 7, 3章③-3 step 6): the
//! manual tells the person to check that it reads 「受付済」, so the screen says the status at
//! acceptance — which a reload keeps — and, where the worker has moved the application on
//! since (outside demo mode that can be a second later), the live status and its time beside
//! it, so neither reads as the other.

use domain::applications::{ApplicationStatus, ApplicationSummary};
use domain::dates::western_date_time;
use leptos::prelude::*;

/// The status at acceptance: always 受付済 (an application is accepted as that).
pub const AT_ACCEPTANCE: &str = "受付済";

/// 「完了（2026年12月15日 10:01 時点）」 when the live status is no longer 受付済.
pub fn live_status(app: &ApplicationSummary) -> Option<impl IntoView> {
    (app.status != ApplicationStatus::Accepted).then(|| {
        view! {
            {app.status.label()}"（"
            <time datetime=app.updated_at.to_rfc3339()>{western_date_time(app.updated_at)}</time>
            " 時点）"
        }
    })
}

/// The status as a paragraph: 「申請状況：受付済」, then the live one where it differs.
#[component]
pub fn AcceptedStatus(application: ApplicationSummary) -> impl IntoView {
    let live = live_status(&application).map(|v| view! { <p class="accepted-status__live">"現在の申請状況："{v}</p> });
    view! {
        <p>"申請状況："{AT_ACCEPTANCE}</p>
        {live}
    }
}

/// The same as rows of a result table (the one-stop completion notices).
#[component]
pub fn AcceptedStatusRows(application: ApplicationSummary) -> impl IntoView {
    let live = live_status(&application).map(|v| view! { <tr><th scope="row">"現在の申請状況"</th><td>{v}</td></tr> });
    view! {
        <tr><th scope="row">"申請状況"</th><td>{AT_ACCEPTANCE}</td></tr>
        {live}
    }
}
