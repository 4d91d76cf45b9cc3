//! Unlinking the portal from the マイナ免許証 (manual 2章 ①-2): consent, then done.

mod consent;
mod done;

pub use consent::UnlinkConsentPage;
pub use done::UnlinkDonePage;

/// The breadcrumb trail both steps share (the manual's, less its 「メニュー」 page).
pub(crate) const TRAIL: &[(&str, &str)] =
    &[("ホーム", "/"), ("外部サイトとの連携", "/connections"), ("マイナ免許証との連携", "/license")];
pub(crate) const CURRENT: &str = "マイナ免許証とのアカウント連携解除";
