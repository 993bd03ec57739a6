//! The frame around every public page: the cookie banner until the visitor
//! chooses, header with navigation, main content, footer with contact details.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::accounts::viewer::use_viewer;
use crate::legal::ConsentBanner;
use crate::site::use_site;

/// The primary navigation, in the order a visitor looks for things.
const NAVIGATION: [(&str, &str); 4] = [
    ("/courses", "Courses"),
    ("/schedule", "Upcoming trainings"),
    ("/blog", "Blog"),
    ("/contact", "Contact"),
];

#[component]
pub fn SiteLayout(children: Children) -> impl IntoView {
    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
        >
            "Skip to content"
        </a>
        <div class="flex min-h-screen flex-col">
            <ConsentBanner />
            <SiteHeader />
            <main id="main" class="flex-1">
                {children()}
            </main>
            <SiteFooter />
        </div>
    }
}

#[component]
fn Logo() -> impl IntoView {
    let site = use_site();
    view! {
        <A href="/" attr:class="flex items-center gap-2.5 text-ink-900">
            <svg class="h-9 w-9" viewBox="0 0 36 36" aria-hidden="true">
                <rect width="36" height="36" rx="9" class="fill-brand-700" />
                <path d="M12 9v18M12 18l9-9M15.5 15.5 23 27" class="stroke-white" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round" fill="none" />
                <circle cx="26" cy="11" r="2.4" class="fill-accent-400" />
            </svg>
            <span class="text-lg font-bold tracking-tight">{site.name}</span>
        </A>
    }
}

const NAV_LINK: &str = "rounded-lg px-3 py-2 text-sm font-medium text-ink-700 hover:bg-brand-50 \
    hover:text-brand-800 aria-[current=page]:text-brand-800 aria-[current=page]:bg-brand-50";

#[component]
fn SiteHeader() -> impl IntoView {
    // The small-screen menu is a <details> element: it opens without
    // JavaScript, and a link in it loads a new page with the menu closed.
    view! {
        <header class="sticky top-0 z-40 border-b border-ink-100 bg-white/90 backdrop-blur">
            <div class="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
                <Logo />
                <nav aria-label="Main" class="hidden items-center gap-1 md:flex">
                    <NavigationLinks />
                </nav>
                <details class="group relative md:hidden">
                    <summary class="flex cursor-pointer list-none items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium text-ink-800 ring-1 ring-ink-200 [&::-webkit-details-marker]:hidden">
                        <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                            <path d="M4 7h16M4 12h16M4 17h16" stroke-linecap="round" />
                        </svg>
                        "Menu"
                    </summary>
                    <nav aria-label="Menu" class="absolute right-0 mt-2 flex w-60 flex-col gap-1 rounded-xl bg-white p-2 shadow-lg ring-1 ring-ink-100">
                        <NavigationLinks />
                    </nav>
                </details>
            </div>
        </header>
    }
}

/// "Log in" for visitors; "My account" (and "Dashboard" for admins) once signed in.
/// The site's sections, then the visitor's account links: the same in the
/// wide header and in the small-screen menu.
#[component]
fn NavigationLinks() -> impl IntoView {
    view! {
        {NAVIGATION
            .iter()
            .map(|(href, label)| view! { <A href=*href attr:class=NAV_LINK>{*label}</A> })
            .collect_view()}
        <AccountLinks />
    }
}

#[component]
fn AccountLinks() -> impl IntoView {
    let viewer = use_viewer();
    move || {
        match viewer.get() {
        None => view! {
            <A href="/login" attr:class="rounded-lg px-3 py-2 text-sm font-medium text-ink-700 hover:bg-brand-50 md:ml-2 md:bg-brand-700 md:px-4 md:font-semibold md:text-white md:shadow-sm md:hover:bg-brand-800">
                "Log in"
            </A>
        }
        .into_any(),
        Some(user) => view! {
            {user.is_admin().then(|| view! { <A href="/admin" attr:class=NAV_LINK>"Dashboard"</A> })}
            <A href="/me/trainings" attr:class=NAV_LINK>"My trainings"</A>
            <A href="/account" attr:class=NAV_LINK>"My account"</A>
        }
        .into_any(),
    }
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let site = use_site();
    let has_contact = site.contact_email.is_some()
        || site.contact_phone.is_some()
        || site.contact_address.is_some();
    view! {
        <footer class="mt-16 bg-ink-950 text-ink-300">
            <div class="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 md:grid-cols-3">
                <div>
                    <p class="text-base font-semibold text-white">{site.name.clone()}</p>
                    <p class="mt-2 max-w-xs text-sm">
                        "In-depth IT courses and certifications, online and in person, with certified expert trainers."
                    </p>
                </div>
                <div>
                    <p class="text-sm font-semibold text-white">"Explore"</p>
                    <ul class="mt-3 space-y-2 text-sm">
                        {NAVIGATION
                            .iter()
                            .map(|(href, label)| view! { <li><A href=*href attr:class="hover:text-white">{*label}</A></li> })
                            .collect_view()}
                    </ul>
                </div>
                <div>
                    <p class="text-sm font-semibold text-white">"Contact us"</p>
                    <ul class="mt-3 space-y-2 text-sm">
                        {site.contact_email.clone().map(|email| {
                            let mailto = format!("mailto:{email}");
                            view! { <li><a href=mailto class="hover:text-white">{email}</a></li> }
                        })}
                        {site.contact_phone.clone().map(|phone| {
                            let tel = format!("tel:{}", phone.replace(' ', ""));
                            view! { <li><a href=tel class="hover:text-white">{phone}</a></li> }
                        })}
                        {site.contact_address.clone().map(|address| view! { <li>{address}</li> })}
                        {(!has_contact).then(|| view! { <li><A href="/contact" attr:class="hover:text-white">"Send us an enquiry"</A></li> })}
                    </ul>
                </div>
            </div>
            <div class="border-t border-white/10">
                <div class="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-5 text-xs sm:flex-row sm:justify-between sm:px-6">
                    <p>{format!("© {}", site.name)}</p>
                    <p class="flex gap-6">
                        <A href="/api/docs" attr:class="hover:text-white">"API for developers"</A>
                        <A href="/cookies" attr:class="hover:text-white">"Cookie policy"</A>
                    </p>
                </div>
            </div>
        </footer>
    }
}
