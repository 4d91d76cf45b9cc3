//! The login's idle end as the page sees it (WCAG 2.2.1, `components/idle_warning.rs`).
//! The server ends a login after `IDLE_MINUTES` without a request and records a use at
//! most once a minute, so its end can come up to a minute before the page's own count
//! says: the page warns three minutes ahead of its count and takes the end a minute early.

/// The server's idle end (`server::session::IDLE_SECS` is this in seconds).
pub const IDLE_MINUTES: u32 = 30;
/// How long before the page's count of the end the warning shows.
pub const WARN_BEFORE_MINUTES: u32 = 3;
/// How much earlier than the page's count the server may have ended it.
pub const SERVER_MAY_BE_EARLY_MINUTES: u32 = 1;

const MINUTE_MS: f64 = 60_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    /// Nothing to say.
    Active,
    /// 「まもなく自動的にログアウトします」 with 「ログインを続ける」.
    Warned,
    /// Taken as ended: the page logs out and says so.
    Ended,
}

/// What `idle_ms` since the server's last answer means.
pub fn idle_state(idle_ms: f64) -> Idle {
    let minutes = idle_ms / MINUTE_MS;
    if minutes >= f64::from(IDLE_MINUTES - SERVER_MAY_BE_EARLY_MINUTES) {
        Idle::Ended
    } else if minutes >= f64::from(IDLE_MINUTES - WARN_BEFORE_MINUTES) {
        Idle::Warned
    } else {
        Idle::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warned_at_27_minutes_and_taken_as_ended_at_29() {
        let at = |m: f64| idle_state(m * MINUTE_MS);
        assert_eq!(at(0.0), Idle::Active);
        assert_eq!(at(26.99), Idle::Active);
        assert_eq!(at(27.0), Idle::Warned);
        assert_eq!(at(28.99), Idle::Warned);
        assert_eq!(at(29.0), Idle::Ended);
        assert_eq!(at(600.0), Idle::Ended);
    }
}
