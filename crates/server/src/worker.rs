//! The application worker (SPEC §6): processes submitted applications and creates each
//! result's notice exactly once. Applications arrive with a later issue; until then there
//! is nothing to process. `POST /api/demo/process` calls [`run_once`] now and the restart-safe
//! background loop will call the same function, so the real worker only fills it in.

use domain::api::ProcessReport;

use crate::AppState;

/// Processes everything that is due now and says how many applications it finished.
pub async fn run_once(_state: &AppState) -> anyhow::Result<ProcessReport> {
    Ok(ProcessReport { processed: 0 })
}
