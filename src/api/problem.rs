//! The API's errors as RFC 9457 problem details: one stable `type` per kind of
//! error (a link to its description on `/api/docs`), the status, and for bad
//! input the parameter or field at fault.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::errors::AppError;

/// Every kind of error the API answers with; each keeps its `type` for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    InvalidParameters,
    Unauthorized,
    InvalidToken,
    MissingScope,
    AddressNotAllowed,
    OwnerOnly,
    NotFound,
    NoSuchRoute,
    MethodNotAllowed,
    UnsupportedMediaType,
    MalformedBody,
    BodyTooLarge,
    InvalidFields,
    RunFull,
    AlreadyEnrolled,
    RunNotOpen,
    PastCutoff,
    ChangeNotAllowed,
    AlreadyExists,
    InUse,
    NotAssignable,
    UnknownReference,
    DoesNotFit,
    PreconditionFailed,
    InvalidIdempotencyKey,
    IdempotencyKeyReused,
    IdempotencyKeyInProgress,
    RateLimited,
    Unavailable,
    Internal,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 30] = [
        ProblemKind::InvalidParameters,
        ProblemKind::Unauthorized,
        ProblemKind::InvalidToken,
        ProblemKind::MissingScope,
        ProblemKind::AddressNotAllowed,
        ProblemKind::OwnerOnly,
        ProblemKind::NotFound,
        ProblemKind::NoSuchRoute,
        ProblemKind::MethodNotAllowed,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::MalformedBody,
        ProblemKind::BodyTooLarge,
        ProblemKind::InvalidFields,
        ProblemKind::RunFull,
        ProblemKind::AlreadyEnrolled,
        ProblemKind::RunNotOpen,
        ProblemKind::PastCutoff,
        ProblemKind::ChangeNotAllowed,
        ProblemKind::AlreadyExists,
        ProblemKind::InUse,
        ProblemKind::NotAssignable,
        ProblemKind::UnknownReference,
        ProblemKind::DoesNotFit,
        ProblemKind::PreconditionFailed,
        ProblemKind::InvalidIdempotencyKey,
        ProblemKind::IdempotencyKeyReused,
        ProblemKind::IdempotencyKeyInProgress,
        ProblemKind::RateLimited,
        ProblemKind::Unavailable,
        ProblemKind::Internal,
    ];

    /// The last part of the `type`, and the anchor on `/api/docs`.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::InvalidParameters => "invalid-parameters",
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::InvalidToken => "invalid-token",
            ProblemKind::MissingScope => "missing-scope",
            ProblemKind::AddressNotAllowed => "address-not-allowed",
            ProblemKind::OwnerOnly => "owner-only",
            ProblemKind::NotFound => "not-found",
            ProblemKind::NoSuchRoute => "no-such-route",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::MalformedBody => "malformed-body",
            ProblemKind::BodyTooLarge => "body-too-large",
            ProblemKind::InvalidFields => "invalid-fields",
            ProblemKind::RunFull => "run-full",
            ProblemKind::AlreadyEnrolled => "already-enrolled",
            ProblemKind::RunNotOpen => "run-not-open",
            ProblemKind::PastCutoff => "past-cutoff",
            ProblemKind::ChangeNotAllowed => "change-not-allowed",
            ProblemKind::AlreadyExists => "already-exists",
            ProblemKind::InUse => "in-use",
            ProblemKind::NotAssignable => "not-assignable",
            ProblemKind::UnknownReference => "unknown-reference",
            ProblemKind::DoesNotFit => "does-not-fit",
            ProblemKind::PreconditionFailed => "precondition-failed",
            ProblemKind::InvalidIdempotencyKey => "invalid-idempotency-key",
            ProblemKind::IdempotencyKeyReused => "idempotency-key-reused",
            ProblemKind::IdempotencyKeyInProgress => "idempotency-key-in-progress",
            ProblemKind::RateLimited => "rate-limited",
            ProblemKind::Unavailable => "unavailable",
            ProblemKind::Internal => "internal",
        }
    }

    pub fn type_uri(self) -> String {
        format!("/api/docs#problem-{}", self.slug())
    }

    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::InvalidParameters => "The request's parameters are not valid",
            ProblemKind::Unauthorized => "This route needs an API token",
            ProblemKind::InvalidToken => "The API token does not work",
            ProblemKind::MissingScope => "The API token lacks a scope this route needs",
            ProblemKind::AddressNotAllowed => "The API token may not be used from this address",
            ProblemKind::OwnerOnly => "A learner's token acts for its owner only",
            ProblemKind::NotFound => "There is no such resource",
            ProblemKind::NoSuchRoute => "There is no such route in this API",
            ProblemKind::MethodNotAllowed => "This route does not take that method",
            ProblemKind::UnsupportedMediaType => "The request body must be JSON",
            ProblemKind::MalformedBody => "The request body is not valid JSON",
            ProblemKind::BodyTooLarge => "The request body is too large",
            ProblemKind::InvalidFields => "Some fields of the request are not valid",
            ProblemKind::RunFull => "The run has no free seat",
            ProblemKind::AlreadyEnrolled => "The learner already has a place in this run",
            ProblemKind::RunNotOpen => "The run is not open for enrollment",
            ProblemKind::PastCutoff => "It is too close to the run's start for this change",
            ProblemKind::ChangeNotAllowed => "The place cannot be changed this way",
            ProblemKind::AlreadyExists => "Another one already has this value",
            ProblemKind::InUse => "Still in use, so it cannot be deleted",
            ProblemKind::NotAssignable => "That user cannot be given this",
            ProblemKind::UnknownReference => "A field names a record that does not exist",
            ProblemKind::DoesNotFit => "The change does not fit the record as it is stored",
            ProblemKind::PreconditionFailed => "The resource changed since it was read",
            ProblemKind::InvalidIdempotencyKey => "The Idempotency-Key header is not valid",
            ProblemKind::IdempotencyKeyReused => "The Idempotency-Key was used for another request",
            ProblemKind::IdempotencyKeyInProgress => {
                "A request with this Idempotency-Key is still running"
            }
            ProblemKind::RateLimited => "The token sent too many requests",
            ProblemKind::Unavailable => "Kurso is briefly unavailable",
            ProblemKind::Internal => "Something went wrong on our side",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::InvalidParameters => StatusCode::BAD_REQUEST,
            ProblemKind::Unauthorized | ProblemKind::InvalidToken => StatusCode::UNAUTHORIZED,
            ProblemKind::MissingScope | ProblemKind::AddressNotAllowed | ProblemKind::OwnerOnly => {
                StatusCode::FORBIDDEN
            }
            ProblemKind::NotFound | ProblemKind::NoSuchRoute => StatusCode::NOT_FOUND,
            ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::MalformedBody | ProblemKind::InvalidIdempotencyKey => {
                StatusCode::BAD_REQUEST
            }
            ProblemKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::InvalidFields | ProblemKind::IdempotencyKeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ProblemKind::RunFull
            | ProblemKind::AlreadyEnrolled
            | ProblemKind::RunNotOpen
            | ProblemKind::PastCutoff
            | ProblemKind::ChangeNotAllowed
            | ProblemKind::AlreadyExists
            | ProblemKind::InUse
            | ProblemKind::NotAssignable
            | ProblemKind::UnknownReference
            | ProblemKind::DoesNotFit
            | ProblemKind::IdempotencyKeyInProgress => StatusCode::CONFLICT,
            ProblemKind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ProblemKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ProblemKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// When a client meets it and what to do, for the reference page.
    pub fn explanation(self) -> &'static str {
        match self {
            ProblemKind::InvalidParameters => {
                "A query parameter is unknown, repeated, or has a value the route does not take. \
                 `errors` names each parameter with what is wrong; fix those and send again."
            }
            ProblemKind::Unauthorized => {
                "The request had no `Authorization` header. An admin makes tokens at \
                 /admin/api-tokens; send one as `Authorization: Bearer kurso_…`."
            }
            ProblemKind::InvalidToken => {
                "The token is unknown, revoked or expired, or its account is disabled; `detail` \
                 says which. Ask an admin for a new one."
            }
            ProblemKind::MissingScope => {
                "The token works but was not given the scope named in `detail`. Scopes are chosen \
                 when a token is made; make one with the scope."
            }
            ProblemKind::AddressNotAllowed => {
                "The token was made to work only from certain networks, and this request came \
                 from an address outside them (`detail` names it). Send it from the integration's \
                 own network, or ask an admin for a token allowed from this one."
            }
            ProblemKind::OwnerOnly => {
                "A learner's personal token enrolls, cancels and moves its owner's own places \
                 only, and cannot mark attendance; an admin's token can act for anyone."
            }
            ProblemKind::NotFound => {
                "Nothing this token may see answers to that slug or id. It may have been \
                 unpublished or deleted, never existed, or (for a learner's token) be someone \
                 else's place."
            }
            ProblemKind::NoSuchRoute => {
                "The path is not one of the routes listed here; check the spelling and the `/api/v1` prefix."
            }
            ProblemKind::MethodNotAllowed => {
                "The route exists but not with this HTTP method; the `Allow` header lists the ones it takes."
            }
            ProblemKind::UnsupportedMediaType => {
                "Writes take a JSON body: send `Content-Type: application/json`."
            }
            ProblemKind::MalformedBody => {
                "The body could not be read as JSON; `detail` says where it broke off."
            }
            ProblemKind::BodyTooLarge => "A request body may be at most 64 KiB.",
            ProblemKind::InvalidFields => {
                "The JSON was read, but fields are missing, unknown or have values the route does \
                 not take. `errors` names each with a JSON pointer (`/email`) and what is wrong."
            }
            ProblemKind::RunFull => {
                "Every seat of the run is taken. Send `\"waitlist\": true` to join its waitlist \
                 instead, or choose another run of the course."
            }
            ProblemKind::AlreadyEnrolled => {
                "The learner already holds a seat, an offer or a waitlist place in this run; \
                 nothing was changed."
            }
            ProblemKind::RunNotOpen => {
                "The run has started, finished or been cancelled, or its course is not published."
            }
            ProblemKind::PastCutoff => {
                "A learner's own token cannot cancel or move a seat this close to the start; \
                 an admin can."
            }
            ProblemKind::ChangeNotAllowed => {
                "The place is not in a state that allows the change (only a confirmed seat can \
                 move or be marked attended, a move stays within one course, attendance waits \
                 for the start); `detail` says which."
            }
            ProblemKind::AlreadyExists => {
                "A name or slug must be unique among its kind (two categories cannot share a \
                 slug); `errors` points at the field. Choose another value, or change the one \
                 that has it."
            }
            ProblemKind::InUse => {
                "Something still depends on it (`detail` says what and how many): courses filed \
                 under a category, runs at a venue or with a trainer, a course's runs, places on \
                 a run. Move or delete those first; a run with places can be cancelled instead \
                 (`\"status\": \"cancelled\"`)."
            }
            ProblemKind::NotAssignable => {
                "An enquiry is given to an active admin only; the user id in `assignee_id` is \
                 not one (a learner, a disabled account, or no account). `GET /users?role=admin` \
                 lists the admins."
            }
            ProblemKind::UnknownReference => {
                "The id in the field `errors` points at (`category_id`, `course_id`, `venue_id`, \
                 `trainer_id`) is not one of a record that exists now. `GET` the collection for \
                 the ids there are."
            }
            ProblemKind::DoesNotFit => {
                "A PATCH changes the fields it sends and keeps the others, and together they must \
                 still agree: a run ends after it starts, an online run has no venue and an \
                 in-person one has one, the minimum is at most the capacity, and the capacity \
                 holds the seats learners already have. `errors` points at the field and says \
                 why; send the fields it depends on with it."
            }
            ProblemKind::PreconditionFailed => {
                "`If-Match` named an `ETag` the resource no longer has: someone changed it since \
                 you read it. Read it again, then decide."
            }
            ProblemKind::InvalidIdempotencyKey => {
                "An `Idempotency-Key` is 1 to 255 visible ASCII characters; a UUID is a good choice."
            }
            ProblemKind::IdempotencyKeyReused => {
                "This token already sent a different request (method, path or body) with this \
                 key in the last 24 hours. Use a new key for a new request."
            }
            ProblemKind::IdempotencyKeyInProgress => {
                "The first request with this key has not finished yet. Retry after the seconds \
                 in `Retry-After` to get its answer."
            }
            ProblemKind::RateLimited => {
                "Each token may send a number of requests a minute (in `RateLimit-Limit` on \
                 every answer; `RateLimit-Remaining` says what is left, `RateLimit-Reset` when \
                 it is full again). Wait the seconds in `Retry-After`, then send again."
            }
            ProblemKind::Unavailable => {
                "The database is out of reach for a moment. Send the same request again after \
                 the seconds in `Retry-After`."
            }
            ProblemKind::Internal => {
                "An error on Kurso's side, logged with the request id in `x-request-id`. \
                 Sending the same request later is safe for every route here."
            }
        }
    }
}

