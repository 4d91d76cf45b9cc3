//! The account's own settings (issue 16): the person's login sessions, 「ログイン中の端末」.

pub mod routes;

pub use routes::routes;
