//! The inbox: its reads, which open sealed personal data, and the workflow's
//! writes (status, assignee, notes, replies). Every one is for admins only.

use leptos::prelude::*;

use super::model::{EnquiryDetail, Inbox};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{EnquirySummary, StatusTab, TimelineItem},
    super::service,
    crate::accounts::server::{require_admin, users},
    crate::catalog::present::moment,
    crate::contact::events::{self, Event, EventKind},
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
    let admins = users::active_admins(&state.db).await?;
    let events = opened(events::timeline(&state.db, &state.data_keys, id).await)?;
    let mut timeline = vec![TimelineItem {
        kind: "received".to_owned(),
        headline: "Received from the contact form".to_owned(),
        when: moment(entry.created_at, zone),
        text: None,
    }];
    timeline.extend(
        events
            .into_iter()
            .map(|event| timeline_item(event, &admins, zone)),
    );
    Ok(EnquiryDetail {
        status_value: entry.status.as_str().to_owned(),
        assignee: entry
            .assignee_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        admins: admins
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        timeline,
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
fn timeline_item(event: Event, admins: &[(i64, String)], zone: chrono_tz::Tz) -> TimelineItem {
    let by = event.actor.unwrap_or_else(|| "a former admin".to_owned());
    let status_label =
        |value: &str| EnquiryStatus::from_column(value).map_or("?", EnquiryStatus::label);
    let headline = match event.kind {
        EventKind::Note => format!("Note by {by}"),
        EventKind::Reply => format!("Reply emailed by {by}"),
        EventKind::Status => {
            let (from, to) = event.detail.split_once(' ').unwrap_or(("", ""));
            format!(
                "Status: {} → {}, by {by}",
                status_label(from),
                status_label(to)
            )
        }
        EventKind::Assigned => match event.detail.parse::<i64>() {
            Ok(user_id) => {
                let name = admins
                    .iter()
                    .find(|(id, _)| *id == user_id)
                    .map_or("a former admin", |(_, name)| name.as_str());
                format!("Assigned to {name} by {by}")
            }
            Err(_) => format!("Unassigned by {by}"),
        },
    };
    TimelineItem {
        kind: event.kind.as_str().to_owned(),
        headline,
        when: moment(event.created_at, zone),
        text: event.body,
    }
}

#[cfg(feature = "ssr")]
fn summary(entry: &InboxEntry, zone: chrono_tz::Tz) -> EnquirySummary {
    let topic = crate::contact::workflow::topic_label(entry);
    EnquirySummary {
        id: entry.id,
        received: moment(entry.created_at, zone),
        name: entry.personal.name.clone(),
        email: entry.personal.email.clone(),
        company: entry.company.clone(),
        topic,
        status: entry.status.label().to_owned(),
    }
}

/// Moves the enquiry to another status (audited with before and after).
#[server(endpoint = "admin/enquiry/status")]
pub async fn change_enquiry_status(id: i64, status: String) -> Result<(), AppError> {
    service::change_status(id, &status).await?;
    leptos_axum::redirect(&format!("/admin/enquiries/{id}?done=status"));
    Ok(())
}

/// Gives the enquiry to an admin (their user id), or to nobody (empty).
#[server(endpoint = "admin/enquiry/assign")]
pub async fn assign_enquiry(id: i64, assignee: String) -> Result<(), AppError> {
    service::assign(id, &assignee).await?;
    leptos_axum::redirect(&format!("/admin/enquiries/{id}?done=assigned"));
    Ok(())
}

/// An internal note on the enquiry's timeline.
#[server(endpoint = "admin/enquiry/note")]
pub async fn add_enquiry_note(id: i64, note: String) -> Result<(), AppError> {
    service::add_note(id, &note).await?;
    leptos_axum::redirect(&format!("/admin/enquiries/{id}?done=note"));
    Ok(())
}

/// Emails the sender (through the outbox) and records it on the timeline.
#[server(endpoint = "admin/enquiry/reply")]
pub async fn reply_to_enquiry(id: i64, message: String) -> Result<(), AppError> {
    service::reply(id, &message).await?;
    leptos_axum::redirect(&format!("/admin/enquiries/{id}?done=reply"));
    Ok(())
}