/// An RFC 9457 problem, as the API sends it (`application/problem+json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/api/docs#problem-invalid-parameters",
    "title": "The request's parameters are not valid",
    "status": 400,
    "detail": "1 parameter is not valid.",
    "errors": [{"parameter": "limit", "detail": "must be a whole number from 1 to 200"}]
}))]
pub struct Problem {
    /// Which error this is; the fields below are written from it.
    #[serde(skip)]
    pub kind: ProblemKind,
    /// Stable for each kind of error; see the list on `/api/docs`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// What happened in this case, for people.
    pub detail: String,
    /// For invalid input: one entry per parameter or field at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InvalidInput>,
}

/// One parameter (query string) or field (JSON body, as a JSON pointer) at fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"parameter": "limit", "detail": "must be a whole number from 1 to 200"}))]
pub struct InvalidInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    pub detail: String,
}

impl Problem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            problem_type: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status().as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn invalid_parameters(errors: Vec<InvalidInput>) -> Self {
        let detail = match errors.len() {
            1 => "1 parameter is not valid.".to_owned(),
            count => format!("{count} parameters are not valid."),
        };
        Self {
            errors,
            ..Self::new(ProblemKind::InvalidParameters, detail)
        }
    }

    pub fn invalid_fields(errors: Vec<InvalidInput>) -> Self {
        let detail = match errors.len() {
            1 => "1 field is not valid.".to_owned(),
            count => format!("{count} fields are not valid."),
        };
        Self {
            errors,
            ..Self::new(ProblemKind::InvalidFields, detail)
        }
    }

    /// 422 for one field, named by its JSON pointer.
    pub fn invalid_field(pointer: &str, detail: impl Into<String>) -> Self {
        Self::invalid_fields(vec![InvalidInput {
            parameter: None,
            pointer: Some(pointer.to_owned()),
            detail: detail.into(),
        }])
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            ProblemKind::NotFound,
            format!("No published {what} has that address."),
        )
    }
}

