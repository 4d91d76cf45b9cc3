//! Focus management across client-side navigation: every page heading that appears after
//! the first one (a new page or a new step) takes the focus, so screen-reader and keyboard
//! users start at the top of what changed. The first page of a visit keeps the browser's
//! natural starting point.

use std::cell::Cell;

thread_local! {
    static FIRST_HEADING_SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// True for every heading after the first one of this visit.
pub fn heading_should_take_focus() -> bool {
    FIRST_HEADING_SHOWN.with(|seen| seen.replace(true))
}
