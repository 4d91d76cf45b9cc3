//! 住所変更ワンストップサービス等 (manual 3章③, SPEC §4.7), each step its own URL:
//!
//! | step | URL | screen |
//! |---|---|---|
//! | 3-1 (1)–(2) | `/license/onestop` | 「基本情報の自動変更」 ([`hub`]) |
//! | 3-1 (3) | `/license/onestop/start` (renew: `/renew`) | 「住所変更ワンストップサービス等利用同意」 terms |
//! | 3-1 (4)–(6) | `/license/onestop/start/items` (+ PIN dialog, `?step=card`) | 「…利用同意項目選択」, 「電子署名の付与」, card read |
//! | 3-1 (7) | `/license/onestop/start/done` | 「…利用同意申請完了通知」 受付済, 「OK」 |
//! | 3-2 | `/license/onestop/status` | 「…利用同意状況照会」 |
//! | 3-3 (3)–(5) | `/license/onestop/cancel` (+ PIN dialog, `?step=card`) | 「…利用同意解除」 terms, signing, card read |
//! | 3-3 (6) | `/license/onestop/cancel/done` | 「…利用同意解除申請完了通知」 受付済 and 重要 |
//! | – | `/license/onestop/help/:topic` | `about`, `faq`, `manual` |
//!
//! What a step needs of the earlier ones (the terms agreed to, the items chosen) is kept by
//! the server against the session for ten minutes (`/api/onestop/steps/…`): a reload keeps
//! the step; without it the person goes back to the flow's terms with the reason. The
//! `/demo` control that plays the municipality's side (J-LIS) is [`jlis`].

mod cancel_done;
mod cancel_terms;
mod consent_done;
mod consent_items;
mod consent_terms;
mod flows;
mod help;
mod hub;
mod jlis;
mod parts;
mod status;

use leptos::prelude::*;

pub use cancel_done::OnestopCancelDonePage;
pub use cancel_terms::OnestopCancelPage;
pub use consent_done::{OnestopRenewDonePage, OnestopStartDonePage};
pub use consent_items::{OnestopRenewItemsPage, OnestopStartItemsPage};
pub use consent_terms::{OnestopRenewPage, OnestopStartPage};
pub use help::OnestopHelpPage;
pub use hub::OnestopPage;
pub use jlis::JlisChangeForm;
pub use status::OnestopStatusPage;

use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

/// The hub's heading and breadcrumb name.
pub(crate) const HUB: &str = "基本情報の自動変更";
/// The hub's ancestors.
pub(crate) const TRAIL_TO_LICENSE: &[(&str, &str)] = &[("ホーム", "/"), ("運転免許", "/license")];
/// The steps' ancestors.
pub(crate) const TRAIL: &[(&str, &str)] =
    &[("ホーム", "/"), ("運転免許", "/license"), ("基本情報の自動変更", "/license/onestop")];

/// The frame of the one-stop screens after the hub: breadcrumbs, then the screen for a
/// linked person, [`NotLinked`] for anyone else logged in (a visitor goes to `/login`).
#[component]
pub(crate) fn LinkedOnly(
    /// The breadcrumb of this screen.
    current: &'static str,
    /// Where to come back to after logging in.
    next: &'static str,
    /// The h1 when the screen is not available.
    heading: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=current next=next linked=true
            otherwise=move || view! { <NotLinked heading=heading/> }>
            {children()}
        </SessionGate>
    }
}

/// Logged in but not linked: nothing to show here yet.
#[component]
pub(crate) fn NotLinked(heading: &'static str) -> impl IntoView {
    view! {
        <PageHeading text=heading/>
        <p role="alert">"マイナ免許証と連携していないため、この手続きは利用できません。運転免許ページから連携してください。"</p>
        <p><a href="/license">"運転免許ページへ"</a></p>
    }
}
