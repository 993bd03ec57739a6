//! A per-IP allowance for public forms that anyone may post without an account
//! (the enquiry form). Kept in memory by each server, like the sign-in limits:
//! behind a load balancer a sender gets the allowance once per server, which
//! still bounds a flood.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
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
}
