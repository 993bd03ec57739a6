//! The JSON API's public reads (`/api/v1`): the OpenAPI document against the
//! router, the catalog's filters, cursor paging while rows are added, entity
//! tags, problem answers for bad input, and CORS.

use std::collections::HashSet;

use kurso::blog::seed::seed_demo_posts;
use serde_json::Value;

use crate::catalog::{now, seeded_app_with};
use crate::helpers::{TestApp, TestBackend};

async fn seeded_app() -> TestApp {
    let app = seeded_app_with(Vec::new()).await;
    seed_demo_posts(&app.db, now()).await.expect("seed posts");
    app
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "GET {path}"
    );
    response.json().await.expect("JSON")
}

/// A problem answer: its status, media type and body.
async fn get_problem(app: &TestApp, method: reqwest::Method, path: &str) -> (u16, Value) {
    let response = app
        .client
        .request(method.clone(), format!("{}{path}", app.address))
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{method} {path}"
    );
    (status, response.json().await.expect("problem JSON"))
}

/// Every item of a collection, following `next_cursor` from page to page,
/// calling `between` after each page.
async fn every_page(app: &TestApp, first: &str, mut between: impl AsyncFnMut(usize)) -> Vec<Value> {
    let mut items = Vec::new();
    let mut path = first.to_owned();
    for page in 0.. {
        let body = get_json(app, &path).await;
        items.extend(body["data"].as_array().expect("data").iter().cloned());
        between(page).await;
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                let separator = if first.contains('?') { '&' } else { '?' };
                path = format!("{first}{separator}cursor={cursor}");
            }
            None => break,
        }
        assert!(page < 1_000, "paging does not end");
    }
    items
}

fn strings(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|item| item[key].as_str().expect(key).to_owned())
        .collect()
}

fn sql_time(value: &str) -> String {
    match TestBackend::from_env() {
        TestBackend::Sqlite => value.replace('Z', "+00:00"),
        TestBackend::Postgres => value.to_owned(),
    }
}

