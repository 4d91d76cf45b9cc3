//! Who may use which service (SPEC §3). The one place these rules live: the server
//! re-checks them on every request, the SPA uses the same answers only for display.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dates::{add_months, age_on};
use crate::{ColorClass, HoldingStatus};

/// The portal services of SPEC §3's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Link with the licence system and view 免許（経歴）情報.
    LinkAndView,
    /// オンライン更新時講習 (also needs [`lecture`]'s personal conditions).
    Lecture,
    /// 本籍のオンライン変更
    HonsekiChange,
    /// 住所変更ワンストップサービス等: start and renew.
    OnestopStart,
    /// 住所変更ワンストップサービス等: status and cancel.
    OnestopStatusCancel,
    /// お知らせ
    Notices,
}

impl Service {
    pub const ALL: [Service; 6] = [
        Self::LinkAndView,
        Self::Lecture,
        Self::HonsekiChange,
        Self::OnestopStart,
        Self::OnestopStatusCancel,
        Self::Notices,
    ];
}

/// SPEC §3's table: may a person with `status` use `service` at all?
pub fn allows(status: HoldingStatus, service: Service) -> bool {
    use HoldingStatus::*;
    use Service::*;
    match service {
        LinkAndView | OnestopStatusCancel | Notices => {
            matches!(status, MynaLicenseOnly | PlasticAndMynaLicense | MynaHistoryCertOnly | PlasticAndMynaHistoryCert)
        }
        Lecture => matches!(status, MynaLicenseOnly | PlasticAndMynaLicense),
        HonsekiChange => status == MynaLicenseOnly,
        OnestopStart => matches!(status, MynaLicenseOnly | MynaHistoryCertOnly),
    }
}

/// The class of renewal lecture a person attends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LectureClass {
    /// 優良運転者講習
    Good,
    /// 一般運転者講習
    General,
}

impl LectureClass {
    pub fn label(self) -> &'static str {
        match self {
            Self::Good => "優良運転者講習",
            Self::General => "一般運転者講習",
        }
    }
}

/// Why the online lecture is not available, in the order the rules are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LectureRefusal {
    /// The holding status has no licence to renew online.
    HoldingStatus,
    /// 違反運転者 and 初回更新者 attend their lecture in person (the class decides, not the
    /// colour: 一般 and 違反 are both blue).
    ColorClass { color: ColorClass },
    /// Drivers aged 70 or over on the expiry date attend 高齢者講習 instead.
    Age { age_on_expiry: i32 },
    /// Today is outside the renewal window.
    OutsideWindow { opens: NaiveDate, closes: NaiveDate },
}

impl LectureRefusal {
    /// What the person is told, in plain Japanese.
    pub fn message(&self) -> String {
        match self {
            Self::HoldingStatus => {
                "現在の保有状況ではオンライン講習を受講できません。".to_string()
            }
            Self::ColorClass { color } => format!(
                "{}の方はオンライン講習の対象外です（対象は優良運転者と一般運転者です）。更新時講習は運転免許センター等で受講してください。",
                color.driver()
            ),
            Self::Age { age_on_expiry } => format!(
                "有効期間の末日に{age_on_expiry}歳となるため、オンライン講習の対象外です。高齢者講習を受講してください。"
            ),
            Self::OutsideWindow { opens, closes } => format!(
                "オンライン講習は更新期間（{}から{}まで）に受講できます。",
                crate::dates::western(*opens),
                crate::dates::western(*closes)
            ),
        }
    }
}

/// The facts the lecture rule needs about one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LectureFacts {
    pub status: HoldingStatus,
    pub color: ColorClass,
    pub birth: NaiveDate,
    /// Last day of 免許情報記録の有効期間 (one month after the birthday).
    pub expiry: NaiveDate,
}

/// The birthday a licence expiring on `expiry` counts from: the last one on or before
/// that day. A 29 February birthday is 28 February in common years.
pub fn birthday_before(birth: NaiveDate, expiry: NaiveDate) -> NaiveDate {
    let in_year = |year: i32| add_months(birth, 12 * (year - birth.year()));
    let this_year = in_year(expiry.year());
    if this_year <= expiry {
        this_year
    } else {
        in_year(expiry.year() - 1)
    }
}

