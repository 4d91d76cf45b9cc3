//! Pure domain types and rules shared by the SPA (compiled to wasm) and the server.
//! Nothing here does I/O; every rule that both sides need lives here exactly once.

pub mod accessibility;
pub mod api;
pub mod applications;
pub mod b64;
pub mod card;
pub mod card_step;
pub mod color;
pub mod dates;
pub mod device;
pub mod document;
pub mod eligibility;
pub mod holding;
pub mod honseki;
pub mod idle;
pub mod lecture;
pub mod license;
pub mod link;
pub mod notices;
pub mod onestop;
pub mod paths;
pub mod phone;
pub mod wareki;

pub use color::ColorClass;
pub use holding::HoldingStatus;
