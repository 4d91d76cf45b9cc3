//! Western date display used on licence screens (「2024年02月01日」) and the fixed
//! Japan time offset. Written by hand: chrono's strftime machinery is large in wasm.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Timelike, Utc};

/// Japan has no daylight saving time, so a fixed +09:00 offset is exact.
pub fn tokyo() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The calendar date in Japan at the instant `now`.
pub fn tokyo_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tokyo()).date_naive()
}

/// 「2024年02月01日」 — zero-padded, as the manual prints licence dates.
pub fn western(d: NaiveDate) -> String {
    format!("{:04}年{:02}月{:02}日", d.year(), d.month(), d.day())
}

/// 「2024年02月01日まで」 for 免許情報記録の有効期間.
pub fn western_until(d: NaiveDate) -> String {
    let mut s = western(d);
    s.push_str("まで");
    s
}

/// 「2024年02月01日 10:00」 in Japan time.
pub fn western_date_time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tokyo());
    format!("{} {:02}:{:02}", western(local.date_naive()), local.hour(), local.minute())
}

/// An `<input type="datetime-local">` value for an instant, in Japan time
/// (「2026-12-15T10:00」, the minutes the input shows).
pub fn datetime_local(t: DateTime<FixedOffset>) -> String {
    let l = t.with_timezone(&tokyo());
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", l.year(), l.month(), l.day(), l.hour(), l.minute())
}

/// A `datetime-local` value (minutes, or seconds when the input gives them) read as Japan
/// time; `None` when it is not one.
pub fn from_datetime_local(v: &str) -> Option<DateTime<FixedOffset>> {
    let full = if v.len() == 16 { format!("{v}:00+09:00") } else { format!("{v}+09:00") };
    DateTime::parse_from_rfc3339(&full).ok()
}

/// Adds (or with a negative count subtracts) whole months, clamping to the month's last day
/// (2023-01-31 + 1 month = 2023-02-28), the way licence dates are computed.
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let m = Months::new(months.unsigned_abs());
    let r = if months >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) };
    r.expect("date within chrono's range")
}

/// Age in completed years on `on` (a person born on 29 February turns a year older on
/// 1 March in common years, as the date arithmetic falls out).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn western_is_zero_padded() {
        assert_eq!(western(d(2024, 2, 1)), "2024年02月01日");
        assert_eq!(western(d(1996, 12, 31)), "1996年12月31日");
        assert_eq!(western_until(d(2027, 2, 1)), "2027年02月01日まで");
    }

    #[test]
    fn tokyo_date_crosses_midnight_utc() {
        let t = DateTime::parse_from_rfc3339("2026-12-14T15:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(tokyo_date(t), d(2026, 12, 15));
        assert_eq!(western_date_time(t), "2026年12月15日 00:30");
    }

    #[test]
    fn the_demo_clocks_input_is_japan_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        // Whatever offset the instant came in, the input shows Japan's wall clock.
        assert_eq!(datetime_local(at("2026-12-15T10:00:00+09:00")), "2026-12-15T10:00");
        assert_eq!(datetime_local(at("2026-12-14T15:30:59Z")), "2026-12-15T00:30");
        assert_eq!(datetime_local(at("2027-01-01T08:05:00-05:00")), "2027-01-01T22:05");
        // Read back as Japan time, with or without seconds.
        assert_eq!(from_datetime_local("2026-12-15T10:00"), Some(at("2026-12-15T10:00:00+09:00")));
        assert_eq!(from_datetime_local("2026-12-15T10:00:30"), Some(at("2026-12-15T10:00:30+09:00")));
        assert_eq!(from_datetime_local("2026-12-15T00:30").unwrap().to_utc(), at("2026-12-14T15:30:00Z"));
        for v in [datetime_local(at("2024-02-29T23:59:00+09:00")), "2000-01-01T00:00".into()] {
            assert_eq!(datetime_local(from_datetime_local(&v).unwrap()), v, "round trip");
        }
        for bad in ["", "2026-12-15", "2026-13-01T10:00", "2026-02-30T10:00", "10:00"] {
            assert_eq!(from_datetime_local(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(d(2023, 1, 31), 1), d(2023, 2, 28));
        assert_eq!(add_months(d(2027, 2, 1), -2), d(2026, 12, 1));
        assert_eq!(add_months(d(2024, 3, 31), -1), d(2024, 2, 29));
    }

    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_on(d(1954, 12, 10), d(2027, 1, 10)), 72);
        assert_eq!(age_on(d(1957, 2, 1), d(2027, 1, 31)), 69);
        assert_eq!(age_on(d(1957, 2, 1), d(2027, 2, 1)), 70);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 2, 28)), 0);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 3, 1)), 1);
    }
}
