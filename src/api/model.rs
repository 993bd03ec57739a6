//! The API reference as the `/api/docs` page shows it: read from the OpenAPI
//! document on the server, so the page and the document say the same.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub version: String,
    pub description: String,
    /// What every path is relative to (`/api/v1`).
    pub base_path: String,
    pub operations: Vec<ApiOperation>,
    pub problems: Vec<ApiProblemType>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// `GET`, `POST`, ...
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<ApiParameter>,
    pub responses: Vec<ApiResponse>,
    /// The scopes a token needs for it, any one of them; `None` for a
    /// public route.
    pub token_scopes: Option<Vec<String>>,
    /// An example of the JSON body it takes, pretty-printed; `None` when it
    /// takes none.
    pub body_example: Option<String>,
}

impl ApiOperation {
    /// The operation's anchor on the page: `get-runs-id` for `GET /runs/{id}`.
    pub fn anchor(&self) -> String {
        let mut anchor = self.method.to_lowercase();
        for part in self.path.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !part.is_empty() {
                anchor.push('-');
                anchor.push_str(part);
            }
        }
        anchor
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiParameter {
    pub name: String,
    /// `query` or `path`.
    pub location: String,
    pub required: bool,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiProblemType {
    /// The anchor on the page, `problem-not-found`.
    pub anchor: String,
    /// The problem's `type`.
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub explanation: String,
}

/// The admin's API tokens page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenListing {
    pub tokens: Vec<ApiTokenItem>,
    /// The secret of the token just made, shown this once.
    pub new_secret: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenItem {
    pub id: i64,
    pub name: String,
    pub owner: String,
    /// The secret's first characters, `kurso_AbC123`.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created: String,
    /// "Never", or when it expires (expired).
    pub expires: String,
    /// "Anywhere", or the networks it may be used from.
    pub allowed_from: String,
    /// "Never used", or when and from where it was last used.
    pub last_used: String,
    pub state: ApiTokenState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiTokenState {
    Active,
    Expired,
    Revoked,
}

impl ApiTokenState {
    pub fn label(self) -> &'static str {
        match self {
            ApiTokenState::Active => "Active",
            ApiTokenState::Expired => "Expired",
            ApiTokenState::Revoked => "Revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_made_of_the_method_and_the_path_words() {
        let operation = ApiOperation {
            method: "GET".into(),
            path: "/runs/{id}".into(),
            tag: String::new(),
            summary: String::new(),
            description: String::new(),
            parameters: Vec::new(),
            responses: Vec::new(),
            token_scopes: None,
            body_example: None,
        };
        assert_eq!(operation.anchor(), "get-runs-id");
    }
}
