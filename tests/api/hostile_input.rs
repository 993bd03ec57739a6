//! Every server function, posted with missing, empty, oversized, mistyped and
//! hostile values, as a visitor, a learner and an admin: the answer is always a
//! 4xx (a field error is a 422), never a 5xx, and nothing the caller may not
//! change has changed afterwards.

use crate::accounts::{admin, learner};
use crate::catalog::seeded_app_with;
use crate::enrollment::{enroll_over_http, run_with_capacity};
use crate::helpers::{Browser, TestApp};

/// What goes into a field instead of a sensible value.
fn hostile_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("SQL", "' OR '1'='1' --; DROP TABLE users; --".to_owned()),
        (
            "script",
            "<script>alert(document.cookie)</script>".to_owned(),
        ),
        ("NUL", "a\0b".to_owned()),
        ("1 MB", "x".repeat(1_000_000)),
        ("negative", "-1".to_owned()),
        ("i64 min", i64::MIN.to_string()),
        ("huge", "99999999999999999999999".to_owned()),
        ("decimal", "1.5".to_owned()),
        ("boolean", "true".to_owned()),
        ("JSON", r#"{"id":1}"#.to_owned()),
        ("unicode", "Ｘ̸̢ 🚀 \u{202e}gnp.exe".to_owned()),
        ("path", "../../etc/passwd".to_owned()),
    ]
}

/// Who may call a function at all: the rest are refused before input matters.
#[derive(Clone, Copy, PartialEq)]
enum Caller {
    Anyone,
    /// Changes who is signed in (register, log in, log out): called from a
    /// browser of its own, so the role's session survives the run.
    Session,
    Learner,
    Admin,
}

struct Function {
    path: &'static str,
    caller: Caller,
    fields: Vec<(&'static str, String)>,
}

fn function(path: &'static str, caller: Caller, fields: &[(&'static str, &str)]) -> Function {
    Function {
        path,
        caller,
        fields: fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
    }
}

