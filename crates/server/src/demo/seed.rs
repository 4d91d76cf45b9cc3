//! The demo people of SPEC §5, every §4.4 field filled so each screen shows a full
//! record — except 通称名, which only a foreign resident has (none of these), and 備考, which
//! holds what a licence records there (住所・氏名・本籍の変更 and its date), issue 30; ren's
//! link names a lapsed licence (linking again, issue 30). Names, addresses and numbers are fictional. e2e suites check taro and ume
//! value by value, so change those two only together with the tests.

use chrono::NaiveDate;
use domain::onestop::{Consent, ConsentItems};
use domain::{ColorClass, HoldingStatus};

use crate::store::koseki::KosekiRow;
use crate::store::persons::{Person, RecordKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid seed date")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// 登録情報 …時点 for everyone.
fn registered_on() -> NaiveDate {
    d(2026, 12, 1)
}

/// Common fields; the caller fills in what differs from these defaults.
struct Base {
    id: &'static str,
    name: &'static str,
    kana: &'static str,
    alias: &'static str,
    former: &'static str,
    birth: NaiveDate,
    address: &'static str,
    honseki: &'static str,
    sex: &'static str,
    status: HoldingStatus,
    linked: bool,
    number: &'static str,
    kinds: &'static [&'static str],
    dates: [NaiveDate; 3],
    remarks: &'static [&'static str],
}

impl Base {
    fn license(self, color: ColorClass, valid_until: NaiveDate, conditions: &[&str]) -> Person {
        self.person(RecordKind::License { color, valid_until, conditions: strings(conditions) })
    }

    fn history(self, recorded_on: NaiveDate, history_class: &str) -> Person {
        self.person(RecordKind::History { recorded_on, history_class: history_class.to_string() })
    }

    fn person(self, record: RecordKind) -> Person {
        Person {
            id: self.id.into(),
            name: self.name.into(),
            kana: self.kana.into(),
            alias_name: self.alias.into(),
            former_name: self.former.into(),
            birth_date: self.birth,
            address: self.address.into(),
            honseki: self.honseki.into(),
            sex: self.sex.into(),
            status: self.status,
            linked: self.linked,
            linked_number: self.linked.then(|| self.number.to_string()),
            registered_on: registered_on(),
            number: self.number.into(),
            kinds: strings(self.kinds),
            date_two_small_moped: Some(self.dates[0]),
            date_other: Some(self.dates[1]),
            date_second_class: Some(self.dates[2]),
            remarks: strings(self.remarks),
            record,
            signing_cert_submitted: true,
            koseki_history: false,
        }
    }
}

