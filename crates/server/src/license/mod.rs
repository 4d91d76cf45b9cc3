//! The licence / driving-history record (manual 2章②, SPEC §4.4): what `GET /api/license`
//! answers (and the server-painted first view shows). Eligibility comes from the domain
//! crate and is recomputed on every request; 本籍, the photo and 運転経歴区分 are never in
//! the answer, only behind their own endpoints (routes.rs).

pub mod routes;

use chrono::NaiveDate;
use domain::eligibility::{allows, lecture, renewal_notice, LectureFacts, Service};
use domain::license::{HistoryDetail, LicenseDetail, LicenseResponse, Procedures, RecordDetail, RecordView};

use crate::access::is_linked;
use crate::store::persons::{Person, RecordKind};

pub use routes::routes;

/// Above 「連携をはじめる」 for someone not linked yet who can link.
pub const LINK_LEAD: &str = "マイナポータルとマイナ免許証を連携すると、免許情報の確認、オンライン講習の受講、本籍のオンライン変更や住所変更ワンストップサービス等を利用できます。";

/// Why a stale link shows no record (issue 30; the manual's words in 2章①-1 補足 where it
/// has them): the record linked before is named by its number only, as the former one, and
/// nothing of the record the registry holds now is shown before the person links again.
pub fn relink_notice(p: &Person) -> String {
    let (record, label) = if p.status.is_license() {
        ("免許", "免許情報記録番号")
    } else {
        ("運転経歴証明書", "運転経歴情報記録番号")
    };
    let before = p.linked_number.as_deref().map(|n| format!("（{label} 第{n}号）")).unwrap_or_default();
    format!(
        "以前にマイナ免許証と連携した{record}{before}は、失効し又は取り消されたため、現在の{record}の情報と連携していません。\
         再取得した{record}の情報を確認するには、「連携をはじめる」から、再度、マイナポータルとマイナ免許証の連携を行ってください。\
         以前の連携は、再度の連携で新しい連携に置き換わります（先に連携を解除する必要はありません）。"
    )
}

/// What the licence page shows. 本籍, the photo and 運転経歴区分 are never part of it.
pub fn license_response(p: &Person, today: NaiveDate) -> LicenseResponse {
    if !is_linked(p) {
        let can_link = allows(p.status, Service::LinkAndView);
        let lead = match (can_link, p.link_is_stale()) {
            (false, _) => format!(
                "現在の保有状況（{}）では、マイナポータルと連携できません。連携するには、運転免許センター等でマイナンバーカードと{}の一体化などの手続きを行い、保有状況を変更してください。",
                p.status.label(),
                p.status.to_integrate().0
            ),
            (true, false) => LINK_LEAD.to_string(),
            (true, true) => relink_notice(p),
        };
        return LicenseResponse::Unlinked { status: p.status, can_link, lead };
    }
    // The 「受講不可」 mark follows the full lecture rule (colour, age, window), not just the status.
    let (detail, renewal, lecture_ok) = match &p.record {
        RecordKind::License { color, valid_until, conditions } => {
            let facts = LectureFacts { status: p.status, color: *color, birth: p.birth_date, expiry: *valid_until };
            let detail = RecordDetail::License(LicenseDetail {
                color: *color,
                valid_until: *valid_until,
                number: p.number.clone(),
                kinds: p.kinds.clone(),
                date_two_small_moped: p.date_two_small_moped,
                date_other: p.date_other,
                date_second_class: p.date_second_class,
                conditions: conditions.clone(),
                remarks: p.remarks.clone(),
            });
            (detail, renewal_notice(&facts, today), lecture(&facts, today).is_ok())
        }
        RecordKind::History { recorded_on, .. } => {
            let detail = RecordDetail::History(HistoryDetail {
                recorded_on: *recorded_on,
                number: p.number.clone(),
                kinds: p.kinds.clone(),
                date_two_small_moped: p.date_two_small_moped,
                date_other: p.date_other,
                date_second_class: p.date_second_class,
                remarks: p.remarks.clone(),
            });
            (detail, None, false)
        }
    };
    LicenseResponse::Linked(Box::new(RecordView {
        status: p.status,
        registered_on: p.registered_on,
        name: p.name.clone(),
        kana: p.kana.clone(),
        alias_name: p.alias_name.clone(),
        former_name: p.former_name.clone(),
        birth_date: p.birth_date,
        address: p.address.clone(),
        detail,
        renewal,
        procedures: Procedures {
            lecture: lecture_ok,
            honseki: allows(p.status, Service::HonsekiChange),
            onestop: allows(p.status, Service::OnestopStatusCancel),
        },
    }))
}
