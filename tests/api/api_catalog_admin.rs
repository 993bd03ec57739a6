//! The API's catalog-admin routes on the real database: an admin's token
//! makes, reads, changes (with `If-Match`) and deletes categories, venues and
//! trainers through the dashboard's own rules and audit; refusals name the
//! field or say what still uses a record; pages neither repeat nor skip a
//! record added between them; a retried POST makes one record; the public
//! catalog shows a change at once.

use serde_json::json;

use crate::accounts::admin;
use crate::api_client::{self, delete, get, patch, post, send};
use crate::enrollment::seeded_app;
use crate::helpers::TestApp;

async fn token(app: &TestApp, scopes: &str) -> String {
    let registered = app
        .count("SELECT COUNT(*) FROM users WHERE email = 'catalog-sync@example.com'")
        .await;
    if registered == 0 {
        admin(app, "catalog-sync@example.com").await;
    }
    api_client::token(app, "catalog-sync@example.com", scopes).await
}

#[tokio::test]
async fn an_admin_token_makes_changes_and_deletes_categories_venues_and_trainers() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:read catalog:write").await;
    for (path, new, change, changed_field) in [
        (
            "/categories",
            json!({"name": "Quantum computing", "slug": "quantum", "description": "Qubits for developers."}),
            json!({"description": "Qubits for software developers."}),
            "description",
        ),
        (
            "/venues",
            json!({"name": "Kurso Davao", "city": "Davao City", "address": "Abreeza Corporate Center, J.P. Laurel Ave"}),
            json!({"address": "5F Abreeza Corporate Center, J.P. Laurel Ave"}),
            "address",
        ),
        (
            "/trainers",
            json!({"name": "Rogelio Bautista", "credentials": "CKA"}),
            json!({"credentials": "CKA, CKS"}),
            "credentials",
        ),
    ] {
        let made = post(&app, path, &bearer, new.clone()).await;
        assert_eq!(made.status, 201, "{path}: {}", made.json());
        let id = made.json()["id"].as_i64().unwrap();
        assert_eq!(
            made.headers["location"].to_str().unwrap(),
            format!("/api/v1{path}/{id}")
        );
        assert_eq!(made.json()["name"], new["name"]);
        let member = format!("{path}/{id}");
        let read = get(&app, &member, &bearer).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.json(), made.json());
        assert_eq!(read.etag(), made.etag());
        let listed = get(&app, &format!("{path}?limit=200"), &bearer).await;
        assert!(listed.json()["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["id"] == id));

        // A change based on the current ETag is made; the same ETag again is 412.
        let changed = patch(
            &app,
            &member,
            &bearer,
            change.clone(),
            &[("if-match", &read.etag())],
        )
        .await;
        assert_eq!(changed.status, 200, "{path}: {}", changed.json());
        assert_eq!(changed.json()[changed_field], change[changed_field]);
        assert_eq!(
            changed.json()["name"],
            new["name"],
            "a field left out stays"
        );
        let stale = patch(
            &app,
            &member,
            &bearer,
            json!({"name": "Lost update"}),
            &[("if-match", &read.etag())],
        )
        .await;
        assert_eq!(stale.status, 412, "{path}: {}", stale.json());
        let stale_delete = delete(&app, &member, &bearer, &[("if-match", &read.etag())]).await;
        assert_eq!(stale_delete.status, 412);
        assert_eq!(
            get(&app, &member, &bearer).await.json()["name"],
            new["name"]
        );

        let deleted = delete(&app, &member, &bearer, &[("if-match", &changed.etag())]).await;
        assert_eq!(deleted.status, 204, "{path}: {}", deleted.json());
        assert_eq!(get(&app, &member, &bearer).await.status, 404);
        assert_eq!(delete(&app, &member, &bearer, &[]).await.status, 404);
    }
    // Audited as the dashboard audits them, as the token's owner.
    for action in [
        "category.created",
        "category.updated",
        "category.deleted",
        "venue.created",
        "venue.updated",
        "venue.deleted",
        "trainer.created",
        "trainer.updated",
        "trainer.deleted",
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id \
                 WHERE a.action = '{action}' AND u.email = 'catalog-sync@example.com'"
            ))
            .await,
            1,
            "{action}"
        );
    }
}

