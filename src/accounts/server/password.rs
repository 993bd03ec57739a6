//! Password hashing (argon2id) and the password policy.

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash as PhcString, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::errors::AppError;

pub const MIN_LENGTH: usize = 8;
/// Long passphrases are welcome; the cap only bounds the hashing work a request
/// can ask for.
pub const MAX_LENGTH: usize = 256;

/// argon2id with m = 19 MiB, t = 2, p = 1: OWASP's recommended minimum.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("the argon2 parameters are valid constants");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A stored password hash (a PHC string such as `$argon2id$v=19$m=19456,...`).
///
/// Deliberately not `Serialize` and with a `Debug` that prints nothing of it, so
/// it cannot end up in a response or a log line by accident.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    /// A hash no password matches, for an account made for someone who has
    /// not chosen one (an invitation): a well-formed argon2id string with
    /// random salt and random output, so signing in with it costs the same
    /// full verification as any wrong password, and fails.
    pub fn unusable() -> Self {
        use argon2::password_hash::rand_core::RngCore;
        use base64::engine::general_purpose::STANDARD_NO_PAD;
        use base64::Engine;
        let mut output = [0u8; 32];
        OsRng.fill_bytes(&mut output);
        let salt = SaltString::generate(&mut OsRng);
        Self(format!(
            "$argon2id$v=19$m={MEMORY_KIB},t={ITERATIONS},p={PARALLELISM}${}${}",
            salt.as_str(),
            STANDARD_NO_PAD.encode(output)
        ))
    }

    /// The text to store in `users.password_hash`.
    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

/// Hashes and verifies passwords off the async threads.
///
/// A sign-in for an unknown email still runs one full verification, against a
/// hash made at start-up, so the answer takes as long as for a wrong password.
///
/// Each hash takes 19 MiB for a few tens of milliseconds. At most one runs per
/// core ([`HashingLimits::running`]), on threads of their own; a few more
/// requests may wait their turn,
/// and beyond that a request is answered "busy" at once, so a flood of sign-ins
/// cannot pile up threads and memory (fifty parallel attempts once took the
/// server from 26 MB to almost 1 GB).
#[derive(Clone)]
pub struct Passwords {
    dummy: Arc<PasswordHash>,
    verifications: Arc<AtomicU64>,
    hashes: Arc<AtomicU64>,
    queue: Arc<HashingQueue>,
}

/// How much password hashing may run at once, and how much may wait for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashingLimits {
    pub running: usize,
    pub waiting: usize,
}

impl HashingLimits {
    /// One hash per core, and up to eight per core waiting (a fraction of a
    /// second of work), the rest refused.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            running: cores,
            waiting: 8 * cores,
        }
    }
}

/// How long a client refused for a full queue is asked to wait.
const BUSY_RETRY_SECS: u64 = 2;

struct HashingQueue {
    /// One thread per core, kept for the life of the server: each keeps
    /// reusing the memory of its last hash instead of every short-lived
    /// blocking thread keeping 19 MiB of its own (which is how fifty sign-ins
    /// once left hundreds of megabytes behind).
    threads: rayon::ThreadPool,
    /// Hashes admitted (running or waiting for a thread).
    admitted: AtomicUsize,
    limit: usize,
    /// The most hashes seen running at once, for tests.
    peak: Arc<AtomicUsize>,
    active: Arc<AtomicUsize>,
}

impl HashingQueue {
    fn new(limits: HashingLimits) -> Result<Self, AppError> {
        let running = limits.running.max(1);
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(running)
            .thread_name(|index| format!("argon2-{index}"))
            .build()
            .map_err(|error| {
                tracing::error!(%error, "cannot start the password hashing threads");
                AppError::Internal
            })?;
        Ok(Self {
            threads,
            admitted: AtomicUsize::new(0),
            limit: running + limits.waiting,
            peak: Arc::default(),
            active: Arc::default(),
        })
    }

