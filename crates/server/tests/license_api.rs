//! `/api/license` and its hidden values: what each demo person sees, and what nobody
//! sees without asking (本籍, 顔写真, 運転経歴区分) or without a session.

mod common;

use axum::http::{Method, StatusCode};
use common::app;
use serde_json::{json, Value};

/// Every object key anywhere in `v`.
fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                out.push(k.clone());
                keys(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

#[tokio::test]
async fn taro_sees_his_licence_without_hidden_values() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let a = app.get("/api/license", Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK);
    let text = a.text();
    for hidden in ["本籍", "東京都中央区銀座一丁目10番地", "svg", "photo", "history_class", "男"] {
        assert!(!text.contains(hidden), "{hidden} must not be in {text}");
    }
    // `procedures.honseki` (a yes/no for the 手続き list) is the only key of that name.
    let v = a.json();
    let mut all = Vec::new();
    keys(&v, &mut all);
    assert_eq!(all.iter().filter(|k| k.as_str() == "honseki").count(), 1);
    assert_eq!(v["procedures"]["honseki"], true);

    assert_eq!(v["state"], "linked");
    assert_eq!(v["status"], "myna_license_only");
    assert_eq!(v["registered_on"], "2026-12-01");
    assert_eq!(v["name"], "免許 太郎");
    assert_eq!(v["kana"], "メンキョ タロウ");
    assert_eq!(v["alias_name"], "", "通称名 only for foreign residents");
    assert_eq!(v["former_name"], "日本 太郎");
    assert_eq!(v["birth_date"], "1996-01-01");
    assert_eq!(v["address"], "東京都港区芝浦四丁目5番6号");
    assert_eq!(
        v["detail"],
        json!({
            "kind": "license", "color": "gold", "valid_until": "2027-02-01", "number": "012345678900",
            "kinds": ["普通", "原付", "普二"], "date_two_small_moped": "2019-02-01",
            "date_other": "2019-02-01", "date_second_class": "2019-02-01",
            "conditions": ["眼鏡等"], "remarks": ["住所変更 令和6年10月1日"]
        })
    );
    assert_eq!(v["procedures"], json!({ "lecture": true, "honseki": true, "onestop": true }));
}

#[tokio::test]
async fn renewal_notice_follows_the_demo_clock() {
    let app = app(true).await;
    let cookie = app.login("taro").await;
    let v = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(v["renewal"], json!({ "kind": "eligible", "class": "good", "closes": "2027-02-01" }));

    let put = app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-11-15T10:00:00+09:00" }))).await;
    assert_eq!(put.status, StatusCode::OK);
    let v = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(v["renewal"], Value::Null, "the window opens on 2026-12-01");

    // The window's first day in Japan starts at 15:00 UTC the day before.
    app.send(Method::PUT, "/api/demo/clock", None, Some(json!({ "now": "2026-11-30T15:00:00Z" }))).await;
    let v = app.get("/api/license", Some(&cookie)).await.json();
    assert_eq!(v["renewal"]["kind"], "eligible");
}

#[tokio::test]
async fn refusals_are_explained_inside_the_window() {
    let app = app(true).await;
    let jiro = app.get("/api/license", Some(&app.login("jiro").await)).await.json();
    assert_eq!(jiro["renewal"]["kind"], "not_eligible");
    assert!(jiro["renewal"]["message"].as_str().unwrap().contains("違反"));
    // 「受講不可」 in the 手続き list follows the whole lecture rule, not just the status.
    assert_eq!(jiro["procedures"]["lecture"], false);
    let goro = app.get("/api/license", Some(&app.login("goro").await)).await.json();
    assert_eq!(goro["renewal"]["kind"], "not_eligible");
    assert!(goro["renewal"]["message"].as_str().unwrap().contains("72歳"));
    assert_eq!(goro["procedures"]["lecture"], false);
    let hanako = app.get("/api/license", Some(&app.login("hanako").await)).await.json();
    assert_eq!(hanako["renewal"]["class"], "general");
    // 2枚持ち: lecture yes, honseki no (SPEC §3).
    assert_eq!(hanako["procedures"], json!({ "lecture": true, "honseki": false, "onestop": true }));
    let sakura = app.get("/api/license", Some(&app.login("sakura").await)).await.json();
    assert_eq!(sakura["renewal"], Value::Null, "expiry 2028: window closed");
}

