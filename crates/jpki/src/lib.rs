//! My Number card (JPKI) logic, in one place for both sides (SPEC §4.8, §7.2).
//!
//! * The SPA (wasm32) uses [`JpkiClient`] over a browser [`Transport`], plus [`pin`] for its
//!   PIN dialogs. The default feature set therefore has no std-only dependencies.
//! * The server (feature `sim`) runs [`sim::VirtualCard`]s that answer the same APDUs.
//!
//! Everything the card says travels as bytes through [`Transport::transceive`]; no other
//! module talks to a card.

pub mod apdu;
pub mod basic_four;
pub mod client;
pub mod digest;
pub mod error;
pub mod ids;
pub mod pin;
pub mod status;
pub mod tlv;
pub mod transport;

#[cfg(feature = "sim")]
pub mod sim;

pub use apdu::{ApduError, Command, Response};
pub use basic_four::{BasicFour, Sex};
pub use client::{JpkiClient, PinStatus};
pub use digest::{digest_info_sha256, SHA256_DIGEST_INFO_PREFIX};
pub use error::JpkiError;
pub use pin::{Pin, PinFormatError, PinKind};
pub use status::Status;
pub use transport::{LocalBoxFuture, Transport, TransportError};
