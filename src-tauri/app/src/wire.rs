//! The one error shape the page receives: `{code, message}`.
//!
//! The UI branches on `code` (a stable snake_case string) and shows `message`, already written
//! in the user's language. Views never parse message text.

use passerelle_core::{Error, Lang};
use serde::Serialize;

/// A failure as sent to the page.
#[derive(Debug, Serialize, Clone)]
pub struct WireError {
    /// Stable machine code, e.g. `bad_credentials`, `invalid_input`, `internal`.
    pub code: String,
    /// Plain-language explanation in the user's language.
    pub message: String,
}

impl WireError {
    /// A wire error from a code and a message already in the user's language.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        WireError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// A core error in the user's language. The technical detail goes to the log (core errors
    /// never carry a secret), the plain message to the page.
    pub fn from_core(error: &Error, lang: Lang) -> Self {
        tracing::warn!(code = %error.code(), "{error:?}");
        let body = error.to_body(lang);
        WireError {
            code: body.code.as_str().to_owned(),
            message: body.message,
        }
    }
}