/// Everyone, in SPEC §5's order (the order `/demo` and `/login` list them).
pub fn people() -> Vec<Person> {
    use HoldingStatus::*;
    vec![
        Base {
            id: "taro",
            name: "免許 太郎",
            kana: "メンキョ タロウ",
            alias: "",
            former: "日本 太郎",
            birth: d(1996, 1, 1),
            address: "東京都港区芝浦四丁目5番6号",
            honseki: "東京都中央区銀座一丁目10番地",
            sex: "男",
            status: MynaLicenseOnly,
            linked: true,
            number: "012345678900",
            kinds: &["普通", "原付", "普二"],
            dates: [d(2019, 2, 1), d(2019, 2, 1), d(2019, 2, 1)],
            remarks: &["住所変更 令和6年10月1日"],
        }
        .license(ColorClass::Gold, d(2027, 2, 1), &["眼鏡等"]),
        Base {
            id: "hanako",
            name: "免許 花子",
            kana: "メンキョ ハナコ",
            alias: "",
            former: "山本 花子",
            birth: d(1990, 12, 20),
            address: "神奈川県横浜市中区海岸通三丁目9番2号",
            honseki: "神奈川県横浜市中区山手町120番地",
            sex: "女",
            status: PlasticAndMynaLicense,
            linked: true,
            number: "123456789012",
            kinds: &["普通", "普自二", "原付", "大特二"],
            dates: [d(2011, 3, 10), d(2009, 1, 15), d(2016, 6, 30)],
            remarks: &["住所変更 令和6年4月1日"],
        }
        .license(ColorClass::General, d(2027, 1, 20), &["眼鏡等"]),
        Base {
            id: "ume",
            name: "経歴 梅子",
            kana: "ケイレキ ウメコ",
            alias: "",
            former: "山田 梅子",
            birth: d(1948, 3, 15),
            address: "大阪府大阪市北区梅田三丁目4番5号",
            honseki: "大阪府大阪市中央区大手前二丁目1番地",
            sex: "女",
            status: MynaHistoryCertOnly,
            linked: true,
            number: "987654321000",
            kinds: &["普通", "普二", "原付"],
            dates: [d(1970, 5, 20), d(1970, 5, 20), d(1985, 9, 10)],
            remarks: &["住所変更 令和5年6月1日"],
        }
        .history(d(2024, 4, 1), "1"),
        Base {
            id: "matsu",
            name: "経歴 松男",
            kana: "ケイレキ マツオ",
            alias: "",
            former: "川口 松男",
            birth: d(1944, 11, 3),
            address: "愛知県名古屋市中区栄五丁目2番8号",
            honseki: "愛知県名古屋市東区泉一丁目3番地",
            sex: "男",
            status: PlasticAndMynaHistoryCert,
            linked: true,
            number: "876543210009",
            kinds: &["中型", "大特", "原付", "中二"],
            dates: [d(1963, 8, 1), d(1966, 4, 12), d(1975, 10, 5)],
            remarks: &["住所変更 令和4年3月15日"],
        }
        .history(d(2023, 10, 2), "2"),
        Base {
            id: "jiro",
            name: "違反 次郎",
            kana: "イハン ジロウ",
            alias: "",
            former: "田中 次郎",
            birth: d(1985, 1, 5),
            address: "埼玉県さいたま市浦和区高砂二丁目7番3号",
            honseki: "埼玉県さいたま市浦和区常盤九丁目15番地",
            sex: "男",
            status: MynaLicenseOnly,
            linked: true,
            number: "234567890123",
            kinds: &["普通", "原付", "大二"],
            dates: [d(2005, 4, 1), d(2005, 4, 1), d(2014, 8, 20)],
            remarks: &["本籍変更 令和3年9月1日"],
        }
        // Expiry 2027-02-05: the window (2026-12-05 … 2027-02-05) is open at the demo
        // clock, so the page shows why the online lecture is refused (違反).
        .license(ColorClass::Violation, d(2027, 2, 5), &["普通車はAT車に限る"]),
        Base {
            id: "goro",
            name: "高齢 五郎",
            kana: "コウレイ ゴロウ",
            alias: "",
            former: "佐藤 五郎",
            birth: d(1954, 12, 10),
            address: "千葉県千葉市中央区中央港一丁目11番4号",
            honseki: "千葉県千葉市中央区市場町22番地",
            sex: "男",
            status: MynaLicenseOnly,
            linked: true,
            number: "345678901234",
            kinds: &["大型", "大特", "原付", "大二"],
            dates: [d(1973, 6, 1), d(1976, 2, 14), d(1980, 11, 11)],
            remarks: &["住所変更 令和2年11月2日"],
        }
        // 72 on the expiry date: 受講不可 by age although gold and inside the window.
        .license(ColorClass::Gold, d(2027, 1, 10), &["眼鏡等"]),
        Person {
            // 戸籍連携履歴 lets the honseki flow skip steps 3–7 (SPEC §4.6).
            koseki_history: true,
            ..Base {
                id: "sakura",
                name: "戸籍 さくら",
                kana: "コセキ サクラ",
                alias: "",
                former: "桜井 さくら",
                birth: d(1988, 4, 3),
                address: "京都府京都市中京区烏丸通二条下ル秋野々町500番地",
                honseki: "京都府京都市上京区今出川町8番地",
                sex: "女",
                status: MynaLicenseOnly,
                linked: true,
                number: "456789012345",
                kinds: &["準中型", "原付", "普二"],
                dates: [d(2008, 5, 1), d(2008, 5, 1), d(2018, 9, 3)],
                remarks: &["本籍変更 令和7年6月2日"],
            }
            .license(ColorClass::Gold, d(2028, 5, 3), &["眼鏡等"])
        },
        Base {
            id: "ichiro",
            name: "免許 一郎",
            kana: "メンキョ イチロウ",
            alias: "",
            former: "鈴木 一郎",
            birth: d(1979, 6, 15),
            address: "福岡県福岡市博多区博多駅前一丁目6番9号",
            honseki: "福岡県福岡市中央区天神三丁目1番地",
            sex: "男",
            status: MynaLicenseOnly,
            linked: false,
            number: "567890123456",
            kinds: &["普通", "原付", "普二"],
            dates: [d(1998, 7, 7), d(1998, 7, 7), d(2010, 3, 3)],
            remarks: &["住所変更 令和6年2月1日"],
        }
        .license(ColorClass::General, d(2029, 7, 15), &["普通車はAT車に限る"]),
        Base {
            id: "ken",
            name: "免許 健",
            kana: "メンキョ ケン",
            alias: "",
            former: "高橋 健",
            birth: d(1970, 9, 9),
            address: "北海道札幌市中央区北一条西二丁目3番地",
            honseki: "北海道札幌市北区北八条西五丁目1番地",
            sex: "男",
            status: PlasticLicenseOnly,
            linked: false,
            number: "678901234567",
            kinds: &["普通", "原付", "大特二"],
            dates: [d(1989, 10, 10), d(1989, 10, 10), d(2001, 12, 1)],
            remarks: &["住所変更 令和3年5月10日"],
        }
        .license(ColorClass::Gold, d(2028, 10, 9), &["眼鏡等"]),
        Person {
            // Has not submitted the signing certificate at a centre: linking must say so.
            signing_cert_submitted: false,
            ..Base {
                id: "yuki",
                name: "未提出 雪",
                kana: "ミテイシュツ ユキ",
                alias: "",
                former: "中村 雪",
                birth: d(1995, 2, 14),
                address: "宮城県仙台市青葉区一番町四丁目2番1号",
                honseki: "宮城県仙台市青葉区国分町一丁目5番地",
                sex: "女",
                status: MynaLicenseOnly,
                linked: false,
                number: "789012345678",
                kinds: &["普通", "原付", "普二"],
                dates: [d(2015, 3, 20), d(2015, 3, 20), d(2021, 5, 25)],
                remarks: &["氏名変更 令和5年7月7日"],
            }
            .license(ColorClass::General, d(2029, 3, 14), &["普通車はAT車に限る"])
        },
        // Reported her card lost (issue 30): the demo CA revokes its certificates
        // (`crate::pki::DEMO_SUSPENDED`), so logging in with it is refused with that reason.
        Base {
            id: "kaede",
            name: "紛失 かえで",
            kana: "フンシツ カエデ",
            alias: "",
            former: "石川 かえで",
            birth: d(1992, 8, 8),
            address: "広島県広島市中区基町10番52号",
            honseki: "広島県広島市南区比治山本町1番地",
            sex: "女",
            status: MynaLicenseOnly,
            linked: true,
            number: "890123456789",
            kinds: &["普通", "原付", "普二"],
            dates: [d(2012, 9, 1), d(2012, 9, 1), d(2019, 4, 2)],
            remarks: &["住所変更 令和4年8月8日"],
        }
        .license(ColorClass::General, d(2028, 9, 8), &["眼鏡等"]),
        Person {
            // Linked in 2025 to a licence that lapsed; acquired a new one in November 2026
            // (manual 2章①-1 補足, issue 30). The link still names the lapsed licence's
            // number, so it is stale: the licence page says to link again.
            linked_number: Some(REN_LAPSED_NUMBER.into()),
            ..Base {
                id: "ren",
                name: "再取得 蓮",
                kana: "サイシュトク レン",
                alias: "",
                former: "森 蓮",
                birth: d(1993, 5, 20),
                address: "静岡県静岡市葵区追手町9番6号",
                honseki: "静岡県静岡市葵区駿府町1番地",
                sex: "男",
                status: MynaLicenseOnly,
                linked: true,
                number: "901234567891",
                kinds: &["普通", "原付"],
                dates: [d(2026, 11, 10), d(2026, 11, 10), d(2026, 11, 10)],
                remarks: &["住所変更 令和8年11月20日"],
            }
            // A new licence: 初回（グリーン）, to the third birthday after it was acquired.
            .license(ColorClass::First, d(2029, 6, 20), &["眼鏡等"])
        },
    ]
}

