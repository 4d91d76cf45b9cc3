//! The card's certificates as the portal knows them (issue 30, beyond the manual): their
//! validity on 「連携状況」 (`/connections`), so a person sees before it happens that the
//! signing certificate's end stops the one-stop service and the signed procedures. The
//! notices before that day are `notices::due`; the one-stop refusal is `onestop`.
//!
//! * `GET /api/certificates` → `Vec<CertificateValidity>`: the newest 利用者証明用 and 署名用
//!   certificate the CA issued for the session's person, each with its last day (Japan time)
//!   and whether it has passed at the business clock. Empty when none is on record.

pub mod routes;

pub use routes::routes;
