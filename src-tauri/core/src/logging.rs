//! Logging through `tracing`: a daily-rotating file in the app's log folder, plus stderr in
//! development. Every line goes through [`crate::secret::redact`] before it is written.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// How many rotated log files are kept.
const KEPT_LOG_FILES: usize = 7;

/// Keeps the background log writer alive; logs are flushed when it is dropped.
#[must_use = "logs stop being written when the guard is dropped"]
pub struct LogGuard {
    _file: tracing_appender::non_blocking::WorkerGuard,
}

/// Installs the global logger: `passerelle.log.YYYY-MM-DD` files in `log_dir` (7 kept), and
/// stderr too when `to_stderr`. The level comes from `PASSERELLE_LOG` (default `info`).
pub fn init(log_dir: &Path, to_stderr: bool) -> Result<LogGuard> {
    let (dispatch, guard) = build(log_dir, to_stderr)?;
    dispatch
        .try_init()
        .map_err(|e| Error::Internal(format!("logger already installed: {e}")))?;
    Ok(guard)
}

/// Builds the subscriber without installing it (tests use it with `with_default`); the level
/// comes from `PASSERELLE_LOG` (default `info`).
pub fn build(
    log_dir: &Path,
    to_stderr: bool,
) -> Result<(impl tracing::Subscriber + Send + Sync + 'static, LogGuard)> {
    let filter = std::env::var("PASSERELLE_LOG").unwrap_or_else(|_| "info".into());
    build_with_filter(log_dir, to_stderr, &filter)
}

/// Like [`build`] with an explicit filter such as `debug` or `passerelle_core=trace`.
pub fn build_with_filter(
    log_dir: &Path,
    to_stderr: bool,
    filter: &str,
) -> Result<(impl tracing::Subscriber + Send + Sync + 'static, LogGuard)> {
    std::fs::create_dir_all(log_dir)
        .map_err(|e| Error::io(format!("creating {}", log_dir.display()), e))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("passerelle")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(log_dir)
        .map_err(|e| Error::Internal(format!("log file: {e}")))?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let file_layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(Redacting(file_writer));
    let stderr_layer =
        to_stderr.then(|| tracing_subscriber::fmt::layer().with_writer(Redacting(std::io::stderr)));
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer);
    Ok((subscriber, LogGuard { _file: guard }))
}

/// A writer factory whose writers blank out registered secrets before writing.
#[derive(Clone)]
struct Redacting<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

/// Writes one formatted event at a time, redacted. `tracing_subscriber::fmt` writes each event
/// with a single `write_all`, so a secret is never split across two calls.
struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(crate::secret::redact(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn a_secret_passed_through_the_logging_path_never_appears() {
        let dir = tempfile::tempdir().unwrap();
        let raw = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
        let (subscriber, guard) = build(dir.path(), false).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            let secret = Secret::new(raw);
            // Formatted through the newtype…
            tracing::info!(token = %secret, debug = ?secret, "connecting with {secret}");
            // …and, by mistake, as the raw value: redaction must still blank it out.
            tracing::warn!("raw value leaked by a bug: {}", secret.expose());
            tracing::error!(auth = secret.expose(), "field leak");
        });
        drop(guard);
        let mut all = String::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        assert!(
            all.contains("connecting with ***"),
            "log should have the message: {all}"
        );
        assert!(all.contains("raw value leaked by a bug: ***"), "{all}");
        assert!(!all.contains(raw), "the secret leaked into the log: {all}");
    }
}
