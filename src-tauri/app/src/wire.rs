//! The one error shape the page receives: core's [`ErrorBody`], `{code, message}`.
//!
//! The UI branches on `code` (a stable snake_case string) and shows `message`, already written
//! in the user's language. Views never parse message text. Commands build their answer with
//! [`answer`] and run blocking core calls (SQLite, the keychain) with [`blocking`].

use passerelle_core::{Error, Lang};

pub use passerelle_core::ErrorBody;

/// What a command returns: its value, or `{code, message}` in the user's language.
pub type Answer<T> = Result<T, ErrorBody>;

/// A core error in the user's language. The technical detail goes to the log (core errors
/// never carry a secret), the plain message to the page.
pub fn error_body(error: &Error, lang: Lang) -> ErrorBody {
    tracing::warn!(code = %error.code(), "{error:?}");
    error.to_body(lang)
}

/// A core result as a command's answer, in `lang`.
pub fn answer<T>(lang: Lang, result: passerelle_core::Result<T>) -> Answer<T> {
    result.map_err(|e| error_body(&e, lang))
}

/// Runs blocking core work on the blocking pool, off the async runtime's threads; a panic
/// there becomes an internal error.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> passerelle_core::Result<T> + Send + 'static,
) -> passerelle_core::Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("background task failed: {e}")))?
}
