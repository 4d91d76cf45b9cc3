//! お知らせ (manual 3章④, SPEC §4.10): `/notices` lists them newest first with the unread
//! ones marked; `/notices/:id` shows one and marks it read.

mod detail;
mod list;

pub use detail::NoticeDetailPage;
pub use list::NoticesPage;

/// The trail of the detail page.
const TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("お知らせ", "/notices")];
