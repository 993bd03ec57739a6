//! The account pages: sign-in, registration, password reset, email
//! confirmation and "My account". Every form is an `ActionForm`: with JavaScript
//! it posts in place; without, the browser posts it and the page comes back
//! with the errors (see `errors::FormErrors`).

mod account;
mod login;
mod password;
mod register;
mod verify;

pub use account::{AccountPage, LogoutForm};
pub use login::LoginPage;
pub use password::{ForgotPasswordPage, ResetPasswordPage};
pub use register::RegisterPage;
pub use verify::{ConfirmEmailChangePage, VerifyEmailPage};

use leptos::prelude::*;

use crate::errors::FormErrors;
use crate::ui::{Flash, FlashKind};

/// The narrow centred card the sign-in pages share.
#[component]
fn AuthCard(
    #[prop(into)] title: String,
    #[prop(into)] lead: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="mx-auto max-w-md px-4 py-12 sm:py-16">
            <div class="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-ink-100">
                <h1 class="text-2xl font-bold tracking-tight text-ink-950">{title}</h1>
                <p class="mt-2 text-sm text-ink-600">{lead}</p>
                <div class="mt-6 space-y-5">{children()}</div>
            </div>
        </div>
    }
}

/// The message above a form's fields, if any.
fn form_message(errors: &FormErrors) -> Option<impl IntoView> {
    errors
        .message
        .clone()
        .map(|message| view! { <Flash kind=FlashKind::Error message=message /> })
}

const FORM: &str = "space-y-5";
const LINK: &str = "font-semibold text-brand-700 hover:text-brand-900";