/// The renewal window: from one month before the birthday up to the expiry date, which
/// is one month after that birthday; both ends count. It needs the birth date: at month
/// ends the expiry does not tell the birthday (28 February closes the windows of the 28–31
/// January birthdays, which open on 28–31 December).
pub fn renewal_window(birth: NaiveDate, expiry: NaiveDate) -> (NaiveDate, NaiveDate) {
    (add_months(birthday_before(birth, expiry), -1), expiry)
}

/// Is `today` inside the renewal window?
pub fn window_open(facts: &LectureFacts, today: NaiveDate) -> bool {
    let (opens, closes) = renewal_window(facts.birth, facts.expiry);
    opens <= today && today <= closes
}

/// May this person take the online renewal lecture today, and which class?
pub fn lecture(facts: &LectureFacts, today: NaiveDate) -> Result<LectureClass, LectureRefusal> {
    if !allows(facts.status, Service::Lecture) {
        return Err(LectureRefusal::HoldingStatus);
    }
    let class = match facts.color {
        ColorClass::Gold => LectureClass::Good,
        ColorClass::General => LectureClass::General,
        color @ (ColorClass::Violation | ColorClass::First) => return Err(LectureRefusal::ColorClass { color }),
    };
    let age = age_on(facts.birth, facts.expiry);
    if age >= 70 {
        return Err(LectureRefusal::Age { age_on_expiry: age });
    }
    let (opens, closes) = renewal_window(facts.birth, facts.expiry);
    if today < opens || today > closes {
        return Err(LectureRefusal::OutsideWindow { opens, closes });
    }
    Ok(class)
}

/// The notice on the licence page: only while the renewal window is open, and then
/// either an invitation to the online lecture or the reason it is not available.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenewalNotice {
    Eligible { class: LectureClass, closes: NaiveDate },
    NotEligible { message: String, closes: NaiveDate },
}

