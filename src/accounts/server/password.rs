//! Password hashing (argon2id) and the password policy.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
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
#[derive(Clone)]
pub struct Passwords {
    dummy: Arc<PasswordHash>,
    verifications: Arc<AtomicU64>,
}

impl fmt::Debug for Passwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Passwords").finish_non_exhaustive()
    }
}

impl Passwords {
    pub async fn new() -> Result<Self, AppError> {
        let dummy =
            hash_blocking("a password nobody has: only its cost matters".to_owned()).await?;
        Ok(Self {
            dummy: Arc::new(dummy),
            verifications: Arc::default(),
        })
    }

    pub async fn hash(&self, password: &str) -> Result<PasswordHash, AppError> {
        hash_blocking(password.to_owned()).await
    }

    /// Whether `password` matches `stored`; with no stored hash (unknown email)
    /// it verifies against the dummy hash and answers `false`.
    pub async fn verify(&self, password: &str, stored: Option<&PasswordHash>) -> bool {
        let (hash, known) = match stored {
            Some(hash) => (hash.clone(), true),
            None => ((*self.dummy).clone(), false),
        };
        let password = password.to_owned();
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let matches = tokio::task::spawn_blocking(move || {
            PhcString::new(&hash.0)
                .map(|parsed| {
                    argon2()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        matches && known
    }

    /// How many argon2 verifications have run: lets a test show that an unknown
    /// email takes the same path as a wrong password.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }
}

async fn hash_blocking(password: String) -> Result<PasswordHash, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| PasswordHash(hash.to_string()))
    })
    .await
    .map_err(|_| AppError::Internal)?
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
        assert!(
            passwords
                .verify("correct horse battery staple", Some(&hash))
                .await
        );
        assert!(
            !passwords
                .verify("correct horse battery stapler", Some(&hash))
                .await
        );
    }

    #[tokio::test]
    async fn an_unknown_account_runs_a_verification_and_never_matches() {
        let passwords = Passwords::new().await.unwrap();

        let matched = passwords
            .verify("a password nobody has: only its cost matters", None)
            .await;

        assert!(!matched, "the dummy hash must never let anyone in");
        assert_eq!(passwords.verifications(), 1);
    }

    #[test]
    fn the_hash_never_prints() {
        let hash = PasswordHash::from_stored("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());

        assert_eq!(format!("{hash:?}"), "PasswordHash(***)");
    }
}