#[tokio::test]
async fn ume_sees_her_driving_history() {
    let app = app(true).await;
    let cookie = app.login("ume").await;
    let a = app.get("/api/license", Some(&cookie)).await;
    let text = a.text();
    for hidden in ["大阪府大阪市中央区大手前二丁目1番地", "本籍", "history_class"] {
        assert!(!text.contains(hidden), "{hidden} must not be in {text}");
    }
    let v = a.json();
    assert_eq!(v["status"], "myna_history_cert_only");
    assert_eq!(v["name"], "経歴 梅子");
    assert_eq!(v["kana"], "ケイレキ ウメコ");
    assert_eq!(v["alias_name"], "");
    assert_eq!(v["former_name"], "山田 梅子");
    assert_eq!(v["birth_date"], "1948-03-15");
    assert_eq!(v["address"], "大阪府大阪市北区梅田三丁目4番5号");
    assert_eq!(
        v["detail"],
        json!({
            "kind": "history", "recorded_on": "2024-04-01", "number": "987654321000",
            "kinds": ["普通", "普二", "原付"], "date_two_small_moped": "1970-05-20",
            "date_other": "1970-05-20", "date_second_class": "1985-09-10",
            "remarks": ["住所変更 令和5年6月1日"]
        })
    );
    assert_eq!(v["renewal"], Value::Null);
    assert_eq!(v["procedures"], json!({ "lecture": false, "honseki": false, "onestop": true }));
}

#[tokio::test]
async fn hidden_values_need_a_session() {
    let app = app(true).await;
    for path in ["/api/license", "/api/license/honseki", "/api/license/history-class", "/api/license/photo"] {
        let a = app.get(path, None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(a.problem_code(), "not_logged_in", "{path}");
    }
}

#[tokio::test]
async fn hidden_values_only_for_the_matching_kind() {
    let app = app(true).await;
    let taro = app.login("taro").await;
    let ume = app.login("ume").await;

    let a = app.get("/api/license/honseki", Some(&taro)).await;
    assert_eq!(a.json(), json!({ "honseki": "東京都中央区銀座一丁目10番地" }));
    let a = app.get("/api/license/history-class", Some(&ume)).await;
    assert_eq!(a.json(), json!({ "history_class": "1" }));

    let a = app.get("/api/license/history-class", Some(&taro)).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::NOT_FOUND, "not_applicable"));
    let a = app.get("/api/license/honseki", Some(&ume)).await;
    assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::NOT_FOUND, "not_applicable"));
}

#[tokio::test]
async fn photo_is_a_locked_down_svg_of_the_caller() {
    let app = app(true).await;
    let a = app.get("/api/license/photo", Some(&app.login("taro").await)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), "image/svg+xml");
    assert_eq!(a.header("cache-control"), "private, no-store");
    assert_eq!(a.header("content-security-policy"), "default-src 'none'; style-src 'unsafe-inline'");
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    let svg = a.text();
    assert!(svg.starts_with("<svg") && svg.contains("<title>顔写真</title>"), "{svg}");
    let other = app.get("/api/license/photo", Some(&app.login("ume").await)).await.text();
    assert_ne!(svg, other, "each person has their own portrait");
    // A query cannot ask for someone else's photo.
    let again = app.get("/api/license/photo?person=ume", Some(&app.login("taro").await)).await.text();
    assert_eq!(svg, again);
}

#[tokio::test]
async fn unlinked_people_learn_whether_they_can_link() {
    let app = app(true).await;
    let ichiro = app.login("ichiro").await;
    let a = app.get("/api/license", Some(&ichiro)).await;
    assert_eq!(
        a.json(),
        json!({ "state": "unlinked", "status": "myna_license_only", "can_link": true, "lead": server::license::LINK_LEAD })
    );
    let ken = app.login("ken").await;
    let a = app.get("/api/license", Some(&ken)).await;
    let lead = "現在の保有状況（運転免許証のみ）では、マイナポータルと連携できません。連携するには、運転免許センター等でマイナンバーカードと運転免許証の一体化などの手続きを行い、保有状況を変更してください。";
    assert_eq!(
        a.json(),
        json!({ "state": "unlinked", "status": "plastic_license_only", "can_link": false, "lead": lead })
    );
    for path in ["/api/license/honseki", "/api/license/photo", "/api/license/history-class"] {
        let a = app.get(path, Some(&ichiro)).await;
        assert_eq!((a.status, a.problem_code().as_str()), (StatusCode::CONFLICT, "not_linked"), "{path}");
    }
}
