//! `GET /me`: whose token this is and what it may do, the first call an
//! integration makes to check its set-up.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::TokenCaller;
use super::problem::Problem;
use super::scopes::Scope;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 7,
    "email": "hr-sync@acme.example",
    "name": "Acme HR sync",
    "role": "admin",
    "scopes": ["me:read", "enrollments:read"]
}))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// `learner` or `admin`.
    pub role: String,
    /// The scopes this token may use now.
    pub scopes: Vec<String>,
}

/// The token's owner and its scopes.
#[utoipa::path(
    get,
    path = "/me",
    tag = "Account",
    security(("token" = ["me:read"])),
    responses(
        (status = 200, description = "The token's owner.", body = Me),
        (status = 401, description = "No token, or one that is unknown, revoked, expired or of a disabled account.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `me:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is briefly out of reach.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_me(caller: TokenCaller) -> Result<Json<Me>, Problem> {
    caller.require(Scope::MeRead)?;
    Ok(Json(Me {
        id: caller.user_id,
        email: caller.email,
        name: caller.name,
        role: caller.role.as_str().to_owned(),
        scopes: caller
            .scopes
            .iter()
            .map(|scope| scope.as_str().to_owned())
            .collect(),
    }))
}