/// Every server function with believable values: real ids, the learner's
/// own place, a wrong current password (so none of it changes a password).
fn every_function(ids: &Ids) -> Vec<Function> {
    let (run, place, course, user, other_run) = (
        ids.run.as_str(),
        ids.place.as_str(),
        ids.course.as_str(),
        ids.learner.as_str(),
        ids.other_run.as_str(),
    );
    use Caller::*;
    // The learner's own account where a function takes a user: a learner
    // trying to promote or disable it, then an admin really doing so.
    vec![
        function("/api/catalog/search", Anyone, &[("query", "q=aws")]),
        function(
            "/api/catalog/course",
            Anyone,
            &[("slug", "aws-security-specialty")],
        ),
        function(
            "/api/catalog/schedule",
            Anyone,
            &[("query", "city=Cebu City")],
        ),
        function("/api/home/highlights", Anyone, &[]),
        function("/api/docs/reference", Anyone, &[]),
        function(
            "/api/blog/list",
            Anyone,
            &[("tag", "backend"), ("q", "developer"), ("page", "1")],
        ),
        function(
            "/api/blog/article",
            Anyone,
            &[("slug", "what-is-a-backend-developer")],
        ),
        function("/api/contact/form", Anyone, &[("course", course)]),
        function(
            "/api/contact/enquiry",
            Anyone,
            &[
                ("name", "Hostile Tester"),
                ("email", "hostile@example.com"),
                ("phone", "0917 123 4567"),
                ("company", "Hostile Inc."),
                ("topic", "private_team"),
                ("mode", "online"),
                ("message", "A message long enough to pass."),
                ("consent", "yes"),
                ("website", ""),
                ("shown_at", "0"),
            ],
        ),
        function("/api/consent", Anyone, &[("choice", "necessary")]),
        function(
            "/api/accounts/register",
            Session,
            &[
                ("name", "Hostile Tester"),
                ("email", "hostile@example.com"),
                ("password", "short"),
                ("accept_terms", "yes"),
            ],
        ),
        function(
            "/api/accounts/login",
            Session,
            &[
                ("email", "ana@example.com"),
                ("password", "wrong password"),
                ("next", "/account"),
            ],
        ),
        function("/api/accounts/logout", Session, &[]),
        function(
            "/api/accounts/forgot-password",
            Anyone,
            &[("email", "ana@example.com")],
        ),
        function(
            "/api/accounts/reset-password",
            Anyone,
            &[
                ("token", "not-a-token"),
                ("password", "a long passphrase 42"),
            ],
        ),
        function(
            "/api/accounts/verify-email",
            Anyone,
            &[("token", "not-a-token"), ("next", "/account")],
        ),
        function(
            "/api/accounts/change-password",
            Learner,
            &[
                ("current_password", "not my password"),
                ("new_password", "another long passphrase 9"),
            ],
        ),
        function(
            "/api/accounts/resend-verification",
            Learner,
            &[("next", "/account")],
        ),
        function("/api/accounts/me", Learner, &[]),
        function("/api/enrollment/choice", Learner, &[("run_id", run)]),
        function(
            "/api/enrollment/enroll",
            Learner,
            &[("run_id", other_run), ("waitlist", "yes")],
        ),
        function("/api/enrollment/mine", Learner, &[]),
        function("/api/enrollment/cancel", Learner, &[("place_id", "999999")]),
        function("/api/enrollment/claim", Learner, &[("place_id", place)]),
        function(
            "/api/enrollment/transfer-choice",
            Learner,
            &[("place_id", place)],
        ),
        function(
            "/api/enrollment/transfer",
            Learner,
            &[("place_id", place), ("to_run_id", run)],
        ),
        function("/api/enrollment/feed", Learner, &[]),
        function("/api/enrollment/feed/new", Learner, &[]),
        function("/api/enrollment/feed/off", Learner, &[]),
        function("/api/admin/overview", Admin, &[]),
        function("/api/admin/users", Admin, &[("search", "ana")]),
        function("/api/admin/api-tokens/list", Admin, &[]),
        function(
            "/api/admin/api-tokens/create",
            Admin,
            &[
                ("name", "Hostile sync"),
                ("scopes[me_read]", "on"),
                ("expires_in_days", "30"),
                ("allowed_networks", "203.0.113.0/24"),
            ],
        ),
        function("/api/admin/api-tokens/revoke", Admin, &[("id", "1")]),
        function("/api/admin/webhooks/list", Admin, &[]),
        function(
            "/api/admin/webhooks/create",
            Admin,
            &[
                ("url", "https://hr.example.com/kurso"),
                ("description", "Acme HR"),
                ("events[enrollment_created]", "on"),
            ],
        ),
        function("/api/admin/webhooks/load", Admin, &[("id", "1")]),
        function("/api/admin/webhooks/rotate", Admin, &[("id", "999999")]),
        function(
            "/api/admin/webhooks/enable",
            Admin,
            &[("id", "999999"), ("enabled", "false")],
        ),
        function("/api/admin/webhooks/delete", Admin, &[("id", "999999")]),
        function(
            "/api/admin/webhooks/resend",
            Admin,
            &[("id", "999999"), ("delivery_id", "1")],
        ),
        function("/api/account/api-tokens/list", Learner, &[]),
        function(
            "/api/account/api-tokens/create",
            Learner,
            &[
                ("name", "My script"),
                ("scopes[enrollments_write]", "on"),
                ("expires_in_days", "30"),
            ],
        ),
        function("/api/account/api-tokens/revoke", Learner, &[("id", "1")]),
        function(
            "/api/admin/users/role",
            Admin,
            &[("user_id", user), ("role", "admin")],
        ),
        function(
            "/api/admin/users/disable",
            Admin,
            &[("user_id", user), ("disabled", "true")],
        ),
        function(
            "/api/admin/outbox",
            Admin,
            &[("recipient", "ana"), ("page", "1")],
        ),
        function(
            "/api/admin/audit",
            Admin,
            &[("action", "user.login"), ("actor", "")],
        ),
        function("/api/admin/jobs", Admin, &[("status", "pending")]),
        function(
            "/api/admin/enquiries",
            Admin,
            &[("status", "spam"), ("email", "hostile@example.com")],
        ),
        function("/api/admin/enquiry", Admin, &[("id", "1")]),
        function("/api/admin/jobs/retry", Admin, &[("id", "999999")]),
        function("/api/admin/roster", Admin, &[("run_id", run)]),
        function(
            "/api/admin/roster/attendance",
            Admin,
            &[("place_id", place), ("attended", "yes")],
        ),
        function("/api/admin/roster/remove", Admin, &[("place_id", "999999")]),
        function(
            "/api/admin/roster/move",
            Admin,
            &[("place_id", "999999"), ("to_run_id", run)],
        ),
        function(
            "/api/admin/catalog/courses",
            Admin,
            &[
                ("search", "aws"),
                ("category", "cloud"),
                ("sort", "title"),
                ("page", "1"),
            ],
        ),
        function("/api/admin/catalog/course", Admin, &[("id", course)]),
        function(
            "/api/admin/catalog/course/save",
            Admin,
            &[
                ("id", "999999"),
                ("title", "T"),
                ("slug", "t"),
                ("code", "T"),
                ("summary", "S"),
                ("description", ""),
                ("outline", ""),
                ("prerequisites", ""),
                ("duration_hours", "8"),
                ("level", "beginner"),
                ("price", "1"),
                ("category_id", "1"),
                ("certification_name", ""),
                ("certification_vendor", ""),
            ],
        ),
        function(
            "/api/admin/catalog/course/delete",
            Admin,
            &[("id", "999999")],
        ),
        function(
            "/api/admin/catalog/run/save",
            Admin,
            &[
                ("id", "999999"),
                ("course_id", course),
                ("start_date", "2027-01-05"),
                ("start_time", "09:00"),
                ("end_date", "2027-01-05"),
                ("end_time", "17:00"),
                ("mode", "online"),
                ("venue_id", ""),
                ("trainer_id", ""),
                ("capacity", "10"),
                ("min_to_run", "1"),
                ("price_override", ""),
                ("status", "scheduled"),
            ],
        ),
        function("/api/admin/catalog/run/delete", Admin, &[("id", "999999")]),
        function(
            "/api/admin/posts",
            Admin,
            &[
                ("search", "backend"),
                ("status", "draft"),
                ("sort", "title"),
                ("page", "1"),
            ],
        ),
        function("/api/admin/post", Admin, &[("id", "999999")]),
        function("/api/admin/post/preview", Admin, &[("body", "## Hi")]),
        function(
            "/api/admin/post/save",
            Admin,
            &[
                ("id", "999999"),
                ("title", "T"),
                ("slug", ""),
                ("summary", "S"),
                ("body", "Text"),
                ("cover_url", ""),
                ("cover_alt", ""),
                ("author", "trainer:1"),
                ("tags", "cloud"),
                ("status", "draft"),
                ("publish_at", ""),
            ],
        ),
        function("/api/admin/post/unpublish", Admin, &[("id", "999999")]),
        function(
            "/api/accounts/change-email",
            Learner,
            &[
                ("password", "not the password"),
                ("new_email", "new@example.com"),
            ],
        ),
        function(
            "/api/accounts/confirm-email-change",
            Learner,
            &[("token", "not-a-token")],
        ),
        // An admin cannot delete their own account: the refusal is what is tried.
        function(
            "/api/privacy/delete-account",
            Admin,
            &[("password", "not the password")],
        ),
        function(
            "/api/admin/enquiry/status",
            Admin,
            &[("id", "999999"), ("status", "closed")],
        ),
        function(
            "/api/admin/enquiry/assign",
            Admin,
            &[("id", "999999"), ("assignee", "")],
        ),
        function(
            "/api/admin/enquiry/note",
            Admin,
            &[("id", "999999"), ("note", "Call back")],
        ),
        function(
            "/api/admin/enquiry/reply",
            Admin,
            &[("id", "999999"), ("message", "Thank you")],
        ),
        function("/api/admin/post/delete", Admin, &[("id", "999999")]),
        function("/api/admin/catalog/references", Admin, &[("kind", "venue")]),
        function(
            "/api/admin/catalog/references/save",
            Admin,
            &[
                ("kind", "trainer"),
                ("id", "999999"),
                ("first", "Name"),
                ("second", ""),
                ("third", ""),
            ],
        ),
        function(
            "/api/admin/catalog/references/delete",
            Admin,
            &[("kind", "trainer"), ("id", "999999")],
        ),
    ]
}

