//! The account types pages and server functions share.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Learner,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Admin => "admin",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        match value {
            "learner" => Some(Self::Learner),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Learner => "Learner",
            Self::Admin => "Admin",
        }
    }
}

crate::column::text_column!(Role, "role");

/// Who is signed in, as pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub email_verified: bool,
}

impl SignedInUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

pub const NAME_MAX_LENGTH: usize = 120;
pub const EMAIL_MAX_LENGTH: usize = 254;

/// Trims and lower-cases an email address and checks its shape, so "Ana@Example.com "
/// and "ana@example.com" are one account. Deliverability is proven by the
/// verification email, not by a pattern.
pub fn normalize_email(input: &str) -> Result<String, &'static str> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter your email address.");
    }
    if email.chars().count() > EMAIL_MAX_LENGTH {
        return Err("That email address is too long.");
    }
    let shaped = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if shaped {
        Ok(email)
    } else {
        Err("Enter a full email address, like ana@example.com.")
    }
}

/// A display name: trimmed, inner whitespace collapsed, 1 to 120 characters.
pub fn normalize_name(input: &str) -> Result<String, &'static str> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err("Enter your name.")
    } else if name.chars().count() > NAME_MAX_LENGTH {
        Err("Use at most 120 characters.")
    } else if name.chars().any(char::is_control) {
        Err("Use letters, spaces and punctuation only.")
    } else {
        Ok(name)
    }
}

/// Where to go after signing in: only a path on this site, never another origin
/// (`//evil.example` and `/\evil.example` are other origins to a browser).
pub fn safe_next_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    (local && !next.chars().any(char::is_control)).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_one_account_whatever_their_case_and_spacing() {
        assert_eq!(
            normalize_email("  Ana.Santos@Example.COM "),
            Ok("ana.santos@example.com".into())
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_an_example() {
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana @example.com",
            "a@b@c.com",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
        assert_eq!(normalize_email(""), Err("Enter your email address."));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(normalize_name("  Ana   Santos "), Ok("Ana Santos".into()));
        assert!(normalize_name("   ").is_err());
        assert!(normalize_name(&"a".repeat(121)).is_err());
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next_path("/admin/users?q=ana"),
            Some("/admin/users?q=ana")
        );
        assert_eq!(safe_next_path("//evil.example/"), None);
        assert_eq!(safe_next_path("/\\evil.example"), None);
        assert_eq!(safe_next_path("https://evil.example/"), None);
    }
}
