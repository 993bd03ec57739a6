//! The account emails, as plain text.

use crate::mail::Email;
use crate::server::settings::SiteSettings;

pub fn verify_email(site: &SiteSettings, to: &str, name: &str, token: &str) -> Email {
    let link = format!("{}/verify-email?token={token}", site.public_url);
    Email {
        to: to.to_owned(),
        subject: format!("Confirm your email for {}", site.name),
        body: format!(
            "Hello {name},\n\nPlease confirm your email address by opening this link:\n\n{link}\n\n\
             The link works once and for 48 hours. If you did not create an account with {}, \
             you can ignore this email.\n",
            site.name
        ),
    }
}

pub fn reset_password(site: &SiteSettings, to: &str, name: &str, token: &str) -> Email {
    let link = format!("{}/reset-password?token={token}", site.public_url);
    Email {
        to: to.to_owned(),
        subject: format!("Reset your {} password", site.name),
        body: format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset your password. Choose a new one here:\n\n\
             {link}\n\nThe link works once and for one hour. If you did not ask, ignore this email: \
             your password stays as it is.\n"
        ),
    }
}
