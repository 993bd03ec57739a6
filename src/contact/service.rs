//! Receiving an enquiry: the checks, the bot signals, the sealed row and the
//! emails, in one transaction.

use crate::webhooks::{outbox, Event};
use serde_json::json;
use std::net::IpAddr;

use super::model::{
    normalize_phone, CourseChoice, EnquiryForm, PreferredMode, Topic, COMPANY_MAX, MESSAGE_MAX,
    MESSAGE_MIN,
};
use super::{emails, store};
use crate::accounts::model::{normalize_email, normalize_name};
use crate::accounts::server::users;
use crate::catalog::queries;
use crate::errors::{AppError, FormErrors};
use crate::state::AppState;

/// The form's fields as posted.
pub struct Submission {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub topic: String,
    pub mode: String,
    pub message: String,
    pub consent: bool,
    /// The honeypot: hidden from people, filled in by form-filling bots.
    pub website: String,
    /// [`EnquiryForm::shown_at`] as the form carried it back.
    pub shown_at: String,
}

pub async fn form(state: &AppState, course: Option<String>) -> Result<EnquiryForm, AppError> {
    let courses = queries::published_course_choices(&state.db).await?;
    let cities = queries::venue_cities(&state.db).await?;
    let topic = course
        .filter(|slug| courses.iter().any(|(known, _)| known == slug))
        .map(|slug| Topic::Course(slug).form_value())
        .unwrap_or_default();
    Ok(EnquiryForm {
        courses: courses
            .into_iter()
            .map(|(slug, title)| CourseChoice { slug, title })
            .collect(),
        cities,
        topic,
        shown_at: state.clock.now().timestamp_millis(),
    })
}

