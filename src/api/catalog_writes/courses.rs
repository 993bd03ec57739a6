//! `POST /courses`, `PATCH /courses/{slug}` and `DELETE /courses/{slug}`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{editor, problem, texts_as_described};
use crate::api::auth::TokenCaller;
use crate::api::body::JsonBody;
use crate::api::etag::{check_if_match, created_at, entity_tag_of, tagged};
use crate::api::problem::{InvalidInput, Problem};
use crate::api::scopes::Scope;
use crate::api::text::Text;
use crate::catalog::fields::{parse_code, parse_slug};
use crate::catalog::queries::{self, CourseFields, CourseRow};
use crate::catalog_editing::courses::{self, fields_of};
use crate::catalog_editing::Refused;
use crate::site::absolute_url;
use crate::state::AppState;

/// A course as the catalog's editors see it: every field, published or not.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 3, "slug": "aws-security-specialty", "code": "AWS-SCS",
    "title": "AWS Certified Security – Specialty",
    "summary": "Secure workloads on AWS and prepare for the SCS-C02 exam.",
    "description": "Three days of **hands-on** labs.", "outline": "1. Identity\n2. Detection",
    "prerequisites": "", "duration_hours": 24, "level": "advanced",
    "price_centavos": 1850000, "currency": "PHP", "category_id": 1,
    "certification_name": "AWS Certified Security – Specialty",
    "certification_vendor": "Amazon Web Services", "published": true, "featured": false,
    "updated_at": "2026-12-01T03:00:00Z",
    "url": "https://kurso.example/courses/aws-security-specialty"
}))]
pub struct CourseRecord {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub description: String,
    /// Markdown.
    pub outline: String,
    /// Markdown.
    pub prerequisites: String,
    pub duration_hours: i64,
    /// `beginner`, `intermediate` or `advanced`.
    pub level: String,
    pub price_centavos: i64,
    pub currency: String,
    pub category_id: Option<i64>,
    pub certification_name: String,
    pub certification_vendor: String,
    /// Shown in the catalog.
    pub published: bool,
    /// Shown on the home page.
    pub featured: bool,
    pub updated_at: DateTime<Utc>,
    /// Its public page (a draft's answers 404 until it is published).
    pub url: String,
}

impl CourseRecord {
    fn of(row: CourseRow, state: &AppState) -> Self {
        CourseRecord {
            id: row.id,
            url: absolute_url(
                &state.settings.site.public_url,
                &format!("/courses/{}", row.slug),
            ),
            slug: row.slug,
            code: row.code,
            title: row.title,
            summary: row.summary,
            description: row.description,
            outline: row.outline,
            prerequisites: row.prerequisites,
            duration_hours: row.duration_hours,
            level: row.level,
            price_centavos: row.price_centavos,
            currency: row.currency,
            category_id: row.category_id,
            certification_name: row.certification_name,
            certification_vendor: row.certification_vendor,
            published: row.is_published,
            featured: row.is_featured,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "AWS Certified Security – Specialty", "slug": "aws-security-specialty",
    "code": "AWS-SCS", "summary": "Secure workloads on AWS and prepare for the SCS-C02 exam.",
    "duration_hours": 24, "level": "advanced", "price_centavos": 1850000, "category_id": 1,
    "published": true
}))]
pub struct NewCourse {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub title: String,
    /// Lower-case letters, digits and single hyphens: the course's address.
    #[schema(min_length = 3, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    /// Capital letters, digits and hyphens.
    #[schema(min_length = 2, max_length = 20, pattern = "^[A-Z0-9-]+$")]
    pub code: String,
    /// One sentence, shown on cards and in search results.
    #[schema(
        min_length = 1,
        max_length = 400,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    #[schema(
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub description: String,
    /// Markdown.
    #[serde(default)]
    #[schema(
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub outline: String,
    /// Markdown.
    #[serde(default)]
    #[schema(
        max_length = 5000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub prerequisites: String,
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    #[schema(minimum = 1, maximum = 500)]
    pub duration_hours: i64,
    #[schema(value_type = super::CourseLevel)]
    pub level: String,
    /// In Philippine pesos' centavos (₱18,500.00 is 1850000).
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub price_centavos: i64,
    /// A category's id (`GET /categories`).
    #[serde(deserialize_with = "crate::api::body::whole_number")]
    pub category_id: i64,
    #[serde(default)]
    #[schema(
        max_length = 200,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub certification_name: String,
    #[serde(default)]
    #[schema(
        max_length = 200,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub certification_vendor: String,
    /// Shown in the catalog; `false` keeps it a draft.
    #[serde(default)]
    pub published: bool,
    /// Shown on the home page.
    #[serde(default)]
    pub featured: bool,
}

