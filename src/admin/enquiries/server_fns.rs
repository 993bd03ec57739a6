//! The inbox's reads. Each opens sealed personal data, so each is for admins only.

use leptos::prelude::*;

use super::model::{EnquiryDetail, Inbox};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{EnquirySummary, StatusTab},
    crate::accounts::server::require_admin,
    crate::contact::model::EnquiryStatus,
    crate::contact::store::{self, InboxEntry},
    crate::state::AppState,
};

#[cfg(feature = "ssr")]
const SHOWN: i64 = 100;

/// The enquiries with `status` (new when blank), or every enquiry sent from `email`.
#[server(endpoint = "admin/enquiries")]
pub async fn load_inbox(status: String, email: String) -> Result<Inbox, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let status = EnquiryStatus::from_column(&status).unwrap_or(EnquiryStatus::New);
    let email = email.trim().to_owned();
    let counts = store::status_counts(&state.db).await?;
    let entries = if email.is_empty() {
        opened(store::inbox(&state.db, &state.data_keys, status, SHOWN).await)?
    } else {
        let mut found = Vec::new();
        for id in store::ids_by_email(&state.db, &state.data_keys, &email).await? {
            found.extend(opened(store::entry(&state.db, &state.data_keys, id).await)?);
        }
        found
    };
    let zone = state.settings.site.time_zone;
    Ok(Inbox {
        tabs: counts
            .into_iter()
            .map(|(tab, count)| StatusTab {
                status: tab.as_str().to_owned(),
                label: tab.label().to_owned(),
                count,
                current: email.is_empty() && tab == status,
            })
            .collect(),
        email,
        enquiries: entries.iter().map(|entry| summary(entry, zone)).collect(),
    })
}

#[server(endpoint = "admin/enquiry")]
pub async fn load_enquiry(id: i64) -> Result<EnquiryDetail, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    let entry = opened(store::entry(&state.db, &state.data_keys, id).await)?
        .ok_or(AppError::NotFound)
        .map_err(AppError::into_response_error)?;
    let zone = state.settings.site.time_zone;
    Ok(EnquiryDetail {
        summary: summary(&entry, zone),
        course_href: entry
            .course_slug
            .as_ref()
            .map(|slug| format!("/courses/{slug}")),
        phone: entry.personal.phone.clone(),
        preferred_mode: entry.preferred_mode.clone(),
        message: entry.personal.message.clone(),
        spam_reason: (entry.status == EnquiryStatus::Spam).then(|| entry.spam_reason.clone()),
    })
}

/// A stored value that does not open (a key missing from `KURSO_DATA_KEY`) is
/// our fault, logged with the enquiry's id and never with its contents.
#[cfg(feature = "ssr")]
fn opened<T>(result: anyhow::Result<T>) -> Result<T, AppError> {
    result.map_err(|error| {
        tracing::error!(error = format!("{error:#}"), "an enquiry could not be read");
        AppError::Internal.into_response_error()
    })
}

#[cfg(feature = "ssr")]
fn summary(entry: &InboxEntry, zone: chrono_tz::Tz) -> EnquirySummary {
    let topic = match (entry.topic.as_str(), &entry.course_title) {
        ("course", Some(title)) => title.clone(),
        ("course", None) => "A course no longer in the catalog".to_owned(),
        ("private_team", _) => "Private training for a team".to_owned(),
        _ => "Other".to_owned(),
    };
    EnquirySummary {
        id: entry.id,
        received: entry
            .created_at
            .with_timezone(&zone)
            .format("%b %-d, %Y, %-I:%M %p")
            .to_string(),
        name: entry.personal.name.clone(),
        email: entry.personal.email.clone(),
        company: entry.company.clone(),
        topic,
        status: entry.status.label().to_owned(),
    }
}