pub fn renewal_notice(facts: &LectureFacts, today: NaiveDate) -> Option<RenewalNotice> {
    if !facts.status.is_license() || !window_open(facts, today) {
        return None;
    }
    Some(match lecture(facts, today) {
        Ok(class) => RenewalNotice::Eligible { class, closes: facts.expiry },
        Err(refusal) => RenewalNotice::NotEligible { message: refusal.message(), closes: facts.expiry },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use HoldingStatus::*;
    use Service::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// SPEC §3's table, row by row, column by column.
    #[test]
    fn service_table() {
        let columns = [
            MynaLicenseOnly,
            PlasticAndMynaLicense,
            MynaHistoryCertOnly,
            PlasticAndMynaHistoryCert,
            PlasticLicenseOnly,
            PlasticHistoryCertOnly,
        ];
        let rows: [(Service, [bool; 6]); 6] = [
            (LinkAndView, [true, true, true, true, false, false]),
            (Lecture, [true, true, false, false, false, false]),
            (HonsekiChange, [true, false, false, false, false, false]),
            (OnestopStart, [true, false, true, false, false, false]),
            (OnestopStatusCancel, [true, true, true, true, false, false]),
            (Notices, [true, true, true, true, false, false]),
        ];
        assert_eq!(rows.len(), Service::ALL.len());
        for (service, expected) in rows {
            for (status, want) in columns.iter().zip(expected) {
                assert_eq!(allows(*status, service), want, "{service:?} for {status:?}");
            }
        }
    }

    fn taro() -> LectureFacts {
        LectureFacts { status: MynaLicenseOnly, color: ColorClass::Gold, birth: d(1996, 1, 1), expiry: d(2027, 2, 1) }
    }

    #[test]
    fn window_runs_from_a_month_before_the_birthday_to_expiry() {
        assert_eq!(renewal_window(d(1996, 1, 1), d(2027, 2, 1)), (d(2026, 12, 1), d(2027, 2, 1)));
        assert_eq!(renewal_window(d(1990, 12, 20), d(2027, 1, 20)), (d(2026, 11, 20), d(2027, 1, 20)));
    }

    #[test]
    fn gold_gets_the_good_driver_lecture_inside_the_window() {
        assert_eq!(lecture(&taro(), d(2026, 12, 15)), Ok(LectureClass::Good));
        assert_eq!(LectureClass::Good.label(), "優良運転者講習");
    }

    #[test]
    fn general_gets_the_general_lecture() {
        let f = LectureFacts {
            status: PlasticAndMynaLicense,
            color: ColorClass::General,
            birth: d(1990, 12, 20),
            expiry: d(2027, 1, 20),
        };
        assert_eq!(lecture(&f, d(2026, 12, 15)), Ok(LectureClass::General));
        assert_eq!(LectureClass::General.label(), "一般運転者講習");
    }

    #[test]
    fn window_edges_are_inclusive() {
        assert_eq!(lecture(&taro(), d(2026, 12, 1)), Ok(LectureClass::Good));
        assert_eq!(lecture(&taro(), d(2027, 2, 1)), Ok(LectureClass::Good));
        assert_eq!(
            lecture(&taro(), d(2026, 11, 30)),
            Err(LectureRefusal::OutsideWindow { opens: d(2026, 12, 1), closes: d(2027, 2, 1) })
        );
        assert!(matches!(lecture(&taro(), d(2027, 2, 2)), Err(LectureRefusal::OutsideWindow { .. })));
    }

    #[test]
    fn violation_and_first_are_refused() {
        for color in [ColorClass::Violation, ColorClass::First] {
            let f = LectureFacts { color, ..taro() };
            assert_eq!(lecture(&f, d(2026, 12, 15)), Err(LectureRefusal::ColorClass { color }));
        }
    }

    #[test]
    fn seventy_on_the_expiry_date_is_refused_sixty_nine_is_not() {
        let goro = LectureFacts { birth: d(1954, 12, 10), expiry: d(2027, 1, 10), ..taro() };
        assert_eq!(lecture(&goro, d(2026, 12, 15)), Err(LectureRefusal::Age { age_on_expiry: 72 }));
        let turns_70_on_expiry = LectureFacts { birth: d(1957, 2, 1), expiry: d(2027, 2, 1), ..taro() };
        assert_eq!(lecture(&turns_70_on_expiry, d(2026, 12, 15)), Err(LectureRefusal::Age { age_on_expiry: 70 }));
        let still_69 = LectureFacts { birth: d(1957, 2, 2), expiry: d(2027, 2, 1), ..taro() };
        assert_eq!(lecture(&still_69, d(2026, 12, 15)), Ok(LectureClass::Good));
    }

    #[test]
    fn only_licence_statuses_may_take_the_lecture() {
        for status in [MynaHistoryCertOnly, PlasticAndMynaHistoryCert, PlasticLicenseOnly, PlasticHistoryCertOnly] {
            let f = LectureFacts { status, ..taro() };
            assert_eq!(lecture(&f, d(2026, 12, 15)), Err(LectureRefusal::HoldingStatus));
        }
    }

    #[test]
    fn notice_appears_only_inside_the_window() {
        assert_eq!(
            renewal_notice(&taro(), d(2026, 12, 15)),
            Some(RenewalNotice::Eligible { class: LectureClass::Good, closes: d(2027, 2, 1) })
        );
        assert_eq!(renewal_notice(&taro(), d(2026, 11, 30)), None);
        assert_eq!(renewal_notice(&taro(), d(2027, 2, 2)), None);
    }

    #[test]
    fn notice_says_why_when_not_eligible() {
        let jiro = LectureFacts { color: ColorClass::Violation, ..taro() };
        match renewal_notice(&jiro, d(2026, 12, 15)) {
            Some(RenewalNotice::NotEligible { message, .. }) => assert!(message.contains("違反"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    fn born(birth: NaiveDate, expiry: NaiveDate) -> LectureFacts {
        LectureFacts { birth, expiry, ..taro() }
    }

    type Ymd = (i32, u32, u32);

    /// (birth, expiry, first day of the window). The window opens a month before the
    /// birthday the expiry counts from, which the expiry alone does not tell at month
    /// ends: 28 February is the expiry of 28, 29, 30 and 31 January birthdays.
    const MONTH_ENDS: [(Ymd, Ymd, Ymd); 12] = [
        ((1996, 1, 1), (2027, 2, 1), (2026, 12, 1)),
        // Expiry on a 31st; there is no 31 November, 30 June.
        ((1990, 12, 31), (2027, 1, 31), (2026, 11, 30)),
        ((1990, 7, 31), (2027, 8, 31), (2027, 6, 30)),
        // Expiry on 28 February (common year) and 29 February (leap year).
        ((1990, 1, 31), (2027, 2, 28), (2026, 12, 31)),
        ((1990, 1, 28), (2027, 2, 28), (2026, 12, 28)),
        ((1992, 1, 30), (2028, 2, 29), (2027, 12, 30)),
        ((1992, 1, 29), (2028, 2, 29), (2027, 12, 29)),
        // A 29 February birthday is 28 February in common years.
        ((1992, 2, 29), (2027, 3, 28), (2027, 1, 28)),
        ((1992, 2, 29), (2028, 3, 29), (2028, 1, 29)),
        // Opening on the last day of February, and after a 31st birthday.
        ((1990, 3, 31), (2027, 4, 30), (2027, 2, 28)),
        ((1990, 3, 31), (2028, 4, 30), (2028, 2, 29)),
        ((1990, 8, 31), (2027, 9, 30), (2027, 7, 31)),
    ];

    #[test]
    fn the_window_at_month_ends() {
        for (birth, expiry, opens) in MONTH_ENDS {
            let (birth, expiry, opens) =
                (d(birth.0, birth.1, birth.2), d(expiry.0, expiry.1, expiry.2), d(opens.0, opens.1, opens.2));
            let f = born(birth, expiry);
            assert_eq!(renewal_window(birth, expiry), (opens, expiry));
            let before = opens.pred_opt().unwrap();
            assert!(window_open(&f, opens), "born {birth}, expiry {expiry}: open on {opens}");
            assert!(!window_open(&f, before), "born {birth}, expiry {expiry}: still closed on {before}");
            assert!(window_open(&f, expiry) && !window_open(&f, expiry.succ_opt().unwrap()), "{birth} {expiry}");
            assert_eq!(lecture(&f, before), Err(LectureRefusal::OutsideWindow { opens, closes: expiry }));
        }
    }

    #[test]
    fn the_notice_from_the_first_day_of_the_window_not_the_day_before() {
        let eligible = |closes| Some(RenewalNotice::Eligible { class: LectureClass::Good, closes });
        assert_eq!(renewal_notice(&taro(), d(2026, 12, 1)), eligible(d(2027, 2, 1)));
        assert_eq!(renewal_notice(&taro(), d(2026, 11, 30)), None);
        // A 31 January birthday: open from 31 December, although the expiry is 28 February.
        let jan31 = born(d(1990, 1, 31), d(2027, 2, 28));
        assert_eq!(renewal_notice(&jan31, d(2026, 12, 31)), eligible(d(2027, 2, 28)));
        assert_eq!(renewal_notice(&jan31, d(2026, 12, 30)), None);
    }

    /// 運転免許証のみ: a licence, but none the portal can renew online. Inside the window the
    /// notice says so (the person cannot link, so no page shows it today); outside, nothing.
    #[test]
    fn plastic_licence_only_holders_are_told_why_not() {
        let f = LectureFacts { status: PlasticLicenseOnly, ..taro() };
        let why = LectureRefusal::HoldingStatus.message();
        assert_eq!(
            renewal_notice(&f, d(2026, 12, 1)),
            Some(RenewalNotice::NotEligible { message: why, closes: d(2027, 2, 1) })
        );
        assert_eq!(renewal_notice(&f, d(2026, 11, 30)), None);
        assert_eq!(renewal_notice(&f, d(2027, 2, 2)), None);
    }

    #[test]
    fn history_holders_get_no_renewal_notice() {
        let ume = LectureFacts { status: MynaHistoryCertOnly, ..taro() };
        assert_eq!(renewal_notice(&ume, d(2026, 12, 15)), None);
    }
}
