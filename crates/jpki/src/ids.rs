//! Application and file identifiers of the card (SPEC §7.2).

/// JPKI application: authentication and signing certificates, keys and PINs.
pub const JPKI_AP: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// 券面事項入力補助 application: the basic four items and the card-info PIN.
pub const CARD_INFO_AP: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];

// EFs inside JPKI-AP.
/// 署名用電子証明書 (readable only after the signing PIN).
pub const EF_SIGNING_CERT: u16 = 0x0001;
/// 利用者証明用電子証明書 (readable without a PIN, like the real card).
pub const EF_AUTH_CERT: u16 = 0x000A;
/// Authentication private key (SIGN after the auth PIN).
pub const EF_AUTH_KEY: u16 = 0x0017;
/// Authentication PIN (4 digits, 3 tries).
pub const EF_AUTH_PIN: u16 = 0x0018;
/// Signing private key (SIGN after the signing PIN).
pub const EF_SIGNING_KEY: u16 = 0x001A;
/// Signing PIN (6–16 of A–Z/0–9, 5 tries).
pub const EF_SIGNING_PIN: u16 = 0x001B;

// EFs inside the card-info AP.
/// Basic four items (氏名・住所・生年月日・性別), readable after the card-info PIN.
pub const EF_BASIC_FOUR: u16 = 0x0002;
/// Card-info PIN (4 digits, 3 tries).
pub const EF_CARD_INFO_PIN: u16 = 0x0011;
