//! お知らせ (manual 3章④, SPEC §4.10): the person's inbox (routes.rs) and the notices the
//! calendar brings by itself (due.rs). Result notices of applications come with the
//! application's result (crate::worker).

pub mod due;
pub mod routes;

pub use routes::routes;
