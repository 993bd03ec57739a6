//! The page shell and the route table: every public page, by feature; the
//! site's frame (header, navigation, footer) in `layout`.

mod island_scripts;
mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::accounts::viewer::provide_viewer;
use crate::accounts::{
    AccountPage, ConfirmEmailChangePage, ForgotPasswordPage, LoginPage, RegisterPage,
    ResetPasswordPage, VerifyEmailPage,
};
use crate::admin::{
    AdminCourseEditorPage, AdminCoursesPage, AdminPostEditorPage, AdminPostsPage, ApiTokensPage,
    AuditLogPage, CategoriesPage, DashboardPage, EnquiriesPage, EnquiryPage, JobsPage, OutboxPage,
    RosterPage, TrainersPage, UsersPage, VenuesPage, WebhookPage, WebhooksPage,
};
use crate::api::{ApiDocsPage, MyApiTokensPage};
use crate::blog::{ArticlePage, BlogPage, TagPage};
use crate::catalog::{CoursePage, CoursesPage, SchedulePage};
use crate::contact::{ContactPage, ThankYouPage};
use crate::enrollment::{EnrollPage, MyTrainingsPage, TransferPage};
use crate::errors::NotFound;
use crate::home::HomePage;
use crate::legal::CookiePolicyPage;
use crate::privacy::DataRightsPage;
use crate::site::use_site;
use island_scripts::IslandScripts;
use layout::SiteLayout;

/// The HTML document around the app; rendered on the server only. The browser
/// never renders the page again: it starts only the islands in it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    provide_viewer(crate::accounts::viewer::viewer_of_request());
    let consent = crate::legal::consent::of_request();
    crate::legal::consent::provide_consent(consent);
    view! {
        <!DOCTYPE html>
        <html lang="en" class="bg-ink-50" data-consent=consent.map(|choice| choice.as_str())>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5f73" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="kurso" />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-ink-50 font-sans text-ink-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site_name = use_site().name;

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site_name.clone() } else { format!("{page} | {site_name}") }
        } />
        <Router>
            <SiteLayout>
                <Routes fallback=|| view! { <NotFound /> }>
                    // Pages that load data render in full before the response
                    // starts, so they work without JavaScript and get the status
                    // of any error they hit.
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("courses") view=CoursesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("courses"), ParamSegment("slug")) view=CoursePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("schedule") view=SchedulePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("blog") view=BlogPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("blog"), StaticSegment("tags"), ParamSegment("tag")) view=TagPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("blog"), ParamSegment("slug")) view=ArticlePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("contact") view=ContactPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("contact"), StaticSegment("thank-you")) view=ThankYouPage />
                    <Route path=StaticSegment("login") view=LoginPage />
                    <Route path=StaticSegment("register") view=RegisterPage />
                    <Route path=StaticSegment("forgot-password") view=ForgotPasswordPage />
                    <Route path=StaticSegment("reset-password") view=ResetPasswordPage />
                    <Route path=StaticSegment("verify-email") view=VerifyEmailPage />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("data")) view=DataRightsPage />
                    <Route path=(StaticSegment("account"), StaticSegment("api-tokens")) view=MyApiTokensPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("confirm-email")) view=ConfirmEmailChangePage />
                    <Route path=(StaticSegment("enroll"), ParamSegment("run")) view=EnrollPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("me"), StaticSegment("trainings")) view=MyTrainingsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("me"), StaticSegment("trainings"), ParamSegment("place"), StaticSegment("move")) view=TransferPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("admin") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("users")) view=UsersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("outbox")) view=OutboxPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("enquiries")) view=EnquiriesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("enquiries"), ParamSegment("id")) view=EnquiryPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("jobs")) view=JobsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("runs"), ParamSegment("id")) view=RosterPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("courses")) view=AdminCoursesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("courses"), ParamSegment("id")) view=AdminCourseEditorPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("posts")) view=AdminPostsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("posts"), ParamSegment("id")) view=AdminPostEditorPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("categories")) view=CategoriesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("venues")) view=VenuesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("trainers")) view=TrainersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("api-tokens")) view=ApiTokensPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("webhooks")) view=WebhooksPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("webhooks"), ParamSegment("id")) view=WebhookPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("cookies") view=CookiePolicyPage />
                    <Route path=(StaticSegment("api"), StaticSegment("docs")) view=ApiDocsPage ssr=SsrMode::Async />
                </Routes>
            </SiteLayout>
        </Router>
    }
}
