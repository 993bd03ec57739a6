//! `/contact`: the enquiry form beside the contact details. `?course={slug}`
//! (the "Ask about this course" links) preselects that course as the topic.
//! With JavaScript the form posts in place; without, the browser posts it and
//! the page comes back with the errors and what was typed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::details::ContactDetails;
use crate::contact::model::{EnquiryForm, MESSAGE_MAX};
use crate::contact::server_fns::{load_enquiry_form, SendEnquiry};
use crate::errors::{form_errors, FormErrors, Loaded};
use crate::ui::{Button, Card, Flash, FlashKind, FormField, InnerPage, SelectField, TextAreaField};

#[component]
pub fn ContactPage() -> impl IntoView {
    let query = use_query_map();
    let course = move || query.read().get("course");
    let form = Resource::new(course, load_enquiry_form);
    view! {
        <InnerPage title="Contact" heading="Contact us"
            lead="Contact us for more detail about our trainings and for all other enquiries: private runs for your team, a course we do not list yet, or help choosing a certification path."
            description="Contact us for more detail about our trainings and for all other enquiries: private runs for your team, dates and certification paths.">
            <div class="grid gap-8 lg:grid-cols-3">
                <div class="lg:col-span-2">
                    <Loaded resource=form show=move |form| view! { <EnquiryFormCard form /> } />
                </div>
                <aside class="space-y-6" aria-label="Other ways to reach us">
                    <ContactDetails />
                    <Card>
                        <h2 class="text-lg font-semibold text-ink-950">"What to expect"</h2>
                        <ul class="mt-3 list-disc space-y-2 pl-5 text-sm text-ink-700">
                            <li>"An answer from a training adviser within one working day."</li>
                            <li>"Private runs online or at your office, in Metro Manila, Cebu City and beyond."</li>
                            <li>"Your details are used only to answer you, and stored encrypted."</li>
                        </ul>
                    </Card>
                </aside>
            </div>
        </InnerPage>
    }
}

#[component]
fn EnquiryFormCard(form: EnquiryForm) -> impl IntoView {
    let send = ServerAction::<SendEnquiry>::new();
    let topics = topic_options(&form);
    let modes = mode_options(&form);
    let default_topic = form.topic.clone();
    view! {
        <Card>
            <h2 class="text-lg font-semibold text-ink-950">"Send us an enquiry"</h2>
            <p class="mt-1 text-sm text-ink-600">"Fields marked * are required."</p>
            <ActionForm action=send attr:class="mt-6 space-y-5" attr:novalidate=true attr:id="enquiry-form">
                {move || {
                    let errors = form_errors(send.value().get());
                    let topic = Some(errors.value("topic")).filter(|topic| !topic.is_empty())
                        .unwrap_or_else(|| default_topic.clone());
                    view! {
                        {errors.message.clone().map(|message| view! { <Flash kind=FlashKind::Error message /> })}
                        <div class="grid gap-5 sm:grid-cols-2">
                            <FormField name="name" label="Full name" value=errors.value("name")
                                error=errors.field("name") required=true autocomplete="name" />
                            <FormField name="email" label="Email" kind="email" value=errors.value("email")
                                error=errors.field("email") required=true autocomplete="email" />
                            <FormField name="phone" label="Phone" kind="tel" value=errors.value("phone")
                                hint="Optional. Mobile or landline, e.g. 0917 123 4567."
                                error=errors.field("phone") autocomplete="tel" />
                            <FormField name="company" label="Company" value=errors.value("company")
                                hint="Optional." error=errors.field("company") autocomplete="organization" />
                        </div>
                        <SelectField name="topic" label="What is it about?" options=topics.clone() empty_label="Choose a topic…"
                            value=topic error=errors.field("topic") required=true />
                        <SelectField name="mode" label="Preferred way to train" options=modes.clone() empty_label="No preference"
                            value=errors.value("mode") error=errors.field("mode") />
                        <TextAreaField name="message" label="Your message" value=errors.value("message")
                            hint="Dates, number of participants, questions about a certification…"
                            error=errors.field("message") required=true max_length=MESSAGE_MAX />
                        <ConsentBox errors=errors.clone() />
                    }
                }}
                <input type="hidden" name="shown_at" value=form.shown_at.to_string() />
                // A field people never see and bots fill in.
                <div hidden>
                    <label for="field-website">"Website (leave empty)"</label>
                    <input id="field-website" type="text" name="website" tabindex="-1" autocomplete="off" />
                </div>
                <Button>"Send enquiry"</Button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn ConsentBox(errors: FormErrors) -> impl IntoView {
    let error = errors.field("consent");
    let checked = errors.value("consent") == "yes";
    view! {
        <div class="space-y-1.5">
            <label class="flex items-start gap-3 text-sm text-ink-700">
                <input type="checkbox" name="consent" value="yes" id="field-consent" checked=checked
                    class="mt-0.5 h-4 w-4 rounded border-ink-300 text-brand-700"
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("field-consent-error") />
                <span>"You may contact me about this enquiry by email or phone."</span>
            </label>
            {error.map(|error| view! {
                <p id="field-consent-error" class="text-sm font-medium text-danger-700">{error}</p>
            })}
        </div>
    }
}

fn topic_options(form: &EnquiryForm) -> Vec<(String, String)> {
    let fixed = [
        ("private_team", "Private training for my team"),
        ("other", "Something else"),
    ]
    .map(|(value, label)| (value.to_owned(), label.to_owned()));
    fixed
        .into_iter()
        .chain(form.courses.iter().map(|course| {
            (
                format!("course:{}", course.slug),
                format!("Course: {}", course.title),
            )
        }))
        .collect()
}

fn mode_options(form: &EnquiryForm) -> Vec<(String, String)> {
    [
        ("".to_owned(), "No preference".to_owned()),
        (
            "online".to_owned(),
            "Online, live with a trainer".to_owned(),
        ),
    ]
    .into_iter()
    .chain(
        form.cities
            .iter()
            .map(|city| (format!("city:{city}"), format!("In person, {city}"))),
    )
    .collect()
}
