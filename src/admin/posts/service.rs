//! Checking the post form and writing posts: each write in one transaction
//! with its audit entry, then the caches drop exactly the pages that showed
//! the post before the write or show it after.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::model::{PostForm, PREVIEW_INTENT};
use crate::accounts::server::{request::client_ip, require_admin};
use crate::audit::{self, Actor, AuditEntry};
use crate::blog::changes::{post_change, shown_place};
use crate::blog::model::{is_tag, reading_minutes, PostStatus};
use crate::blog::store::{self, PostAuthor, PostFields, PostWriteError, SavedPostRow};
use crate::cache::Change;
use crate::catalog::fields::{optional, parse_slug, required, slug_from};
use crate::db::Transaction;
use crate::errors::{AppError, FormErrors};
use crate::markdown::to_safe_html;
use crate::state::AppState;

/// The longest body a post may have, in characters.
pub const MAX_BODY_CHARS: usize = 50_000;
const MAX_TAGS: usize = 8;

fn invalid(errors: FormErrors) -> AppError {
    AppError::Invalid(errors).into_response_error()
}

fn kept(form: &PostForm) -> FormErrors {
    FormErrors::new()
        .keep("title", &form.title)
        .keep("slug", &form.slug)
        .keep("summary", &form.summary)
        .keep("body", &form.body)
        .keep("cover_url", &form.cover_url)
        .keep("cover_alt", &form.cover_alt)
        .keep("author", &form.author)
        .keep("tags", &form.tags)
        .keep("status", &form.status)
        .keep("publish_at", &form.publish_at)
}

/// Renders a body as visitors will see it, without saving anything.
pub fn preview(body: &str) -> Result<String, AppError> {
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::BadRequest(format!(
            "a post's text is at most {MAX_BODY_CHARS} characters"
        ))
        .into_response_error());
    }
    Ok(to_safe_html(body))
}

/// The answer to "Preview" without JavaScript: nothing saved, the form shown
/// again with what was typed (`intent` tells the page to show the preview).
fn preview_only(form: &PostForm) -> AppError {
    invalid(kept(form).keep("intent", PREVIEW_INTENT))
}

/// Tags as typed ("Cloud, career advice") to tag words, sorted, without repeats.
pub fn parse_tags(input: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = input
        .split(',')
        .map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("-"))
        .map(|tag| tag.to_lowercase())
        .filter(|tag| !tag.is_empty())
        .collect();
    if let Some(bad) = tags.iter().find(|tag| !is_tag(tag)) {
        return Err(format!(
            "“{bad}” is not a tag: use letters, digits and hyphens, up to 40 characters."
        ));
    }
    tags.sort();
    tags.dedup();
    if tags.len() > MAX_TAGS {
        return Err(format!("Give at most {MAX_TAGS} tags."));
    }
    Ok(tags)
}

/// A cover picture lives on this site (`/…`) or at an https address.
fn parse_cover_url(input: &str) -> Result<String, String> {
    let url = optional(input, 500)?;
    let allowed = url.is_empty()
        || (url.starts_with('/') && !url.starts_with("//"))
        || url.starts_with("https://");
    if allowed && !url.chars().any(|c| c.is_whitespace() || c == '"') {
        Ok(url)
    } else {
        Err("Use an address on this site (/images/…) or one starting with https://.".into())
    }
}

fn parse_author(input: &str) -> Result<PostAuthor, String> {
    let (kind, id) = input.split_once(':').unwrap_or(("", ""));
    match (kind, id.parse::<i64>()) {
        ("trainer", Ok(id)) => Ok(PostAuthor::Trainer(id)),
        ("admin", Ok(id)) => Ok(PostAuthor::Admin(id)),
        _ => Err("Choose who wrote it.".into()),
    }
}

/// `YYYY-MM-DDTHH:MM` (a datetime-local input) in the site's time zone.
pub fn parse_publish_at(input: &str, zone: Tz) -> Result<Option<DateTime<Utc>>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .map_err(|_| "Enter a date and time, e.g. 2026-12-24T09:00.".to_owned())?;
    zone.from_local_datetime(&local)
        .earliest()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or_else(|| "That time does not exist in the site's time zone.".to_owned())
}