struct Ids {
    run: String,
    other_run: String,
    place: String,
    course: String,
    learner: String,
}

/// What a visitor or a learner may not change, as text to compare: the
/// catalog, every account that existed, and other people's places and feeds.
async fn protected_state(app: &TestApp, learner_id: &str, users_up_to: i64) -> Vec<String> {
    let text = |column: &str| format!("COALESCE(CAST({column} AS TEXT), '-')");
    let queries = [
        format!("SELECT {} || '|' || {} || '|' || {} || '|' || {} || '|' || {} FROM courses ORDER BY id",
            text("id"), text("slug"), text("title"), text("price_centavos"), text("is_published")),
        format!("SELECT {} || '|' || {} || '|' || {} || '|' || {} FROM course_runs ORDER BY id",
            text("id"), text("capacity"), text("status"), text("starts_at")),
        format!("SELECT {} || '|' || {} FROM categories ORDER BY id", text("id"), text("name")),
        format!("SELECT {} || '|' || {} FROM venues ORDER BY id", text("id"), text("name")),
        format!("SELECT {} || '|' || {} FROM trainers ORDER BY id", text("id"), text("name")),
        format!("SELECT {} || '|' || {} || '|' || {} || '|' || {} || '|' || {} || '|' || {} FROM users WHERE id <= {users_up_to} ORDER BY id",
            text("id"), text("email"), text("role"), text("disabled_at"), text("session_epoch"), text("password_hash")),
        format!("SELECT {} || '|' || {} FROM enrollments WHERE user_id <> {learner_id} ORDER BY id", text("id"), text("status")),
        format!("SELECT {} || '|' || {} FROM calendar_feeds WHERE user_id <> {learner_id} ORDER BY user_id", text("user_id"), text("token_hash")),
        format!("SELECT {} || '|' || {} FROM api_tokens WHERE user_id <> {learner_id} ORDER BY id", text("id"), text("revoked_at")),
    ];
    let mut rows = Vec::new();
    for sql in queries {
        let found: Vec<String> = match &app.db {
            kurso::db::Database::Sqlite(pool) => {
                sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap()
            }
            kurso::db::Database::Postgres(pool) => {
                sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap()
            }
        };
        rows.extend(found);
    }
    rows
}

