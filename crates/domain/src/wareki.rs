//! Japanese-era (和暦) display: 「令和5年4月1日」, with 「元年」 for an era's first year.
//!
//! The wasm carries this five-row table instead of ICU calendar data; the table is
//! checked day by day against ICU4X in `tests/wareki_oracle.rs`.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use crate::dates::tokyo;

/// One era: its name and the Gregorian date of its first day.
struct Era {
    name: &'static str,
    start: (i32, u32, u32),
}

/// Newest first, so the first era that started on or before a date is its era.
const ERAS: [Era; 5] = [
    Era { name: "令和", start: (2019, 5, 1) },
    Era { name: "平成", start: (1989, 1, 8) },
    Era { name: "昭和", start: (1926, 12, 25) },
    Era { name: "大正", start: (1912, 7, 30) },
    // Japan used the lunisolar calendar until 明治5年12月2日; Gregorian dates, and so
    // this converter, start with 明治6年1月1日 = 1873-01-01.
    Era { name: "明治", start: (1868, 1, 25) },
];

/// The first date this converter answers for (see the 明治 note above).
pub const FIRST_GREGORIAN_DAY: (i32, u32, u32) = (1873, 1, 1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wareki {
    pub era: &'static str,
    /// 1 for 元年.
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Wareki {
    /// The era date of a Gregorian date, or `None` before 1873-01-01.
    pub fn from_date(d: NaiveDate) -> Option<Wareki> {
        let key = (d.year(), d.month(), d.day());
        if key < FIRST_GREGORIAN_DAY {
            return None;
        }
        let era = ERAS.iter().find(|e| e.start <= key)?;
        Some(Wareki { era: era.name, year: d.year() - era.start.0 + 1, month: d.month(), day: d.day() })
    }

    /// 「令和元年」, 「令和5年」.
    pub fn year_text(&self) -> String {
        if self.year == 1 {
            format!("{}元年", self.era)
        } else {
            format!("{}{}年", self.era, self.year)
        }
    }
}

impl core::fmt::Display for Wareki {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}{}月{}日", self.year_text(), self.month, self.day)
    }
}

/// 「令和5年4月1日」; dates before 1873 fall back to the Western form.
pub fn wareki(d: NaiveDate) -> String {
    match Wareki::from_date(d) {
        Some(w) => w.to_string(),
        None => crate::dates::western(d),
    }
}

/// 「令和8年12月15日 10:00」 in Japan time, as the one-stop screens show 「現在の状況」.
pub fn wareki_date_time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tokyo());
    format!("{} {:02}:{:02}", wareki(local.date_naive()), local.hour(), local.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn boundaries_of_every_era() {
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(d(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(wareki(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(wareki(d(1912, 7, 29)), "明治45年7月29日");
        assert_eq!(wareki(d(1912, 7, 30)), "大正元年7月30日");
        assert_eq!(wareki(d(1873, 1, 1)), "明治6年1月1日");
    }

    #[test]
    fn demo_consent_dates() {
        assert_eq!(wareki(d(2023, 4, 1)), "令和5年4月1日");
        assert_eq!(wareki(d(2033, 4, 1)), "令和15年4月1日");
    }

    #[test]
    fn before_gregorian_adoption_is_not_converted() {
        assert_eq!(Wareki::from_date(d(1872, 12, 31)), None);
        assert_eq!(wareki(d(1872, 12, 31)), "1872年12月31日");
    }

    #[test]
    fn heisei_to_reiwa_and_gannen() {
        // The last days of 平成 and the whole first year of 令和 (元年, never 「1年」).
        assert_eq!(wareki(d(2019, 1, 1)), "平成31年1月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 12, 31)), "令和元年12月31日");
        assert_eq!(wareki(d(2020, 1, 1)), "令和2年1月1日");
        // 平成元年 ran from 8 January to 31 December 1989.
        assert_eq!(wareki(d(1989, 12, 31)), "平成元年12月31日");
        assert_eq!(wareki(d(1990, 1, 1)), "平成2年1月1日");
        let w = Wareki::from_date(d(2019, 5, 1)).unwrap();
        assert_eq!((w.era, w.year, w.year_text()), ("令和", 1, "令和元年".to_string()));
        assert!(!wareki(d(2019, 6, 1)).contains("令和1年"));
    }

    #[test]
    fn the_era_changes_at_midnight_japan_time() {
        // 2019-04-30 23:59 JST is still 平成; one minute later (15:00 UTC) it is 令和元年.
        let before = DateTime::parse_from_rfc3339("2019-04-30T14:59:00Z").unwrap().with_timezone(&Utc);
        let after = DateTime::parse_from_rfc3339("2019-04-30T15:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(wareki_date_time(before), "平成31年4月30日 23:59");
        assert_eq!(wareki_date_time(after), "令和元年5月1日 00:00");
    }

    #[test]
    fn date_time_in_japan() {
        let t = DateTime::parse_from_rfc3339("2026-12-15T01:05:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(wareki_date_time(t), "令和8年12月15日 10:05");
    }
}
