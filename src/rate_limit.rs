//! Allowances kept in memory by each server, like the sign-in limits: per IP
//! address for public forms anyone may post without an account (the enquiry
//! form), and per token for the JSON API's token routes. Behind a load
//! balancer a sender gets the allowance once per server, which still bounds a
//! flood.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct PerIpLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl std::fmt::Debug for PerIpLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PerIpLimit").finish_non_exhaustive()
    }
}

impl PerIpLimit {
    /// `per_hour` sends per address per hour, refilled evenly; all of them may be
    /// used at once.
    pub fn per_hour(per_hour: u32) -> Self {
        let per_hour = NonZeroU32::new(per_hour).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }

    /// Counts one send from `ip`; over the allowance, how long until the next.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.limiter
            .check_key(&ip)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops addresses whose allowance is full again; run now and then.
    pub fn forget_stale(&self) {
        self.limiter.retain_recent();
    }
}

type Limiter =
    RateLimiter<i64, DefaultKeyedStateStore<i64>, DefaultClock, StateInformationMiddleware>;

pub struct PerTokenLimit {
    limiter: Limiter,
    per_minute: u32,
}

impl std::fmt::Debug for PerTokenLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PerTokenLimit")
            .field("per_minute", &self.per_minute)
            .finish_non_exhaustive()
    }
}

/// Where a token stands after one request.
#[derive(Debug, PartialEq, Eq)]
pub struct Standing {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the allowance is full again.
    pub reset_secs: u64,
}

impl PerTokenLimit {
    /// `per_minute` requests per token a minute, refilled evenly; all of them
    /// may be used at once.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute))
                .with_middleware::<StateInformationMiddleware>(),
            per_minute: per_minute.get(),
        }
    }

    /// Counts one request of `token_id`: its standing, or how long to wait.
    pub fn check(&self, token_id: i64) -> Result<Standing, Duration> {
        let refill = Duration::from_secs(60) / self.per_minute;
        match self.limiter.check_key(&token_id) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = self.per_minute.saturating_sub(remaining);
                Ok(Standing {
                    limit: self.per_minute,
                    remaining,
                    reset_secs: (refill * used).as_secs_f64().ceil() as u64,
                })
            }
            Err(not_until) => Err(not_until.wait_time_from(DefaultClock::default().now())),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Drops tokens whose allowance is full again; run now and then.
    pub fn forget_stale(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_allowance_and_then_a_wait_while_others_are_unaffected() {
        let limit = PerIpLimit::per_hour(2);
        let visitor = IpAddr::from([203, 0, 113, 9]);
        assert!(limit.check(visitor).is_ok());
        assert!(limit.check(visitor).is_ok());
        let wait = limit.check(visitor).expect_err("the third send waits");
        assert!(wait > Duration::from_secs(60) && wait <= Duration::from_secs(1800));
        assert!(limit.check(IpAddr::from([203, 0, 113, 10])).is_ok());
    }

    #[test]
    fn a_token_spends_its_allowance_then_waits_while_others_are_unaffected() {
        let limit = PerTokenLimit::new(3);
        let first = limit.check(1).unwrap();
        assert_eq!((first.limit, first.remaining), (3, 2));
        assert_eq!(first.reset_secs, 20, "one request back every 20 s");
        assert_eq!(limit.check(1).unwrap().remaining, 1);
        let last = limit.check(1).unwrap();
        assert_eq!((last.remaining, last.reset_secs), (0, 60));
        let wait = limit.check(1).expect_err("the fourth waits");
        assert!(
            wait > Duration::from_secs(15) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert_eq!(limit.check(2).unwrap().remaining, 2);
    }
}
