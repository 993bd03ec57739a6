use crate::ui::PageMeta;
use leptos::prelude::*;

use super::{load_home_highlights, HomeHighlights};
use crate::blog::PostTile;
use crate::catalog::{CourseCard, UpcomingRun};
use crate::errors::Loaded;
use crate::ui::{ButtonLink, ButtonVariant, Card, EmptyState};

#[component]
pub fn HomePage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::Home);
    let highlights = Resource::new(|| (), |_| load_home_highlights());

    view! {
        <PageMeta title="" />
        <Hero />
        <Loaded
            resource=highlights
            fallback=|| view! { <SectionsLoading /> }
            show=|highlights| view! { <Sections highlights /> }
        />
        <EnquiryCallToAction />
    }
}

#[component]
fn Hero() -> impl IntoView {
    view! {
        <section class="relative overflow-hidden bg-brand-900 text-white">
            <div class="absolute inset-0 bg-[radial-gradient(circle_at_80%_20%,rgba(251,191,36,0.18),transparent_45%),radial-gradient(circle_at_10%_90%,rgba(45,212,191,0.20),transparent_40%)]" aria-hidden="true"></div>
            <div class="relative mx-auto max-w-6xl px-4 py-20 sm:px-6 sm:py-28">
                <p class="text-sm font-semibold uppercase tracking-widest text-accent-300">"IT training in the Philippines"</p>
                <h1 class="mt-4 max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
                    "In-depth IT courses and certifications"
                </h1>
                <p class="mt-5 max-w-2xl text-lg text-brand-100">
                    "Learn from certified expert trainers, online or in person in tech hubs like Metro Manila and Cebu City."
                </p>
                <div class="mt-8 flex flex-wrap gap-3">
                    <a href="/courses" class="inline-flex items-center rounded-lg bg-accent-400 px-5 py-3 text-sm font-semibold text-ink-950 shadow-sm hover:bg-accent-300">
                        "Browse courses"
                    </a>
                    <a href="/schedule" class="inline-flex items-center rounded-lg px-5 py-3 text-sm font-semibold text-white ring-1 ring-inset ring-white/40 hover:bg-white/10">
                        "See upcoming trainings"
                    </a>
                </div>
            </div>
        </section>
    }
}

#[component]
fn Section(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] link_href: String,
    #[prop(into)] link_label: String,
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section id=id aria-labelledby=labelled_by class="mx-auto max-w-6xl px-4 pt-14 sm:px-6">
            <div class="flex items-end justify-between gap-4">
                <h2 id=heading_id class="text-2xl font-bold tracking-tight text-ink-950">{title}</h2>
                <a href=link_href class="shrink-0 text-sm font-semibold text-brand-700 hover:text-brand-900">
                    {link_label} <span aria-hidden="true">" →"</span>
                </a>
            </div>
            <div class="mt-6">{children()}</div>
        </section>
    }
}

#[component]
fn Sections(highlights: HomeHighlights) -> impl IntoView {
    let HomeHighlights {
        upcoming_runs,
        featured_courses,
        latest_posts,
    } = highlights;
    view! {
        <Section id="upcoming-trainings" title="Upcoming trainings" link_href="/schedule" link_label="Full schedule">
            {if upcoming_runs.is_empty() {
                view! {
                    <EmptyState
                        title="No trainings are scheduled yet"
                        message="New dates are announced here first. Ask us about a date that suits your team."
                    >
                        <ButtonLink href="/contact" variant=ButtonVariant::Secondary>"Ask about a date"</ButtonLink>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                        {upcoming_runs.into_iter().map(|run| view! { <li><RunCard run /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Section>
        <Section id="featured-courses" title="Featured courses" link_href="/courses" link_label="All courses">
            {if featured_courses.is_empty() {
                view! {
                    <EmptyState
                        title="No featured courses yet"
                        message="Courses appear here once they are published in the catalog."
                    />
                }
                .into_any()
            } else {
                view! {
                    <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                        {featured_courses.into_iter().map(|course| view! { <li><CourseTile course /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Section>
        <Section id="latest-blog-posts" title="Latest blog posts" link_href="/blog" link_label="All posts">
            {if latest_posts.is_empty() {
                view! { <EmptyState title="No posts yet" message="Articles from our trainers will appear here." /> }.into_any()
            } else {
                view! {
                    <ul class="grid gap-4 md:grid-cols-3">
                        {latest_posts.into_iter().map(|post| view! { <li><PostTile post in_section=true /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Section>
    }
}

#[component]
fn RunCard(run: UpcomingRun) -> impl IntoView {
    // "Online", or "In person · Cebu City": an online run has no place to add.
    let where_ = match run.mode {
        crate::catalog::DeliveryMode::Online => run.mode.label().to_owned(),
        crate::catalog::DeliveryMode::InPerson => format!("{} · {}", run.mode.label(), run.place),
    };
    view! {
        <Card class="h-full">
            <p class="text-xs font-semibold uppercase tracking-wide text-brand-700">{where_}</p>
            <a href=format!("/courses/{}", run.course_slug) class="mt-2 block text-lg font-semibold text-ink-950 hover:text-brand-800">
                {run.course_title}
            </a>
            <p class="mt-2 text-sm text-ink-600">{run.starts}</p>
            <p class="mt-1 text-xs font-medium text-ink-500">{run.seats_label}</p>
        </Card>
    }
}

#[component]
fn CourseTile(course: CourseCard) -> impl IntoView {
    view! {
        <Card class="h-full">
            <p class="text-xs font-semibold uppercase tracking-wide text-ink-500">{course.code}</p>
            <a href=format!("/courses/{}", course.slug) class="mt-2 block text-lg font-semibold text-ink-950 hover:text-brand-800">
                {course.title}
            </a>
            <p class="mt-2 text-sm text-ink-600">{course.summary}</p>
            <p class="mt-3 text-sm font-semibold text-ink-900">{course.price}</p>
        </Card>
    }
}

#[component]
fn SectionsLoading() -> impl IntoView {
    view! {
        <div class="mx-auto max-w-6xl px-4 pt-14 sm:px-6" aria-busy="true">
            <div class="h-40 animate-pulse rounded-2xl bg-white ring-1 ring-ink-100"></div>
        </div>
    }
}

#[component]
fn EnquiryCallToAction() -> impl IntoView {
    view! {
        <section class="mx-auto max-w-6xl px-4 pt-16 sm:px-6" aria-labelledby="enquire-heading">
            <div class="flex flex-col items-start gap-6 rounded-3xl bg-brand-50 px-6 py-10 ring-1 ring-brand-100 sm:px-10 md:flex-row md:items-center md:justify-between">
                <div>
                    <h2 id="enquire-heading" class="text-2xl font-bold tracking-tight text-ink-950">
                        "Contact us for all other enquiries"
                    </h2>
                    <p class="mt-2 max-w-xl text-ink-600">
                        "Private runs for your team, a course we do not list yet, or help choosing a certification path: tell us what you need."
                    </p>
                </div>
                <ButtonLink href="/contact">"Send an enquiry"</ButtonLink>
            </div>
        </section>
    }
}
