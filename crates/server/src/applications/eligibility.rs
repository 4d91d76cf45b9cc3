//! Who may submit which kind of application (SPEC §3), checked on every submission before
//! anything is stored. The rules are the domain crate's; this only applies them to the
//! person's record as the server holds it.

use chrono::NaiveDate;
use domain::applications::ApplicationKind;
use domain::eligibility::{lecture, LectureFacts};

use crate::access::require_service;
use crate::error::{ApiError, ApiResult};
use crate::store::persons::{Person, RecordKind};

/// May `person` submit `kind` today? Checked on every submission, before anything is stored.
pub fn check(demo_mode: bool, person: &Person, kind: ApplicationKind, today: NaiveDate) -> ApiResult<()> {
    let Some(service) = kind.service() else {
        // The demo kind: any logged-in person, demo mode only.
        return if demo_mode { Ok(()) } else { Err(ApiError::NotEligible) };
    };
    require_service(person, service)?;
    if kind == ApplicationKind::OnlineLecture {
        let RecordKind::License { color, valid_until, .. } = &person.record else {
            return Err(ApiError::NotEligible);
        };
        let facts =
            LectureFacts { status: person.status, color: *color, birth: person.birth_date, expiry: *valid_until };
        lecture(&facts, today).map_err(|_| ApiError::NotEligible)?;
    }
    Ok(())
}
