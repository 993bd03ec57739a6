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

/// Sent to the new address: opening the link proves it and switches the account.
pub fn confirm_new_email(site: &SiteSettings, to: &str, name: &str, token: &str) -> Email {
    let link = format!("{}/account/confirm-email?token={token}", site.public_url);
    Email::with_one_time_link(
        to,
        format!("Confirm your new email for {}", site.name),
        format!(
            "Hello {name},\n\nYou asked to use this address for your {} account. Confirm it here:\n\n\
             {LINK}\n\nThe link works once and for 24 hours. Until then your account keeps its old \
             address. If you did not ask, ignore this email.\n",
            site.name
        ),
        link,
    )
}

/// Sent to the old address once the change is made, so a stolen session
/// cannot move an account away unnoticed.
pub fn email_changed(site: &SiteSettings, to: &str, name: &str, new_email: &str) -> Email {
    Email::new(
        to,
        format!("Your {} email address was changed", site.name),
        format!(
            "Hello {name},\n\nYour account now uses {new_email} instead of this address. \
             If you did not make this change, reply to this email or contact us at once.\n\n{}\n",
            site.name
        ),
    )
}

/// To someone an admin's integration enrolled before they had an account:
/// the account exists, and they choose its password through the reset form
/// (whose emailed link also confirms the address). No credential travels here.
pub fn invitation(site: &SiteSettings, to: &str, name: &str) -> Email {
    Email::new(
        to,
        format!("Your {} account is ready", site.name),
        format!(
            "Hello {name},\n\n{site_name} made an account for you with this email address, so that \
             you can see and manage your trainings.\n\nTo sign in the first time, choose a password: \
             open {url}/forgot-password, enter this email address, and follow the link we send you.\n\n\
             If you did not expect this, you can ignore this email.\n",
            site_name = site.name,
            url = site.public_url,
        ),
    )
}
