//! The enquiry form: what it accepts, how it treats bots and floods, and that
//! the sender's personal data never reaches the database readable.

use kurso::contact::store;
use kurso::crypto::{key_id_of, DataKeys};

use crate::accounts::{admin, learner};
use crate::helpers::{spawn_app_with, TestApp, TestOptions};

const NAME: &str = "Marisol Dimaculangan";
const EMAIL: &str = "marisol.dimaculangan@example.ph";
const MESSAGE: &str = "We are twelve developers in Cebu and want the Kubernetes course in March.";

pub(crate) async fn contact_app(env: Vec<(&'static str, String)>) -> TestApp {
    let app = spawn_app_with(TestOptions {
        env,
        ..TestOptions::default()
    })
    .await;
    kurso::catalog::seed::seed_demo_catalog(
        &app.db,
        crate::catalog::now(),
        chrono_tz::Asia::Manila,
    )
    .await
    .expect("seed")
    .expect("an empty database gets the demo catalog");
    app
}

/// A render time a minute ago: the form was filled in at a person's pace.
fn a_minute_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(1))
        .timestamp_millis()
        .to_string()
}

fn enquiry<'a>(shown_at: &'a str, website: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("name", NAME),
        ("email", "  Marisol.Dimaculangan@Example.PH "),
        ("phone", "0917 555 0142"),
        ("company", "Visayas Software Guild"),
        ("topic", "course:kubernetes-administration"),
        ("mode", "city:Cebu City"),
        ("message", MESSAGE),
        ("consent", "yes"),
        ("website", website),
        ("shown_at", shown_at),
    ]
}

/// Every value the enquiries table holds, as text, with binary columns in hex.
async fn stored_rows(app: &TestApp) -> String {
    let sql = match app.db.backend() {
        kurso::db::Backend::Sqlite => {
            "SELECT group_concat(topic || preferred_mode || company || hex(name_sealed) \
             || hex(email_sealed) || COALESCE(hex(phone_sealed), '') || hex(message_sealed) \
             || hex(email_index) || spam_reason, '|') FROM enquiries"
        }
        // Bytes appear in JSON as \x followed by hex.
        kurso::db::Backend::Postgres => {
            "SELECT string_agg(row_to_json(e)::text, '|') FROM enquiries e"
        }
    };
    app.text(sql).await.unwrap_or_default().to_lowercase()
}

/// The SQLite database's files, byte for byte (the WAL too, where new rows land first).
fn sqlite_files(app: &TestApp) -> Vec<u8> {
    let path = app
        .database_url()
        .trim_start_matches("sqlite://")
        .to_owned();
    let mut bytes = Vec::new();
    for file in [path.clone(), format!("{path}-wal")] {
        if let Ok(content) = std::fs::read(&file) {
            bytes.extend(content);
        }
    }
    assert!(!bytes.is_empty(), "no database file at {path}");
    bytes
}

fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

