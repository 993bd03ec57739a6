//! `/blog/{slug}`: the article, with Related Trainings chosen from its tags,
//! the latest posts and the upcoming trainings beside it, the enquiry call to
//! action, its neighbours, and schema.org `BlogPosting` data.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::blog::model::{Article, PostLink};
use crate::blog::server_fns::load_article;
use crate::catalog::{CourseCard, UpcomingRun};
use crate::errors::Loaded;
use crate::ui::{ButtonLink, PageMeta, ShareKind};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    #[cfg(feature = "ssr")]
    crate::cache::mark_page_cacheable(crate::cache::PageArea::Article(
        params.read_untracked().get("slug").unwrap_or_default(),
    ));
    let article = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_article,
    );
    // In the browser, an old address leads to the post's address today.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move || {
        if let Some(Err(crate::errors::AppError::MovedTo(path))) = article.get() {
            let options = leptos_router::NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&path, options);
        }
    });
    view! {
        <Loaded resource=article loading="Loading the article…" show=move |article| view! { <ArticleView article /> } />
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let Article {
        card,
        body_html,
        cover_url,
        cover_alt,
        author_credentials,
        json_ld,
        related_trainings,
        latest_posts,
        upcoming_trainings,
        previous,
        next,
    } = article;
    let byline = match (card.author.is_empty(), author_credentials.is_empty()) {
        (true, _) => None,
        (false, true) => Some(card.author.clone()),
        (false, false) => Some(format!("{}, {}", card.author, author_credentials)),
    };
    view! {
        <PageMeta title=card.title.clone() description=card.summary.clone() kind=ShareKind::Article
            image=cover_url.clone() image_alt=cover_alt.clone() />
        <script type="application/ld+json" inner_html=json_ld></script>
        <article>
            <header class="border-b border-ink-100 bg-gradient-to-b from-brand-50 to-white">
                <div class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
                    <nav aria-label="Breadcrumb" class="text-sm text-ink-500">
                        <a href="/blog" class="hover:text-brand-800">"Blog"</a>
                    </nav>
                    <h1 class="mt-4 max-w-3xl text-3xl font-bold tracking-tight text-ink-950 sm:text-4xl">{card.title.clone()}</h1>
                    <p class="mt-3 max-w-3xl text-lg text-ink-600">{card.summary.clone()}</p>
                    <p class="mt-5 text-sm text-ink-600">
                        {byline.map(|byline| view! { <span class="font-medium text-ink-900">{byline}</span><span aria-hidden="true">" · "</span> })}
                        <span>{card.published_on.clone()}</span>
                        <span aria-hidden="true">" · "</span>
                        <span>{format!("{} min read", card.reading_minutes)}</span>
                    </p>
                    <p class="mt-4 flex flex-wrap gap-2 text-sm">
                        {card.tags.iter().map(|tag| view! {
                            <a href=format!("/blog/tags/{tag}") class="rounded-full bg-white px-3 py-1 font-medium text-brand-800 ring-1 ring-inset ring-brand-200 hover:bg-brand-50">{format!("#{tag}")}</a>
                        }).collect_view()}
                    </p>
                </div>
            </header>
            <div class="mx-auto grid max-w-6xl gap-10 px-4 py-10 sm:px-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
                <div class="min-w-0">
                    {(!cover_url.is_empty()).then(|| view! {
                        <img src=cover_url alt=cover_alt class="mb-8 aspect-[2/1] w-full rounded-2xl object-cover ring-1 ring-ink-100" />
                    })}
                    <div class="prose-kurso max-w-3xl" inner_html=body_html></div>
                    <EnquiryCallToAction />
                    <Neighbours previous next />
                </div>
                <aside class="space-y-8" aria-label="More from Kurso">
                    <RelatedTrainings courses=related_trainings />
                    <LatestBlogs posts=latest_posts />
                    <UpcomingTrainings runs=upcoming_trainings />
                </aside>
            </div>
        </article>
    }
}