/// The fields to change; those left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"price_centavos": 1950000, "published": true}))]
pub struct CourseChange {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub title: Option<String>,
    #[schema(min_length = 3, max_length = 80, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(min_length = 2, max_length = 20, pattern = "^[A-Z0-9-]+$")]
    pub code: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 400,
        pattern = "^[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$"
    )]
    pub summary: Option<String>,
    #[schema(
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub description: Option<String>,
    #[schema(
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub outline: Option<String>,
    #[schema(
        max_length = 5000,
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    )]
    pub prerequisites: Option<String>,
    #[serde(default, deserialize_with = "crate::api::body::whole_number_if_sent")]
    #[schema(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub duration_hours: Option<i64>,
    #[schema(value_type = Option<super::CourseLevel>)]
    pub level: Option<String>,
    #[serde(default, deserialize_with = "crate::api::body::whole_number_if_sent")]
    #[schema(value_type = i64, required = false, minimum = 0, maximum = 1000000000)]
    pub price_centavos: Option<i64>,
    #[serde(default, deserialize_with = "crate::api::body::whole_number_if_sent")]
    #[schema(value_type = i64, required = false)]
    pub category_id: Option<i64>,
    #[schema(
        max_length = 200,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub certification_name: Option<String>,
    #[schema(
        max_length = 200,
        pattern = "^([^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?)?$"
    )]
    pub certification_vendor: Option<String>,
    pub published: Option<bool>,
    pub featured: Option<bool>,
}

/// The text fields as their schemas describe them: the same lines as the
/// dashboard's form takes, without its trimming, and a slug and code sent
/// as they are stored.
#[allow(clippy::too_many_arguments)]
fn as_described(
    title: Option<&str>,
    slug: Option<&str>,
    code: Option<&str>,
    summary: Option<&str>,
    description: Option<&str>,
    outline: Option<&str>,
    prerequisites: Option<&str>,
    certification: [Option<&str>; 2],
) -> Result<(), Problem> {
    texts_as_described(&[
        ("title", title, Text::Line, courses::TITLE_MAX),
        ("summary", summary, Text::Line, courses::SUMMARY_MAX),
        (
            "description",
            description,
            Text::Lines,
            courses::DESCRIPTION_MAX,
        ),
        ("outline", outline, Text::Lines, courses::OUTLINE_MAX),
        (
            "prerequisites",
            prerequisites,
            Text::Lines,
            courses::PREREQUISITES_MAX,
        ),
        (
            "certification_name",
            certification[0],
            Text::Line,
            courses::CERTIFICATION_MAX,
        ),
        (
            "certification_vendor",
            certification[1],
            Text::Line,
            courses::CERTIFICATION_MAX,
        ),
    ])?;
    let exact = |field: &str, value: Option<&str>, parse: fn(&str) -> Result<String, String>| {
        let value = value?;
        let detail = match parse(value) {
            Ok(stored) if stored == value => return None,
            Ok(stored) => format!("Send it as it is stored: {stored}."),
            Err(message) => message,
        };
        Some(InvalidInput {
            parameter: None,
            pointer: Some(format!("/{field}")),
            detail,
        })
    };
    let problems: Vec<InvalidInput> = [
        exact("slug", slug, parse_slug),
        exact("code", code, parse_code),
    ]
    .into_iter()
    .flatten()
    .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid_fields(problems))
    }
}

fn unchanged_since(headers: &HeaderMap, state: &AppState, row: &CourseRow) -> Result<(), Refused> {
    check_if_match(
        headers,
        &entity_tag_of(&CourseRecord::of(row.clone(), state)),
    )
    .map_err(|problem| Refused::PreconditionFailed(problem.detail))
}

/// The course at `slug`, draft or not; its id.
async fn course_at(state: &AppState, slug: &str) -> Result<i64, Problem> {
    queries::course_by_slug(&state.db, slug)
        .await?
        .map(|course| course.id)
        .ok_or_else(|| problem(Refused::NotFound, "course"))
}

