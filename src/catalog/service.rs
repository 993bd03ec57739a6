//! What the catalog server functions return, built from the queries and
//! cached: the catalog page, a course page, related courses and the schedule.
//! Server-only.

use super::summaries::{CatalogResults, CourseDetail, ScheduleResults};
use crate::errors::AppError;

/// Runs per schedule page.
const SCHEDULE_PAGE_SIZE: i64 = 60;
const RUNS_ON_COURSE_PAGE: i64 = 12;
const RELATED_COURSES: usize = 3;
use crate::catalog::filters::{decode, encode, CatalogFilters, YearMonth, PAGE_SIZE};
use crate::catalog::model::{format_duration, format_price, DeliveryMode, Level};
use crate::catalog::present::{self, run_summary};
use crate::catalog::queries::{self, CourseSearch, ScheduleFilter, SearchTerms};
use crate::catalog::summaries::{
    Choice, CourseCard, CourseListItem, FilterOptions, MonthOfRuns, TrainerSummary,
};
use crate::markdown::to_safe_html;
use crate::state::AppState;

/// The next six months in the site's time zone, for the month filter.
fn coming_months(state: &AppState) -> Vec<Choice> {
    let today = state
        .clock
        .now()
        .with_timezone(&state.settings.site.time_zone);
    let mut month = YearMonth {
        year: chrono::Datelike::year(&today),
        month: chrono::Datelike::month(&today),
    };
    (0..6)
        .map(|_| {
            let choice = Choice {
                value: month.to_string(),
                label: month.label(),
            };
            month = month.next();
            choice
        })
        .collect()
}

async fn filter_options(state: &AppState) -> Result<FilterOptions, AppError> {
    use crate::cache::ReadKey;
    let db = state.db.clone();
    let options = state
        .caches
        .reads
        .get_or_load(ReadKey::FilterOptions, || async move {
            let (categories, cities) =
                tokio::try_join!(queries::categories(&db), queries::venue_cities(&db))?;
            Ok::<_, AppError>(FilterOptions {
                categories: categories
                    .into_iter()
                    .map(|row| Choice {
                        value: row.slug,
                        label: row.name,
                    })
                    .collect(),
                cities,
                months: Vec::new(),
            })
        })
        .await?;
    Ok(FilterOptions {
        months: coming_months(state),
        ..(*options).clone()
    })
}

pub async fn catalog_page(
    state: &AppState,
    filters: CatalogFilters,
) -> Result<CatalogResults, AppError> {
    let zone = state.settings.site.time_zone;
    let starts_within = filters
        .month
        .and_then(|month| present::month_window(month, zone));
    let search = CourseSearch {
        search: SearchTerms::new(filters.search_words()),
        category_slug: filters.category.clone(),
        mode: filters.mode.map(|mode| mode.as_str().to_owned()),
        city: filters.city.clone(),
        starts_within,
        min_price_centavos: filters.min_price.map(|pesos| pesos * 100),
        max_price_centavos: filters.max_price.map(|pesos| pesos * 100),
        sort: filters.effective_sort(),
        limit: i64::from(PAGE_SIZE),
        offset: i64::from(filters.page.saturating_sub(1)) * i64::from(PAGE_SIZE),
        updated_since: None,
    };
    let now = state.clock.now();
    let ((rows, total), options) = tokio::try_join!(
        async {
            queries::search_courses(&state.db, now, &search)
                .await
                .map_err(AppError::from)
        },
        filter_options(state),
    )?;
    let courses = rows
        .into_iter()
        .map(|row| CourseListItem {
            next_run: (row.next_start < queries::no_upcoming_run()).then(|| {
                format!(
                    "Next run {}",
                    row.next_start.with_timezone(&zone).format("%a %-d %b %Y")
                )
            }),
            level: Level::from_column(&row.level)
                .map_or("", Level::label)
                .to_owned(),
            duration: format_duration(row.duration_hours),
            price: format_price(row.price_centavos, &row.currency),
            upcoming_runs: row.upcoming_runs,
            category: row.category_name,
            slug: row.slug,
            code: row.code,
            title: row.title,
            summary: row.summary,
        })
        .collect();
    Ok(CatalogResults {
        filters,
        problems: Vec::new(),
        courses,
        total,
        page_count: u32::try_from((total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE))
            .unwrap_or(u32::MAX),
        options,
    })
}

