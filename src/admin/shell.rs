use leptos::prelude::*;
use leptos_router::components::A;

/// The dashboard sections, in sidebar order. Later features add theirs here.
const SECTIONS: [(&str, &str); 13] = [
    ("/admin", "Overview"),
    ("/admin/enquiries", "Enquiries"),
    ("/admin/courses", "Courses"),
    ("/admin/posts", "Posts"),
    ("/admin/categories", "Categories"),
    ("/admin/venues", "Venues"),
    ("/admin/trainers", "Trainers"),
    ("/admin/users", "Users"),
    ("/admin/outbox", "Outbox"),
    ("/admin/jobs", "Jobs"),
    ("/admin/audit", "Audit log"),
    ("/admin/api-tokens", "API tokens"),
    ("/admin/webhooks", "Webhooks"),
];

const LINK: &str = "block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-ink-700 \
    hover:bg-brand-50 hover:text-brand-800 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white";

/// The frame of every admin page: a sidebar on wide screens, a scrollable row of
/// tabs on narrow ones; the page's title and, optionally, a line saying what
/// the page is for.
#[component]
pub fn AdminShell(
    #[prop(into)] title: String,
    #[prop(optional, into)] lead: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        // minmax(0, 1fr): a wide table scrolls inside its card instead of
        // widening the page on a phone.
        <div class="mx-auto grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-6 px-4 py-8 sm:px-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
            // Not an <aside>: the nav inside is the landmark.
            <div>
                <p class="mb-2 hidden px-3 text-xs font-semibold uppercase tracking-wider text-ink-500 lg:block">"Dashboard"</p>
                <nav aria-label="Dashboard" class="flex gap-1 overflow-x-auto rounded-xl bg-white p-2 shadow-sm ring-1 ring-ink-100 lg:flex-col">
                    {SECTIONS
                        .iter()
                        .map(|(href, label)| view! { <A href=*href exact=*href == "/admin" attr:class=LINK>{*label}</A> })
                        .collect_view()}
                </nav>
            </div>
            <section class="min-w-0">
                <h1 class="text-2xl font-bold tracking-tight text-ink-950">{title}</h1>
                {lead.map(|lead| view! { <p class="mt-3 max-w-2xl text-sm text-ink-600">{lead}</p> })}
                <div class="mt-6">{children()}</div>
            </section>
        </div>
    }
}

/// The number in a path or query parameter (`/admin/courses/12`, `?edit=3`);
/// 0, "none", when it is missing or not a number.
pub fn id_in(params: &leptos_router::params::ParamsMap, key: &str) -> i64 {
    params
        .get(key)
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or(0)
}

/// A small coloured label (role, status).
#[component]
pub fn Badge(
    #[prop(into)] text: String,
    #[prop(default = "neutral")] tone: &'static str,
) -> impl IntoView {
    let colours = match tone {
        "good" => "bg-success-50 text-success-800 ring-success-200",
        "bad" => "bg-danger-50 text-danger-800 ring-danger-200",
        "brand" => "bg-brand-50 text-brand-800 ring-brand-200",
        _ => "bg-ink-50 text-ink-700 ring-ink-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset {colours}")>
            {text}
        </span>
    }
}