    /// Runs `work` on a hashing thread once one is free, or refuses it with
    /// [`AppError::Busy`] when the queue is full.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let admitted = self.admitted.fetch_add(1, Ordering::AcqRel);
        let _admission = Admission(&self.admitted);
        if admitted >= self.limit {
            tracing::warn!("password hashing queue is full; answering busy");
            return Err(AppError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            }
            .into_response_error());
        }
        let (done, outcome) = tokio::sync::oneshot::channel();
        let (active, peak) = (self.active.clone(), self.peak.clone());
        self.threads.spawn(move || {
            let running = active.fetch_add(1, Ordering::AcqRel) + 1;
            peak.fetch_max(running, Ordering::AcqRel);
            let result = work();
            active.fetch_sub(1, Ordering::AcqRel);
            let _ = done.send(result);
        });
        outcome.await.map_err(|_| AppError::Internal)
    }
}

/// Leaves the queue when dropped, however the request ends (even cancelled).
struct Admission<'a>(&'a AtomicUsize);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl fmt::Debug for Passwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Passwords").finish_non_exhaustive()
    }
}

impl Passwords {
    pub async fn new() -> Result<Self, AppError> {
        Self::with_limits(HashingLimits::for_this_machine()).await
    }

    pub async fn with_limits(limits: HashingLimits) -> Result<Self, AppError> {
        let queue = Arc::new(HashingQueue::new(limits)?);
        let dummy = queue
            .run(|| hash_now("a password nobody has: only its cost matters"))
            .await??;
        Ok(Self {
            dummy: Arc::new(dummy),
            verifications: Arc::default(),
            hashes: Arc::default(),
            queue,
        })
    }

    pub async fn hash(&self, password: &str) -> Result<PasswordHash, AppError> {
        let password = password.to_owned();
        self.hashes.fetch_add(1, Ordering::Relaxed);
        self.queue.run(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `stored`; with no stored hash (unknown email)
    /// it verifies against the dummy hash and answers `false`. Fails only when
    /// the hashing queue is full.
    pub async fn verify(
        &self,
        password: &str,
        stored: Option<&PasswordHash>,
    ) -> Result<bool, AppError> {
        let (hash, known) = match stored {
            Some(hash) => (hash.clone(), true),
            None => ((*self.dummy).clone(), false),
        };
        let password = password.to_owned();
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let matches = self
            .queue
            .run(move || {
                PhcString::new(&hash.0)
                    .map(|parsed| {
                        argon2()
                            .verify_password(password.as_bytes(), &parsed)
                            .is_ok()
                    })
                    .unwrap_or(false)
            })
            .await?;
        Ok(matches && known)
    }

    /// How many argon2 verifications have run: lets a test show that an unknown
    /// email takes the same path as a wrong password.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// How many new hashes were asked for: lets a test show that a bad reset
    /// link costs no hashing.
    pub fn hashes(&self) -> u64 {
        self.hashes.load(Ordering::Relaxed)
    }

    /// The most hashes that ran at the same moment so far.
    pub fn peak_running(&self) -> usize {
        self.queue.peak.load(Ordering::Acquire)
    }
}

fn hash_now(password: &str) -> Result<PasswordHash, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| PasswordHash(hash.to_string()))
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            AppError::Internal
        })
}

