//! The public catalog on the demo data: search, filters, pages, course pages,
//! the schedule, calendar files, and the cache in front of them.

use chrono::{DateTime, TimeZone, Utc};
use kurso::catalog::seed::seed_demo_catalog;
use kurso::catalog::{CatalogResults, CourseDetail, ScheduleResults};
use kurso::clock::Clock;

use crate::helpers::{spawn_app_with, TestApp, TestOptions};

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 4, 0, 0).unwrap()
}

async fn seeded_app() -> TestApp {
    seeded_app_with(Vec::new()).await
}

pub(crate) async fn seeded_app_with(env: Vec<(&'static str, String)>) -> TestApp {
    let app = spawn_app_with(TestOptions {
        clock: Clock::fixed(now()),
        env,
        ..TestOptions::default()
    })
    .await;
    seed_demo_catalog(&app.db, now(), chrono_tz::Asia::Manila)
        .await
        .expect("seed")
        .expect("an empty database gets the demo catalog");
    app
}

async fn search(app: &TestApp, query: &str) -> CatalogResults {
    let response = app
        .browser()
        .post("/api/catalog/search", &[("query", query)])
        .await;
    assert_eq!(response.status(), 200, "catalog search {query:?}");
    response.json().await.expect("catalog results as JSON")
}

fn titles(results: &CatalogResults) -> Vec<String> {
    results
        .courses
        .iter()
        .map(|course| course.title.clone())
        .collect()
}

#[tokio::test]
async fn the_demo_catalog_is_what_a_philippine_training_provider_offers() {
    let app = seeded_app().await;

    assert!(
        app.count("SELECT COUNT(*) FROM courses WHERE is_published = TRUE")
            .await
            >= 40
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM categories").await, 8);
    assert_eq!(app.count("SELECT COUNT(*) FROM trainers").await, 10);
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT city) FROM venues").await,
        2
    );
    let runs = app
        .count("SELECT COUNT(*) FROM course_runs WHERE status = 'scheduled'")
        .await;
    assert!(runs >= 150, "{runs} runs");
    for city in ["Makati", "Taguig", "Ortigas", "Cebu City"] {
        let sql = format!("SELECT COUNT(*) FROM venues WHERE address LIKE '%{city}%'");
        assert_eq!(app.count(&sql).await, 1, "a venue in {city}");
    }
    assert!(
        app.count("SELECT COUNT(*) FROM course_runs WHERE mode = 'online' AND venue_id IS NULL")
            .await
            > 0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM course_runs WHERE mode = 'in_person' AND venue_id IS NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn full_text_search_finds_a_word_that_is_only_in_a_course_outline() {
    let app = seeded_app().await;

    let results = search(&app, "q=CloudHSM").await;

    assert_eq!(titles(&results), ["AWS Security Specialty"]);
    assert_eq!(results.total, 1);
}

#[tokio::test]
async fn courses_with_the_words_in_their_title_rank_first() {
    let app = seeded_app().await;

    let results = search(&app, "q=security").await;

    let titles = titles(&results);
    let first_without = titles
        .iter()
        .position(|t| !t.to_lowercase().contains("secur"));
    let last_with = titles
        .iter()
        .rposition(|t| t.to_lowercase().contains("secur"));
    assert!(titles.len() > 3, "{titles:?}");
    if let (Some(first_without), Some(last_with)) = (first_without, last_with) {
        assert!(last_with < first_without, "title matches first: {titles:?}");
    }
}

#[tokio::test]
async fn search_words_are_never_read_as_query_syntax() {
    let app = seeded_app().await;

    for query in [
        "q=%22",
        "q=NEAR(",
        "q=a%20OR%20*",
        "q=%27%3B--",
        "q=title%3A",
    ] {
        let results = search(&app, query).await;
        assert!(results.total >= 0, "{query} answered");
    }
}

#[tokio::test]
async fn filters_by_category_mode_city_month_and_price_return_only_matching_courses() {
    let app = seeded_app().await;

    let cloud = search(&app, "category=cloud").await;
    let expected = app
        .count("SELECT COUNT(*) FROM courses c JOIN categories k ON k.id = c.category_id WHERE k.slug = 'cloud'")
        .await;
    assert_eq!(cloud.total, expected);

    let cebu = search(&app, "city=Cebu+City").await;
    let expected = app
        .count(
            "SELECT COUNT(DISTINCT r.course_id) FROM course_runs r JOIN venues v ON v.id = r.venue_id
             WHERE v.city = 'Cebu City' AND r.status = 'scheduled'",
        )
        .await;
    assert!(expected > 0);
    assert_eq!(cebu.total, expected);

    let online = search(&app, "mode=online").await;
    let expected = app
        .count("SELECT COUNT(DISTINCT course_id) FROM course_runs WHERE mode = 'online' AND status = 'scheduled'")
        .await;
    assert_eq!(online.total, expected);

    // An online run has no city, so both together match nothing; the page says what to change.
    let none = search(&app, "city=Cebu+City&mode=online").await;
    assert_eq!(none.total, 0);

    let cheap = search(&app, "max_price=10000&sort=price").await;
    assert!(cheap.total > 0);
    assert!(cheap.courses.iter().all(|c| {
        let pesos: i64 = c
            .price
            .trim_start_matches('₱')
            .replace(',', "")
            .parse()
            .unwrap();
        pesos <= 10_000
    }));

    let month = search(&app, "month=2027-01").await;
    let expected = app
        .count(
            "SELECT COUNT(DISTINCT course_id) FROM course_runs WHERE status = 'scheduled'
             AND starts_at >= '2026-12-31T16:00:00+00:00' AND starts_at < '2027-01-31T16:00:00+00:00'",
        )
        .await;
    assert_eq!(month.total, expected, "January in Manila time");
}

#[tokio::test]
async fn paging_through_every_sort_order_shows_each_course_exactly_once() {
    let app = seeded_app().await;
    let published = app
        .count("SELECT COUNT(*) FROM courses WHERE is_published = TRUE")
        .await as usize;

    for sort in ["soonest", "title", "price", "price-desc"] {
        let first = search(&app, &format!("sort={sort}")).await;
        let mut seen: Vec<String> = Vec::new();
        for page in 1..=first.page_count {
            let results = search(&app, &format!("sort={sort}&page={page}")).await;
            seen.extend(results.courses.iter().map(|c| c.slug.clone()));
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            seen.len(),
            "no duplicates when sorted by {sort}"
        );
        assert_eq!(seen.len(), published, "no gaps when sorted by {sort}");
    }
}

#[tokio::test]
async fn bad_filter_values_are_reported_not_fatal() {
    let app = seeded_app().await;

    let results = search(&app, "mode=teleport&min_price=cheap&page=-3").await;

    assert_eq!(results.problems.len(), 3, "{:?}", results.problems);
    assert!(results.total >= 40);
    let (status, html) = app.get_html("/courses?mode=teleport").await;
    assert_eq!(status, 200);
    assert!(html.contains("Delivery must be online or in person."));
}

#[tokio::test]
async fn drafts_are_invisible_to_visitors_everywhere() {
    let app = seeded_app().await;
    app.execute("UPDATE courses SET is_published = FALSE WHERE code = 'CCNA'")
        .await;
    let run_id = app
        .count("SELECT MIN(r.id) FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE c.code = 'CCNA'")
        .await;
    app.state.caches.invalidate(&kurso::cache::Change::Catalog);

    assert!(!titles(&search(&app, "q=ccna").await).contains(&"Cisco CCNA".to_owned()));
    let (status, _) = app.get_html("/courses/cisco-ccna").await;
    assert_eq!(status, 404);
    let response = app
        .browser()
        .post("/api/catalog/course", &[("slug", "cisco-ccna")])
        .await;
    assert_eq!(response.status(), 404);
    let ics = app
        .get(&format!("/courses/cisco-ccna/runs/{run_id}.ics"))
        .await;
    assert_eq!(ics.status(), 404);
    let (_, schedule) = app.get_html("/schedule").await;
    assert!(!schedule.contains("Cisco CCNA"));
}

#[tokio::test]
async fn a_course_page_has_what_a_buyer_needs_and_schema_org_data() {
    let app = seeded_app().await;

    let (status, html) = app.get_html("/courses/aws-security-specialty").await;

    assert_eq!(status, 200);
    for text in [
        "<title>AWS Security Specialty | Kurso</title>",
        "Upcoming runs",
        "Course outline",
        "Data protection with KMS and CloudHSM",
        "Prerequisites",
        "₱38,500",
        "3 days (24 hours)",
        "AWS Certified Security – Specialty (Amazon Web Services)",
        "Related trainings",
        "more to confirm",
        r#""@type":"Course""#,
        r#""courseCode":"AWS-SEC""#,
    ] {
        assert!(html.contains(text), "course page shows {text:?}");
    }
    let response = app
        .browser()
        .post("/api/catalog/course", &[("slug", "aws-security-specialty")])
        .await;
    let course: CourseDetail = response.json().await.unwrap();
    assert!(!course.runs.is_empty());
    assert!(course
        .related
        .iter()
        .all(|r| r.slug != "aws-security-specialty"));
    assert!(course.related.len() == 3, "{:?}", course.related);
}

#[tokio::test]
async fn a_run_downloads_as_an_icalendar_file_in_utc() {
    let app = seeded_app().await;
    let run_id = app
        .count("SELECT MIN(r.id) FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE c.code = 'PY-101'")
        .await;
    let starts = app
        .text(&format!(
            "SELECT CAST(starts_at AS TEXT) FROM course_runs WHERE id = {run_id}"
        ))
        .await
        .unwrap();

    let response = app
        .get(&format!(
            "/courses/python-programming-fundamentals/runs/{run_id}.ics"
        ))
        .await;

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let body = response.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(body.contains("SUMMARY:Python Programming Fundamentals"));
    // Runs start at 9:00 in Manila, which is 01:00 UTC.
    assert!(body.contains("T010000Z\r\n"), "{body}\n(starts {starts})");
    let wrong_course = app
        .get(&format!("/courses/cisco-ccna/runs/{run_id}.ics"))
        .await;
    assert_eq!(wrong_course.status(), 404);
    assert_eq!(
        app.get("/courses/cisco-ccna/runs/abc.ics").await.status(),
        404
    );
}

#[tokio::test]
async fn the_schedule_groups_runs_by_month_and_filters_by_city_and_mode() {
    let app = seeded_app().await;

    let all: ScheduleResults = app
        .browser()
        .post("/api/catalog/schedule", &[("query", "")])
        .await
        .json()
        .await
        .unwrap();
    let cebu: ScheduleResults = app
        .browser()
        .post("/api/catalog/schedule", &[("query", "city=Cebu+City")])
        .await
        .json()
        .await
        .unwrap();

    let scheduled = "SELECT COUNT(*) FROM course_runs r JOIN courses c ON c.id = r.course_id
         LEFT JOIN venues v ON v.id = r.venue_id
         WHERE r.status = 'scheduled' AND c.is_published = TRUE";
    assert!(all.total >= 150);
    assert_eq!(all.total, app.count(scheduled).await);
    assert!(all.months.len() >= 2);
    assert_eq!(all.months[0].month, "November 2026");
    assert!(cebu.total > 0 && cebu.total < all.total);
    let in_cebu = format!("{scheduled} AND v.city = 'Cebu City'");
    assert_eq!(cebu.total, app.count(&in_cebu).await);
    assert!(cebu
        .months
        .iter()
        .flat_map(|m| &m.runs)
        .all(|run| run.place.ends_with("Cebu City")));
    let (status, html) = app.get_html("/schedule?mode=online").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#""eventAttendanceMode":"https://schema.org/OnlineEventAttendanceMode""#)
    );
    assert!(html.contains(r#""@type":"VirtualLocation""#));
    assert!(!html.contains("OfflineEventAttendanceMode"));
}

#[tokio::test]
async fn the_home_page_shows_the_demo_catalog() {
    let app = seeded_app().await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 200, "{html}");
    assert!(!html.contains("No trainings are scheduled yet"));
    assert!(html.contains("AWS Security Specialty"), "featured: {html}");
}

#[tokio::test]
async fn anonymous_pages_are_served_from_the_cache_with_a_fresh_nonce_each_time() {
    let app = seeded_app().await;

    let first = app.get("/courses?category=cloud").await;
    assert_eq!(first.headers()["x-kurso-cache"], "miss");
    let first_csp = first.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let first_body = first.text().await.unwrap();
    let second = app.get("/courses?category=cloud").await;
    assert_eq!(second.headers()["x-kurso-cache"], "hit");
    let second_csp = second.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let second_body = second.text().await.unwrap();

    assert_ne!(first_csp, second_csp, "each response has its own nonce");
    let nonce = second_csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        second_body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the new nonce"
    );
    assert_eq!(first_body.len(), second_body.len());
    assert!(app.state.caches.pages.stats().hits >= 1);
    assert!(app
        .get("/courses?category=cloud")
        .await
        .headers()
        .get("x-kurso-page-area")
        .is_none());
}

#[tokio::test]
async fn with_caching_off_nothing_is_cached() {
    let app = seeded_app_with(vec![("KURSO_CACHE_MAX_MEGABYTES", "0".into())]).await;

    app.get("/courses").await;
    let again = app.get("/courses").await;

    assert!(again.headers().get("x-kurso-cache").is_none());
    assert_eq!(app.state.caches.reads.stats().hits, 0);
}
