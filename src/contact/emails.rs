//! The enquiry emails. They go through the outbox, whose stored copies admins
//! can read, so they repeat none of what the sender wrote: the sender's copy
//! names the topic only, the admins' notice links to the inbox, where the
//! message is opened from its sealed columns.

use crate::mail::Email;
use crate::settings::SiteSettings;

pub fn confirmation(site: &SiteSettings, to: &str, topic: &str) -> Email {
    Email::new(
        to,
        format!("We received your enquiry – {}", site.name),
        format!(
            "Hello,\n\nThank you for your enquiry about {topic}. One of our training advisers \
             will answer you within one working day.\n\nIf you did not send an enquiry on {}, \
             you can ignore this email; we will not contact this address again.\n\n{}\n",
            site.public_url, site.name
        ),
    )
}

/// An admin's answer to an enquiry, written in the inbox. It carries what the
/// admin wrote and, like any email, stays readable in the outbox.
pub fn reply(site: &SiteSettings, to: &str, topic: &str, text: &str, admin: &str) -> Email {
    Email::new(
        to,
        format!("About your enquiry: {topic} – {}", site.name),
        format!(
            "Hello,\n\n{text}\n\n{admin}\n{}\n\nYou can answer this email, or write to us at {}.\n",
            site.name,
            site.contact_email.as_deref().unwrap_or(&site.public_url)
        ),
    )
}

pub fn notice_to_admin(site: &SiteSettings, to: &str, enquiry_id: i64, topic: &str) -> Email {
    Email::new(
        to,
        format!("New enquiry about {topic}"),
        format!(
            "A new enquiry (number {enquiry_id}) about {topic} has arrived.\n\n\
             Read and answer it in the dashboard: {}/admin/enquiries/{enquiry_id}\n",
            site.public_url
        ),
    )
}
