//! The account's own pages (server: `crates/server/src/account/`, e2e: `account.spec.ts`):
//!
//! | URL | screen |
//! |---|---|
//! | `/account/sessions` | 「ログイン中の端末」: each session's device and times, 「この端末」, 「ログアウトさせる」, 「ほかの端末をすべてログアウトさせる」 ([`sessions`]) |
//!
//! Reached from 「外部サイトとの連携」 (`/connections`), under 「アカウント」.

pub mod sessions;

pub use sessions::AccountSessionsPage;
