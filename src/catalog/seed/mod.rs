//! `kurso seed-demo`: a believable catalog on an empty database, and with
//! `--scale N`, N generated courses with five runs each for benchmarks.
//!
//! Run dates are spread over the next six months from today, at 9:00 to 17:00
//! in the site's time zone, and follow from the course's position, so two seeds
//! on the same day give the same schedule.

mod data;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::queries;
use crate::db::{on_pool, Database, Param, SqlBuilder};

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const BATCH: usize = 400;

pub struct SeedReport {
    pub courses: usize,
    pub runs: usize,
}

async fn count(db: &Database, table: &str) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) = on_pool!(db, pool => sqlx::query_as(&sql).fetch_one(pool).await)?;
    Ok(n)
}

/// Loads the demo catalog unless the database already has courses. Returns
/// `None` when it left the catalog alone.
pub async fn seed_demo_catalog(
    db: &Database,
    now: DateTime<Utc>,
    zone: Tz,
) -> anyhow::Result<Option<SeedReport>> {
    if count(db, "courses").await? > 0 {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let mut categories = SqlBuilder::new("INSERT INTO categories (slug, name, description, position, created_at, updated_at) VALUES ");
    for (index, (slug, name, description)) in data::CATEGORIES.iter().enumerate() {
        separator(&mut categories, index);
        values(
            &mut categories,
            vec![
                Param::Text(slug.to_string()),
                Param::Text(name.to_string()),
                Param::Text(description.to_string()),
                Param::Int(index as i64),
                Param::Time(now),
                Param::Time(now),
            ],
        );
    }
    categories.execute_in(&mut tx).await?;

    let mut venues =
        SqlBuilder::new("INSERT INTO venues (name, city, address, created_at, updated_at) VALUES ");
    for (index, (name, city, address)) in data::VENUES.iter().enumerate() {
        separator(&mut venues, index);
        values(
            &mut venues,
            vec![
                Param::Text(name.to_string()),
                Param::Text(city.to_string()),
                Param::Text(address.to_string()),
                Param::Time(now),
                Param::Time(now),
            ],
        );
    }
    venues.execute_in(&mut tx).await?;

    let mut trainers = SqlBuilder::new(
        "INSERT INTO trainers (name, credentials, bio, created_at, updated_at) VALUES ",
    );
    for (index, (name, credentials, bio)) in data::TRAINERS.iter().enumerate() {
        separator(&mut trainers, index);
        values(
            &mut trainers,
            vec![
                Param::Text(name.to_string()),
                Param::Text(credentials.to_string()),
                Param::Text(bio.to_string()),
                Param::Time(now),
                Param::Time(now),
            ],
        );
    }
    trainers.execute_in(&mut tx).await?;
    tx.commit().await?;

    let ids = Ids::load(db).await?;
    let courses: Vec<NewCourse> = data::COURSES
        .iter()
        .map(|course| NewCourse {
            category_id: ids.category(course.category),
            slug: slugify(course.title),
            code: course.code.to_owned(),
            title: course.title.to_owned(),
            summary: course.summary.to_owned(),
            description: describe(course.summary, course.category),
            outline: outline(course.modules),
            prerequisites: prerequisites(course.level).to_owned(),
            duration_hours: course.hours,
            level: course.level.to_owned(),
            price_centavos: course.price_pesos * 100,
            certification_name: course.certification.0.to_owned(),
            certification_vendor: course.certification.1.to_owned(),
            featured: course.featured,
        })
        .collect();
    let report = insert_courses_with_runs(db, &ids, courses, 4, now, zone).await?;
    Ok(Some(report))
}

/// Adds `count` generated courses (codes `GEN-000001`…) with five runs each.
pub async fn seed_scale(
    db: &Database,
    count: usize,
    now: DateTime<Utc>,
    zone: Tz,
) -> anyhow::Result<SeedReport> {
    const TOPICS: [&str; 16] = [
        "Kubernetes",
        "Python",
        "AWS",
        "Azure",
        "Linux",
        "Cisco",
        "SQL",
        "Security",
        "Agile",
        "Java",
        "React",
        "Power BI",
        "Terraform",
        "DevOps",
        "Networking",
        "Leadership",
    ];
    const ASPECTS: [&str; 8] = [
        "Fundamentals",
        "Administration",
        "Deep Dive",
        "for Developers",
        "Automation",
        "Troubleshooting",
        "Architecture",
        "Bootcamp",
    ];
    const WORDS: [&str; 24] = [
        "pipelines",
        "monitoring",
        "identity",
        "containers",
        "encryption",
        "routing",
        "dashboards",
        "governance",
        "testing",
        "deployment",
        "scaling",
        "incident",
        "backup",
        "compliance",
        "APIs",
        "automation",
        "analytics",
        "networks",
        "storage",
        "performance",
        "resilience",
        "migration",
        "observability",
        "workshops",
    ];
    let ids = Ids::load(db).await?;
    if ids.categories.is_empty() {
        anyhow::bail!("run `kurso seed-demo` without --scale first: generated courses need its categories, venues and trainers");
    }
    let start = count_generated(db).await?;
    let courses = (start..start + count)
        .map(|n| {
            let topic = TOPICS[n % TOPICS.len()];
            let aspect = ASPECTS[(n / TOPICS.len()) % ASPECTS.len()];
            let title = format!("{topic} {aspect} {}", n + 1);
            let words: Vec<&str> = (0..12)
                .map(|k| WORDS[(n * 7 + k * 5) % WORDS.len()])
                .collect();
            let (category, _, _) = data::CATEGORIES[n % data::CATEGORIES.len()];
            NewCourse {
                category_id: ids.category(category),
                slug: slugify(&title),
                code: format!("GEN-{:06}", n + 1),
                summary: format!("{topic} {aspect}: hands-on {} and {}.", words[0], words[1]),
                description: format!(
                    "A generated course about {topic}, covering {}.",
                    words.join(", ")
                ),
                outline: outline(&[
                    &words[2..6].join(" and "),
                    &words[6..9].join(", "),
                    "Capstone lab",
                ]),
                prerequisites: prerequisites("intermediate").to_owned(),
                duration_hours: 8 * (1 + (n % 5) as i64),
                level: ["beginner", "intermediate", "advanced"][n % 3].to_owned(),
                price_centavos: (5_000 + (n as i64 * 1_237) % 60_000) * 100,
                certification_name: String::new(),
                certification_vendor: String::new(),
                featured: false,
                title,
            }
        })
        .collect();
    insert_courses_with_runs(db, &ids, courses, 5, now, zone).await
}

async fn count_generated(db: &Database) -> sqlx::Result<usize> {
    let (n,): (i64,) = on_pool!(db, pool => sqlx::query_as("SELECT COUNT(*) FROM courses WHERE code LIKE 'GEN-%'").fetch_one(pool).await)?;
    Ok(n as usize)
}

struct NewCourse {
    category_id: Option<i64>,
    slug: String,
    code: String,
    title: String,
    summary: String,
    description: String,
    outline: String,
    prerequisites: String,
    duration_hours: i64,
    level: String,
    price_centavos: i64,
    certification_name: String,
    certification_vendor: String,
    featured: bool,
}

struct Ids {
    categories: Vec<(String, i64)>,
    venues: Vec<i64>,
    trainers: Vec<i64>,
}

impl Ids {
    async fn load(db: &Database) -> sqlx::Result<Self> {
        let categories: Vec<(String, i64)> = on_pool!(db, pool => sqlx::query_as("SELECT slug, id FROM categories ORDER BY id").fetch_all(pool).await)?;
        let venues: Vec<(i64,)> = on_pool!(db, pool => sqlx::query_as("SELECT id FROM venues ORDER BY id").fetch_all(pool).await)?;
        let trainers: Vec<(i64,)> = on_pool!(db, pool => sqlx::query_as("SELECT id FROM trainers ORDER BY id").fetch_all(pool).await)?;
        Ok(Self {
            categories,
            venues: venues.into_iter().map(|(id,)| id).collect(),
            trainers: trainers.into_iter().map(|(id,)| id).collect(),
        })
    }

    fn category(&self, slug: &str) -> Option<i64> {
        self.categories
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, id)| *id)
    }
}