#[tokio::test]
async fn the_document_lists_exactly_the_routes_the_router_serves() {
    let app = seeded_app().await;
    let document = get_json(&app, "/api/v1/openapi.json").await;
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        document["openapi"]
    );
    assert_eq!(document["servers"][0]["url"], "/api/v1");

    let course = get_json(&app, "/api/v1/courses?limit=1").await["data"][0]["slug"].clone();
    let run = get_json(&app, "/api/v1/runs?limit=1").await["data"][0]["id"].clone();
    let post = get_json(&app, "/api/v1/posts?limit=1").await["data"][0]["slug"].clone();
    let paths = document["paths"].as_object().expect("paths");
    let mut served = Vec::new();
    for (path, item) in paths {
        let concrete = path
            .replace(
                "{slug}",
                if path.starts_with("/courses") {
                    course.as_str().unwrap()
                } else {
                    post.as_str().unwrap_or_default()
                },
            )
            .replace("{id}", &run.to_string());
        for method in ["get", "post", "put", "patch", "delete"] {
            let documented = item.get(method).is_some();
            let response = app
                .client
                .request(
                    method.to_uppercase().parse().unwrap(),
                    format!("{}/api/v1{concrete}", app.address),
                )
                // From another site, so CORS answers where it applies.
                .header("origin", "https://partner.example")
                .send()
                .await
                .expect("request sent");
            if documented {
                let operation = &item[method];
                // A route that needs a token answers, without one, that it does.
                let needs_token = operation.get("security").is_some();
                assert_eq!(
                    response.status(),
                    if needs_token { 401 } else { 200 },
                    "{method} {concrete} is documented, so it is served"
                );
                if needs_token {
                    assert!(
                        operation["responses"].get("401").is_some()
                            && operation["responses"].get("403").is_some(),
                        "{method} {path} documents 401 and 403"
                    );
                    assert!(response
                        .headers()
                        .get("access-control-allow-origin")
                        .is_none());
                } else {
                    assert_eq!(response.headers()["access-control-allow-origin"], "*");
                }
                served.push(format!("{} {path}", method.to_uppercase()));
                assert!(
                    operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
                    "{method} {path} has a summary"
                );
                assert!(
                    ["400", "401", "404"]
                        .iter()
                        .any(|status| operation["responses"].get(status).is_some()),
                    "{method} {path} documents its errors"
                );
                assert!(
                    operation["responses"].get("503").is_some(),
                    "{method} {path} documents 503"
                );
            } else {
                assert_eq!(
                    response.status(),
                    405,
                    "{method} {concrete} is not documented, so not served"
                );
                // axum's Allow: exactly the path's documented methods.
                let mut allowed: Vec<String> = response.headers()["allow"]
                    .to_str()
                    .unwrap()
                    .split(',')
                    .map(|method| method.trim().to_lowercase())
                    .filter(|method| method != "head")
                    .collect();
                allowed.sort();
                let mut expected: Vec<String> = ["get", "post", "put", "patch", "delete"]
                    .iter()
                    .filter(|method| item.get(**method).is_some())
                    .map(|method| method.to_string())
                    .collect();
                expected.sort();
                assert_eq!(allowed, expected, "Allow of {concrete}");
                let body: Value = response.json().await.expect("problem");
                assert_eq!(body["type"], "/api/docs#problem-method-not-allowed");
            }
        }
    }
    served.sort();
    assert_eq!(
        served,
        [
            "DELETE /categories/{id}",
            "DELETE /courses/{slug}",
            "DELETE /runs/{id}",
            "DELETE /trainers/{id}",
            "DELETE /venues/{id}",
            "GET /audit-log",
            "GET /categories",
            "GET /categories/{id}",
            "GET /courses",
            "GET /courses/{slug}",
            "GET /enquiries",
            "GET /enquiries/{id}",
            "GET /enrollments/{id}",
            "GET /me",
            "GET /me/enrollments",
            "GET /posts",
            "GET /posts/{slug}",
            "GET /runs",
            "GET /runs/{id}",
            "GET /runs/{id}/enrollments",
            "GET /trainers",
            "GET /trainers/{id}",
            "GET /users",
            "GET /venues",
            "GET /venues/{id}",
            "PATCH /categories/{id}",
            "PATCH /courses/{slug}",
            "PATCH /enquiries/{id}",
            "PATCH /enrollments/{id}",
            "PATCH /runs/{id}",
            "PATCH /trainers/{id}",
            "PATCH /venues/{id}",
            "POST /categories",
            "POST /courses",
            "POST /enrollments/{id}/cancel",
            "POST /enrollments/{id}/transfer",
            "POST /runs",
            "POST /runs/{id}/enrollments",
            "POST /trainers",
            "POST /venues",
        ]
    );

    let (status, problem) = get_problem(&app, reqwest::Method::GET, "/api/v1/trainings").await;
    assert_eq!(status, 404);
    assert_eq!(problem["type"], "/api/docs#problem-no-such-route");
    assert_eq!(problem["status"], 404);
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("/api/v1/trainings"));

    // Every named schema (all but the generic page wrappers) comes with an example.
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .expect("schemas")
    {
        if name.starts_with("Page") {
            continue;
        }
        assert!(
            schema.get("example").is_some() || schema.get("examples").is_some(),
            "schema {name} has an example"
        );
    }
}

#[tokio::test]
async fn courses_match_what_the_catalog_page_finds_for_the_same_filters() {
    let app = seeded_app().await;
    for (api_query, page_query) in [
        ("city=Cebu%20City", "city=Cebu City"),
        ("mode=online", "mode=online"),
        ("q=aws", "q=aws"),
        ("category=cloud", "category=cloud"),
    ] {
        let from_api = every_page(
            &app,
            &format!("/api/v1/courses?limit=5&{api_query}"),
            async |_| {},
        )
        .await;
        let mut api_slugs = strings(&from_api, "slug");
        let results: kurso::catalog::CatalogResults = app
            .browser()
            .post(
                "/api/catalog/search",
                &[("query", &format!("{page_query}&sort=title"))],
            )
            .await
            .json()
            .await
            .expect("catalog results");
        assert_eq!(
            api_slugs.len() as i64,
            results.total,
            "{api_query}: as many courses as the catalog page counts"
        );
        assert!(
            !api_slugs.is_empty(),
            "{api_query} finds something in the demo catalog"
        );
        let page_slugs: HashSet<String> = results
            .courses
            .iter()
            .map(|course| course.slug.clone())
            .collect();
        assert!(
            page_slugs.iter().all(|slug| api_slugs.contains(slug)),
            "{api_query}: the page's courses are in the API's"
        );
        api_slugs.dedup();
        assert_eq!(
            api_slugs.len() as i64,
            results.total,
            "{api_query}: no course twice"
        );
    }

    let course = &get_json(&app, "/api/v1/courses?q=aws&limit=1").await["data"][0];
    assert!(course["price"]["amount_centavos"].as_i64().unwrap() > 0);
    assert_eq!(course["price"]["currency"], "PHP");
    assert!(course["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/courses/{}", course["slug"].as_str().unwrap())));
}

