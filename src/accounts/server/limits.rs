//! Rate limits on the sign-in, registration, password-reset and email
//! confirmation forms.
//!
//! Two kinds, both in memory (each server counts its own; behind a load balancer
//! an attacker gets the limits once per server, which still bounds guessing):
//! - per IP address and form: a token bucket (governor) refilled every minute;
//! - per account: after a few failed sign-ins in a row, each further attempt must
//!   wait, doubling up to [`MAX_WAIT`]. The owner is never locked out for longer
//!   than that, and a successful sign-in clears the count.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::errors::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    Login,
    Register,
    ForgotPassword,
    /// Setting a new password with a mailed link.
    ResetPassword,
    /// Confirming an email address with a mailed link.
    VerifyEmail,
}

/// Failed sign-ins allowed in a row before attempts are spaced out.
const FREE_FAILURES: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const MAX_WAIT: Duration = Duration::from_secs(300);
/// A count untouched this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// Password-reset emails one address can be sent per hour.
const RESET_EMAILS_PER_HOUR: u32 = 3;

pub struct AuthLimits {
    per_ip: DefaultKeyedRateLimiter<(Form, IpAddr)>,
    reset_emails: DefaultKeyedRateLimiter<String>,
    failures: FailureThrottle,
}

impl std::fmt::Debug for AuthLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthLimits").finish_non_exhaustive()
    }
}

impl AuthLimits {
    pub fn new(attempts_per_ip_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(attempts_per_ip_per_minute).unwrap_or(NonZeroU32::MIN);
        let reset_emails = NonZeroU32::new(RESET_EMAILS_PER_HOUR).unwrap_or(NonZeroU32::MIN);
        Self {
            per_ip: RateLimiter::keyed(Quota::per_minute(per_minute)),
            reset_emails: RateLimiter::keyed(Quota::per_hour(reset_emails)),
            failures: FailureThrottle::default(),
        }
    }

    /// Counts one attempt at `form` from `ip`; 429 once the minute's allowance is spent.
    pub fn check_ip(&self, form: Form, ip: IpAddr) -> Result<(), AppError> {
        self.per_ip.check_key(&(form, ip)).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::warn!(?form, "rate limit reached for an IP address");
            too_many(wait)
        })
    }

    /// Whether the account may try to sign in now.
    pub fn check_account(&self, email: &str) -> Result<(), AppError> {
        match self.failures.wait(email, Instant::now()) {
            Some(wait) => {
                tracing::warn!("sign-in attempts for an account are being spaced out");
                Err(too_many(wait))
            }
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, email: &str) {
        self.failures.record_failure(email, Instant::now());
    }

    pub fn record_success(&self, email: &str) {
        self.failures.clear(email);
    }

    /// Whether another reset email may go to `email` this hour. Over the limit the
    /// request is answered as usual but nothing is sent, so the form cannot be
    /// used to flood someone's inbox, nor to tell whether an account exists.
    pub fn allow_reset_email(&self, email: &str) -> bool {
        self.reset_emails.check_key(&email.to_owned()).is_ok()
    }

    /// Drops state nobody needs any more; run now and then.
    pub fn forget_stale(&self) {
        self.per_ip.retain_recent();
        self.reset_emails.retain_recent();
        self.failures
            .forget_older_than(FORGET_AFTER, Instant::now());
    }
}

fn too_many(wait: Duration) -> AppError {
    AppError::TooManyRequests {
        retry_after_secs: wait.as_secs().max(1) + u64::from(wait.subsec_nanos() > 0),
    }
}

#[derive(Default)]
struct FailureThrottle {
    accounts: Mutex<HashMap<String, Failures>>,
}

#[derive(Clone, Copy)]
struct Failures {
    in_a_row: u32,
    last: Instant,
}

impl FailureThrottle {
    fn wait(&self, account: &str, now: Instant) -> Option<Duration> {
        let accounts = self
            .accounts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let failures = accounts.get(account)?;
        let delay = delay_after(failures.in_a_row)?;
        let ready_at = failures.last + delay;
        (ready_at > now).then(|| ready_at - now)
    }

    fn record_failure(&self, account: &str, now: Instant) {
        let mut accounts = self
            .accounts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let failures = accounts.entry(account.to_owned()).or_insert(Failures {
            in_a_row: 0,
            last: now,
        });
        failures.in_a_row = failures.in_a_row.saturating_add(1);
        failures.last = now;
    }

    fn clear(&self, account: &str) {
        let mut accounts = self
            .accounts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        accounts.remove(account);
    }

    fn forget_older_than(&self, age: Duration, now: Instant) {
        let mut accounts = self
            .accounts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        accounts.retain(|_, failures| now.duration_since(failures.last) < age);
    }
}

/// The wait imposed after `in_a_row` failures: none for the first few, then 30 s,
/// 60 s, 120 s, ... up to five minutes.
fn delay_after(in_a_row: u32) -> Option<Duration> {
    let over = in_a_row.checked_sub(FREE_FAILURES)?;
    let factor = 1u32.checked_shl(over.min(16)).unwrap_or(u32::MAX);
    Some(FIRST_WAIT.saturating_mul(factor).min(MAX_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_cost_nothing_then_waits_double_up_to_five_minutes() {
        assert_eq!(delay_after(4), None);
        assert_eq!(delay_after(5), Some(Duration::from_secs(30)));
        assert_eq!(delay_after(6), Some(Duration::from_secs(60)));
        assert_eq!(delay_after(9), Some(Duration::from_secs(300)));
        assert_eq!(delay_after(u32::MAX), Some(MAX_WAIT));
    }

    #[test]
    fn an_account_waits_after_repeated_failures_and_not_after_the_wait() {
        let throttle = FailureThrottle::default();
        let start = Instant::now();
        for _ in 0..5 {
            throttle.record_failure("ana@example.com", start);
        }

        assert_eq!(
            throttle.wait("ana@example.com", start),
            Some(Duration::from_secs(30))
        );
        assert_eq!(throttle.wait("ben@example.com", start), None);
        assert_eq!(
            throttle.wait("ana@example.com", start + Duration::from_secs(30)),
            None
        );
    }

    #[test]
    fn a_success_clears_the_count() {
        let throttle = FailureThrottle::default();
        let start = Instant::now();
        for _ in 0..7 {
            throttle.record_failure("ana@example.com", start);
        }
        throttle.clear("ana@example.com");

        assert_eq!(throttle.wait("ana@example.com", start), None);
    }

    #[test]
    fn an_ip_gets_its_allowance_per_form_then_429() {
        let limits = AuthLimits::new(2);
        let ip: IpAddr = [203, 0, 113, 7].into();

        assert!(limits.check_ip(Form::Login, ip).is_ok());
        assert!(limits.check_ip(Form::Login, ip).is_ok());
        let refused = limits.check_ip(Form::Login, ip).unwrap_err();

        assert!(
            matches!(refused, AppError::TooManyRequests { retry_after_secs } if (1..=60).contains(&retry_after_secs))
        );
        assert!(
            limits.check_ip(Form::Register, ip).is_ok(),
            "each form has its own allowance"
        );
    }
}
