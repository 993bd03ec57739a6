//! `/contact` (the details and the enquiry form) and `/contact/thank-you`.

mod details;
mod form;
mod thank_you;

pub use form::ContactPage;
pub use thank_you::ThankYouPage;