#[tokio::test]
async fn paging_lists_every_course_and_run_once_while_rows_are_added() {
    let app = seeded_app().await;
    let before: HashSet<String> = strings(
        &every_page(&app, "/api/v1/courses?limit=200", async |_| {}).await,
        "slug",
    )
    .into_iter()
    .collect();
    let stamp = sql_time("2026-11-24T04:00:00Z");
    let early = sql_time("2026-12-01T01:00:00Z");
    let early_end = sql_time("2026-12-01T09:00:00Z");

    let courses = every_page(&app, "/api/v1/courses?limit=7", async |page| {
        // Between pages: a new course, and a run starting before every other.
        let sql = format!(
            "INSERT INTO courses (slug, code, title, summary, is_published, created_at, updated_at) VALUES
                ('added-{page}', 'ADD-{page}', 'Added while paging {page}', 'New.', TRUE, '{stamp}', '{stamp}');"
        );
        app.execute(&sql).await;
    })
    .await;
    let slugs = strings(&courses, "slug");
    let unique: HashSet<String> = slugs.iter().cloned().collect();
    assert_eq!(unique.len(), slugs.len(), "no course is listed twice");
    assert!(
        before.is_subset(&unique),
        "every course there from the start is listed"
    );
    assert!(
        unique.iter().any(|slug| slug.starts_with("added-")),
        "courses added behind the cursor show up on later pages"
    );

    let runs_before: HashSet<i64> = every_page(&app, "/api/v1/runs?limit=200", async |_| {})
        .await
        .iter()
        .map(|run| run["id"].as_i64().unwrap())
        .collect();
    let runs = every_page(&app, "/api/v1/runs?limit=9", async |_| {
        let sql = format!(
            "INSERT INTO course_runs (course_id, starts_at, ends_at, mode, created_at, updated_at) VALUES
                ((SELECT MIN(id) FROM courses WHERE is_published = TRUE), '{early}', '{early_end}', 'online', '{stamp}', '{stamp}');"
        );
        app.execute(&sql).await;
    })
    .await;
    let ids: Vec<i64> = runs.iter().map(|run| run["id"].as_i64().unwrap()).collect();
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no run is listed twice");
    assert!(
        runs_before.is_subset(&unique),
        "every run there from the start is listed"
    );
    let starts: Vec<&str> = runs
        .iter()
        .map(|run| run["starts_at"].as_str().unwrap())
        .collect();
    assert!(
        starts.windows(2).all(|pair| pair[0] <= pair[1]),
        "soonest first"
    );
}

#[tokio::test]
async fn a_next_link_carries_the_filters_and_the_cursor() {
    let app = seeded_app().await;
    let response = app.get("/api/v1/runs?mode=online&limit=2").await;
    assert_eq!(response.status(), 200);
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let cursor = body["next_cursor"]
        .as_str()
        .expect("more than two online runs");
    assert_eq!(
        link,
        format!("</api/v1/runs?mode=online&limit=2&cursor={cursor}>; rel=\"next\"")
    );
    assert!(body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|run| run["mode"] == "online"));

    let (status, problem) = get_problem(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/courses?cursor={cursor}"),
    )
    .await;
    assert_eq!(status, 400, "a runs cursor is no courses cursor");
    assert_eq!(problem["errors"][0]["parameter"], "cursor");
}

