//! What a virtual card is issued with: its basic four items, keys, certificates and PINs.

use rand_core::{CryptoRngCore, OsRng};
use serde::{Deserialize, Serialize};

use super::cert::{generate_key_pkcs8, self_signed_cert_der};
use crate::basic_four::{BasicFour, Sex};

/// Demo PINs of every virtual card (SPEC §5).
pub const DEMO_CARD_INFO_PIN: &str = "1234";
pub const DEMO_AUTH_PIN: &str = "1234";
pub const DEMO_SIGNING_PIN: &str = "ABC123";

/// Fixed at issue; [`super::CardState`] is what changes. An empty certificate means the
/// certificate was never issued: selecting its EF answers 6A82 like a card without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardProfile {
    pub basic_four: BasicFour,
    pub auth_key_pkcs8_der: Vec<u8>,
    pub auth_cert_der: Vec<u8>,
    pub signing_key_pkcs8_der: Vec<u8>,
    pub signing_cert_der: Vec<u8>,
    /// PINs as the card compares them: the normalised ASCII of [`crate::Pin`].
    pub card_info_pin: String,
    pub auth_pin: String,
    pub signing_pin: String,
}

/// 免許 太郎 of the demo data (SPEC §5).
pub fn sample_basic_four() -> BasicFour {
    BasicFour {
        name: "免許 太郎".into(),
        address: "東京都千代田区霞が関二丁目1番2号".into(),
        birth_date: "19960101".into(),
        sex: Sex::Male,
    }
}

/// A card with fresh keys, placeholder self-signed certificates and the demo PINs.
pub fn generate_profile(basic_four: BasicFour, rng: &mut impl CryptoRngCore) -> CardProfile {
    let auth_key = generate_key_pkcs8(rng);
    let signing_key = generate_key_pkcs8(rng);
    // Like the real certificates: the auth one names no one, the signing one the holder.
    let auth_cert =
        self_signed_cert_der(&auth_key, "JPKI virtual card (auth, placeholder)", 1).expect("auth certificate");
    let signing_cert = self_signed_cert_der(&signing_key, &basic_four.name, 2).expect("signing certificate");
    CardProfile {
        basic_four,
        auth_key_pkcs8_der: auth_key,
        auth_cert_der: auth_cert,
        signing_key_pkcs8_der: signing_key,
        signing_cert_der: signing_cert,
        card_info_pin: DEMO_CARD_INFO_PIN.into(),
        auth_pin: DEMO_AUTH_PIN.into(),
        signing_pin: DEMO_SIGNING_PIN.into(),
    }
}

/// [`generate_profile`] for 免許 太郎 with OS randomness.
pub fn test_profile() -> CardProfile {
    generate_profile(sample_basic_four(), &mut OsRng)
}
