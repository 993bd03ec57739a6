//! `/api/docs`: the API reference, read from the OpenAPI document. Rendered on
//! the server like every page (no viewer script, nothing from a CDN); the
//! document itself is at `/api/v1/openapi.json` for tools.

use leptos::prelude::*;

use super::model::{ApiOperation, ApiProblemType, ApiReference};
use super::server_fns::load_api_reference;
use crate::errors::Loaded;
use crate::site::{absolute_url, use_site};
use crate::ui::InnerPage;

const CODE: &str = "rounded bg-ink-100 px-1 font-mono text-sm text-ink-900";

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let reference = Resource::new(|| (), |_| load_api_reference());
    view! {
        <InnerPage
            title="API reference"
            lead="Read the catalog, the schedule and the blog from your own systems, as JSON."
            description="Kurso's JSON API: routes, parameters, responses and errors."
        >
            <Loaded resource=reference loading="Loading the reference…" show=move |reference| view! { <Reference reference /> } />
        </InnerPage>
    }
}

#[component]
fn Reference(reference: ApiReference) -> impl IntoView {
    let ApiReference {
        title,
        version,
        description,
        base_path,
        operations,
        problems,
    } = reference;
    let contents: Vec<(String, String, String)> = operations
        .iter()
        .map(|operation| {
            (
                operation.anchor(),
                operation.method.clone(),
                operation.path.clone(),
            )
        })
        .collect();
    view! {
        <div class="grid gap-10 lg:grid-cols-[14rem_1fr]">
            // Scrolls on its own when the list is taller than the window, so
            // every route stays reachable while the nav sticks.
            <nav aria-label="API routes" class="text-sm lg:sticky lg:top-24 lg:self-start lg:max-h-[calc(100vh-8rem)] lg:overflow-y-auto lg:pr-2">
                <h2 class="font-semibold text-ink-950">"Routes"</h2>
                <ul class="mt-3 space-y-1.5">
                    {contents.into_iter().map(|(anchor, method, path)| view! {
                        <li>
                            <a class="text-brand-700 hover:underline" href=format!("#{anchor}")>
                                <span class="font-mono text-xs font-semibold">{method}</span>" "
                                <span class="font-mono">{path}</span>
                            </a>
                        </li>
                    }).collect_view()}
                    <li><a class="text-brand-700 hover:underline" href="#errors">"Errors"</a></li>
                    <li><a class="text-brand-700 hover:underline" href="#webhooks">"Webhooks"</a></li>
                </ul>
            </nav>
            <div class="min-w-0 space-y-10">
                <section aria-labelledby="api-overview" class="space-y-4 text-ink-700">
                    <h2 id="api-overview" class="text-2xl font-semibold text-ink-950">{format!("{title}, version {version}")}</h2>
                    <p>{with_code(description)}</p>
                    <ul class="list-disc space-y-2 pl-6">
                        <li>"Every path below is relative to "<code class=CODE>{base_path.clone()}</code>". Routes that need no token may be called from any site's scripts (CORS)."</li>
                        <li>"The others need an API token, which an admin makes on the dashboard; send it as "<code class=CODE>"Authorization: Bearer kurso_…"</code>". It works only for the scopes chosen when it was made."</li>
                        <li>"Collections return "<code class=CODE>"data"</code>" and "<code class=CODE>"next_cursor"</code>". Pass that cursor as "<code class=CODE>"cursor"</code>" for the next page (also in the "<code class=CODE>"Link"</code>" header); paging stays correct while items are added."</li>
                        <li>"Each token may send a number of requests a minute: every answer says how many in "<code class=CODE>"RateLimit-Limit"</code>", what is left in "<code class=CODE>"RateLimit-Remaining"</code>" and when it is full again in "<code class=CODE>"RateLimit-Reset"</code>" (seconds). Over it, the answer is 429 with "<code class=CODE>"Retry-After"</code>"."</li>
                        <li>"A single resource has an "<code class=CODE>"ETag"</code>"; send it back in "<code class=CODE>"If-None-Match"</code>" and an unchanged resource answers 304 with no body."</li>
                        <li>
                            "The machine-readable description (OpenAPI 3.1) is "
                            <a class="text-brand-700 underline" href=format!("{base_path}/openapi.json")>{format!("{base_path}/openapi.json")}</a>"."
                        </li>
                    </ul>
                </section>
                {operations.into_iter().map(|operation| view! { <Operation operation base_path=base_path.clone() /> }).collect_view()}
                <section aria-labelledby="errors" class="space-y-4">
                    <h2 id="errors" class="text-2xl font-semibold text-ink-950">"Errors"</h2>
                    <p class="text-ink-700">
                        "Errors are "<code class=CODE>"application/problem+json"</code>" (RFC 9457). The "<code class=CODE>"type"</code>
                        " of each kind stays the same; "<code class=CODE>"errors"</code>" lists each parameter at fault."
                    </p>
                    <ul class="space-y-3">
                        {problems.into_iter().map(|problem| view! { <Problem problem /> }).collect_view()}
                    </ul>
                </section>
                <Webhooks />
            </div>
        </div>
    }
}