/// `None` when no published course has this slug (cached too, so probing
/// unknown slugs does not reach the database each time).
pub async fn course_page(state: &AppState, slug: String) -> Result<Option<CourseDetail>, AppError> {
    let Some(course) = queries::published_course(&state.db, &slug).await? else {
        return Ok(None);
    };
    let zone = state.settings.site.time_zone;
    let runs = queries::upcoming_runs_of_course(
        &state.db,
        course.id,
        state.clock.now(),
        RUNS_ON_COURSE_PAGE,
    )
    .await?;
    let mut trainers: Vec<TrainerSummary> = Vec::new();
    for run in &runs {
        if let Some(name) = &run.trainer_name {
            if !trainers.iter().any(|t| &t.name == name) {
                trainers.push(TrainerSummary {
                    name: name.clone(),
                    credentials: run.trainer_credentials.clone().unwrap_or_default(),
                    bio: run.trainer_bio.clone().unwrap_or_default(),
                });
            }
        }
    }
    let site = &state.settings.site;
    let certification = match (
        course.certification_name.as_str(),
        course.certification_vendor.as_str(),
    ) {
        ("", _) => None,
        (name, "") => Some(name.to_owned()),
        (name, vendor) => Some(format!("{name} ({vendor})")),
    };
    Ok(Some(CourseDetail {
        json_ld: present::course_json_ld(&course, &runs, &site.name, &site.public_url),
        runs: runs.iter().map(|run| run_summary(run, zone)).collect(),
        trainers,
        related: Vec::new(),
        description_html: to_safe_html(&course.description),
        outline_html: to_safe_html(&course.outline),
        prerequisites_html: to_safe_html(&course.prerequisites),
        duration: format_duration(course.duration_hours),
        level: Level::from_column(&course.level)
            .map_or("", Level::label)
            .to_owned(),
        price: format_price(course.price_centavos, &course.currency),
        certification,
        category: course
            .category_slug
            .clone()
            .zip(course.category_name.clone())
            .map(|(value, label)| Choice { value, label }),
        slug: course.slug,
        code: course.code,
        title: course.title,
        summary: course.summary,
    }))
}

pub async fn related(state: &AppState, slug: String) -> Result<Vec<CourseCard>, AppError> {
    let Some(course) = queries::published_course(&state.db, &slug).await? else {
        return Ok(Vec::new());
    };
    let rows = queries::related_courses(&state.db, &course, RELATED_COURSES).await?;
    Ok(rows.into_iter().map(present::course_card).collect())
}

/// The schedule's filters, read leniently from the URL.
pub struct ScheduleRequest {
    pub city: Option<String>,
    pub mode: Option<DeliveryMode>,
    pub page: u32,
}

impl ScheduleRequest {
    pub fn from_query(query: &str) -> Self {
        let mut request = Self {
            city: None,
            mode: None,
            page: 1,
        };
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value).trim().to_owned();
            if value.is_empty() {
                continue;
            }
            match key {
                "city" => request.city = Some(value.chars().take(100).collect()),
                "mode" => request.mode = DeliveryMode::from_column(&value),
                "page" => {
                    request.page = value
                        .parse()
                        .ok()
                        .filter(|p| (1..=10_000).contains(p))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        request
    }

    pub fn canonical(&self) -> String {
        format!(
            "city={}&mode={}&page={}",
            self.city.as_deref().map(encode).unwrap_or_default(),
            self.mode.map_or("", DeliveryMode::as_str),
            self.page
        )
    }
}

pub async fn schedule_page(
    state: &AppState,
    request: ScheduleRequest,
) -> Result<ScheduleResults, AppError> {
    let zone = state.settings.site.time_zone;
    let filter = ScheduleFilter {
        city: request.city.clone(),
        mode: request.mode.map(|mode| mode.as_str().to_owned()),
        course_slug: None,
        starts_within: None,
        updated_since: None,
        limit: SCHEDULE_PAGE_SIZE,
        offset: i64::from(request.page - 1) * SCHEDULE_PAGE_SIZE,
    };
    let now = state.clock.now();
    let ((rows, total), options) = tokio::try_join!(
        async {
            queries::scheduled_runs(&state.db, now, &filter)
                .await
                .map_err(AppError::from)
        },
        filter_options(state),
    )?;
    let mut months: Vec<MonthOfRuns> = Vec::new();
    for row in &rows {
        let run = run_summary(row, zone);
        match months.last_mut() {
            Some(month) if month.month == run.month => month.runs.push(run),
            _ => months.push(MonthOfRuns {
                month: run.month.clone(),
                runs: vec![run],
            }),
        }
    }
    let site = &state.settings.site;
    Ok(ScheduleResults {
        json_ld: present::events_json_ld(&rows, &site.name, &site.public_url),
        city: request.city,
        mode: request.mode,
        months,
        total,
        page: request.page,
        page_count: u32::try_from((total + SCHEDULE_PAGE_SIZE - 1) / SCHEDULE_PAGE_SIZE)
            .unwrap_or(u32::MAX),
        cities: options.cities,
    })
}
