//! Personal data at rest: values sealed with XChaCha20-Poly1305 under the data
//! keys of `KURSO_DATA_KEY`, and keyed hashes (HMAC-SHA256) that let a page find
//! an email address without the address being stored readable.
//!
//! A sealed value is self-describing, so keys can change under stored rows:
//!
//! ```text
//! [format 1 byte = 1][key id 4 bytes, big-endian][nonce 24 bytes][ciphertext + tag]
//! ```
//!
//! The nonce is random per value (XChaCha's 192 bits make collisions a
//! non-issue). The caller passes associated data naming where the value lives
//! (table, column and row id), so a sealed value copied into another row or
//! column fails to open instead of showing someone else's data.
//!
//! `KURSO_DATA_KEY` holds one key (`base64`) or several (`2:base64,1:base64`);
//! the first seals new values, the others only open old ones until
//! `kurso rotate-data-key` has re-sealed every row under the first.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const FORMAT: u8 = 1;
const HEADER: usize = 1 + 4 + 24;
/// What the per-key search-hash key is derived with; changing it changes every hash.
const INDEX_KEY_LABEL: &[u8] = b"kurso email index v1";

/// The data keys, the first of which seals. Not `Debug`-printable beyond key ids.
#[derive(Clone)]
pub struct DataKeys {
    /// `(id, cipher, search-hash key)`, the sealing key first.
    keys: Vec<DataKey>,
}

#[derive(Clone)]
struct DataKey {
    id: u32,
    cipher: XChaCha20Poly1305,
    index_key: [u8; 32],
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<u32> = self.keys.iter().map(|key| key.id).collect();
        f.debug_struct("DataKeys").field("ids", &ids).finish()
    }
}

/// A sealed value that does not open: unknown key, wrong place or tampered bytes.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the value is not in a format this version reads")]
    Format,
    #[error("the value is sealed under key {0}, which is not configured")]
    UnknownKey(u32),
    #[error("the value does not open with its key (tampered, or moved from another row)")]
    Tampered,
}

