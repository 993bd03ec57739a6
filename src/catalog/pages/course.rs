//! `/courses/{slug}`: everything a buyer needs, its upcoming runs, related
//! trainings, and schema.org Course data for search engines.

use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::parts::{AskAboutADate, RunListItem};
use crate::catalog::load_course;
use crate::catalog::summaries::{CourseCard, CourseDetail};
use crate::errors::Loaded;
use crate::ui::{ButtonLink, Card};

#[component]
pub fn CoursePage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::Catalog);
    let params = use_params_map();
    let course = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_course,
    );
    view! {
        <Loaded resource=course loading="Loading the course…" show=move |course| view! { <Course course /> } />
    }
}

#[component]
fn Course(course: CourseDetail) -> impl IntoView {
    let CourseDetail {
        slug,
        code,
        title,
        summary,
        description_html,
        outline_html,
        prerequisites_html,
        duration,
        level,
        price,
        certification,
        category,
        runs,
        trainers,
        related,
        json_ld,
    } = course;
    let has_runs = !runs.is_empty();
    view! {
        <PageMeta title=title.clone() description=summary.clone() />
        <script type="application/ld+json" inner_html=json_ld></script>
        <section class="border-b border-ink-100 bg-gradient-to-b from-brand-50 to-white">
            <div class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
                <nav aria-label="Breadcrumb" class="text-sm text-ink-500">
                    <a href="/courses" class="hover:text-brand-800">"Courses"</a>
                    {category.clone().map(|category| view! {
                        <span aria-hidden="true">" / "</span>
                        <a href=format!("/courses?category={}", category.value) class="hover:text-brand-800">{category.label}</a>
                    })}
                </nav>
                <p class="mt-4 text-sm font-semibold uppercase tracking-wide text-brand-700">{code}</p>
                <h1 class="mt-1 max-w-3xl text-3xl font-bold tracking-tight text-ink-950 sm:text-4xl">{title}</h1>
                <p class="mt-3 max-w-3xl text-lg text-ink-600">{summary}</p>
                <dl class="mt-6 grid max-w-3xl grid-cols-2 gap-4 sm:grid-cols-4">
                    <Fact term="Price" detail=price />
                    <Fact term="Duration" detail=duration />
                    <Fact term="Level" detail=level />
                    // Only a real certification is named: the site issues no certificates (yet).
                    {certification.clone().map(|certification| view! { <Fact term="Certification" detail=certification /> })}
                </dl>
            </div>
        </section>
        <div class="mx-auto grid max-w-6xl gap-10 px-4 py-10 sm:px-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
            <div class="min-w-0 space-y-10">
                <section aria-labelledby="runs-heading" id="runs">
                    <h2 id="runs-heading" class="text-xl font-bold text-ink-950">"Upcoming runs"</h2>
                    {if has_runs {
                        view! {
                            <ul class="mt-4 divide-y divide-ink-100 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-ink-100">
                                {runs.into_iter().map(|run| view! { <RunListItem run /> }).collect_view()}
                            </ul>
                        }.into_any()
                    } else {
                        view! {
                            <AskAboutADate title="No dates scheduled" message="Ask us for the next run, or a private run for your team." />
                        }.into_any()
                    }}
                </section>
                <Prose id="about" title="About this course" html=description_html />
                <Prose id="outline" title="Course outline" html=outline_html />
                <Prose id="prerequisites" title="Prerequisites" html=prerequisites_html />
            </div>
            <aside class="space-y-6">
                {certification.map(|certification| view! {
                    <Card>
                        <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Certification"</h2>
                        <p class="mt-2 font-medium text-ink-900">{certification}</p>
                        <p class="mt-1 text-sm text-ink-600">"The course prepares you for the exam; the voucher can be arranged on request."</p>
                    </Card>
                })}
                {(!trainers.is_empty()).then(|| view! {
                    <Card>
                        <h2 class="text-sm font-semibold uppercase tracking-wide text-ink-500">"Your trainers"</h2>
                        <ul class="mt-3 space-y-4">
                            {trainers.into_iter().map(|trainer| view! {
                                <li>
                                    <p class="font-medium text-ink-900">{trainer.name}</p>
                                    <p class="text-sm text-brand-800">{trainer.credentials}</p>
                                    <p class="mt-1 text-sm text-ink-600">{trainer.bio}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    </Card>
                })}
                <div class="rounded-2xl bg-brand-50 p-6 ring-1 ring-brand-100">
                    <h2 class="font-semibold text-ink-950">"Training a team?"</h2>
                    <p class="mt-1 text-sm text-ink-600">"We run this course privately, online or at your office."</p>
                    <div class="mt-4"><ButtonLink href=format!("/contact?course={slug}")>"Ask about this course"</ButtonLink></div>
                </div>
            </aside>
        </div>
        <Related related />
    }
}

#[component]
fn Fact(#[prop(into)] term: String, #[prop(into)] detail: String) -> impl IntoView {
    view! {
        <div class="rounded-xl bg-white px-4 py-3 ring-1 ring-ink-100">
            <dt class="text-xs font-semibold uppercase tracking-wide text-ink-500">{term}</dt>
            <dd class="mt-1 text-sm font-semibold text-ink-950">{detail}</dd>
        </div>
    }
}

/// A section of admin-written Markdown, already sanitized on the server.
#[component]
fn Prose(#[prop(into)] id: String, #[prop(into)] title: String, html: String) -> impl IntoView {
    if html.trim().is_empty() {
        return ().into_any();
    }
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section id=id aria-labelledby=labelled_by>
            <h2 id=heading class="text-xl font-bold text-ink-950">{title}</h2>
            <div class="prose-kurso mt-2" inner_html=html></div>
        </section>
    }
    .into_any()
}

#[component]
fn Related(related: Vec<CourseCard>) -> impl IntoView {
    if related.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="related-heading" class="border-t border-ink-100 bg-white">
            <div class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
                <h2 id="related-heading" class="text-xl font-bold text-ink-950">"Related trainings"</h2>
                <ul class="mt-5 grid gap-4 md:grid-cols-3">
                    {related.into_iter().map(|course| view! {
                        <li>
                            <Card class="h-full">
                                <p class="text-xs font-semibold uppercase tracking-wide text-ink-500">{course.code}</p>
                                <a href=format!("/courses/{}", course.slug) class="mt-1 block font-semibold text-ink-950 hover:text-brand-800">{course.title}</a>
                                <p class="mt-1 line-clamp-2 text-sm text-ink-600">{course.summary}</p>
                                <p class="mt-3 text-sm font-semibold text-ink-900">{course.price}</p>
                            </Card>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </section>
    }
    .into_any()
}