#[tokio::test]
async fn bad_parameters_are_each_named_in_one_problem() {
    let app = seeded_app().await;
    let (status, problem) = get_problem(
        &app,
        reqwest::Method::GET,
        "/api/v1/runs?limit=0&mode=boat&colour=red&month=2027-13&updated_since=yesterday&city=a&city=b",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(problem["type"], "/api/docs#problem-invalid-parameters");
    let mut named: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["parameter"].as_str().unwrap())
        .collect();
    named.sort_unstable();
    assert_eq!(
        named,
        ["city", "colour", "limit", "mode", "month", "updated_since"]
    );

    for path in [
        "/api/v1/courses?limit=201",
        "/api/v1/courses?min_price_centavos=-5",
        "/api/v1/courses?q=",
        "/api/v1/posts?cursor=garbage",
        "/api/v1/runs/abc",
        "/api/v1/runs/1.5",
        "/api/v1/courses?limit=",
        "/api/v1/runs?month=2027-1",
    ] {
        let response = app.get(path).await;
        let expected = if path.ends_with("q=") { 200 } else { 400 };
        assert_eq!(response.status(), expected, "{path}");
    }
    let hostile = format!("/api/v1/courses?q={}", "%27%20OR%201%3D1--".repeat(5));
    assert_eq!(
        app.get(&hostile).await.status(),
        200,
        "search words are data, not SQL"
    );
    // A NUL byte is refused before the API (PostgreSQL would refuse it);
    // other control characters are dropped from text.
    for (path, status) in [
        ("/api/v1/courses?q=aws%00", 400),
        ("/api/v1/courses/a%00b", 404),
        ("/api/v1/courses?q=aws%07&city=Cebu%01City", 200),
        ("/api/v1/courses/a%07b", 404),
    ] {
        assert_eq!(app.get(path).await.status(), status, "{path}");
    }
    let long = format!("/api/v1/courses?q={}", "x".repeat(5_000));
    assert_eq!(
        app.get(&long).await.status(),
        400,
        "a search longer than 200 characters is refused"
    );
}

#[tokio::test]
async fn single_resources_carry_an_etag_and_answer_304_when_unchanged() {
    let app = seeded_app().await;
    let run_id = get_json(&app, "/api/v1/runs?limit=1").await["data"][0]["id"]
        .as_i64()
        .unwrap();
    for path in [
        "/api/v1/courses/aws-security-specialty".to_owned(),
        format!("/api/v1/runs/{run_id}"),
        "/api/v1/posts/what-is-a-backend-developer".to_owned(),
    ] {
        let first = app.get(&path).await;
        assert_eq!(first.status(), 200, "{path}");
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(
            tag.starts_with('"') && tag.ends_with('"'),
            "a strong tag: {tag}"
        );
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("if-none-match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"], tag.as_str());
        assert!(again.bytes().await.unwrap().is_empty());
    }

    // A change to the run changes its tag.
    let path = format!("/api/v1/runs/{run_id}");
    let tag = app.get(&path).await.headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    app.execute(&format!(
        "UPDATE course_runs SET capacity = capacity + 1 WHERE id = {run_id}"
    ))
    .await;
    let changed = app
        .client
        .get(format!("{}{path}", app.address))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);

    for path in [
        "/api/v1/courses/no-such-course",
        "/api/v1/runs/999999",
        "/api/v1/runs/-3",
        "/api/v1/posts/no-such-post",
    ] {
        let (status, problem) = get_problem(&app, reqwest::Method::GET, path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(problem["type"], "/api/docs#problem-not-found");
    }
}

#[tokio::test]
async fn a_run_tells_seats_left_and_whether_it_is_guaranteed() {
    let app = seeded_app().await;
    let runs = every_page(&app, "/api/v1/runs?limit=200", async |_| {}).await;
    assert!(runs.len() > 50, "the demo schedule has many runs");
    for run in runs.iter().take(30) {
        let id = run["id"].as_i64().unwrap();
        let capacity = app
            .count(&format!("SELECT capacity FROM course_runs WHERE id = {id}"))
            .await;
        let taken = app
            .count(&format!(
                "SELECT seats_taken FROM course_runs WHERE id = {id}"
            ))
            .await;
        let confirmed = app
            .count(&format!(
                "SELECT COUNT(*) FROM enrollments WHERE run_id = {id} AND status = 'confirmed'"
            ))
            .await;
        let minimum = app
            .count(&format!(
                "SELECT min_to_run FROM course_runs WHERE id = {id}"
            ))
            .await;
        assert_eq!(run["capacity"], capacity);
        assert_eq!(run["seats_left"], (capacity - taken).max(0));
        assert_eq!(run["guaranteed_to_run"], confirmed >= minimum);
        assert_eq!(run["status"], "scheduled");
        assert_eq!(run["time_zone"], "Asia/Manila");
        match run["mode"].as_str().unwrap() {
            "online" => assert!(run["venue"].is_null()),
            _ => assert!(run["venue"]["city"].is_string()),
        }
    }
    let in_cebu = every_page(
        &app,
        "/api/v1/runs?city=Cebu%20City&limit=200",
        async |_| {},
    )
    .await;
    assert!(!in_cebu.is_empty());
    assert!(in_cebu
        .iter()
        .all(|run| run["venue"]["city"] == "Cebu City"));

    // A cancelled run leaves the list but stays readable, saying so.
    let id = runs[0]["id"].as_i64().unwrap();
    app.execute(&format!(
        "UPDATE course_runs SET status = 'cancelled' WHERE id = {id}"
    ))
    .await;
    let listed = every_page(&app, "/api/v1/runs?limit=200", async |_| {}).await;
    assert!(listed.iter().all(|run| run["id"] != id));
    assert_eq!(
        get_json(&app, &format!("/api/v1/runs/{id}")).await["status"],
        "cancelled"
    );
}