impl DataKeys {
    /// Reads `base64` or `id:base64,id:base64,...`; every key is 32 bytes.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        for (position, entry) in value.split(',').map(str::trim).enumerate() {
            let (id, encoded) = match entry.split_once(':') {
                Some((id, encoded)) => (
                    id.trim().parse::<u32>().map_err(|_| {
                        format!(
                            "key {}: the id before ':' must be a whole number",
                            position + 1
                        )
                    })?,
                    encoded.trim(),
                ),
                None if position == 0 && !value.contains(',') => (1, entry),
                None => return Err("with several keys, write each as id:base64".to_owned()),
            };
            let bytes = BASE64
                .decode(encoded)
                .map_err(|_| format!("key {id} is not valid base64"))?;
            let bytes: [u8; 32] = bytes
                .try_into()
                .map_err(|_| format!("key {id} must be 32 bytes (44 base64 characters)"))?;
            if keys.iter().any(|key: &DataKey| key.id == id) {
                return Err(format!("key id {id} is given twice"));
            }
            keys.push(DataKey::new(id, &bytes));
        }
        Ok(Self { keys })
    }

    /// A fresh random key, base64, for a development key file.
    pub fn generate() -> String {
        BASE64.encode(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    /// The id of the key new values are sealed under.
    pub fn sealing_key_id(&self) -> u32 {
        self.keys[0].id
    }

    /// Seals `plain` for the place named by `context` under the sealing key.
    pub fn seal(&self, plain: &str, context: &str) -> Vec<u8> {
        let key = &self.keys[0];
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption fails only for messages over 256 GiB; enquiries are kilobytes.
        let ciphertext = key
            .cipher
            .encrypt(&nonce, payload)
            .expect("XChaCha20-Poly1305 seals any message under 256 GiB");
        let mut sealed = Vec::with_capacity(HEADER + ciphertext.len());
        sealed.push(FORMAT);
        sealed.extend_from_slice(&key.id.to_be_bytes());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    /// Opens a value sealed for `context`, under whichever configured key sealed it.
    pub fn open(&self, sealed: &[u8], context: &str) -> Result<String, OpenError> {
        let key_id = key_id_of(sealed).ok_or(OpenError::Format)?;
        let key = self
            .keys
            .iter()
            .find(|key| key.id == key_id)
            .ok_or(OpenError::UnknownKey(key_id))?;
        let nonce = XNonce::from_slice(&sealed[5..HEADER]);
        let payload = Payload {
            msg: &sealed[HEADER..],
            aad: context.as_bytes(),
        };
        let plain = key
            .cipher
            .decrypt(nonce, payload)
            .map_err(|_| OpenError::Tampered)?;
        String::from_utf8(plain).map_err(|_| OpenError::Tampered)
    }

    /// The search hash of an email address under the sealing key.
    pub fn email_hash(&self, email: &str) -> Vec<u8> {
        self.keys[0].email_hash(email)
    }

    /// The address's hash under every configured key, the sealing key's first:
    /// a search finds rows not yet re-hashed by a rotation too.
    pub fn email_hashes(&self, email: &str) -> Vec<Vec<u8>> {
        self.keys.iter().map(|key| key.email_hash(email)).collect()
    }
}

impl DataKey {
    fn new(id: u32, bytes: &[u8; 32]) -> Self {
        let mut derive =
            <Hmac<Sha256> as Mac>::new_from_slice(bytes).expect("HMAC takes a key of any length");
        derive.update(INDEX_KEY_LABEL);
        Self {
            id,
            cipher: XChaCha20Poly1305::new(bytes.into()),
            index_key: derive.finalize().into_bytes().into(),
        }
    }

    fn email_hash(&self, email: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key)
            .expect("HMAC takes a key of any length");
        mac.update(email.trim().to_lowercase().as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

/// The id of the key a sealed value was sealed under.
pub fn key_id_of(sealed: &[u8]) -> Option<u32> {
    if sealed.len() <= HEADER || sealed[0] != FORMAT {
        return None;
    }
    Some(u32::from_be_bytes([
        sealed[1], sealed[2], sealed[3], sealed[4],
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &str) -> DataKeys {
        DataKeys::parse(value).expect("valid keys")
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_place() {
        let ring = keys(&DataKeys::generate());
        let sealed = ring.seal("Ana Reyes", "enquiries.name.7");

        assert_eq!(
            ring.open(&sealed, "enquiries.name.7").as_deref(),
            Ok("Ana Reyes")
        );
        assert_eq!(
            ring.open(&sealed, "enquiries.name.8"),
            Err(OpenError::Tampered)
        );
        assert_eq!(
            ring.open(&sealed, "enquiries.email.7"),
            Err(OpenError::Tampered)
        );
        assert!(!sealed.windows(4).any(|window| window == b"Reye"));
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let ring = keys(&DataKeys::generate());
        assert_ne!(ring.seal("same", "t.c.1"), ring.seal("same", "t.c.1"));
    }

    #[test]
    fn a_flipped_byte_is_caught() {
        let ring = keys(&DataKeys::generate());
        let mut sealed = ring.seal("message", "t.c.1");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(ring.open(&sealed, "t.c.1"), Err(OpenError::Tampered));
    }

    #[test]
    fn an_old_key_still_opens_what_it_sealed_and_a_missing_one_is_named() {
        let old = DataKeys::generate();
        let new = DataKeys::generate();
        let before = keys(&old);
        let sealed = before.seal("09171234567", "t.c.1");
        assert_eq!(key_id_of(&sealed), Some(1));

        let during = keys(&format!("2:{new},1:{old}"));
        assert_eq!(during.sealing_key_id(), 2);
        assert_eq!(during.open(&sealed, "t.c.1").as_deref(), Ok("09171234567"));
        assert_eq!(key_id_of(&during.seal("x", "t.c.1")), Some(2));

        let after = keys(&format!("2:{new}"));
        assert_eq!(after.open(&sealed, "t.c.1"), Err(OpenError::UnknownKey(1)));
    }

    #[test]
    fn email_hashes_ignore_case_and_differ_per_key() {
        let old = DataKeys::generate();
        let during = keys(&format!("2:{},1:{old}", DataKeys::generate()));
        let hashes = during.email_hashes(" Ana@Example.com");
        assert_eq!(hashes[0], during.email_hash("ana@example.com"));
        assert_eq!(hashes[1], keys(&old).email_hash("ana@example.com"));
        assert_ne!(hashes[0], hashes[1]);
    }

    #[test]
    fn malformed_keys_are_refused_in_words() {
        assert!(DataKeys::parse("not base64!")
            .unwrap_err()
            .contains("base64"));
        assert!(DataKeys::parse("c2hvcnQ=")
            .unwrap_err()
            .contains("32 bytes"));
        let key = DataKeys::generate();
        assert!(DataKeys::parse(&format!("1:{key},1:{key}"))
            .unwrap_err()
            .contains("twice"));
        assert!(DataKeys::parse(&format!("{key},{key}"))
            .unwrap_err()
            .contains("id:base64"));
        assert!(format!("{:?}", keys(&key)).contains("ids: [1]"));
        assert!(!format!("{:?}", keys(&key)).contains(&key));
    }
}
