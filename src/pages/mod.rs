//! One module per flow; one file per screen.

pub mod demo;
pub mod home;
pub mod license;
pub mod login;
pub mod not_found;