#[tokio::test]
async fn an_enquiry_is_stored_sealed_and_mails_the_sender_and_every_admin() {
    let app = contact_app(vec![]).await;
    admin(&app, "head.trainer@example.com").await;
    let visitor = app.browser();

    let form = visitor
        .get("/contact?course=kubernetes-administration")
        .await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains(r#"<option value="course:kubernetes-administration" selected"#),
        "the course asked about is preselected"
    );
    assert!(html.contains(r#"name="shown_at""#) && html.contains(r#"name="website""#));
    assert!(
        html.contains("Cebu City"),
        "cities with a venue are offered"
    );

    let shown_at = a_minute_ago();
    let sent = visitor
        .post("/api/contact/enquiry", &enquiry(&shown_at, ""))
        .await;
    assert!(
        sent.status().is_success() || sent.status().is_redirection(),
        "{}",
        sent.status()
    );

    assert_eq!(
        app.count("SELECT COUNT(*) FROM enquiries WHERE status = 'new'")
            .await,
        1
    );
    let rows = stored_rows(&app).await;
    assert!(rows.contains("cebu city"), "the table was read: {rows}");
    let files = match app.db.backend() {
        kurso::db::Backend::Sqlite => sqlite_files(&app).to_ascii_lowercase(),
        kurso::db::Backend::Postgres => Vec::new(),
    };
    for secret in [
        NAME,
        "Dimaculangan",
        EMAIL,
        "marisol",
        "9175550142",
        "twelve developers",
    ] {
        let (lower, as_hex) = (secret.to_lowercase(), hex(secret));
        assert!(
            !rows.contains(&lower) && !rows.contains(&as_hex),
            "{secret} is stored readable"
        );
    }
    // The address is in the file once, as the outbox's recipient of the
    // confirmation; the name, phone and message nowhere.
    for secret in [NAME, "9175550142", "twelve developers"] {
        let secret = secret.to_lowercase();
        assert!(
            !files
                .windows(secret.len())
                .any(|window| window == secret.as_bytes()),
            "{secret} is in the database file"
        );
    }
    let id = app.count("SELECT id FROM enquiries").await;
    let opened = store::personal_data(&app.db, &app.state.data_keys, id)
        .await
        .unwrap()
        .expect("the enquiry");
    assert_eq!(opened.name, NAME);
    assert_eq!(opened.email, EMAIL, "the address is normalised");
    assert_eq!(
        opened.phone.as_deref(),
        Some("+639175550142"),
        "the phone is E.164"
    );
    assert_eq!(opened.message, MESSAGE);
    assert_eq!(
        app.text("SELECT preferred_mode FROM enquiries")
            .await
            .as_deref(),
        Some("In person, Cebu City")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enquiries e JOIN courses c ON c.id = e.course_id WHERE c.slug = 'kubernetes-administration'").await,
        1
    );

    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM outbox WHERE recipient = '{EMAIL}'"
        ))
        .await,
        1,
        "the sender's confirmation"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'head.trainer@example.com' AND subject LIKE 'New enquiry about Kubernetes%'").await,
        1,
        "every active admin hears of it"
    );
    for secret in [NAME, "9175550142", "twelve developers"] {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%{secret}%' OR subject LIKE '%{secret}%'")).await,
            0,
            "the emails repeat nothing the sender wrote: {secret}"
        );
    }

    assert_eq!(
        store::ids_by_email(
            &app.db,
            &app.state.data_keys,
            "MARISOL.dimaculangan@example.ph"
        )
        .await
        .unwrap(),
        vec![id],
        "found by its keyed hash, whatever the case"
    );
    assert!(
        store::ids_by_email(&app.db, &app.state.data_keys, "someone@example.ph")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_enquiries_get_field_errors_and_keep_what_was_typed() {
    let app = contact_app(vec![]).await;
    let shown_at = a_minute_ago();
    let long = "x".repeat(5001);
    let response = app
        .browser()
        .post(
            "/api/contact/enquiry",
            &[
                ("name", " "),
                ("email", "marisol@"),
                ("phone", "call me maybe"),
                ("topic", "course:no-such-course"),
                ("mode", "city:Atlantis"),
                ("message", &long),
                ("shown_at", &shown_at),
            ],
        )
        .await;

    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    let errors = &body["Invalid"];
    for field in [
        "name", "email", "phone", "topic", "mode", "message", "consent",
    ] {
        assert!(errors["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(errors["values"]["email"], "marisol@");
    assert_eq!(errors["values"]["phone"], "call me maybe");
    assert_eq!(
        errors["values"]["message"].as_str().map(str::len),
        Some(5001)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM enquiries").await, 0);

    let short = app
        .browser()
        .post(
            "/api/contact/enquiry",
            &[
                ("name", NAME),
                ("email", EMAIL),
                ("topic", "other"),
                ("message", "hi"),
                ("consent", "yes"),
                ("shown_at", &shown_at),
            ],
        )
        .await;
    assert_eq!(short.status(), 422);
    let body: serde_json::Value = short.json().await.unwrap();
    assert!(
        body["Invalid"]["fields"]["message"]
            .as_str()
            .unwrap()
            .contains("at least"),
        "{body}"
    );
    assert!(body["Invalid"]["fields"]["consent"].is_null(), "{body}");
}

#[tokio::test]
async fn a_bot_is_thanked_like_a_person_and_its_enquiry_kept_as_spam_without_emails() {
    let app = contact_app(vec![]).await;
    admin(&app, "head.trainer@example.com").await;
    let outbox_before = app.count("SELECT COUNT(*) FROM outbox").await;
    let person = app
        .browser()
        .post("/api/contact/enquiry", &enquiry(&a_minute_ago(), ""))
        .await;

    let just_now = chrono::Utc::now().timestamp_millis().to_string();
    for (shown_at, website, reason) in [
        (
            a_minute_ago(),
            "https://cheap-pills.example",
            "hidden field filled in",
        ),
        (just_now, "", "form sent faster than a person types"),
        (String::new(), "", "form sent without its render time"),
    ] {
        let bot = app
            .browser()
            .post("/api/contact/enquiry", &enquiry(&shown_at, website))
            .await;
        assert_eq!(
            bot.status(),
            person.status(),
            "{reason}: the same answer as a person"
        );
        assert_eq!(
            bot.headers().get("location"),
            person.headers().get("location"),
            "{reason}"
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM enquiries WHERE status = 'spam' AND spam_reason = '{reason}'"
            ))
            .await,
            1,
            "{reason}: kept, marked spam"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM enquiries").await, 4);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox").await - outbox_before,
        2,
        "only the person's enquiry sends its two emails"
    );
}

#[tokio::test]
async fn a_flood_from_one_address_is_answered_429_with_a_readable_page() {
    let app = contact_app(vec![("KURSO_ENQUIRIES_PER_IP_PER_HOUR", "2".to_owned())]).await;
    let shown_at = a_minute_ago();
    let visitor = app.browser();
    for _ in 0..2 {
        let sent = visitor
            .post("/api/contact/enquiry", &enquiry(&shown_at, ""))
            .await;
        assert!(sent.status().as_u16() < 400, "{}", sent.status());
    }

    let refused = visitor
        .post("/api/contact/enquiry", &enquiry(&shown_at, ""))
        .await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((60..=3600).contains(&wait), "{wait}");

    let page = visitor
        .client
        .post(format!("{}/api/contact/enquiry", app.address))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .form(&enquiry(&shown_at, ""))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 429);
    assert!(
        page.text().await.unwrap().contains("Too many attempts"),
        "a readable page"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enquiries").await,
        2,
        "nothing stored past the limit"
    );
}

#[tokio::test]
async fn rotating_the_data_key_reseals_every_enquiry_and_it_still_opens() {
    let old = DataKeys::generate();
    let app = contact_app(vec![("KURSO_DATA_KEY", old.clone())]).await;
    let shown_at = a_minute_ago();
    for _ in 0..3 {
        app.browser()
            .post("/api/contact/enquiry", &enquiry(&shown_at, ""))
            .await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM enquiries").await, 3);

    let new = DataKeys::generate();
    let during = DataKeys::parse(&format!("2:{new},1:{old}")).unwrap();
    let now = chrono::Utc::now();
    assert_eq!(store::reseal_all(&app.db, &during, now).await.unwrap(), 3);
    assert_eq!(
        store::reseal_all(&app.db, &during, now).await.unwrap(),
        0,
        "nothing left to do"
    );

    let after = DataKeys::parse(&format!("2:{new}")).unwrap();
    for id in 1..=3 {
        let opened = store::personal_data(&app.db, &after, id)
            .await
            .unwrap()
            .expect("enquiry");
        assert_eq!(opened.message, MESSAGE, "opens with the new key alone");
        let sealed: Vec<u8> = match &app.db {
            kurso::db::Database::Sqlite(pool) => {
                sqlx::query_scalar("SELECT message_sealed FROM enquiries WHERE id = $1")
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
            kurso::db::Database::Postgres(pool) => {
                sqlx::query_scalar("SELECT message_sealed FROM enquiries WHERE id = $1")
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(key_id_of(&sealed), Some(2));
    }
    assert_eq!(
        store::ids_by_email(&app.db, &after, EMAIL)
            .await
            .unwrap()
            .len(),
        3,
        "re-hashed too"
    );

    let old_only = DataKeys::parse(&old).unwrap();
    assert!(
        store::personal_data(&app.db, &old_only, 1).await.is_err(),
        "the old key alone no longer opens anything"
    );
}

#[tokio::test]
async fn course_pages_and_their_runs_ask_about_the_course() {
    let app = contact_app(vec![]).await;
    let (status, html) = app.get_html("/courses/kubernetes-administration").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"href="/contact?course=kubernetes-administration""#),
        "{html}"
    );
    assert!(html.contains("Ask about this course"));
    let (status, thanks) = app.get_html("/contact/thank-you").await;
    assert_eq!(status, 200);
    assert!(thanks.contains("Thank you for your enquiry"));
}

#[tokio::test]
async fn admins_read_the_inbox_opened_and_nobody_else_can() {
    let app = contact_app(vec![]).await;
    let boss = admin(&app, "head.trainer@example.com").await;
    let shown_at = a_minute_ago();
    app.browser()
        .post("/api/contact/enquiry", &enquiry(&shown_at, ""))
        .await;
    app.browser()
        .post(
            "/api/contact/enquiry",
            &enquiry(&shown_at, "filled by a bot"),
        )
        .await;
    let id = app
        .count("SELECT id FROM enquiries WHERE status = 'new'")
        .await;

    let (status, list) = {
        let response = boss.get("/admin/enquiries").await;
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        list.contains(NAME) && list.contains(EMAIL),
        "the sender, opened"
    );
    assert!(
        list.contains("New (1)") && list.contains("Spam (1)"),
        "counts by status"
    );
    assert!(list.contains(&format!(r#"href="/admin/enquiries/{id}""#)));

    let found = boss
        .get("/admin/enquiries?email=MARISOL.Dimaculangan%40example.ph")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        found.matches("data-enquiry=").count(),
        2,
        "both of the sender's enquiries"
    );
    let nobody = boss
        .get("/admin/enquiries?email=nobody%40example.ph")
        .await
        .text()
        .await
        .unwrap();
    assert!(nobody.contains("No enquiries here"));

    let page = boss.get(&format!("/admin/enquiries/{id}")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains(MESSAGE)
            && page.contains("+639175550142")
            && page.contains("Kubernetes Administration")
    );
    assert_eq!(boss.get("/admin/enquiries/999999").await.status(), 404);

    let learner = learner(&app, "ana@example.com").await;
    for path in ["/api/admin/enquiries", "/api/admin/enquiry"] {
        for caller in [&learner, &app.browser()] {
            let refused = caller
                .post(
                    path,
                    &[("status", "new"), ("email", ""), ("id", &id.to_string())],
                )
                .await;
            assert!(
                matches!(refused.status().as_u16(), 401 | 403),
                "{path}: {}",
                refused.status()
            );
            assert!(!refused.text().await.unwrap().contains(NAME));
        }
    }
}
