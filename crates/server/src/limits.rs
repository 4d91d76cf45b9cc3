//! The limits the server runs with (`Config::rate_limits`, `Config::connections`): plain
//! values, so the configuration names them without importing the parts that enforce them
//! (crate::rate_limit, crate::serve).

use std::time::Duration;

/// `burst` requests at once, then one every `every`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub burst: u32,
    pub every: Duration,
}

/// The limit of each class; [`RateLimits::default`] is what the server runs with (generous for
/// a person, a wall for a script). An address may be many people (a carrier's NAT), so
/// its limits are wider than one person's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Card login and its challenge: per address.
    pub login: Rule,
    /// Challenges and signed submissions: per person.
    pub signing: Rule,
    /// The same, per address.
    pub signing_address: Rule,
    /// The demo's remote reader (dozens of APDUs per read): per address.
    pub card: Rule,
}

impl RateLimits {
    /// No practical limit: for in-process tests that call an endpoint far more often than
    /// a person could (the limits themselves are tested with their own values).
    pub const UNLIMITED: RateLimits = RateLimits {
        login: Rule { burst: u32::MAX, every: Duration::from_nanos(1) },
        signing: Rule { burst: u32::MAX, every: Duration::from_nanos(1) },
        signing_address: Rule { burst: u32::MAX, every: Duration::from_nanos(1) },
        card: Rule { burst: u32::MAX, every: Duration::from_nanos(1) },
    };
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            login: Rule { burst: 120, every: Duration::from_millis(500) },
            signing: Rule { burst: 30, every: Duration::from_secs(2) },
            signing_address: Rule { burst: 300, every: Duration::from_millis(200) },
            card: Rule { burst: 3000, every: Duration::from_millis(5) },
        }
    }
}

/// The connection limits; [`Connections::default`] is what the server runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connections {
    /// From the connection (or the previous response) to a request's complete headers.
    pub header_read: Duration,
    /// Open connections per listener.
    pub max_connections: usize,
    /// Open connections per client address (its share of `max_connections`).
    pub per_address: usize,
    /// How long a stop waits for requests in flight.
    pub shutdown_deadline: Duration,
}

impl Default for Connections {
    fn default() -> Connections {
        Connections {
            header_read: Duration::from_secs(10),
            max_connections: 1024,
            per_address: 128,
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}
