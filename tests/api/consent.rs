//! The cookie banner and the choice behind it: no cookie for a visitor who only
//! reads, the choice kept in a cookie of its own (with and without JavaScript),
//! a page cached once per answer, and answers counted for the dashboard only.

use crate::accounts::admin;
use crate::blog::blog_app;
use crate::helpers::{Browser, TestApp};

/// The banner's heading, present exactly when the visitor has not chosen.
const BANNER: &str = r#"aria-labelledby="consent-title""#;

const PUBLIC_PAGES: [&str; 10] = [
    "/",
    "/courses",
    "/courses/kubernetes-administration",
    "/schedule",
    "/blog",
    "/blog/what-is-a-backend-developer",
    "/blog/tags/cloud",
    "/contact",
    "/cookies",
    "/login",
];

/// Chooses as a browser without JavaScript does: a plain form post from `page`,
/// answered with a redirect back to it.
async fn choose_without_javascript(
    app: &TestApp,
    browser: &Browser,
    page: &str,
    choice: &str,
) -> reqwest::Response {
    browser
        .client
        .post(format!("{}/api/consent", app.address))
        .header("origin", &app.address)
        .header("referer", format!("{}{page}", app.address))
        .header("accept", "text/html,application/xhtml+xml")
        .form(&[("choice", choice)])
        .send()
        .await
        .unwrap()
}

async fn page_text(browser: &Browser, path: &str) -> String {
    browser.get(path).await.text().await.unwrap()
}

#[tokio::test]
async fn a_visitor_who_only_reads_gets_no_cookie_and_the_banner_on_every_page() {
    let (app, _clock) = blog_app().await;
    for path in PUBLIC_PAGES {
        let visitor = app.browser();
        let response = visitor.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{path} set {:?}",
            response.headers().get_all("set-cookie")
        );
        assert!(
            response.text().await.unwrap().contains(BANNER),
            "{path} asks"
        );
    }
}

#[tokio::test]
async fn a_choice_without_javascript_returns_to_the_page_which_no_longer_asks() {
    let (app, _clock) = blog_app().await;
    let visitor = app.browser();

    let answer = choose_without_javascript(&app, &visitor, "/courses?q=cloud", "necessary").await;

    assert!(answer.status().is_redirection(), "{}", answer.status());
    assert_eq!(
        answer.headers()["location"].to_str().unwrap(),
        format!("{}/courses?q=cloud", app.address)
    );
    let cookies: Vec<&str> = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    assert_eq!(
        cookies,
        ["kurso_consent=necessary; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"],
        "the choice, and no session cookie"
    );

    for path in PUBLIC_PAGES {
        let response = visitor.get(path).await;
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
        assert!(
            !response.text().await.unwrap().contains(BANNER),
            "{path} asks again"
        );
    }
    assert!(page_text(&visitor, "/cookies")
        .await
        .contains("Your choice: \u{201c}Only necessary\u{201d}"));
    assert!(visitor.session_cookie().is_none());
}

#[tokio::test]
async fn the_banner_closes_for_a_choice_made_with_javascript_and_can_be_changed() {
    let (app, _clock) = blog_app().await;
    let visitor = app.browser();

    let answer = visitor.post("/api/consent", &[("choice", "all")]).await;
    assert_eq!(answer.status(), 200);
    assert!(answer.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("kurso_consent=all;"));
    assert_eq!(answer.text().await.unwrap(), r#""All""#);
    let policy = page_text(&visitor, "/cookies").await;
    assert!(!policy.contains(BANNER));
    assert!(
        policy.contains("Your choice: \u{201c}Accept all\u{201d}"),
        "{policy}"
    );

    visitor
        .post("/api/consent", &[("choice", "necessary")])
        .await;
    assert!(page_text(&visitor, "/cookies")
        .await
        .contains("Your choice: \u{201c}Only necessary\u{201d}"));
}

#[tokio::test]
async fn the_page_cache_keeps_a_page_once_with_the_banner_and_once_per_choice() {
    let (app, _clock) = blog_app().await;
    let cache = |response: &reqwest::Response| {
        response.headers()["x-kurso-cache"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let article = "/blog/what-is-a-backend-developer";

    let first = app.browser().get(article).await;
    assert_eq!(cache(&first), "miss");
    let again = app.browser().get(article).await;
    assert_eq!(cache(&again), "hit");
    assert!(again.text().await.unwrap().contains(BANNER));

    let chose = app.browser();
    chose.post("/api/consent", &[("choice", "all")]).await;
    let without_banner = chose.get(article).await;
    assert_eq!(
        cache(&without_banner),
        "miss",
        "not the copy with the banner"
    );
    assert!(!without_banner.text().await.unwrap().contains(BANNER));
    let hit = chose.get(article).await;
    assert_eq!(cache(&hit), "hit");
    assert!(!hit.text().await.unwrap().contains(BANNER));

    let newcomer = app.browser().get(article).await;
    assert_eq!(cache(&newcomer), "hit");
    assert!(
        newcomer.text().await.unwrap().contains(BANNER),
        "still asks a newcomer"
    );
}

#[tokio::test]
async fn answers_are_counted_for_the_dashboard_and_tied_to_nobody() {
    let (app, _clock) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let (ana, ben, cai) = (app.browser(), app.browser(), app.browser());

    ana.post("/api/consent", &[("choice", "all")]).await;
    ben.post("/api/consent", &[("choice", "necessary")]).await;
    choose_without_javascript(&app, &cai, "/", "all").await;
    // The same answer again is no new answer; a changed one is.
    ana.post("/api/consent", &[("choice", "all")]).await;
    ana.post("/api/consent", &[("choice", "necessary")]).await;

    let overview: serde_json::Value = boss
        .post("/api/admin/overview", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(overview["consent_accepted_all"], 2, "{overview}");
    assert_eq!(overview["consent_only_necessary"], 2, "{overview}");
    let dashboard = page_text(&boss, "/admin").await;
    assert!(
        dashboard.contains("2 accepted all, 2 only necessary (50% accepted)"),
        "{dashboard}"
    );
    // The table holds days and answers, nothing that points to a visitor.
    assert_eq!(app.count("SELECT COUNT(*) FROM consent_choices").await, 2);
    assert_eq!(
        app.text("SELECT CAST(SUM(count) AS TEXT) FROM consent_choices")
            .await
            .as_deref(),
        Some("4")
    );
}

#[tokio::test]
async fn an_answer_other_than_the_two_is_refused_and_sets_nothing() {
    let (app, _clock) = blog_app().await;
    let visitor = app.browser();

    for choice in ["yes", "", "ALL"] {
        let answer = visitor.post("/api/consent", &[("choice", choice)]).await;
        assert_eq!(answer.status(), 400, "{choice:?}");
        assert!(answer.headers().get("set-cookie").is_none());
        assert!(answer
            .text()
            .await
            .unwrap()
            .contains("cookie choice must be"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM consent_choices").await, 0);
    assert!(page_text(&visitor, "/").await.contains(BANNER));
}
