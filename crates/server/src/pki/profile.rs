//! The certificate profile of 公的個人認証サービス (JPKI), as J-LIS issues the My Number
//! card's two certificates (issue 26.1). One profile: the demo CA issues in it and
//! production reads real cards with it, so demo and production run one parser.
//! docs/PKI.md gives the sources and says which parts are assumptions.
//!
//! * **Kind, from the certificate policy**: 署名用 under `1.2.392.200149.8.5.1.1`,
//!   利用者証明用 under `1.2.392.200149.8.5.1.3` (the arc itself or any policy below it:
//!   J-LIS numbers its classes below the arc).
//! * **Key usage**: 利用者証明用 exactly digitalSignature; 署名用 exactly
//!   digitalSignature + nonRepudiation. Anything else is not this profile.
//! * **The four basic items** (署名用 only), subjectAltName `otherName`s under
//!   `1.2.392.200149.8.5.5`: `.1` 氏名, `.3` 性別, `.4` 生年月日, `.5` 住所 (UTF8String), and the
//!   substitute-character fields `.2` (氏名) and `.6` (住所), which name the positions of
//!   characters the certificate could not carry and are kept as text, not interpreted.
//! * **生年月日** is `EYYYYMMDD`: the era's digit (1 明治, 2 大正, 3 昭和, 4 平成, 5 令和)
//!   then the Gregorian date; a digit that is not the date's era is refused.
//! * **性別** is one digit, the code the card's 券面事項入力補助AP uses for the same person
//!   (assumption: see docs/PKI.md).

use chrono::{Datelike, NaiveDate};
use jpki::{BasicFour, Sex};
use x509_cert::der::asn1::{Any, OctetStringRef, PrintableStringRef, Utf8StringRef};
use x509_cert::ext::pkix::name::{GeneralName, OtherName};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages, SubjectAltName};
use x509_cert::spki::ObjectIdentifier;

use super::CertKind;

/// Certificate policy arc of the 署名用電子証明書.
pub const POLICY_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.1.1");
/// Certificate policy arc of the 利用者証明用電子証明書.
pub const POLICY_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.1.3");

/// subjectAltName otherName types of the 署名用 certificate's items.
pub const OID_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.1");
pub const OID_NAME_SUBSTITUTES: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.2");
pub const OID_SEX: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.3");
pub const OID_BIRTH_DATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.4");
pub const OID_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.5");
pub const OID_ADDRESS_SUBSTITUTES: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.6");

/// The kind a policy names: the arc itself or an OID below it. (DER arcs end on a byte
/// with the top bit clear, so a byte prefix ends on an arc boundary.)
pub fn kind_of_policy(policy: &ObjectIdentifier) -> Option<CertKind> {
    let under = |arc: &ObjectIdentifier| policy.as_bytes().starts_with(arc.as_bytes());
    if under(&POLICY_SIGNING) {
        Some(CertKind::Signing)
    } else if under(&POLICY_AUTH) {
        Some(CertKind::Auth)
    } else {
        None
    }
}

/// The key usage a kind carries, exactly.
pub fn key_usage(kind: CertKind) -> KeyUsage {
    match kind {
        CertKind::Auth => KeyUsage(KeyUsages::DigitalSignature.into()),
        CertKind::Signing => KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
    }
}

/// 生年月日 as the profile writes it: the era digit, then `YYYYMMDD`.
pub fn birth_date_field(yyyymmdd: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d").ok()?;
    Some(format!("{}{yyyymmdd}", char::from(era_digit(date)?)))
}

/// `YYYYMMDD` from the profile's `EYYYYMMDD`, when the era digit is the date's era.
pub fn birth_date_of_field(field: &str) -> Option<String> {
    let (era, yyyymmdd) = field.split_at_checked(1)?;
    let date = NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d").ok()?;
    (yyyymmdd.len() == 8 && era.as_bytes().first() == Some(&era_digit(date)?)).then(|| yyyymmdd.to_owned())
}

/// The era's digit of a date (the Gregorian calendar from 1873; earlier dates have none).
fn era_digit(date: NaiveDate) -> Option<u8> {
    const STARTS: [((i32, u32, u32), u8); 5] = [
        ((2019, 5, 1), b'5'),
        ((1989, 1, 8), b'4'),
        ((1926, 12, 25), b'3'),
        ((1912, 7, 30), b'2'),
        ((1873, 1, 1), b'1'),
    ];
    let key = (date.year(), date.month(), date.day());
    STARTS.iter().find(|(start, _)| *start <= key).map(|(_, digit)| *digit)
}

/// The subjectAltName entries of a 署名用 certificate (the substitute fields empty: the demo's
/// names need none). Fails on a birth date that is not a date.
pub fn san_entries(four: &BasicFour) -> anyhow::Result<Vec<GeneralName>> {
    let birth = birth_date_field(&four.birth_date)
        .ok_or_else(|| anyhow::anyhow!("birth date {:?} is not a date from 1873", four.birth_date))?;
    let sex = [four.sex.code()];
    let sex = std::str::from_utf8(&sex)?;
    let text = |oid: ObjectIdentifier, value: &str| -> anyhow::Result<GeneralName> {
        Ok(GeneralName::OtherName(OtherName { type_id: oid, value: Any::encode_from(&Utf8StringRef::new(value)?)? }))
    };
    Ok(vec![
        text(OID_NAME, &four.name)?,
        text(OID_NAME_SUBSTITUTES, "")?,
        text(OID_SEX, sex)?,
        text(OID_BIRTH_DATE, &birth)?,
        text(OID_ADDRESS, &four.address)?,
        text(OID_ADDRESS_SUBSTITUTES, "")?,
    ])
}