async fn insert_courses_with_runs(
    db: &Database,
    ids: &Ids,
    courses: Vec<NewCourse>,
    runs_per_course: usize,
    now: DateTime<Utc>,
    zone: Tz,
) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport {
        courses: 0,
        runs: 0,
    };
    for chunk in courses.chunks(BATCH) {
        let mut tx = db.begin().await?;
        let mut insert = SqlBuilder::new(
            "INSERT INTO courses (slug, code, title, summary, description, outline, prerequisites, \
             duration_hours, level, price_centavos, currency, certification_name, certification_vendor, \
             category_id, is_published, is_featured, created_at, updated_at) VALUES ",
        );
        for (index, course) in chunk.iter().enumerate() {
            separator(&mut insert, index);
            values(
                &mut insert,
                vec![
                    Param::Text(course.slug.clone()),
                    Param::Text(course.code.clone()),
                    Param::Text(course.title.clone()),
                    Param::Text(course.summary.clone()),
                    Param::Text(course.description.clone()),
                    Param::Text(course.outline.clone()),
                    Param::Text(course.prerequisites.clone()),
                    Param::Int(course.duration_hours),
                    Param::Text(course.level.clone()),
                    Param::Int(course.price_centavos),
                    Param::Text("PHP".into()),
                    Param::Text(course.certification_name.clone()),
                    Param::Text(course.certification_vendor.clone()),
                    Param::MaybeInt(course.category_id),
                    Param::Bool(true),
                    Param::Bool(course.featured),
                    Param::Time(now),
                    Param::Time(now),
                ],
            );
        }
        insert.execute_in(&mut tx).await?;
        tx.commit().await?;
        report.courses += chunk.len();

        let codes: Vec<String> = chunk.iter().map(|c| c.code.clone()).collect();
        let course_ids = ids_of_codes(db, &codes).await?;
        let mut runs = Vec::new();
        for (course, course_id) in chunk.iter().zip(course_ids) {
            for k in 0..runs_per_course {
                runs.push(plan_run(
                    course_id as usize,
                    course_id,
                    course.duration_hours,
                    k,
                    ids,
                    now,
                    zone,
                ));
            }
        }
        for run_chunk in runs.chunks(BATCH) {
            let mut tx = db.begin().await?;
            let mut insert = SqlBuilder::new(
                "INSERT INTO course_runs (course_id, starts_at, ends_at, mode, status, venue_id, trainer_id, \
                 capacity, min_to_run, created_at, updated_at) VALUES ",
            );
            for (index, run) in run_chunk.iter().enumerate() {
                separator(&mut insert, index);
                values(&mut insert, run.clone());
            }
            insert.execute_in(&mut tx).await?;
            tx.commit().await?;
            report.runs += run_chunk.len();
        }
    }
    let mut tx = db.begin().await?;
    queries::refresh_next_runs(&mut tx, queries::NextRunsOf::All, now).await?;
    tx.commit().await?;
    Ok(report)
}

