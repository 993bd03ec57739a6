//! Standard Webhooks signatures (<https://www.standardwebhooks.com>): the
//! receiver recomputes HMAC-SHA256 over `webhook-id.webhook-timestamp.body`
//! with the endpoint's secret and compares. The timestamp is signed, so a
//! captured message cannot be replayed later than the receiver's tolerance.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

const PREFIX: &str = "whsec_";
const SECRET_BYTES: usize = 32;

/// An endpoint's signing secret, written `whsec_<base64>` as the scheme's
/// libraries read it. Not `Debug`: a secret never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Reads `whsec_<base64>` (the prefix is optional, as in the scheme).
    pub fn parse(text: &str) -> Option<Self> {
        let encoded = text.strip_prefix(PREFIX).unwrap_or(text);
        let bytes = BASE64.decode(encoded).ok()?;
        (24..=64).contains(&bytes.len()).then_some(Self(bytes))
    }

    /// The text to show the admin once and to store sealed.
    pub fn expose(&self) -> String {
        format!("{PREFIX}{}", BASE64.encode(&self.0))
    }

    /// `v1,<base64 signature>` of one message.
    fn sign(&self, message_id: &str, timestamp: i64, body: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(format!("{message_id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
    }
}

/// The `webhook-signature` header: one signature per active secret,
/// space-separated, so a receiver still holding the old secret during a
/// rotation accepts the message too.
pub fn signature_header(
    secrets: &[Secret],
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> String {
    secrets
        .iter()
        .map(|secret| secret.sign(message_id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed with the scheme's reference library (`standardwebhooks` on
    /// PyPI, `Webhook(secret).sign(id, timestamp, body)`), not with this code.
    #[test]
    fn signs_like_the_reference_library() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let header = signature_header(
            &[secret],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn signs_with_every_active_secret_during_a_rotation() {
        let (new, old) = (Secret::generate(), Secret::generate());
        let header = signature_header(&[new.clone(), old.clone()], "msg_1", 1, "{}");
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], new.sign("msg_1", 1, "{}"));
        assert_eq!(parts[1], old.sign("msg_1", 1, "{}"));
        assert_ne!(parts[0], parts[1]);
    }

    #[test]
    fn a_secret_reads_back_from_its_text_and_short_ones_are_refused() {
        let secret = Secret::generate();
        assert!(secret.expose().starts_with("whsec_"));
        assert!(Secret::parse(&secret.expose()) == Some(secret));
        assert!(Secret::parse("whsec_c2hvcnQ=").is_none());
        assert!(Secret::parse("whsec_not base64").is_none());
    }
}
