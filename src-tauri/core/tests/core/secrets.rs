//! The secret never reaches the database file, the logs or an error text.

use crate::support::*;
use passerelle_core::connect;
use passerelle_core::sync::{self, CancellationToken, MediaMode, Progress};
use passerelle_core::twilio::{Client, Credentials, Endpoints};
use passerelle_core::{Lang, Secret};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_auth_token_never_reaches_the_database_the_logs_or_errors() {
    let sim = sim_with(500, |_| {});
    let info = sim.info().clone();
    let archive = Archive::new();
    let logs = tempfile::tempdir().unwrap();
    let (subscriber, guard) =
        passerelle_core::logging::build_with_filter(logs.path(), false, "trace").unwrap();
    // A current-thread runtime keeps every async log line on this thread's subscriber.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        let client = connect_main(&rt, &info, &archive);
        tracing::info!(credentials = ?client.credentials(), "connected");
        let progress = |_: &Progress| {};
        rt.block_on(sync::sync_history(
            &archive.path,
            &client,
            &options(MediaMode::Files),
            &progress,
            &CancellationToken::new(),
        ))
        .unwrap();

        // A refused connection: the error must not echo the wrong secret.
        let wrong = "ffffffffffffffff0123456789abcdef";
        let creds = Credentials::auth_token(&info.account_sid, Secret::new(wrong)).unwrap();
        let bad = Client::with_limits(
            Endpoints::single(&info.url).unwrap(),
            creds,
            fast_retries(),
            2,
            2,
        )
        .unwrap();
        let err = rt.block_on(connect::check(&bad)).unwrap_err();
        tracing::warn!(error = %err, debug = ?err, "refused");
        for text in [
            err.message(Lang::Fr),
            err.message(Lang::En),
            format!("{err:?}"),
            format!("{bad:?}"),
        ] {
            assert!(
                !text.contains(wrong) && !text.contains(&info.auth_token),
                "{text}"
            );
        }
    });
    drop(guard);

    let mut files = vec![archive.path.clone(), archive.path.with_extension("db-wal")];
    files.extend(
        std::fs::read_dir(logs.path())
            .unwrap()
            .flatten()
            .map(|e| e.path()),
    );
    let mut log_bytes = 0;
    for file in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(file).unwrap();
        if file.starts_with(logs.path()) {
            log_bytes += bytes.len();
        }
        assert!(
            !contains(&bytes, &info.auth_token),
            "the auth token is in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, "ffffffffffffffff0123456789abcdef"),
            "the wrong token is in {}",
            file.display()
        );
    }
    assert!(
        log_bytes > 1000,
        "the logs were written ({log_bytes} bytes)"
    );
}