async fn ids_of_codes(db: &Database, codes: &[String]) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        let (id,): (i64,) = on_pool!(db, pool => sqlx::query_as("SELECT id FROM courses WHERE code = $1").bind(code).fetch_one(pool).await)?;
        ids.push(id);
    }
    Ok(ids)
}

/// The k-th run of a course: a weekday within the next six months, 9:00–17:00
/// local time for as many days as the course lasts; every second run online.
fn plan_run(
    seed: usize,
    course_id: i64,
    hours: i64,
    k: usize,
    ids: &Ids,
    now: DateTime<Utc>,
    zone: Tz,
) -> Vec<Param> {
    let offset_days = 5 + ((seed * 13 + k * 41) % 170) as i64;
    let days = (hours / 8).clamp(1, 5);
    let mut day = (now.with_timezone(&zone) + Duration::days(offset_days)).date_naive();
    // A run fits in one working week: start on a day that leaves room before Saturday.
    while i64::from(chrono::Datelike::weekday(&day).num_days_from_monday()) + days > 5 {
        day += Duration::days(1);
    }
    let at = |date: chrono::NaiveDate, hour: u32| {
        zone.from_local_datetime(
            &date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()),
        )
        .earliest()
        .map_or(now, |local| local.with_timezone(&Utc))
    };
    let starts = at(day, 9);
    let ends = at(day + Duration::days(days - 1), 17);
    let online = (seed + k).is_multiple_of(2);
    let venue =
        (!online && !ids.venues.is_empty()).then(|| ids.venues[(seed + k) % ids.venues.len()]);
    let trainer =
        (!ids.trainers.is_empty()).then(|| ids.trainers[(seed * 3 + k) % ids.trainers.len()]);
    vec![
        Param::Int(course_id),
        Param::Time(starts),
        Param::Time(ends),
        Param::Text(if online { "online" } else { "in_person" }.into()),
        Param::Text("scheduled".into()),
        Param::MaybeInt(venue),
        Param::MaybeInt(trainer),
        Param::Int(12 + ((seed + k) % 4) as i64 * 4),
        Param::Int(4 + ((seed + k) % 3) as i64),
        Param::Time(now),
        Param::Time(now),
    ]
}

