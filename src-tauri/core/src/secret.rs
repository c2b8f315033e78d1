//! Secrets (auth tokens, API key secrets) that must never reach a log, the database, an export
//! or an error message.
//!
//! [`Secret`] prints `***` through `Debug` and `Display`, and every secret created in this
//! process is remembered so that the logging path can blank it out even if some code formats
//! the raw value by mistake (see [`redact`]).

use std::sync::RwLock;

/// Values shorter than this are not registered for redaction: blanking short, common strings
/// would mangle ordinary log lines, and real Twilio secrets are 32 characters.
const MIN_REDACTED_LEN: usize = 8;

static KNOWN_SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// A secret value. Its `Debug` and `Display` print `***`; read it with [`Secret::expose`]
/// only where it is sent (the HTTP Authorization header, the keychain).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret and registers it for redaction in logs.
    pub fn new(value: impl Into<String>) -> Secret {
        let value = value.into();
        register_for_redaction(&value);
        Secret(value)
    }

    /// The raw value. Call only to send it where it belongs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is empty (a form left blank).
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Remembers `value` so [`redact`] blanks it out.
pub fn register_for_redaction(value: &str) {
    if value.len() < MIN_REDACTED_LEN {
        return;
    }
    let mut known = KNOWN_SECRETS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !known.iter().any(|k| k == value) {
        known.push(value.to_owned());
    }
}

/// Replaces every registered secret in `text` by `***`.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let known = KNOWN_SECRETS
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !known.iter().any(|k| text.contains(k.as_str())) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for k in known.iter() {
        out = out.replace(k.as_str(), "***");
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_prints_stars() {
        let s = Secret::new("0123456789abcdef0123456789abcdef");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
        assert_eq!(s.expose(), "0123456789abcdef0123456789abcdef");
    }

    #[test]
    fn registered_secrets_are_redacted_from_text() {
        let _s = Secret::new("supersecretvalue-42");
        assert_eq!(redact("token=supersecretvalue-42; ok"), "token=***; ok");
        assert_eq!(redact("nothing here"), "nothing here");
    }
}