#[component]
fn SideSection(id: &'static str, #[prop(into)] title: String, children: Children) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section id=id aria-labelledby=labelled_by class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-ink-100">
            <h2 id=heading class="text-sm font-semibold uppercase tracking-wide text-ink-500">{title}</h2>
            <ul class="mt-3 divide-y divide-ink-100">{children()}</ul>
        </section>
    }
}

#[component]
fn RelatedTrainings(courses: Vec<CourseCard>) -> impl IntoView {
    (!courses.is_empty()).then(|| view! {
        <SideSection id="related-trainings" title="Related Trainings">
            {courses.into_iter().map(|course| view! {
                <li class="py-3 first:pt-0 last:pb-0">
                    <a href=format!("/courses/{}", course.slug) class="font-medium text-ink-950 hover:text-brand-800">{course.title}</a>
                    <p class="mt-0.5 text-xs text-ink-500">{format!("{} · {}", course.code, course.price)}</p>
                </li>
            }).collect_view()}
        </SideSection>
    })
}

#[component]
fn LatestBlogs(posts: Vec<crate::blog::PostCard>) -> impl IntoView {
    (!posts.is_empty()).then(|| view! {
        <SideSection id="latest-blogs" title="Latest Blogs">
            {posts.into_iter().map(|post| view! {
                <li class="py-3 first:pt-0 last:pb-0">
                    <a href=format!("/blog/{}", post.slug) class="font-medium text-ink-950 hover:text-brand-800">{post.title}</a>
                    <p class="mt-0.5 text-xs text-ink-500">{post.published_on}</p>
                </li>
            }).collect_view()}
        </SideSection>
    })
}

#[component]
fn UpcomingTrainings(runs: Vec<UpcomingRun>) -> impl IntoView {
    (!runs.is_empty()).then(|| view! {
        <SideSection id="upcoming-trainings" title="Upcoming Trainings">
            {runs.into_iter().map(|run| view! {
                <li class="py-3 first:pt-0 last:pb-0">
                    <a href=format!("/courses/{}", run.course_slug) class="font-medium text-ink-950 hover:text-brand-800">{run.course_title}</a>
                    <p class="mt-0.5 text-xs text-ink-500">{format!("{} · {}", run.starts, run.place)}</p>
                </li>
            }).collect_view()}
            <li class="pt-3"><a href="/schedule" class="text-sm font-medium text-brand-700 hover:text-brand-900">"Full schedule →"</a></li>
        </SideSection>
    })
}

#[component]
fn EnquiryCallToAction() -> impl IntoView {
    view! {
        <section aria-labelledby="enquire-heading" class="mt-12 rounded-2xl bg-brand-50 p-6 ring-1 ring-brand-100 sm:p-8">
            <h2 id="enquire-heading" class="text-xl font-bold text-ink-950">
                "Contact us for more detail about our trainings and for all other enquiries!"
            </h2>
            <p class="mt-2 text-ink-600">"Private runs for your team, certification paths, or a course we do not list yet."</p>
            <div class="mt-5"><ButtonLink href="/contact">"Send an enquiry"</ButtonLink></div>
        </section>
    }
}

#[component]
fn Neighbours(previous: Option<PostLink>, next: Option<PostLink>) -> impl IntoView {
    if previous.is_none() && next.is_none() {
        return ().into_any();
    }
    view! {
        <nav aria-label="More posts" class="mt-10 grid gap-4 border-t border-ink-100 pt-6 sm:grid-cols-2">
            <div>
                {previous.map(|post| view! {
                    <a href=format!("/blog/{}", post.slug) rel="prev" class="group block">
                        <span class="text-xs font-semibold uppercase tracking-wide text-ink-500">"← Older post"</span>
                        <span class="mt-1 block font-medium text-ink-950 group-hover:text-brand-800">{post.title}</span>
                    </a>
                })}
            </div>
            <div class="sm:text-right">
                {next.map(|post| view! {
                    <a href=format!("/blog/{}", post.slug) rel="next" class="group block">
                        <span class="text-xs font-semibold uppercase tracking-wide text-ink-500">"Newer post →"</span>
                        <span class="mt-1 block font-medium text-ink-950 group-hover:text-brand-800">{post.title}</span>
                    </a>
                })}
            </div>
        </nav>
    }
    .into_any()
}
