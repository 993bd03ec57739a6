//! `/admin/courses`: every course, drafts included, to search, filter, sort and
//! page through; the way into each course's editor.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::AdminCourseItem;
use super::server_fns::list_admin_courses;
use crate::admin::shell::Badge;
use crate::admin::AdminShell;
use crate::catalog::filters::encode;
use crate::errors::Loaded;
use crate::ui::{ButtonLink, Column, DataTable, Flash, FlashKind};

const COLUMNS: &[Column] = &[
    Column::text("Course"),
    Column::text("Category").cells("text-ink-600"),
    Column::number("Price").cells("whitespace-nowrap"),
    Column::number("Upcoming runs"),
    Column::text("Status"),
    Column::text("Changed").cells("whitespace-nowrap text-ink-600"),
];

#[component]
pub fn AdminCoursesPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let courses = Resource::new(
        move || {
            (
                param("q"),
                param("category"),
                param("sort"),
                param("page").parse::<u32>().unwrap_or(1),
            )
        },
        |(search, category, sort, page)| list_admin_courses(search, category, sort, page),
    );
    let input = "rounded-lg border-0 bg-white px-3 py-2 text-sm text-ink-900 shadow-sm ring-1 ring-inset ring-ink-200";
    view! {
        <PageMeta title="Courses" />
        <AdminShell title="Courses">
            {move || query.read().get("deleted").map(|_| view! { <div class="mb-4"><Flash kind=FlashKind::Success message="The course was deleted." /></div> })}
            <Loaded resource=courses show=move |list| {
                        let (search, category, sort) = (param("q"), param("category"), param("sort"));
                        let page_link = {
                            let (search, category, sort) = (search.clone(), category.clone(), sort.clone());
                            move |page: u32| format!(
                                "/admin/courses?q={}&category={}&sort={}&page={page}",
                                encode(&search), encode(&category), encode(&sort)
                            )
                        };
                        view! {
                            <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
                                <form method="get" action="/admin/courses" class="flex flex-wrap gap-2" role="search">
                                    <label for="course-search" class="sr-only">"Search by title or code"</label>
                                    <input id="course-search" name="q" type="search" value=search placeholder="Title or code" class=input />
                                    <label for="course-category" class="sr-only">"Category"</label>
                                    <select id="course-category" name="category" class=input>
                                        <option value="">"All categories"</option>
                                        {list.categories.iter().map(|c| view! {
                                            <option value=c.value.clone() selected=c.value == category>{c.label.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                    <label for="course-sort" class="sr-only">"Sort"</label>
                                    <select id="course-sort" name="sort" class=input>
                                        <option value="title" selected=sort.is_empty() || sort == "title">"Title"</option>
                                        <option value="code" selected=sort == "code">"Code"</option>
                                        <option value="updated" selected=sort == "updated">"Recently changed"</option>
                                    </select>
                                    <button type="submit" class="rounded-lg bg-white px-4 py-2 text-sm font-semibold ring-1 ring-inset ring-ink-200 hover:bg-ink-50">"Filter"</button>
                                </form>
                                <ButtonLink href="/admin/courses/new">"New course"</ButtonLink>
                            </div>
                            <p class="mb-3 text-sm text-ink-600">{format!("{} courses", list.total)}</p>
                            <DataTable label="Courses" columns=COLUMNS rows=list.courses
                                empty_title="No courses found" empty_message="Try other words, or create a course."
                                key=|course: &AdminCourseItem| course.code.clone()
                                cells=|course: AdminCourseItem| vec![
                                    view! {
                                        <a href=format!("/admin/courses/{}", course.id) class="font-medium text-ink-900 hover:text-brand-800">{course.title}</a>
                                        <p class="text-ink-500">{course.code}</p>
                                    }.into_any(),
                                    course.category.unwrap_or_default().into_any(),
                                    course.price.into_any(),
                                    course.upcoming_runs.into_any(),
                                    if course.published {
                                        view! { <Badge text="Published" tone="good" /> }.into_any()
                                    } else {
                                        view! { <Badge text="Draft" /> }.into_any()
                                    },
                                    course.updated.into_any(),
                                ] />
                            <nav class="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
                                <span class="text-ink-600">{format!("Page {} of {}", list.page, list.page_count.max(1))}</span>
                                <span class="flex gap-2">
                                    {(list.page > 1).then(|| view! { <a href=page_link(list.page - 1) class="font-medium text-brand-700">"← Previous"</a> })}
                                    {(list.page < list.page_count).then(|| view! { <a href=page_link(list.page + 1) class="font-medium text-brand-700">"Next →"</a> })}
                                </span>
                            </nav>
                        }
                    } />
        </AdminShell>
    }
}
