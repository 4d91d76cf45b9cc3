//! 住所変更ワンストップサービス等 (manual 3章③, SPEC §4.7): the 「基本情報の自動変更」 hub;
//! start and renew (terms → 同意項目選択 → signing PIN → card read → 申請完了通知); the
//! status; cancel (terms → signing PIN → card read → 申請完了通知 → 重要); and the `/demo`
//! control that plays the municipality's side (J-LIS).

mod cancel;
mod consent;
mod hub;
mod jlis;
mod parts;
mod status;

use leptos::prelude::*;

pub use cancel::OnestopCancelPage;
pub use consent::{OnestopRenewPage, OnestopStartPage};
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
