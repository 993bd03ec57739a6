//! Reads the OpenAPI document into what the reference page shows.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{RefOr, Required};

use super::model::{ApiOperation, ApiParameter, ApiProblemType, ApiReference, ApiResponse};
use super::problem::ProblemKind;
use super::routes::{document, PREFIX};

pub fn api_reference() -> ApiReference {
    let document = document();
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, operation) in methods {
            if let Some(operation) = operation {
                operations.push(operation_of(method, path, operation));
            }
        }
    }
    ApiReference {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone().unwrap_or_default(),
        base_path: PREFIX.to_owned(),
        operations,
        problems: ProblemKind::ALL
            .iter()
            .map(|kind| ApiProblemType {
                anchor: format!("problem-{}", kind.slug()),
                type_uri: kind.type_uri(),
                title: kind.title().to_owned(),
                status: kind.status().as_u16(),
                explanation: kind.explanation().to_owned(),
            })
            .collect(),
    }
}

fn operation_of(method: &str, path: &str, operation: &Operation) -> ApiOperation {
    ApiOperation {
        method: method.to_owned(),
        path: path.to_owned(),
        tag: operation
            .tags
            .as_ref()
            .and_then(|tags| tags.first().cloned())
            .unwrap_or_default(),
        summary: operation.summary.clone().unwrap_or_default(),
        description: operation.description.clone().unwrap_or_default(),
        parameters: operation
            .parameters
            .iter()
            .flatten()
            .map(|parameter| ApiParameter {
                name: parameter.name.clone(),
                location: match parameter.parameter_in {
                    ParameterIn::Path => "path",
                    ParameterIn::Header => "header",
                    ParameterIn::Cookie => "cookie",
                    ParameterIn::Query => "query",
                }
                .to_owned(),
                required: matches!(parameter.required, Required::True),
                description: parameter.description.clone().unwrap_or_default(),
            })
            .collect(),
        token_scopes: token_scopes(operation),
        body_example: body_example(operation),
        responses: operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| ApiResponse {
                status: status.clone(),
                description: match response {
                    RefOr::T(response) => response.description.clone(),
                    RefOr::Ref(reference) => reference.ref_location.clone(),
                },
            })
            .collect(),
    }
}

/// The scopes the operation's `token` requirements name, each of which is
/// enough on its own (utoipa keeps a requirement's map private, so it is read
/// from its JSON form).
fn token_scopes(operation: &Operation) -> Option<Vec<String>> {
    let requirements = serde_json::to_value(operation.security.as_ref()?).ok()?;
    Some(
        requirements
            .as_array()?
            .iter()
            .filter_map(|requirement| requirement.get("token")?.as_array())
            .flatten()
            .filter_map(|scope| scope.as_str().map(str::to_owned))
            .collect(),
    )
}

/// The example of the named schema the operation's JSON body refers to.
fn body_example(operation: &Operation) -> Option<String> {
    let body = serde_json::to_value(operation.request_body.as_ref()?).ok()?;
    let reference = body["content"]["application/json"]["schema"]["$ref"].as_str()?;
    let name = reference.rsplit('/').next()?;
    let components = document().components.as_ref()?;
    let schema = serde_json::to_value(components.schemas.get(name)?).ok()?;
    let example = schema
        .get("example")
        .or_else(|| schema.get("examples")?.get(0))?;
    serde_json::to_string_pretty(example).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_lists_each_public_read_once() {
        let reference = api_reference();
        let mut listed: Vec<String> = reference
            .operations
            .iter()
            .map(|operation| format!("{} {}", operation.method, operation.path))
            .collect();
        listed.sort();
        // Each operation of the document once (the integration test checks
        // that the document lists exactly the routes served).
        let mut documented: Vec<String> = document()
            .paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                methods
                    .into_iter()
                    .filter(|(_, present)| *present)
                    .map(move |(method, _)| format!("{method} {path}"))
            })
            .collect();
        documented.sort();
        assert_eq!(listed, documented);
        assert!(listed.contains(&"DELETE /venues/{id}".to_owned()));
        let find = |method: &str, path: &str| {
            reference
                .operations
                .iter()
                .find(|operation| operation.method == method && operation.path == path)
                .unwrap()
                .clone()
        };
        let enroll = find("POST", "/runs/{id}/enrollments");
        assert!(enroll
            .body_example
            .as_deref()
            .is_some_and(|body| body.contains("\"email\"")));
        assert_eq!(find("GET", "/runs").body_example, None);
        assert_eq!(
            find("GET", "/enrollments/{id}").token_scopes,
            Some(vec!["enrollments:read".to_owned(), "me:read".to_owned()])
        );
        assert_eq!(
            find("DELETE", "/venues/{id}").token_scopes,
            Some(vec!["catalog:write".to_owned()])
        );
        let me = reference
            .operations
            .iter()
            .find(|operation| operation.path == "/me")
            .unwrap();
        assert_eq!(me.token_scopes, Some(vec!["me:read".to_owned()]));
        let runs = reference
            .operations
            .iter()
            .find(|operation| operation.path == "/runs")
            .unwrap();
        assert_eq!(runs.token_scopes, None);
        assert!(reference
            .operations
            .iter()
            .all(|operation| !operation.summary.is_empty() && !operation.responses.is_empty()));
    }
}
