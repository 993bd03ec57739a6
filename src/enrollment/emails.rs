//! The enrollment emails, as plain text. Links lead to My trainings, where the
//! learner acts signed in, so no email carries a credential.

use chrono_tz::Tz;

use super::model::PlaceStatus;
use super::queries::PlaceRow;
use crate::catalog::present::{date_range, moment, time_range};
use crate::mail::Email;
use crate::settings::SiteSettings;

fn when_and_where(place: &PlaceRow, zone: Tz) -> String {
    let place_name = place.place_label();
    format!(
        "{}\n{}\n{}",
        date_range(place.starts_at, place.ends_at, zone),
        time_range(place.starts_at, place.ends_at, zone),
        place_name
    )
}

/// An email to the place's learner: a greeting, `opening` (what happened),
/// the run's dates, times and place, then `closing` (what they can do next).
fn to_learner(
    site: &SiteSettings,
    place: &PlaceRow,
    subject: String,
    opening: String,
    closing: String,
) -> Email {
    Email::new(
        place.learner_email.clone(),
        subject,
        format!(
            "Hello {},\n\n{opening}\n\n{}\n\n{closing}",
            place.learner_name,
            when_and_where(place, site.time_zone)
        ),
    )
}

pub fn confirmed(site: &SiteSettings, place: &PlaceRow) -> Email {
    to_learner(
        site,
        place,
        format!("You are enrolled: {}", place.course_title),
        format!("Your seat is confirmed for {}:", place.course_title),
        format!(
            "Your trainings, calendar files and cancellation are at {}/me/trainings\n",
            site.public_url
        ),
    )
}

pub fn waitlisted(site: &SiteSettings, place: &PlaceRow) -> Email {
    let position = place.waitlist_position.unwrap_or(1);
    to_learner(
        site,
        place,
        format!("You are on the waitlist: {}", place.course_title),
        format!(
            "{} is full on these dates, so you are number {position} on its waitlist:",
            place.course_title
        ),
        format!(
            "If a seat frees up we will email you an offer to claim it. \
             See where you stand at {}/me/trainings\n",
            site.public_url
        ),
    )
}

pub fn offered(site: &SiteSettings, place: &PlaceRow) -> Email {
    let until = place
        .offer_expires_at
        .map(|until| moment(until, site.time_zone))
        .unwrap_or_default();
    let zone = site.time_zone.name().rsplit('/').next().unwrap_or("local");
    to_learner(
        site,
        place,
        format!("A seat is free for you: {}", place.course_title),
        format!("A seat came free in {}:", place.course_title),
        format!(
            "It is held for you until {until} ({zone} time). Claim it here:\n\n{}/me/trainings\n\n\
             If you do not claim it by then, it passes to the next person on the waitlist.\n",
            site.public_url
        ),
    )
}

pub fn reminder(site: &SiteSettings, place: &PlaceRow, hours_before: i64) -> Email {
    let when = if hours_before >= 24 {
        format!("in {} days", hours_before / 24)
    } else {
        format!("in {hours_before} hours")
    };
    to_learner(
        site,
        place,
        format!("Reminder: {} starts {when}", place.course_title),
        format!("{} starts {when}:", place.course_title),
        format!(
            "Your trainings and calendar files are at {}/me/trainings\n",
            site.public_url
        ),
    )
}

/// A run's date or time changed: everyone with a place hears the new one.
pub fn run_moved(site: &SiteSettings, place: &PlaceRow) -> Email {
    let standing = match place.status {
        PlaceStatus::Confirmed => "Your seat is kept on the new date.",
        PlaceStatus::Offered => "The seat offered to you is still held for you on the new date.",
        _ => "You keep your place on the waitlist.",
    };
    to_learner(
        site,
        place,
        format!("New date: {}", place.course_title),
        format!("{} has moved. It now takes place:", place.course_title),
        format!(
            "{standing} If the new date does not suit you, change dates or cancel at {}/me/trainings\n",
            site.public_url
        ),
    )
}
