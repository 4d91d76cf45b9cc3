//! PIN normalisation and format rules: pure, shared with the SPA's dialogs.

use jpki::{Pin, PinFormatError, PinKind};

const FOUR_DIGITS: &str = "パスワードは数字4桁で入力してください。";
const SIGNING_RULE: &str = "署名用電子証明書のパスワードは、英大文字と数字を組み合わせた6～16桁で入力してください。";

#[test]
fn four_digit_pins() {
    for kind in [PinKind::CardInfo, PinKind::Auth] {
        assert_eq!(Pin::parse(kind, "1234").unwrap().as_str(), "1234");
        assert_eq!(Pin::parse(kind, "１２３４").unwrap().as_str(), "1234", "full-width digits");
        assert_eq!(Pin::parse(kind, " 12３4\u{3000}").unwrap().as_bytes(), b"1234", "spaces trimmed");
        assert_eq!(Pin::parse(kind, ""), Err(PinFormatError::Empty(kind)));
        assert_eq!(Pin::parse(kind, "   "), Err(PinFormatError::Empty(kind)));
        for bad in ["123", "12345", "12a4", "12 34", "１２３４５", "abcd", "１２３"] {
            assert_eq!(Pin::parse(kind, bad), Err(PinFormatError::NotFourDigits(kind)), "{bad}");
        }
        assert_eq!(Pin::parse(kind, "123").unwrap_err().message(), FOUR_DIGITS);
        assert_eq!(Pin::parse(kind, "").unwrap_err().message(), FOUR_DIGITS);
    }
}

#[test]
fn signing_pin_is_normalised() {
    for input in ["ABC123", "abc123", "AbC123", "ＡＢＣ１２３", "ａｂｃ１２３", " abc123 ", "\u{3000}ＡＢＣ123\u{3000}"]
    {
        assert_eq!(Pin::parse(PinKind::Signing, input).unwrap().as_str(), "ABC123", "{input:?}");
    }
    assert_eq!(jpki::pin::normalize(PinKind::Signing, "ａｂ１"), "AB1");
    // Only the signing PIN is upper-cased; a 4-digit PIN never has letters anyway.
    assert_eq!(jpki::pin::normalize(PinKind::CardInfo, "ａｂ１"), "ab1");
}

#[test]
fn signing_pin_rules() {
    let err = |s: &str| Pin::parse(PinKind::Signing, s).unwrap_err();
    assert_eq!(err(""), PinFormatError::Empty(PinKind::Signing));
    assert_eq!(err("ABCDEF"), PinFormatError::SigningNeedsLetterAndDigit);
    assert_eq!(err("123456"), PinFormatError::SigningNeedsLetterAndDigit);
    assert_eq!(err("AB123"), PinFormatError::SigningLength);
    assert_eq!(err("A1B2C3D4E5F6G7H8I"), PinFormatError::SigningLength);
    assert_eq!(err("ABC-123"), PinFormatError::SigningCharacters);
    assert_eq!(err("ABC 123"), PinFormatError::SigningCharacters);
    assert_eq!(err("ÄBC123"), PinFormatError::SigningCharacters);
    assert_eq!(err("あいう123"), PinFormatError::SigningCharacters);
    assert!(Pin::parse(PinKind::Signing, "A1B2C3D4E5F6G7H8").is_ok(), "16 is allowed");
    assert!(Pin::parse(PinKind::Signing, "A12345").is_ok(), "6 is allowed");
    for bad in ["", "ABCDEF", "AB123", "ABC-123"] {
        assert_eq!(err(bad).message(), SIGNING_RULE);
        assert_eq!(err(bad).kind(), PinKind::Signing);
    }
}

#[test]
fn pin_kinds() {
    assert_eq!(PinKind::ALL.map(PinKind::max_tries), [3, 3, 5]);
    assert_eq!(PinKind::ALL.map(PinKind::max_len), [4, 4, 16]);
    assert_eq!(PinKind::ALL.map(PinKind::is_numeric), [true, true, false]);
    assert_eq!(PinKind::ALL.map(PinKind::pin_ef), [0x0011, 0x0018, 0x001B]);
    assert!(PinKind::CardInfo.locked_message().contains("住民票がある自治体窓口"));
    assert!(PinKind::Auth.locked_message().contains("住民票がある自治体窓口"));
    let signing = PinKind::Signing.locked_message();
    assert!(signing.contains("住民票がある自治体窓口") && signing.contains("コンビニエンスストア等のキオスク端末"));
}

#[test]
fn debug_never_shows_the_pin() {
    let pin = Pin::parse(PinKind::Signing, "SECRET1").unwrap();
    assert!(!format!("{pin:?}").contains("SECRET1"));
}

/// A new PIN typed twice (the phone signing credential's password form): the first is
/// checked as the signing PIN, the second must be the same once both are normalised.
#[test]
fn a_new_pin_typed_twice() {
    use jpki::pin::ChosenPinError;
    let chosen = |a: &str, b: &str| Pin::chosen_twice(PinKind::Signing, a, b).map(|p| p.as_str().to_string());
    assert_eq!(chosen("phone123", "PHONE123"), Ok("PHONE123".into()));
    assert_eq!(chosen("ＰＨＯＮＥ１２３", " phone123 "), Ok("PHONE123".into()), "normalised alike");
    assert_eq!(chosen("PHONE123", "PHONE124"), Err(ChosenPinError::Mismatch));
    assert_eq!(chosen("PHONE123", ""), Err(ChosenPinError::Mismatch));
    // The format first: a malformed first entry is that, whatever the second says.
    assert_eq!(chosen("PHONE", "PHONE"), Err(ChosenPinError::Format(PinFormatError::SigningLength)));
    assert_eq!(chosen("", "x"), Err(ChosenPinError::Format(PinFormatError::Empty(PinKind::Signing))));
    assert_eq!(chosen("PHONEABC", "PHONEABC"), Err(ChosenPinError::Format(PinFormatError::SigningNeedsLetterAndDigit)));
    assert_eq!(
        Pin::chosen_twice(PinKind::CardInfo, "１２３４", "1234").map(|p| p.as_str().to_string()),
        Ok("1234".into())
    );
}
