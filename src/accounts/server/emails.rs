//! The account emails, as plain text. Their links are one-time credentials:
//! they travel as [`Email::with_one_time_link`], which keeps them out of the
//! stored copy whenever mail is delivered by SMTP.

use crate::mail::{Email, LINK};
use crate::settings::SiteSettings;

/// `next`: a path on this site the confirmed learner is brought back to.
pub fn verify_email(
    site: &SiteSettings,
    to: &str,
    name: &str,
    token: &str,
    next: Option<&str>,
) -> Email {
    let mut link = format!("{}/verify-email?token={token}", site.public_url);
    if let Some(next) = next {
        link.push_str("&next=");
        link.extend(form_urlencoded::byte_serialize(next.as_bytes()));
    }
    Email::with_one_time_link(
        to,
        format!("Confirm your email for {}", site.name),
        format!(
            "Hello {name},\n\nPlease confirm your email address by opening this link:\n\n{LINK}\n\n\
             The link works once and for 48 hours. If you did not create an account with {}, \
             you can ignore this email.\n",
            site.name
        ),
        link,
    )
}

pub fn reset_password(site: &SiteSettings, to: &str, name: &str, token: &str) -> Email {
    let link = format!("{}/reset-password?token={token}", site.public_url);
    Email::with_one_time_link(
        to,
        format!("Reset your {} password", site.name),
        format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset your password. Choose a new one here:\n\n\
             {LINK}\n\nThe link works once and for one hour. If you did not ask, ignore this email: \
             your password stays as it is.\n"
        ),
        link,
    )
}