/// The four items of a subjectAltName, when all four are there and well-formed (one of
/// each: a second 氏名 is not a choice the parser makes).
pub fn basic_four_of(san: &SubjectAltName) -> Option<BasicFour> {
    let text = |oid: ObjectIdentifier| -> Option<String> {
        let mut values = san.0.iter().filter_map(|g| match g {
            GeneralName::OtherName(o) if o.type_id == oid => Some(&o.value),
            _ => None,
        });
        let value = values.next()?;
        if values.next().is_some() {
            return None;
        }
        value_text(value)
    };
    let sex = text(OID_SEX)?;
    let [code] = sex.as_bytes() else { return None };
    Some(BasicFour {
        name: text(OID_NAME).filter(|n| !n.is_empty())?,
        address: text(OID_ADDRESS).filter(|a| !a.is_empty())?,
        birth_date: birth_date_of_field(&text(OID_BIRTH_DATE)?)?,
        sex: Sex::from_code(*code)?,
    })
}

/// An item's text: UTF8String as the profile gives it; PrintableString and an OCTET
/// STRING of UTF-8 are read too (older issuers' encodings of the ASCII items).
fn value_text(value: &Any) -> Option<String> {
    if let Ok(s) = value.decode_as::<Utf8StringRef<'_>>() {
        return Some(s.as_str().to_owned());
    }
    if let Ok(s) = value.decode_as::<PrintableStringRef<'_>>() {
        return Some(s.as_str().to_owned());
    }
    let bytes = value.decode_as::<OctetStringRef<'_>>().ok()?;
    String::from_utf8(bytes.as_bytes().to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(s: &str) -> ObjectIdentifier {
        ObjectIdentifier::new_unwrap(s)
    }

    #[test]
    fn the_kind_is_the_policy_arc_or_below_it_and_nothing_near_it() {
        assert_eq!(kind_of_policy(&oid("1.2.392.200149.8.5.1.1")), Some(CertKind::Signing));
        assert_eq!(kind_of_policy(&oid("1.2.392.200149.8.5.1.1.20")), Some(CertKind::Signing));
        assert_eq!(kind_of_policy(&oid("1.2.392.200149.8.5.1.3")), Some(CertKind::Auth));
        assert_eq!(kind_of_policy(&oid("1.2.392.200149.8.5.1.3.30")), Some(CertKind::Auth));
        for other in
            ["1.2.392.200149.8.5.1.13", "1.2.392.200149.8.5.1.129", "1.2.392.200149.8.5.1", "1.2.392.200149.8.5.1.2"]
        {
            assert_eq!(kind_of_policy(&oid(other)), None, "{other}");
        }
    }

    #[test]
    fn the_birth_date_carries_its_era_and_a_wrong_era_is_refused() {
        assert_eq!(birth_date_field("19900102").as_deref(), Some("419900102"));
        assert_eq!(birth_date_field("19890107").as_deref(), Some("319890107"));
        assert_eq!(birth_date_field("19890108").as_deref(), Some("419890108"));
        assert_eq!(birth_date_field("20190501").as_deref(), Some("520190501"));
        assert_eq!(birth_date_field("19120729").as_deref(), Some("119120729"));
        assert_eq!(birth_date_field("19120730").as_deref(), Some("219120730"));
        assert_eq!(birth_date_field("19261225").as_deref(), Some("319261225"));
        assert_eq!(birth_date_field("19900230"), None);
        assert_eq!(birth_date_of_field("419900102").as_deref(), Some("19900102"));
        for wrong in ["519900102", "19900102", "4199001021", "41990010", "X19900102", "419900230", ""] {
            assert_eq!(birth_date_of_field(wrong), None, "{wrong}");
        }
    }

    fn four() -> BasicFour {
        BasicFour {
            name: "免許 太郎".into(),
            address: "東京都港区芝浦四丁目5番6号".into(),
            birth_date: "19960101".into(),
            sex: Sex::Male,
        }
    }

    #[test]
    fn the_four_items_read_back_and_any_missing_or_doubled_item_gives_none() {
        let entries = san_entries(&four()).unwrap();
        assert_eq!(basic_four_of(&SubjectAltName(entries.clone())), Some(four()));
        for missing in [OID_NAME, OID_SEX, OID_BIRTH_DATE, OID_ADDRESS] {
            let fewer: Vec<_> = entries
                .iter()
                .filter(|g| !matches!(g, GeneralName::OtherName(o) if o.type_id == missing))
                .cloned()
                .collect();
            assert_eq!(basic_four_of(&SubjectAltName(fewer)), None, "{missing} missing");
            let doubled: Vec<_> = entries
                .iter()
                .chain(entries.iter().filter(|g| matches!(g, GeneralName::OtherName(o) if o.type_id == missing)))
                .cloned()
                .collect();
            assert_eq!(basic_four_of(&SubjectAltName(doubled)), None, "{missing} twice");
        }
    }
}
