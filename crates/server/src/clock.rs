//! The business clock: what "today" is for renewal windows and, later, for applications.
//! In demo mode it is a settable instant kept in `settings` (frozen, so e2e runs are
//! deterministic and survive restarts); otherwise it is the system clock.
//! Session expiry deliberately does not use this clock (see `store::sessions`): it follows
//! the [`WallClock`], the system's time that only tests move; so does what is measured in
//! real time (the lecture's content time).

use anyhow::Context;
use chrono::{DateTime, Datelike, FixedOffset, Utc};
use domain::dates::tokyo;

use crate::store::{settings, Conn, Store};

const DEMO_CLOCK_KEY: &str = "demo_clock";

/// SPEC §5: 2026-12-15 10:00 Asia/Tokyo.
pub fn demo_default() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-15T10:00:00+09:00").expect("valid constant")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    System,
    Demo,
}

impl Clock {
    pub async fn now(self, store: &Store) -> anyhow::Result<DateTime<Utc>> {
        match self {
            Clock::System => Ok(Utc::now()),
            Clock::Demo => Ok(demo_now(store).await?.with_timezone(&Utc)),
        }
    }
}

/// The demo clock in Japan time (as `/api/demo/clock` shows it).
pub async fn demo_now(store: &Store) -> anyhow::Result<DateTime<FixedOffset>> {
    match settings::get(store, DEMO_CLOCK_KEY).await? {
        Some(text) => Ok(DateTime::parse_from_rfc3339(&text)
            .with_context(|| format!("settings.{DEMO_CLOCK_KEY}: bad instant {text:?}"))?
            .with_timezone(&tokyo())),
        None => Ok(demo_default()),
    }
}

/// The years the demo clock may be set to: wide enough for every scenario (renewal
/// windows, consent expiry, a lapsed licence), narrow enough that every instant in it is
/// written and read back as RFC 3339 (a five-digit year is not) and stays inside the
/// ranges the rules compute with.
pub const DEMO_YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// May the demo clock be set to `now`?
pub fn demo_settable(now: DateTime<FixedOffset>) -> bool {
    DEMO_YEARS.contains(&now.with_timezone(&tokyo()).year())
}

/// Stores the instant normalised to +09:00, whatever offset the caller sent.
pub async fn set_demo(conn: &mut Conn, now: DateTime<FixedOffset>) -> anyhow::Result<DateTime<FixedOffset>> {
    anyhow::ensure!(demo_settable(now), "demo clock {now} cannot be stored");
    let now = now.with_timezone(&tokyo());
    settings::set(conn, DEMO_CLOCK_KEY, &now.to_rfc3339()).await?;
    Ok(now)
}

/// The real time that sessions expire by and the lecture's content time is measured in
/// (`AppState::wall`): the system clock plus an offset that only tests move
/// ([`WallClock::advance`]), so that a 60-second grace, an 8-hour end or a chapter's content
/// time is tested through the server's own clock rather than by writing expiries into the
/// database or sleeping. Nothing in the server moves it.
#[derive(Debug, Default)]
pub struct WallClock {
    offset_ms: std::sync::atomic::AtomicI64,
}

impl WallClock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Moves this server's time by `by` (tests; forward, or back with a negative one).
    #[cfg(any(test, feature = "test-support"))]
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms.fetch_add(by.num_milliseconds(), std::sync::atomic::Ordering::Relaxed);
    }
}