impl From<AppError> for Problem {
    /// Only server-side failures reach the API as `AppError` (the database's
    /// were logged with their cause when they became one); nothing of the
    /// cause is sent.
    fn from(error: AppError) -> Self {
        match error {
            AppError::Unavailable => Problem::new(
                ProblemKind::Unavailable,
                "The database did not answer in time.",
            ),
            other => {
                tracing::error!(error = %other, "API request failed");
                Problem::new(
                    ProblemKind::Internal,
                    "The request could not be completed. It is safe to send it again.",
                )
            }
        }
    }
}

impl From<sqlx::Error> for Problem {
    fn from(error: sqlx::Error) -> Self {
        Problem::from(AppError::from(error))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body,
        )
            .into_response();
        // RFC 6750: how to authenticate, and why a token was refused.
        let challenge = match self.kind {
            ProblemKind::Unauthorized => Some("Bearer"),
            ProblemKind::InvalidToken => Some("Bearer error=\"invalid_token\""),
            ProblemKind::MissingScope => Some("Bearer error=\"insufficient_scope\""),
            _ => None,
        };
        if let Some(challenge) = challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        let retry_after = match self.kind {
            ProblemKind::Unavailable => Some("5"),
            // The first request is usually a few milliseconds from done.
            ProblemKind::IdempotencyKeyInProgress => Some("1"),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_type() {
        let mut slugs: Vec<_> = ProblemKind::ALL.iter().map(|kind| kind.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), ProblemKind::ALL.len());
    }

    #[test]
    fn a_problem_without_field_errors_leaves_the_list_out() {
        let body = serde_json::to_value(Problem::not_found("course")).unwrap();
        assert_eq!(body["type"], "/api/docs#problem-not-found");
        assert_eq!(body["status"], 404);
        assert!(body.get("errors").is_none());
    }

    #[test]
    fn invalid_parameters_are_counted_in_the_detail() {
        let problem = Problem::invalid_parameters(vec![
            InvalidInput {
                parameter: Some("limit".into()),
                pointer: None,
                detail: "too big".into(),
            },
            InvalidInput {
                parameter: Some("mode".into()),
                pointer: None,
                detail: "unknown".into(),
            },
        ]);
        assert_eq!(problem.status, 400);
        assert_eq!(problem.detail, "2 parameters are not valid.");
    }
}
