//! 手続き状況 (SPEC §4.10): `/applications` lists the person's applications with their
//! 申請状況; `/applications/:id` shows one with its status history. The unlink warning's
//! and the application-complete screens' 「手続き状況を確認する」 lead here.

mod detail;
mod list;

pub use detail::ApplicationDetailPage;
pub use list::ApplicationsPage;

use domain::applications::ApplicationStatus;
use leptos::prelude::*;

/// The trail of the detail page.
const TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("手続き状況", "/applications")];

/// 申請状況 as a labelled badge: the word carries the meaning, the colour only repeats it.
#[component]
fn StatusBadge(status: ApplicationStatus) -> impl IntoView {
    let class = format!("status-badge status-badge--{}", status.code());
    view! { <span class=class>{status.label()}</span> }
}