/// Checks a new password against the policy: 8 to 256 characters and not easy
/// to guess (zxcvbn score 3 of 4 or better, counting the user's own name and
/// email as known words). The error is a sentence to show under the field.
pub fn check_policy(password: &str, user_inputs: &[&str]) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!("Use at least {MIN_LENGTH} characters."));
    }
    if length > MAX_LENGTH {
        return Err(format!("Use at most {MAX_LENGTH} characters."));
    }
    // The whole inputs and their parts ("ana", "santos" from "ana.santos@..."),
    // so a password built from the user's own name scores as guessable.
    let words: Vec<String> = user_inputs
        .iter()
        .flat_map(|input| {
            let input = input.to_lowercase();
            let parts: Vec<String> = input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|part| part.chars().count() >= 3)
                .map(str::to_owned)
                .collect();
            std::iter::once(input).chain(parts)
        })
        .collect();
    // zxcvbn alone scores "anasantos1" as fair, so the user's own words are refused outright.
    let lowered = password.to_lowercase();
    if words
        .iter()
        .any(|word| word.chars().count() >= 4 && lowered.contains(word.as_str()))
    {
        return Err("Avoid your name or email address in your password: they are the first thing an attacker tries.".to_owned());
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let mut advice = String::from("This password is too easy to guess.");
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            advice = format!("{warning}");
            if !advice.ends_with('.') {
                advice.push('.');
            }
        }
        for suggestion in feedback.suggestions().iter().take(2) {
            advice.push(' ');
            advice.push_str(&suggestion.to_string());
        }
    }
    if !advice.contains("words") {
        advice.push_str(" A few unrelated words make a strong, memorable passphrase.");
    }
    Err(advice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused_with_the_minimum() {
        assert_eq!(
            check_policy("Tr0ub4!", &[]),
            Err("Use at least 8 characters.".into())
        );
    }

    #[test]
    fn common_passwords_are_refused_with_advice() {
        let error = check_policy("password123", &[]).unwrap_err();

        assert!(error.len() > 20, "{error}");
    }

    #[test]
    fn the_users_own_name_does_not_make_a_strong_password() {
        assert!(check_policy("anasantos1", &["ana.santos@example.com", "Ana Santos"]).is_err());
    }

    #[test]
    fn long_passphrases_are_accepted_up_to_the_maximum() {
        assert_eq!(
            check_policy("correct horse battery staple on jeepney", &[]),
            Ok(())
        );
        let passphrase_of_128 = "mango tree ".repeat(11) + "calamansi juice ok";
        assert!(passphrase_of_128.chars().count() >= 128);
        assert_eq!(check_policy(&passphrase_of_128, &[]), Ok(()));
        assert!(check_policy(&"x".repeat(MAX_LENGTH + 1), &[]).is_err());
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_configured_cost_and_verify() {
        let passwords = Passwords::new().await.unwrap();

        let hash = passwords
            .hash("correct horse battery staple")
            .await
            .unwrap();

        assert!(
            hash.as_stored()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_stored()
        );
        assert!(passwords
            .verify("correct horse battery staple", Some(&hash))
            .await
            .unwrap());
        assert!(!passwords
            .verify("correct horse battery stapler", Some(&hash))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_runs_a_verification_and_never_matches() {
        let passwords = Passwords::new().await.unwrap();

        let matched = passwords
            .verify("a password nobody has: only its cost matters", None)
            .await
            .unwrap();

        assert!(!matched, "the dummy hash must never let anyone in");
        assert_eq!(passwords.verifications(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_hashes_runs_a_few_at_a_time_and_the_overflow_is_told_to_wait() {
        let passwords = Passwords::with_limits(HashingLimits {
            running: 2,
            waiting: 3,
        })
        .await
        .unwrap();

        let attempts: Vec<_> = (0..50)
            .map(|n| {
                let passwords = passwords.clone();
                tokio::spawn(async move { passwords.hash(&format!("flood {n}")).await })
            })
            .collect();
        let mut hashed = 0;
        let mut busy = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => hashed += 1,
                Err(AppError::Busy { retry_after_secs }) => {
                    assert!(retry_after_secs >= 1);
                    busy += 1;
                }
                Err(other) => panic!("unexpected {other:?}"),
            }
        }

        assert!(
            passwords.peak_running() <= 2,
            "{}",
            passwords.peak_running()
        );
        assert!(hashed >= 5, "the queue's worth went through: {hashed}");
        assert!(busy >= 1, "the overflow was refused");
        assert_eq!(hashed + busy, 50);
    }

    #[tokio::test]
    async fn an_unusable_hash_is_well_formed_and_matches_no_password() {
        let passwords = Passwords::new().await.unwrap();
        let unusable = PasswordHash::unusable();
        assert!(PhcString::new(unusable.as_stored()).is_ok());
        assert_ne!(unusable.as_stored(), PasswordHash::unusable().as_stored());
        let before = passwords.verifications();
        for guess in ["", "password", unusable.as_stored()] {
            assert!(!passwords.verify(guess, Some(&unusable)).await.unwrap());
        }
        assert_eq!(passwords.verifications(), before + 3);
    }

    #[test]
    fn the_hash_never_prints() {
        let hash = PasswordHash::from_stored("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());

        assert_eq!(format!("{hash:?}"), "PasswordHash(***)");
    }
}