/// When a post with this status is shown, given what was typed and what was saved.
fn publish_time(
    status: PostStatus,
    typed: Option<DateTime<Utc>>,
    saved: Option<&SavedPostRow>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, String> {
    let saved_time = saved.and_then(|post| post.published_at);
    match status {
        PostStatus::Draft => Ok(typed.or(saved_time)),
        PostStatus::Scheduled => match typed {
            Some(at) if at > now => Ok(Some(at)),
            Some(_) => Err("A scheduled post needs a time in the future; choose Published to show it now.".into()),
            None => Err("Enter when it should appear.".into()),
        },
        PostStatus::Published => match typed {
            Some(at) if at > now => {
                Err("That time is still to come: choose Scheduled, or leave the time empty to publish now.".into())
            }
            Some(at) => Ok(Some(at)),
            // Publishing again keeps the date readers saw; a first publication is now.
            None => Ok(saved
                .filter(|post| post.is_shown(now))
                .and(saved_time)
                .or(Some(now))),
        },
    }
}

/// Checks every field, collecting all the mistakes at once.
fn post_fields(
    form: &PostForm,
    saved: Option<&SavedPostRow>,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<PostFields, FormErrors> {
    let mut errors = kept(form);
    let mut check = |field: &str, result: Result<String, String>| {
        result
            .map_err(|message| errors.add(field, message))
            .unwrap_or_default()
    };
    let title = check("title", required(&form.title, 200, "a title"));
    let slug_input = if form.slug.trim().is_empty() {
        slug_from(&title)
    } else {
        form.slug.clone()
    };
    let slug = check("slug", parse_slug(&slug_input));
    let summary = check(
        "summary",
        required(&form.summary, 400, "a one or two sentence summary"),
    );
    let body = check("body", required(&form.body, MAX_BODY_CHARS, "the text"));
    let cover_url = check("cover_url", parse_cover_url(&form.cover_url));
    let cover_alt = check("cover_alt", optional(&form.cover_alt, 300));
    if !cover_url.is_empty() && cover_alt.is_empty() {
        errors.add(
            "cover_alt",
            "Describe the picture for readers who cannot see it.",
        );
    }
    let author = parse_author(&form.author)
        .map_err(|message| errors.add("author", message))
        .unwrap_or(PostAuthor::Nobody);
    let tags = parse_tags(&form.tags)
        .map_err(|message| errors.add("tags", message))
        .unwrap_or_default();
    let status = PostStatus::from_column(&form.status);
    if status.is_none() {
        errors.add("status", "Choose draft, scheduled or published.");
    }
    let typed_time = parse_publish_at(&form.publish_at, zone)
        .map_err(|message| errors.add("publish_at", message))
        .unwrap_or(None);
    let published_at = match status {
        Some(status) if !errors.fields.contains_key("publish_at") => {
            publish_time(status, typed_time, saved, now)
                .map_err(|message| errors.add("publish_at", message))
                .unwrap_or(None)
        }
        _ => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PostFields {
        body_html: to_safe_html(&body),
        reading_minutes: reading_minutes(&body),
        slug,
        title,
        summary,
        body_markdown: body,
        cover_url,
        cover_alt,
        author,
        status: status.unwrap_or(PostStatus::Draft),
        published_at,
        tags,
    })
}

/// What the audit log keeps of a post: every field an admin sets (the body as
/// written, not the HTML made from it).
fn audit_view(fields: &PostFields) -> serde_json::Value {
    let (author_kind, author_id) = match fields.author {
        PostAuthor::Trainer(id) => ("trainer", Some(id)),
        PostAuthor::Admin(id) => ("admin", Some(id)),
        PostAuthor::Nobody => ("nobody", None),
    };
    serde_json::json!({
        "slug": fields.slug,
        "title": fields.title,
        "summary": fields.summary,
        "body_markdown": fields.body_markdown,
        "cover_url": fields.cover_url,
        "cover_alt": fields.cover_alt,
        "author": { "kind": author_kind, "id": author_id },
        "status": fields.status.as_str(),
        "published_at": fields.published_at.map(|at| at.to_rfc3339()),
        "tags": fields.tags,
    })
}

fn saved_fields(post: &SavedPostRow, tags: Vec<String>) -> PostFields {
    PostFields {
        slug: post.slug.clone(),
        title: post.title.clone(),
        summary: post.summary.clone(),
        body_markdown: post.body_markdown.clone(),
        body_html: String::new(),
        cover_url: post.cover_url.clone(),
        cover_alt: post.cover_alt.clone(),
        author: post.author(),
        status: post.status,
        published_at: post.published_at,
        reading_minutes: 0,
        tags,
    }
}

/// Whether the author still exists: a trainer, or an admin who is not disabled.
async fn author_exists(state: &AppState, author: PostAuthor) -> Result<bool, AppError> {
    Ok(store::possible_authors(&state.db).await?.iter().any(|row| {
        matches!(
            (author, row.kind.as_str()),
            (PostAuthor::Trainer(id), "trainer") | (PostAuthor::Admin(id), "admin") if id == row.id
        )
    }))
}

/// Creates (`form.id` 0) or updates a post; "Preview" (`intent`) saves nothing.
pub async fn save_post(form: PostForm, intent: Option<&str>) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    if intent == Some(PREVIEW_INTENT) {
        preview(&form.body)?;
        return Err(preview_only(&form));
    }
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let saved = match form.id {
        0 => None,
        id => Some(
            store::saved_post(&state.db, id)
                .await?
                .ok_or_else(|| AppError::NotFound.into_response_error())?,
        ),
    };
    let fields = post_fields(&form, saved.as_ref(), zone, now).map_err(invalid)?;
    if !author_exists(&state, fields.author).await? {
        let mut errors = kept(&form);
        errors.add("author", "Choose who wrote it.");
        return Err(invalid(errors));
    }

    let mut tx = state.db.begin().await?;
    let (shown_before, tags_before) = match &saved {
        Some(post) => (
            shown_place(&mut tx, post.id, now).await?,
            store::tags_of_post(&mut tx, post.id).await?,
        ),
        None => (None, Vec::new()),
    };
    let written = match &saved {
        None => store::insert_post(&mut tx, &fields, now).await,
        Some(post) => store::update_post(&mut tx, post.id, &post.slug, &fields, now)
            .await
            .map(|()| post.id),
    };
    let id = match written {
        Ok(id) => id,
        Err(PostWriteError::SlugTaken) => {
            let mut errors = kept(&form);
            errors.add("slug", "Another post already uses this slug.");
            return Err(invalid(errors));
        }
        Err(PostWriteError::Database(error)) => return Err(error.into()),
    };
    let after = audit_view(&fields);
    let entry = AuditEntry::new(
        if saved.is_some() {
            "post.updated"
        } else {
            "post.created"
        },
        Actor::from(&admin),
    )
    .target("post", id)
    .from_ip(client_ip().await);
    let entry = match &saved {
        // An edit records every field it changed, with its old and new value.
        Some(post) => {
            let before = audit_view(&saved_fields(post, tags_before));
            let (was, now) = audit::changed_fields(&before, &after);
            entry.before(was).after(now)
        }
        None => entry.after(after),
    };
    audit::record(&mut tx, &entry, now).await?;
    finish(&state, tx, id, shown_before, now).await?;
    Ok(id)
}

/// Takes a post off the site; it stays as a draft with its publish time.
pub async fn unpublish_post(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let post = store::saved_post_in(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let shown_before = shown_place(&mut tx, id, now).await?;
    store::set_status(&mut tx, id, PostStatus::Draft, now).await?;
    let entry = AuditEntry::new("post.unpublished", Actor::from(&admin))
        .target("post", id)
        .before(serde_json::json!({ "status": post.status.as_str() }))
        .after(serde_json::json!({ "status": PostStatus::Draft.as_str() }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    finish(&state, tx, id, shown_before, now).await
}

pub async fn delete_post(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let post = store::saved_post_in(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let tags = store::tags_of_post(&mut tx, id).await?;
    let shown_before = shown_place(&mut tx, id, now).await?;
    store::delete_post(&mut tx, id).await?;
    let entry = AuditEntry::new("post.deleted", Actor::from(&admin))
        .target("post", id)
        .before(audit_view(&saved_fields(&post, tags)))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    finish(&state, tx, id, shown_before, now).await
}

/// Works out what visitors see differently, commits, then drops exactly that
/// from the caches before the admin gets an answer.
async fn finish(
    state: &AppState,
    mut tx: Transaction,
    id: i64,
    shown_before: Option<crate::blog::changes::ShownPlace>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let shown_after = shown_place(&mut tx, id, now).await?;
    tx.commit().await?;
    let change = post_change(shown_before.as_ref(), shown_after.as_ref());
    if change != Default::default() {
        state.caches.invalidate(&Change::Post(change));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_as_typed_and_tidied() {
        assert_eq!(
            parse_tags("Cloud, career advice,cloud, ").unwrap(),
            vec!["career-advice".to_owned(), "cloud".to_owned()]
        );
        assert_eq!(parse_tags("").unwrap(), Vec::<String>::new());
        assert!(parse_tags("c++").is_err());
        assert!(parse_tags("a,b,c,d,e,f,g,h,i").is_err());
    }

    #[test]
    fn a_cover_lives_here_or_at_an_https_address() {
        assert!(parse_cover_url("/images/cover.svg").is_ok());
        assert!(parse_cover_url("https://cdn.example/c.png").is_ok());
        assert!(parse_cover_url("").is_ok());
        assert!(parse_cover_url("javascript:alert(1)").is_err());
        assert!(parse_cover_url("//evil.example/x.png").is_err());
        assert!(parse_cover_url("http://plain.example/x.png").is_err());
    }

    #[test]
    fn a_publish_time_is_read_in_the_sites_zone() {
        let zone: Tz = "Asia/Manila".parse().unwrap();
        let at = parse_publish_at("2026-12-24T09:00", zone).unwrap().unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-24T01:00:00+00:00");
        assert_eq!(parse_publish_at(" ", zone).unwrap(), None);
        assert!(parse_publish_at("24/12/2026", zone).is_err());
    }

    #[test]
    fn scheduling_needs_a_future_time_and_publishing_a_past_one() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 0, 0, 0).unwrap();
        let later = now + chrono::Duration::days(1);
        let earlier = now - chrono::Duration::days(1);
        assert_eq!(
            publish_time(PostStatus::Scheduled, Some(later), None, now),
            Ok(Some(later))
        );
        assert!(publish_time(PostStatus::Scheduled, Some(earlier), None, now).is_err());
        assert!(publish_time(PostStatus::Scheduled, None, None, now).is_err());
        assert_eq!(
            publish_time(PostStatus::Published, None, None, now),
            Ok(Some(now))
        );
        assert_eq!(
            publish_time(PostStatus::Published, Some(earlier), None, now),
            Ok(Some(earlier))
        );
        assert!(publish_time(PostStatus::Published, Some(later), None, now).is_err());
        assert_eq!(publish_time(PostStatus::Draft, None, None, now), Ok(None));
    }
}
