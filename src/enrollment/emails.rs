//! The enrollment emails, as plain text. Links lead to My trainings, where the
//! learner acts signed in, so no email carries a credential.

use chrono_tz::Tz;

use super::queries::PlaceRow;
use crate::catalog::present::{date_range, moment, place_label, time_range};
use crate::mail::Email;
use crate::server::settings::SiteSettings;

fn when_and_where(place: &PlaceRow, zone: Tz) -> String {
    let place_name = place_label(
        &place.mode,
        place.venue_name.as_deref(),
        place.venue_city.as_deref(),
    );
    format!(
        "{}\n{}\n{}",
        date_range(place.starts_at, place.ends_at, zone),
        time_range(place.starts_at, place.ends_at, zone),
        place_name
    )
}

pub fn confirmed(site: &SiteSettings, place: &PlaceRow) -> Email {
    Email {
        one_time_link: None,
        to: place.learner_email.clone(),
        subject: format!("You are enrolled: {}", place.course_title),
        body: format!(
            "Hello {},\n\nYour seat is confirmed for {}:\n\n{}\n\n\
             Your trainings, calendar files and cancellation are at {}/me/trainings\n",
            place.learner_name,
            place.course_title,
            when_and_where(place, site.time_zone),
            site.public_url
        ),
    }
}

pub fn waitlisted(site: &SiteSettings, place: &PlaceRow) -> Email {
    let position = place.waitlist_position.unwrap_or(1);
    Email {
        one_time_link: None,
        to: place.learner_email.clone(),
        subject: format!("You are on the waitlist: {}", place.course_title),
        body: format!(
            "Hello {},\n\n{} is full on these dates, so you are number {position} on its waitlist:\n\n{}\n\n\
             If a seat frees up we will email you an offer to claim it. \
             See where you stand at {}/me/trainings\n",
            place.learner_name,
            place.course_title,
            when_and_where(place, site.time_zone),
            site.public_url
        ),
    }
}

pub fn offered(site: &SiteSettings, place: &PlaceRow) -> Email {
    let until = place
        .offer_expires_at
        .map(|until| moment(until, site.time_zone))
        .unwrap_or_default();
    Email {
        one_time_link: None,
        to: place.learner_email.clone(),
        subject: format!("A seat is free for you: {}", place.course_title),
        body: format!(
            "Hello {},\n\nA seat came free in {}:\n\n{}\n\n\
             It is held for you until {until} ({} time). Claim it here:\n\n{}/me/trainings\n\n\
             If you do not claim it by then, it passes to the next person on the waitlist.\n",
            place.learner_name,
            place.course_title,
            when_and_where(place, site.time_zone),
            site.time_zone.name().rsplit('/').next().unwrap_or("local"),
            site.public_url
        ),
    }
}

pub fn reminder(site: &SiteSettings, place: &PlaceRow, hours_before: i64) -> Email {
    let when = if hours_before >= 24 {
        format!("in {} days", hours_before / 24)
    } else {
        format!("in {hours_before} hours")
    };
    Email {
        one_time_link: None,
        to: place.learner_email.clone(),
        subject: format!("Reminder: {} starts {when}", place.course_title),
        body: format!(
            "Hello {},\n\n{} starts {when}:\n\n{}\n\n\
             Your trainings and calendar files are at {}/me/trainings\n",
            place.learner_name,
            place.course_title,
            when_and_where(place, site.time_zone),
            site.public_url
        ),
    }
}

/// A run's date or time changed: everyone with a place hears the new one.
pub fn run_moved(site: &SiteSettings, place: &PlaceRow) -> Email {
    let standing = match place.status.as_str() {
        "confirmed" => "Your seat is kept on the new date.",
        "offered" => "The seat offered to you is still held for you on the new date.",
        _ => "You keep your place on the waitlist.",
    };
    Email::new(
        place.learner_email.clone(),
        format!("New date: {}", place.course_title),
        format!(
            "Hello {},\n\n{} has moved. It now takes place:\n\n{}\n\n{standing} \
             If the new date does not suit you, change dates or cancel at {}/me/trainings\n",
            place.learner_name,
            place.course_title,
            when_and_where(place, site.time_zone),
            site.public_url
        ),
    )
}
