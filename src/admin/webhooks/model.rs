//! What the webhook pages show, as the server functions return it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookItem {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    /// Why it is disabled; `None` while it receives.
    pub disabled: Option<String>,
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookListing {
    pub endpoints: Vec<WebhookItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookDetail {
    pub endpoint: WebhookItem,
    /// The signing secret just made or rotated, shown once.
    pub new_secret: Option<String>,
    /// While a rotation lasts: until when the old secret signs too.
    pub previous_secret_until: Option<String>,
    pub deliveries: Vec<DeliveryItem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryState {
    pub fn parse(text: &str) -> Self {
        match text {
            "delivered" => Self::Delivered,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Delivered => "Delivered",
            Self::Failed => "Failed",
        }
    }
}

/// A line of the delivery log: the message and how its latest attempt went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryItem {
    pub id: i64,
    pub message_id: String,
    pub event: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub created: String,
    /// "HTTP 200 in 34 ms", "No answer: …", or `None` before the first try.
    pub last_answer: Option<String>,
    pub response_snippet: Option<String>,
    /// When the next attempt is due, while pending.
    pub next_attempt: Option<String>,
}