#[component]
fn Operation(operation: ApiOperation, base_path: String) -> impl IntoView {
    let anchor = operation.anchor();
    let heading_id = format!("{anchor}-heading");
    let labelled_by = heading_id.clone();
    let ApiOperation {
        method,
        path,
        tag,
        summary,
        description,
        parameters,
        responses,
        token_scopes,
        body_example,
    } = operation;
    let url = absolute_url(&use_site().public_url, &format!("{base_path}{path}"));
    let example = curl_example(
        &method,
        &url,
        token_scopes.is_some(),
        body_example.as_deref(),
    );
    view! {
        <section id=anchor aria-labelledby=labelled_by class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-ink-100">
            <p class="text-xs font-semibold uppercase tracking-wide text-ink-500">{tag}</p>
            <h3 id=heading_id class="mt-1 flex flex-wrap items-baseline gap-3 text-lg font-semibold text-ink-950">
                <span class="rounded bg-brand-700 px-2 py-0.5 font-mono text-sm text-white">{method}</span>
                <span class="font-mono">{path}</span>
            </h3>
            <p class="mt-2 text-ink-700">{with_code(summary)}</p>
            {token_scopes.map(|scopes| view! {
                <p class="mt-2 text-sm font-medium text-ink-900">
                    {with_code(format!("Needs a token with `{}`.", scopes.join("` or `")))}
                </p>
            })}
            {(!description.is_empty()).then(|| view! { <p class="mt-2 text-sm text-ink-600">{with_code(description)}</p> })}
            <pre class="mt-4 whitespace-pre-wrap break-all rounded-lg bg-ink-950 p-3 text-sm text-white"><code>{example}</code></pre>
            {body_example.map(|body| view! {
                <h4 class="mt-5 font-semibold text-ink-950">"JSON body"</h4>
                <pre class="mt-2 whitespace-pre-wrap break-all rounded-lg bg-ink-50 p-3 text-sm text-ink-900"><code>{body}</code></pre>
            })}
            {(!parameters.is_empty()).then(|| view! {
                <h4 class="mt-5 font-semibold text-ink-950">"Parameters"</h4>
                <dl class="mt-2 divide-y divide-ink-100 text-sm">
                    {parameters.into_iter().map(|parameter| view! {
                        <div class="grid gap-1 py-2 sm:grid-cols-[12rem_1fr]">
                            <dt>
                                <code class=CODE>{parameter.name}</code>
                                <span class="ml-2 text-xs text-ink-500">
                                    {format!("{}{}", parameter.location, if parameter.required { ", required" } else { "" })}
                                </span>
                            </dt>
                            <dd class="text-ink-700">{with_code(parameter.description)}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            })}
            <h4 class="mt-5 font-semibold text-ink-950">"Responses"</h4>
            <dl class="mt-2 divide-y divide-ink-100 text-sm">
                {responses.into_iter().map(|response| view! {
                    <div class="grid gap-1 py-2 sm:grid-cols-[12rem_1fr]">
                        <dt class="font-mono font-semibold text-ink-900">{response.status}</dt>
                        <dd class="text-ink-700">{with_code(response.description)}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn Problem(problem: ApiProblemType) -> impl IntoView {
    view! {
        <li id=problem.anchor class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-ink-100">
            <h3 class="font-semibold text-ink-950">{format!("{} {}", problem.status, problem.title)}</h3>
            <p class="mt-1"><code class=CODE>{problem.type_uri}</code></p>
            <p class="mt-2 text-sm text-ink-700">{with_code(problem.explanation)}</p>
        </li>
    }
}

/// The document's descriptions mark code with backticks, as Markdown does:
/// every other piece between them is code.
fn with_code(text: String) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(index, piece)| {
            let piece = piece.to_owned();
            if index % 2 == 1 {
                view! { <code class=CODE>{piece}</code> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

/// The request as a `curl` line: the method, the token, and the body's example.
fn curl_example(method: &str, url: &str, needs_token: bool, body: Option<&str>) -> String {
    let mut line = String::from("curl");
    if method != "GET" {
        line.push_str(&format!(" -X {method}"));
    }
    if needs_token {
        line.push_str(" -H 'Authorization: Bearer kurso_…'");
    }
    if method == "POST" {
        line.push_str(" -H 'Idempotency-Key: 1f0c6a52-…'");
    }
    if let Some(body) = body {
        let compact = serde_json::from_str::<serde_json::Value>(body)
            .map(|value| value.to_string())
            .unwrap_or_else(|_| body.to_owned());
        line.push_str(&format!(
            " -H 'Content-Type: application/json' -d '{compact}'"
        ));
    }
    line.push_str(&format!(" '{url}'"));
    line
}

/// How a receiver reads what Kurso sends: the headers, the check, the
/// retries and the events an admin may subscribe an endpoint to.
#[component]
fn Webhooks() -> impl IntoView {
    view! {
        <section aria-labelledby="webhooks" class="space-y-4 text-ink-700">
            <h2 id="webhooks" class="text-2xl font-semibold text-ink-950">"Webhooks"</h2>
            <p>"An admin registers an endpoint (a URL and the events it wants) on the dashboard and gets its signing secret, "
                <code class=CODE>"whsec_…"</code>", once. Each event is POSTed as JSON, "
                <code class=CODE>"{\"type\", \"timestamp\", \"data\"}"</code>", signed as "
                <a class="text-brand-700 underline" href="https://www.standardwebhooks.com">"Standard Webhooks"</a>" describes:"</p>
            <ul class="list-disc space-y-2 pl-6">
                <li><code class=CODE>"webhook-id"</code>" names the message; a retry or a resend carries the same id and body, so drop an id you have handled."</li>
                <li><code class=CODE>"webhook-timestamp"</code>" is the attempt's time in Unix seconds; refuse one more than five minutes from your clock."</li>
                <li><code class=CODE>"webhook-signature"</code>" holds "<code class=CODE>"v1,"</code>" and the base64 HMAC-SHA256 of "
                    <code class=CODE>"id.timestamp.body"</code>", keyed with the base64-decoded secret after "<code class=CODE>"whsec_"</code>
                    ". While a secret is rotated there are two, space-separated: accept the message if either matches."</li>
                <li>"Answer with a 2xx within 10 seconds. Anything else (a redirect too) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 14 h and 16 h; when the last attempt fails, three days after the first, the endpoint is disabled and the admins are emailed."</li>
            </ul>
            <h3 class="text-lg font-semibold text-ink-950">"Events"</h3>
            <ul class="space-y-2">
                {crate::webhooks::Event::ALL.into_iter().map(|event| view! {
                    <li><code class=CODE>{event.as_str()}</code>" "{event.description()}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