/// Checks and stores an enquiry, and queues its emails unless it looks like a
/// bot's. A bot is answered exactly as a person is: telling it apart would
/// teach it what to change.
pub async fn receive(state: &AppState, sent: Submission, ip: IpAddr) -> Result<i64, AppError> {
    if let Err(wait) = state.enquiry_limit.check(ip) {
        tracing::warn!("enquiry rate limit reached for an IP address");
        return Err(AppError::TooManyRequests {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let mut errors = FormErrors::new();
    for (field, value) in [
        ("name", &sent.name),
        ("email", &sent.email),
        ("phone", &sent.phone),
        ("company", &sent.company),
        ("topic", &sent.topic),
        ("mode", &sent.mode),
        ("message", &sent.message),
    ] {
        errors = errors.keep(field, value);
    }
    if sent.consent {
        errors = errors.keep("consent", "yes");
    }

    let name = normalize_name(&sent.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let email = normalize_email(&sent.email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let phone = normalize_phone(&sent.phone)
        .map_err(|e| errors.add("phone", e))
        .ok();
    let company = sent
        .company
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if company.chars().count() > COMPANY_MAX {
        errors.add("company", format!("Use at most {COMPANY_MAX} characters."));
    }
    let course = match Topic::parse(&sent.topic) {
        None => {
            errors.add("topic", "Choose what your enquiry is about.");
            None
        }
        Some(Topic::Course(slug)) => match queries::published_course(&state.db, &slug).await? {
            Some(course) => Some(course),
            None => {
                errors.add(
                    "topic",
                    "That course is not in the catalog; choose another topic.",
                );
                None
            }
        },
        Some(_) => None,
    };
    let topic = Topic::parse(&sent.topic);
    let cities = queries::venue_cities(&state.db).await?;
    let mode = PreferredMode::parse(&sent.mode, &cities);
    if mode.is_none() {
        errors.add("mode", "Choose online, a city or no preference.");
    }
    let message = sent.message.trim();
    match message.chars().count() {
        0 => errors.add("message", "Tell us what you would like to know."),
        n if n < MESSAGE_MIN => errors.add(
            "message",
            format!("Tell us a little more (at least {MESSAGE_MIN} characters)."),
        ),
        n if n > MESSAGE_MAX => errors.add(
            "message",
            format!(
                "Keep it under {MESSAGE_MAX} characters ({n} now); we can talk about the rest."
            ),
        ),
        _ => {}
    }
    if !sent.consent {
        errors.add(
            "consent",
            "Please agree that we may contact you about this enquiry.",
        );
    }
    let (Some(name), Some(email), Some(phone), Some(topic), Some(mode), true) =
        (name, email, phone, topic, mode, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };

    let now = state.clock.now();
    let spam_reason = bot_signal(
        &sent.website,
        &sent.shown_at,
        now.timestamp_millis(),
        state.settings.enquiries.min_fill_time.as_millis() as i64,
    );
    let topic_title = match (&topic, &course) {
        (Topic::Course(_), Some(course)) => course.title.clone(),
        (Topic::PrivateTeam, _) => "private training for your team".to_owned(),
        _ => "your question".to_owned(),
    };
    let mode = mode.stored();
    let enquiry = store::NewEnquiry {
        topic: topic.kind(),
        course_id: course.as_ref().map(|course| course.id),
        preferred_mode: &mode,
        company: &company,
        name: &name,
        email: &email,
        phone: phone.as_deref(),
        message,
        spam_reason,
    };

    let admins = users::active_admin_emails(&state.db).await?;
    let mut tx = state.db.begin().await?;
    let id = store::insert(&mut tx, &state.data_keys, &enquiry, now).await?;
    match spam_reason {
        Some(reason) => tracing::info!(enquiry = id, reason, "enquiry kept as suspected spam"),
        None => {
            let site = &state.settings.site;
            crate::mail::enqueue(
                &mut tx,
                &emails::confirmation(site, &email, &topic_title),
                now,
            )
            .await?;
            for admin in &admins {
                let notice = emails::notice_to_admin(site, admin, id, &topic_title);
                crate::mail::enqueue(&mut tx, &notice, now).await?;
            }
            // Suspected spam stays in the inbox only; a CRM hears of people.
            let course = course
                .as_ref()
                .map(|course| json!({ "slug": course.slug, "title": course.title }));
            let data = json!({ "enquiry": {
                "id": id, "topic": enquiry.topic, "course": course,
                "preferred_mode": enquiry.preferred_mode, "company": enquiry.company,
                "name": enquiry.name, "email": enquiry.email, "phone": enquiry.phone,
                "message": enquiry.message, "created_at": now,
            }});
            outbox::record(state, &mut tx, Event::EnquiryCreated, data).await?;
        }
    }
    tx.commit().await?;
    state.outbox_wake.notify_one();
    tracing::info!(enquiry = id, "enquiry received");
    Ok(id)
}

/// Why a form looks sent by a bot, if it does: the hidden field was filled,
/// or it came back without its render time or faster than a person types.
fn bot_signal(
    honeypot: &str,
    shown_at: &str,
    now_ms: i64,
    min_fill_ms: i64,
) -> Option<&'static str> {
    if !honeypot.trim().is_empty() {
        return Some("hidden field filled in");
    }
    match shown_at.trim().parse::<i64>() {
        Err(_) => Some("form sent without its render time"),
        Ok(shown) if now_ms - shown < min_fill_ms => Some("form sent faster than a person types"),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::bot_signal;

    #[test]
    fn a_filled_honeypot_a_missing_render_time_or_a_rush_mark_a_bot() {
        let now = 1_000_000;
        assert_eq!(bot_signal("", "990000", now, 3000), None);
        assert_eq!(bot_signal("", "997000", now, 3000), None);
        assert!(bot_signal("https://spam.example", "990000", now, 3000).is_some());
        assert!(bot_signal("", "", now, 3000).is_some());
        assert!(bot_signal("", "999000", now, 3000).is_some());
        // A render time from the future is no person's either.
        assert!(bot_signal("", "2000000", now, 3000).is_some());
        assert_eq!(bot_signal("", "999000", now, 0), None);
    }
}
