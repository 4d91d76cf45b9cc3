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

/// What the licence page shows. 本籍, the photo and 運転経歴区分 are never part of it.
pub fn license_response(p: &Person, today: NaiveDate) -> LicenseResponse {
    if !is_linked(p) {
        return LicenseResponse::Unlinked { status: p.status, can_link: allows(p.status, Service::LinkAndView) };
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
