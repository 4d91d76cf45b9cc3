//! The account's own pages (server: `crates/server/src/account/`, e2e: `account.spec.ts`):
//!
//! | URL | screen |
//! |---|---|
//! | `/account/sessions` | 「ログイン中の端末」: each session's device and times, 「この端末」, 「ログアウトさせる」, 「ほかの端末をすべてログアウトさせる」 ([`sessions`]) |
//! | `/account/phone-credential` | 「スマホ用電子証明書」: the registered phone signing credentials with 「削除」, and 「登録する」 (password, card signature, WebAuthn) ([`phone`]; server: `crates/server/src/phone_credential/`, e2e: `phone-credential.spec.ts`) |
//!
//! Reached from 「外部サイトとの連携」 (`/connections`), under 「アカウント」.

pub mod phone;
pub mod sessions;

pub use phone::PhoneCredentialPage;
pub use sessions::AccountSessionsPage;
