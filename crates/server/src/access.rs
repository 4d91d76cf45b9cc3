//! Who may use what: the rules every flow shares, in one place no route module owns.
//! The holding status comes from the domain crate (SPEC §3); the link state from the
//! person's record. Both are re-read on every request, never trusted from the client.

use domain::eligibility::{allows, Service};

use crate::error::{ApiError, ApiResult};
use crate::store::persons::Person;

/// Linked to the record the registry holds now (a stale link, issue 30, is none), and the
/// holding status still allows viewing (re-checked, never trusted).
pub fn is_linked(p: &Person) -> bool {
    p.link_is_current() && allows(p.status, Service::LinkAndView)
}

/// 409 `not_linked` for anyone not linked.
pub fn require_linked(p: &Person) -> ApiResult<()> {
    if is_linked(p) {
        Ok(())
    } else {
        Err(ApiError::NotLinked)
    }
}

/// Linked, and the holding status allows `service` (403 `not_eligible` otherwise).
pub fn require_service(p: &Person, service: Service) -> ApiResult<()> {
    require_linked(p)?;
    if allows(p.status, service) {
        Ok(())
    } else {
        Err(ApiError::NotEligible)
    }
}