/// The number of 再取得 蓮's lapsed licence, which his stale link still names.
pub const REN_LAPSED_NUMBER: &str = "901234567800";

/// The koseki adapter's records (crate::adapters::koseki): for taro and sakura a 本籍 the
/// licence does not record yet, so each can apply (taro through steps 3–7, sakura with her
/// 戸籍連携履歴 straight from step 8); for everyone else the licence's own 本籍, so the
/// flow says there is nothing to change.
pub fn koseki_records() -> Vec<(String, KosekiRow)> {
    people()
        .into_iter()
        .map(|p| {
            let (honseki, head_name) = match p.id.as_str() {
                "taro" => ("東京都千代田区霞が関二丁目1番地".to_string(), "免許 太郎".to_string()),
                "sakura" => ("京都府京都市左京区下鴨半木町1番地".to_string(), "戸籍 一郎".to_string()),
                _ => (p.honseki.clone(), p.name.clone()),
            };
            (p.id, KosekiRow { honseki, head_name })
        })
        .collect()
}

/// 住所変更ワンストップサービス等 consents at reset. taro's is SPEC §5's (住所・氏名 同意済,
/// 生年月日 未同意, 令和5年4月1日 to 令和15年4月1日). matsu consented while he held only the
/// マイナ経歴証明書, so he can look at his consent (and cancel it) but not renew it. Everyone
/// else has none (ume can start one).
pub fn consents() -> Vec<(&'static str, Consent)> {
    vec![
        (
            "taro",
            Consent {
                items: ConsentItems { address: true, name: true, birth_date: false },
                consented_on: d(2023, 4, 1),
                expires_on: d(2033, 4, 1),
            },
        ),
        (
            "matsu",
            Consent {
                items: ConsentItems { address: true, name: false, birth_date: false },
                consented_on: d(2024, 10, 1),
                expires_on: d(2034, 10, 1),
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn seeded_consents_last_ten_years() {
        for (person, c) in consents() {
            assert!(people().iter().any(|p| p.id == person), "{person}");
            assert_eq!(c.expires_on, domain::onestop::consent_expires_on(c.consented_on), "{person}");
            assert!(c.items.any(), "{person}");
        }
        assert!(!consents().iter().any(|(p, _)| *p == "ume"), "ume starts without a consent");
    }

    #[test]
    fn twelve_people_with_distinct_ids_and_numbers() {
        let people = people();
        assert_eq!(people.len(), 12);
        let ids: HashSet<_> = people.iter().map(|p| p.id.as_str()).collect();
        let mut numbers: HashSet<_> = people.iter().map(|p| p.number.as_str()).collect();
        assert_eq!((ids.len(), numbers.len()), (12, 12));
        // The lapsed licence's number is no one's licence now.
        assert!(numbers.insert(REN_LAPSED_NUMBER));
        for p in &people {
            assert_eq!(p.number.len(), 12, "{}", p.id);
            assert!(p.number.bytes().all(|b| b.is_ascii_digit()), "{}", p.id);
        }
    }

    #[test]
    fn every_field_is_filled() {
        for p in people() {
            for (field, value) in [
                ("name", &p.name),
                ("kana", &p.kana),
                ("former", &p.former_name),
                ("address", &p.address),
                ("honseki", &p.honseki),
                ("sex", &p.sex),
            ] {
                assert!(!value.is_empty(), "{} {field}", p.id);
            }
            assert!(!p.kinds.is_empty() && !p.remarks.is_empty(), "{}", p.id);
            assert!(p.date_two_small_moped.is_some() && p.date_other.is_some() && p.date_second_class.is_some());
            match &p.record {
                RecordKind::License { conditions, .. } => {
                    assert!(p.status.is_license() && !conditions.is_empty(), "{}", p.id)
                }
                RecordKind::History { history_class, .. } => {
                    assert!(!p.status.is_license() && !history_class.is_empty(), "{}", p.id)
                }
            }
        }
    }

    #[test]
    fn remarks_are_what_a_licence_records_and_no_one_has_a_tsushomei() {
        for p in people() {
            // 通称名 is a foreign resident's registered name; none of these people is one.
            assert!(p.alias_name.is_empty(), "{}: 通称名 {}", p.id, p.alias_name);
            for r in &p.remarks {
                let change = ["住所変更 令和", "氏名変更 令和", "本籍変更 令和"].iter().any(|k| r.starts_with(k));
                assert!(change && r.ends_with('日'), "{}: 備考 {r}", p.id);
            }
        }
    }

    #[test]
    fn linked_at_reset_follows_the_spec_table() {
        let linked: Vec<_> = people().into_iter().filter(|p| p.link_is_current()).map(|p| p.id).collect();
        assert_eq!(linked, ["taro", "hanako", "ume", "matsu", "jiro", "goro", "sakura", "kaede"]);
        // 再取得 蓮's link names his lapsed licence: stale, not current.
        let stale: Vec<_> = people().into_iter().filter(|p| p.link_is_stale()).map(|p| p.id).collect();
        assert_eq!(stale, ["ren"]);
    }
}