#[tokio::test]
async fn posts_are_the_published_ones_newest_first() {
    let app = seeded_app().await;
    app.execute(
        "UPDATE posts SET status = 'draft', published_at = NULL WHERE slug = 'what-is-a-backend-developer'",
    )
    .await;
    let posts = every_page(&app, "/api/v1/posts?limit=3", async |_| {}).await;
    let shown = app
        .count(&format!(
            "SELECT COUNT(*) FROM posts WHERE status <> 'draft' AND published_at IS NOT NULL AND published_at <= '{}'",
            sql_time("2026-11-24T04:00:00Z")
        ))
        .await;
    assert_eq!(posts.len() as i64, shown);
    assert!(
        !strings(&posts, "slug").contains(&"what-is-a-backend-developer".to_owned()),
        "a draft is not listed"
    );
    let published: Vec<&str> = posts
        .iter()
        .map(|post| post["published_at"].as_str().unwrap())
        .collect();
    assert!(
        published.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );

    let tag = posts[0]["tags"][0]
        .as_str()
        .expect("the demo posts have tags")
        .to_owned();
    let tagged = every_page(&app, &format!("/api/v1/posts?tag={tag}"), async |_| {}).await;
    assert!(tagged.iter().all(|post| post["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == tag.as_str())));

    let slug = posts[0]["slug"].as_str().unwrap();
    let detail = get_json(&app, &format!("/api/v1/posts/{slug}")).await;
    assert_eq!(detail["post"]["slug"], slug);
    assert!(detail["body_html"].as_str().unwrap().contains("<p>"));
    let (status, _) = get_problem(
        &app,
        reqwest::Method::GET,
        "/api/v1/posts/what-is-a-backend-developer",
    )
    .await;
    assert_eq!(status, 404, "a draft is not readable");
}

#[tokio::test]
async fn public_reads_may_be_called_from_any_site_and_server_functions_may_not() {
    let app = seeded_app().await;
    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/runs", app.address),
        )
        .header("origin", "https://partner.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");

    let read = app
        .client
        .get(format!("{}/api/v1/courses", app.address))
        .header("origin", "https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(read.headers()["access-control-allow-origin"], "*");
    let exposed = read.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("link"),
        "{exposed}"
    );

    // The same path's token route: its preflight gets no CORS answer, so a
    // browser never sends it.
    let write_preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/courses", app.address),
        )
        .header("origin", "https://partner.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(write_preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let server_function = app
        .client
        .post(format!("{}/api/catalog/search", app.address))
        .header("origin", "https://partner.example")
        .form(&[("query", "q=aws")])
        .send()
        .await
        .unwrap();
    assert!(server_function
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn the_reference_page_describes_every_route_and_error() {
    let app = seeded_app().await;
    let (status, html) = app.get_html("/api/docs").await;
    assert_eq!(status, 200);
    for anchor in [
        "get-courses",
        "get-courses-slug",
        "get-runs",
        "get-runs-id",
        "get-posts",
        "get-posts-slug",
        "problem-invalid-parameters",
        "get-me",
        "problem-unauthorized",
        "problem-invalid-token",
        "problem-missing-scope",
        "problem-not-found",
        "problem-no-such-route",
        "problem-method-not-allowed",
        "problem-unavailable",
        "problem-internal",
    ] {
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "the page has #{anchor}"
        );
    }
    assert!(html.contains("href=\"/api/v1/openapi.json\""));
    assert!(!html.contains("cdn"), "nothing is loaded from elsewhere");
}