fn separator(query: &mut SqlBuilder, index: usize) {
    if index > 0 {
        query.push(", ");
    }
}

fn values(query: &mut SqlBuilder, params: Vec<Param>) {
    query.push("(");
    for (index, param) in params.into_iter().enumerate() {
        if index > 0 {
            query.push(", ");
        }
        query.bind(param);
    }
    query.push(")");
}

pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for character in title.to_lowercase().chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

fn describe(summary: &str, category: &str) -> String {
    let delivery =
        "Every run is led live by a certified trainer, online or in our training centres in \
                    Makati, BGC, Ortigas and Cebu IT Park, with hands-on labs.";
    let audience = match category {
        "soft-skills" => "It suits team leads, engineers and anyone who works with people as much as with systems.",
        "project-management" | "itil-agile" => "It suits project managers, service owners and team leads in IT.",
        _ => "It suits IT professionals who want practical skills they can use the week after the course.",
    };
    format!("{summary}\n\n{audience}\n\n{delivery}")
}

fn outline(modules: &[&str]) -> String {
    modules
        .iter()
        .enumerate()
        .map(|(index, module)| {
            format!(
                "## Module {}: {module}\n\nLectures, demonstrations and a hands-on lab.\n",
                index + 1
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn prerequisites(level: &str) -> &'static str {
    match level {
        "beginner" => "- Comfortable using a computer and a web browser\n- No prior experience in the subject needed",
        "intermediate" => "- Six months or more of hands-on experience in the subject\n- Or the matching fundamentals course",
        _ => "- Two years or more of professional experience in the subject\n- An associate-level certification or equivalent knowledge",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(
            slugify("The 7 Habits of Highly Effective People"),
            "the-7-habits-of-highly-effective-people"
        );
        assert_eq!(
            slugify("AWS Certified Security – Specialty!"),
            "aws-certified-security-specialty"
        );
    }

    #[test]
    fn the_demo_catalog_is_big_enough_and_its_codes_and_slugs_are_unique() {
        assert!(data::COURSES.len() >= 40);
        let mut codes: Vec<_> = data::COURSES.iter().map(|c| c.code).collect();
        let mut slugs: Vec<_> = data::COURSES.iter().map(|c| slugify(c.title)).collect();
        codes.sort();
        codes.dedup();
        slugs.sort();
        slugs.dedup();
        assert_eq!(codes.len(), data::COURSES.len());
        assert_eq!(slugs.len(), data::COURSES.len());
        for course in data::COURSES {
            assert!(
                data::CATEGORIES
                    .iter()
                    .any(|(slug, _, _)| *slug == course.category),
                "{}",
                course.code
            );
        }
    }
}
