//! The virtual My Number card (feature `sim`, native only): the card side of SPEC §7.2,
//! answering exactly the APDUs the client sends, with persistent PIN counters.
//!
//! * [`VirtualCard`] — `process(apdu) -> response`; the server keeps one per person and
//!   persists [`CardState`] (serde) after each exchange.
//! * [`SimTransport`] — a [`crate::Transport`] over a `VirtualCard`, for tests and for
//!   running the client in-process.
//! * [`test_profile`] — fresh RSA-2048 keys and placeholder self-signed certificates; the
//!   server replaces the certificates with ones issued by its demo CA.

mod card;
mod cert;
mod profile;
mod state;
mod transport;

pub use card::{SimError, VirtualCard, SW_NOT_PIN_OR_BINARY_EF, SW_NO_CURRENT_EF, SW_OFFSET_OUTSIDE_EF};
pub use cert::{generate_key_pkcs8, self_signed_cert_der};
pub use profile::{
    generate_profile, sample_basic_four, test_profile, CardProfile, DEMO_AUTH_PIN, DEMO_CARD_INFO_PIN, DEMO_SIGNING_PIN,
};
pub use state::{CardState, Df, Session};
pub use transport::SimTransport;