/// Posts every variation of every function the caller can reach; returns the
/// failures (5xx answers), described.
async fn post_everything(
    app: &TestApp,
    as_who: &str,
    browser: &Browser,
    functions: &[Function],
    reaches: impl Fn(Caller) -> bool,
) -> Vec<String> {
    let mut failures = Vec::new();
    for function in functions.iter().filter(|function| reaches(function.caller)) {
        let mut variations: Vec<(String, Vec<(&str, String)>)> =
            vec![("as given".to_owned(), function.fields.clone())];
        for (index, (name, _)) in function.fields.iter().enumerate() {
            let mut missing = function.fields.clone();
            missing.remove(index);
            variations.push((format!("{name} missing"), missing));
            for (label, value) in hostile_values() {
                let mut changed = function.fields.clone();
                changed[index].1 = value;
                variations.push((format!("{name} {label}"), changed));
            }
        }
        for (label, form) in variations {
            let fresh;
            let sender = if function.caller == Caller::Session {
                fresh = app.browser();
                &fresh
            } else {
                browser
            };
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = sender.post(function.path, &form).await;
            let status = response.status().as_u16();
            if status >= 500 {
                let body: String = response
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect();
                failures.push(format!(
                    "{as_who} {} [{label}] → {status} {body}",
                    function.path
                ));
            }
        }
    }
    failures
}

#[tokio::test]
async fn no_input_to_any_server_function_gets_a_5xx_or_changes_what_the_caller_may_not() {
    let app = seeded_app_with(vec![
        ("KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE", "100000".to_owned()),
        ("KURSO_JOB_WORKERS", "0".to_owned()),
    ])
    .await;
    let ana = learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;
    // The admin's token (the first, id 1): a learner's revoke must not reach it.
    kurso::api::tokens::issue_from_command_line(
        &app.db,
        "boss@example.com",
        "Boss sync",
        "users:read",
        None,
        app.state.clock.now(),
    )
    .await
    .expect("token issued");
    let run = run_with_capacity(&app, 5).await;
    let other_run = app
        .count(&format!(
            "SELECT MIN(id) FROM course_runs WHERE status = 'scheduled' AND id <> {run}"
        ))
        .await;
    let ben = learner(&app, "ben@example.com").await;
    enroll_over_http(&ben, run, false).await;
    enroll_over_http(&ana, run, false).await;
    let ids = Ids {
        run: run.to_string(),
        other_run: other_run.to_string(),
        place: app
            .count(&format!("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ana@example.com' AND e.run_id = {run}"))
            .await
            .to_string(),
        course: app.count(&format!("SELECT course_id FROM course_runs WHERE id = {run}")).await.to_string(),
        learner: app.count("SELECT id FROM users WHERE email = 'ana@example.com'").await.to_string(),
    };
    let functions = every_function(&ids);
    let listed: std::collections::BTreeSet<&str> = functions.iter().map(|f| f.path).collect();
    let registered: std::collections::BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(listed, registered, "every server function is tried here");
    let users_up_to = app.count("SELECT MAX(id) FROM users").await;
    let before = protected_state(&app, &ids.learner, users_up_to).await;

    let visitor = app.browser();
    let mut failures = post_everything(&app, "visitor", &visitor, &functions, |_| true).await;
    failures.extend(
        post_everything(&app, "learner", &ana, &functions, |caller| {
            caller != Caller::Session
        })
        .await,
    );
    let after_visitor_and_learner = protected_state(&app, &ids.learner, users_up_to).await;
    failures.extend(
        post_everything(&app, "admin", &boss, &functions, |caller| {
            caller != Caller::Session
        })
        .await,
    );

    assert!(
        failures.is_empty(),
        "{} answers were 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        before, after_visitor_and_learner,
        "a visitor or learner changed what they may not"
    );
}
