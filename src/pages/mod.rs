//! One module per flow; one file per screen.

pub mod accessibility;
pub mod account;
pub mod applications;
pub mod connections;
pub mod demo;
pub mod demo_card;
pub mod gallery;
pub mod home;
pub mod honseki;
pub mod lecture;
pub mod license;
pub mod link;
pub mod login;
pub mod not_found;
pub mod notices;
pub mod onestop;
pub mod unlink;
