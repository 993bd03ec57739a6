//! The API reference page's data.

use leptos::prelude::*;

use super::model::ApiReference;
use crate::errors::AppError;

/// Public: the same as `/api/v1/openapi.json`, which anyone may read.
#[server(endpoint = "docs/reference")]
pub async fn load_api_reference() -> Result<ApiReference, AppError> {
    Ok(super::reference::api_reference())
}
