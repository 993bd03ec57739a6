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