#[tokio::test]
async fn refusals_name_the_field_or_what_still_uses_the_record() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:read catalog:write").await;
    let taken_slug = app
        .text("SELECT slug FROM categories ORDER BY id LIMIT 1")
        .await
        .unwrap();
    let taken = post(
        &app,
        "/categories",
        &bearer,
        json!({"name": "Something new", "slug": taken_slug}),
    )
    .await;
    assert_eq!(taken.status, 409, "{}", taken.json());
    assert_eq!(taken.problem_type(), "already-exists");
    assert_eq!(taken.pointer(), "/slug");

    for (path, body, pointer) in [
        (
            "/categories",
            json!({"name": "Bad slug", "slug": "Not A Slug"}),
            "/slug",
        ),
        (
            "/categories",
            json!({"name": "  ", "slug": "blank-name"}),
            "/name",
        ),
        ("/categories", json!({"slug": "no-name"}), "/name"),
        (
            "/venues",
            json!({"name": "No address", "city": "Cebu City", "address": ""}),
            "/address",
        ),
        ("/trainers", json!({"name": "x".repeat(121)}), "/name"),
        (
            "/trainers",
            json!({"name": "Ana", "colour": "red"}),
            "/colour",
        ),
        ("/trainers", json!({"name": " Ana Reyes"}), "/name"),
        ("/trainers", json!({"name": "Ana\tReyes"}), "/name"),
        (
            "/venues",
            json!({"name": 3, "city": "Cebu City", "address": "IT Park"}),
            "/name",
        ),
    ] {
        let refused = post(&app, path, &bearer, body.clone()).await;
        assert_eq!(refused.status, 422, "{body}: {}", refused.json());
        assert_eq!(refused.pointer(), pointer, "{body}");
    }
    let venue = app.count("SELECT id FROM venues ORDER BY id LIMIT 1").await;
    let emptied = patch(
        &app,
        &format!("/venues/{venue}"),
        &bearer,
        json!({"city": ""}),
        &[],
    )
    .await;
    assert_eq!(emptied.status, 422);
    assert_eq!(emptied.pointer(), "/city");

    // A field that is not valid is named before If-Match is compared.
    let category = app
        .count("SELECT id FROM categories ORDER BY id LIMIT 1")
        .await;
    let bad_slug = patch(
        &app,
        &format!("/categories/{category}"),
        &bearer,
        json!({"slug": "Bad Slug"}),
        &[("if-match", "\"stale\"")],
    )
    .await;
    assert_eq!(bad_slug.status, 422, "{}", bad_slug.json());
    assert_eq!(bad_slug.pointer(), "/slug");

    // A venue that runs are held at stays, and says how many.
    let used_venue = app
        .count("SELECT venue_id FROM course_runs WHERE venue_id IS NOT NULL ORDER BY id LIMIT 1")
        .await;
    let runs_there = app
        .count(&format!(
            "SELECT COUNT(*) FROM course_runs WHERE venue_id = {used_venue}"
        ))
        .await;
    let kept = delete(&app, &format!("/venues/{used_venue}"), &bearer, &[]).await;
    assert_eq!(kept.status, 409, "{}", kept.json());
    assert_eq!(kept.problem_type(), "in-use");
    assert!(
        kept.json()["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("{runs_there} run")),
        "{}",
        kept.json()
    );
    assert_eq!(
        get(&app, &format!("/venues/{used_venue}"), &bearer)
            .await
            .json()["runs"],
        runs_there
    );

    // Scopes: reading needs catalog:read, writing catalog:write.
    let reader = token(&app, "catalog:read").await;
    assert_eq!(get(&app, "/trainers", &reader).await.status, 200);
    let write = post(&app, "/trainers", &reader, json!({"name": "Not allowed"})).await;
    assert_eq!(write.status, 403);
    assert_eq!(write.problem_type(), "missing-scope");
    let other = token(&app, "users:read").await;
    assert_eq!(get(&app, "/venues", &other).await.status, 403);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM trainers WHERE name = 'Not allowed'")
            .await,
        0
    );
}

#[tokio::test]
async fn pages_neither_repeat_nor_skip_a_venue_added_between_them() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:read catalog:write").await;
    let before = app.count("SELECT COUNT(*) FROM venues").await;
    assert!(before >= 2, "the demo catalog has venues");
    let first = get(&app, "/venues?limit=1", &bearer).await;
    assert_eq!(first.json()["data"].as_array().unwrap().len(), 1);
    let added = post(
        &app,
        "/venues",
        &bearer,
        json!({"name": "Kurso Iloilo", "city": "Iloilo City", "address": "Iloilo Business Park"}),
    )
    .await;
    assert_eq!(added.status, 201);
    let mut seen: Vec<i64> = vec![first.json()["data"][0]["id"].as_i64().unwrap()];
    let mut cursor = first.json()["next_cursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let page = get(&app, &format!("/venues?limit=1&cursor={next}"), &bearer).await;
        assert_eq!(page.status, 200, "{}", page.json());
        seen.extend(
            page.json()["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["id"].as_i64().unwrap()),
        );
        cursor = page.json()["next_cursor"].as_str().map(str::to_owned);
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen, "no venue twice");
    assert_eq!(
        seen.len() as i64,
        before + 1,
        "none skipped, the new one last"
    );
    assert_eq!(*seen.last().unwrap(), added.json()["id"].as_i64().unwrap());
}

#[tokio::test]
async fn a_retried_post_makes_one_category_and_the_catalog_shows_a_rename_at_once() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:read catalog:write").await;
    let body = json!({"name": "Data engineering", "slug": "data-engineering"}).to_string();
    let send_once = || {
        send(
            &app,
            reqwest::Method::POST,
            "/categories",
            &bearer,
            Some(&body),
            &[("idempotency-key", "category-data-engineering-1")],
        )
    };
    let first = send_once().await;
    let retry = send_once().await;
    assert_eq!(first.status, 201, "{}", first.json());
    assert_eq!(retry.status, 201);
    assert_eq!(retry.json(), first.json());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM categories WHERE slug = 'data-engineering'")
            .await,
        1
    );

    // The public catalog (cached) shows a category's new name at once.
    let (category, name) = {
        let id = app
            .count("SELECT category_id FROM courses WHERE is_published = TRUE ORDER BY id LIMIT 1")
            .await;
        (
            id,
            app.text(&format!("SELECT name FROM categories WHERE id = {id}"))
                .await
                .unwrap(),
        )
    };
    let (_, page) = app.get_html("/courses").await;
    assert!(page.contains(&name), "the catalog names {name}");
    let renamed = patch(
        &app,
        &format!("/categories/{category}"),
        &bearer,
        json!({"name": "Cloud & DevOps (renamed)"}),
        &[],
    )
    .await;
    assert_eq!(renamed.status, 200, "{}", renamed.json());
    let (_, page) = app.get_html("/courses").await;
    assert!(
        page.contains("Cloud &amp; DevOps (renamed)"),
        "the cache was dropped"
    );
}
