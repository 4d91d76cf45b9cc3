//! The hand-written era table against ICU4X's Japanese calendar, every day 1900–2100.

use chrono::{Datelike, NaiveDate};
use domain::wareki::Wareki;
use icu_calendar::{cal::Japanese, Date};

fn icu_era_name(code: &str) -> &'static str {
    match code {
        "meiji" => "明治",
        "taisho" => "大正",
        "showa" => "昭和",
        "heisei" => "平成",
        "reiwa" => "令和",
        other => panic!("unexpected ICU era {other}"),
    }
}

#[test]
fn every_day_from_1900_to_2100_matches_icu4x() {
    let japanese = Japanese::new();
    let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
    let mut checked = 0u32;
    while day <= end {
        let iso = Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8).unwrap();
        let jp = iso.to_calendar(japanese);
        let era_year = jp.year().era().expect("Japanese dates have eras");
        let ours = Wareki::from_date(day).expect("within the table");
        assert_eq!(ours.era, icu_era_name(era_year.era.as_str()), "era of {day}");
        assert_eq!(ours.year, era_year.year, "year of {day}");
        assert_eq!(ours.month, u32::from(jp.month().ordinal), "month of {day}");
        assert_eq!(ours.day, u32::from(jp.day_of_month().0), "day of {day}");
        checked += 1;
        day = day.succ_opt().unwrap();
    }
    assert_eq!(checked, 73_414);
}
