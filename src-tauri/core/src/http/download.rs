//! Downloading a file: redirects followed without credentials, the body streamed to
//! `<dest>.part` and renamed into place only when complete, so a file present under its final
//! name is always whole (a run killed mid-download leaves only a `.part`).

use super::{network_failure, Counters, Failure, Outcome};
use crate::error::Error;
use std::path::Path;
use url::Url;

/// Redirects followed at most, per download.
pub const MAX_REDIRECTS: u32 = 5;

/// Follows the redirects of `response` (an answer to `from`) with `anonymous`, a client that
/// sends no credentials: a redirect target (a CDN, S3) is a signed URL whose signature is the
/// credential, and ours must not travel there, whatever the host. Each hop is counted.
pub async fn follow_redirects(
    anonymous: &reqwest::Client,
    from: &Url,
    mut response: reqwest::Response,
    counters: &Counters,
) -> Result<reqwest::Response, Failure> {
    let mut hops = 0;
    while response.status().is_redirection() {
        hops += 1;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| from.join(l).ok())
            .filter(|_| hops <= MAX_REDIRECTS)
            .ok_or_else(|| {
                Failure::new(
                    Outcome::Status(502),
                    Error::Internal("download redirect without a usable Location".into()),
                )
            })?;
        counters.hop();
        response = anonymous
            .get(location)
            .send()
            .await
            .map_err(|e| network_failure(&e))?;
    }
    Ok(response)
}

/// Streams the body of `response` to `dest` through `dest.part` (flushed and synced, then
/// renamed). Returns the number of bytes written. On any failure the `.part` is removed, so a
/// full disk or a cut connection leaves nothing half-written behind.
pub async fn to_file(response: reqwest::Response, dest: &Path) -> Result<u64, Failure> {
    let part = dest.with_extension("part");
    let written = write_part(response, dest, &part).await;
    if written.is_err() {
        let _ = tokio::fs::remove_file(&part).await;
    }
    written
}

async fn write_part(
    mut response: reqwest::Response,
    dest: &Path,
    part: &Path,
) -> Result<u64, Failure> {
    use tokio::io::AsyncWriteExt;
    let io = |context: &str, e: std::io::Error| {
        Failure::new(
            Outcome::Local,
            Error::io(format!("{context} {}", dest.display()), e),
        )
    };
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| io("creating folder for", e))?;
    }
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(|e| io("creating", e))?;
    let mut written = 0u64;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                file.write_all(&chunk).await.map_err(|e| io("writing", e))?;
                written += chunk.len() as u64;
            }
            Ok(None) => break,
            Err(e) => return Err(Failure::new(Outcome::Interrupted, super::network_error(&e))),
        }
    }
    file.flush().await.map_err(|e| io("writing", e))?;
    file.sync_all().await.map_err(|e| io("syncing", e))?;
    drop(file);
    tokio::fs::rename(part, dest)
        .await
        .map_err(|e| io("renaming", e))?;
    Ok(written)
}