/// Adds a course, a draft unless `published`. Send an `Idempotency-Key` to
/// make a retry safe.
#[utoipa::path(
    post,
    path = "/courses",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "A key of your choosing (a UUID) that makes a retry safe: the same key with the same request gets the first answer again for 24 hours."),
    ),
    request_body = NewCourse,
    responses(
        (status = 201, description = "The new course, with its address in `Location` and an `ETag`.", body = CourseRecord),
        (status = 400, description = "The body is not JSON, or the Idempotency-Key is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another course has the slug or code, no category has `category_id`, or a request with this key is still running.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or not valid, or the key was used for another request.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_course(
    State(state): State<AppState>,
    caller: TokenCaller,
    JsonBody(new): JsonBody<NewCourse>,
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogWrite)?;
    as_described(
        Some(&new.title),
        Some(&new.slug),
        Some(&new.code),
        Some(&new.summary),
        Some(&new.description),
        Some(&new.outline),
        Some(&new.prerequisites),
        [
            Some(&new.certification_name),
            Some(&new.certification_vendor),
        ],
    )?;
    let fields = CourseFields {
        slug: new.slug,
        code: new.code,
        title: new.title,
        summary: new.summary,
        description: new.description,
        outline: new.outline,
        prerequisites: new.prerequisites,
        duration_hours: new.duration_hours,
        level: new.level,
        price_centavos: new.price_centavos,
        currency: "PHP".to_owned(),
        certification_name: new.certification_name,
        certification_vendor: new.certification_vendor,
        category_id: Some(new.category_id),
        is_published: new.published,
        is_featured: new.featured,
    };
    let row = courses::save(&state, &editor(&caller), None, |_| Ok(fields))
        .await
        .map_err(|refused| problem(refused, "course"))?;
    let location = format!("/api/v1/courses/{}", row.slug);
    Ok(created_at(&location, &CourseRecord::of(row, &state)))
}

/// Changes the fields sent. Send the `ETag` of the last answer about the
/// course (from `POST` or `PATCH`) in `If-Match` so that a change made
/// meanwhile is not overwritten.
#[utoipa::path(
    patch,
    path = "/courses/{slug}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("slug" = String, Path, description = "The course's slug, draft or not."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: 412 when the course changed since."),
    ),
    request_body = CourseChange,
    responses(
        (status = 200, description = "The course, changed, with its new `ETag`.", body = CourseRecord),
        (status = 400, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No course has that slug.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another course has the slug or code, or no category has `category_id`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the course no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_course(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(slug): Path<String>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<CourseChange>,
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogWrite)?;
    as_described(
        change.title.as_deref(),
        change.slug.as_deref(),
        change.code.as_deref(),
        change.summary.as_deref(),
        change.description.as_deref(),
        change.outline.as_deref(),
        change.prerequisites.as_deref(),
        [
            change.certification_name.as_deref(),
            change.certification_vendor.as_deref(),
        ],
    )?;
    let id = course_at(&state, &slug).await?;
    let edit = |row: Option<&CourseRow>| {
        // Renamed meanwhile: this address names no course any more.
        let row = row
            .filter(|row| row.slug == slug)
            .ok_or(Refused::NotFound)?;
        unchanged_since(&headers, &state, row)?;
        let was = fields_of(row);
        Ok(CourseFields {
            slug: change.slug.unwrap_or(was.slug),
            code: change.code.unwrap_or(was.code),
            title: change.title.unwrap_or(was.title),
            summary: change.summary.unwrap_or(was.summary),
            description: change.description.unwrap_or(was.description),
            outline: change.outline.unwrap_or(was.outline),
            prerequisites: change.prerequisites.unwrap_or(was.prerequisites),
            duration_hours: change.duration_hours.unwrap_or(was.duration_hours),
            level: change.level.unwrap_or(was.level),
            price_centavos: change.price_centavos.unwrap_or(was.price_centavos),
            currency: was.currency,
            certification_name: change.certification_name.unwrap_or(was.certification_name),
            certification_vendor: change
                .certification_vendor
                .unwrap_or(was.certification_vendor),
            category_id: change.category_id.or(was.category_id),
            is_published: change.published.unwrap_or(was.is_published),
            is_featured: change.featured.unwrap_or(was.is_featured),
        })
    };
    let row = courses::save(&state, &editor(&caller), Some(id), edit)
        .await
        .map_err(|refused| problem(refused, "course"))?;
    Ok(tagged(StatusCode::OK, &CourseRecord::of(row, &state)))
}

/// Deletes a course that has no runs (unpublish one to hide it instead).
#[utoipa::path(
    delete,
    path = "/courses/{slug}",
    tag = "Catalog admin",
    security(("token" = ["catalog:write"])),
    params(
        ("slug" = String, Path, description = "The course's slug, draft or not."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion is based on: 412 when the course changed since."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "No token, or one that does not work.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No course has that slug.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The course has runs.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an `ETag` the course no longer has.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_course(
    State(state): State<AppState>,
    caller: TokenCaller,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    caller.require(Scope::CatalogWrite)?;
    let id = course_at(&state, &slug).await?;
    courses::delete(&state, &editor(&caller), id, |row| {
        if row.slug != slug {
            return Err(Refused::NotFound);
        }
        unchanged_since(&headers, &state, row)
    })
    .await
    .map_err(|refused| problem(refused, "course"))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
