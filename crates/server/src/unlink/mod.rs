//! Unlinking the portal from the licence system (manual 2章 ①-2, SPEC §4.3). Applications
//! in progress do not block it (the manual only warns about them); unlinking someone who
//! is not linked is refused cleanly. Every attempt is audited.

pub mod routes;

pub use routes::routes;
