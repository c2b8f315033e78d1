//! Archive benchmark: on an archive (1M messages from `sync_bench --keep PATH`), prints the
//! time of `status`, of the first page of search hits for common and rare words, and of each
//! export (time, size, peak RSS — each export runs in a child process so its RSS is its own).
//!
//! ```sh
//! cargo build --release -p twilio-sim -p passerelle-core --example sync_bench --example archive_bench
//! target/release/examples/sync_bench --sim target/release/twilio-sim --messages 1000000 --no-bare --keep /tmp/1m.db
//! target/release/examples/archive_bench --db /tmp/1m.db
//! ```

use passerelle_core::archive::{self, SearchFilter};
use passerelle_core::export::{self, ExportRequest, ExportScope, Format, Zone};
use passerelle_core::sync::CancellationToken;
use passerelle_core::{Lang, Store};
use std::time::Instant;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let db = std::path::PathBuf::from(arg("--db").expect("--db PATH"));
    if let Some(format) = arg("--export-one") {
        return export_one(&db, &format, &arg("--out").expect("--out PATH"));
    }
    let store = Store::open(&db)?; // upgrades an older archive once (timed apart)
    drop(store);
    let store = Store::open_read_only(&db)?;
    let started = Instant::now();
    let status = archive::status(&store)?;
    println!(
        "status: {:.1} ms ({} messages, {} months)",
        ms(started),
        status.messages,
        status.months.len()
    );
    for word in ["merci", "rendez-vous", "bonjour", "facture", "zzzqqq"] {
        let started = Instant::now();
        let page = archive::search_page(&store, word, &SearchFilter::default(), None, 50)?;
        let first = ms(started);
        let started = Instant::now();
        let next = match &page.next {
            Some(cursor) => {
                archive::search_page(&store, word, &SearchFilter::default(), Some(cursor), 50)?
                    .hits
                    .len()
            }
            None => 0,
        };
        println!(
            "search {word:?}: first page {first:.2} ms ({} hits), next page {:.2} ms ({next} hits)",
            page.hits.len(),
            ms(started)
        );
    }
    let inbound = SearchFilter {
        inbound: Some(true),
        has_media: Some(false),
        ..SearchFilter::default()
    };
    let started = Instant::now();
    let hits = archive::search_page(&store, "merci", &inbound, None, 50)?
        .hits
        .len();
    println!(
        "search \"merci\" received, no media: {:.2} ms ({hits} hits)",
        ms(started)
    );
    drop(store);
    let dir = tempfile::tempdir()?;
    for format in ["json", "csv", "html"] {
        let out = dir.path().join(format!("export.{format}"));
        let child = std::process::Command::new(std::env::current_exe()?)
            .args([
                "--db",
                &db.to_string_lossy(),
                "--export-one",
                format,
                "--out",
                &out.to_string_lossy(),
            ])
            .output()?;
        print!("{}", String::from_utf8_lossy(&child.stdout));
    }
    Ok(())
}

fn export_one(db: &std::path::Path, format: &str, out: &str) -> anyhow::Result<()> {
    let store = Store::open_read_only(db)?;
    let request = ExportRequest {
        format: match format {
            "json" => Format::Json,
            "csv" => Format::Csv,
            _ => Format::Html,
        },
        scope: ExportScope::default(),
        out: out.into(),
        media_dir: None,
        zone: Zone::Local,
        lang: Lang::Fr,
    };
    let started = Instant::now();
    let report = export::export(&store, &request, &|_| {}, &CancellationToken::new())?;
    println!(
        "export {format}: {:.1} s, {} messages, {:.0} MB, peak RSS {:.0} MB",
        started.elapsed().as_secs_f64(),
        report.messages,
        report.bytes as f64 / 1e6,
        peak_rss_mb()
    );
    Ok(())
}
