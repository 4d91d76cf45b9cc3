//! オンライン更新時講習 (manual 3章①, SPEC §4.5): the portal's page, and the lecture site the
//! portal hands the person over to — a service of its own, in its own frame (its header
//! 「オンライン講習」, no portal bell: the route table's `shell`).
//!
//! | step | URL | screen |
//! |---|---|---|
//! | 1 | `/license` | 「免許情報記録の有効期限が近づいています」 「オンライン講習について確認する」 |
//! | 2 | `/license/lecture` | 「オンライン講習の受講」 (受講不可 and why; done; how far) ([`portal`]) |
//! | – | `/license/lecture/flow` | 「オンライン講習の流れについて」 |
//! | 3 | `/lecture?ticket=…` → `/lecture` | the lecture site: 「受講者情報」, 「言語選択/Language selection」, 「受講を開始する」 |
//! | 4… | `/lecture/chapters/:n` | a chapter: text, video, its question |
//! | last | `/lecture/complete` | 受講完了 |
//! | – | `/lecture/help/:topic` | 「操作マニュアル」 (`manual`), 「よくある質問 (FAQ)」 (`faq`) |
//!
//! The ticket in the URL is single use and lives two minutes; the lecture site swaps it for
//! its own session at once and drops it from the address. Progress is the server's: a
//! reload, or another device, resumes at the same chapter.

pub mod attendee;
pub mod chapter;
pub mod complete;
pub mod flow_help;
pub mod portal;
pub mod site_help;
mod texts;
