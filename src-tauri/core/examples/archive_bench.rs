//! Archive benchmark: on an archive (1M messages from `sync_bench --keep PATH`), prints the
//! time of `status`, of the first page of search hits for common and rare words, short
//! prefixes and filtered searches, of the insights, and of each export (time, size, peak RSS —
//! each export runs in a child process so its RSS is its own). With `--notes N`, on a copy of
//! the archive: links the N busiest conversations to contacts, converts them to notes (timed),
//! then times notes search and the insights of a member of a Private inbox (linked only).
//!
//! ```sh
//! cargo build --release -p twilio-sim -p passerelle-core --example sync_bench --example archive_bench
//! target/release/examples/sync_bench --sim target/release/twilio-sim --messages 1000000 --no-bare --keep /tmp/1m.db
//! target/release/examples/archive_bench --db /tmp/1m.db --notes 20000
//! ```
//! `--skip-exports` leaves the exports out (a quick run).

mod common;

use common::{arg, peak_rss_mb};
use passerelle_core::archive::{self, SearchFilter};
use passerelle_core::export::{self, ExportRequest, ExportScope, Format, Zone};
use passerelle_core::inbox::{self, RecordRef, Viewer};
use passerelle_core::notes::{self, ConvertOptions, Split};
use passerelle_core::phone::Country;
use passerelle_core::records;
use passerelle_core::store::contacts::ContactFields;
use passerelle_core::store::users::Role;
use passerelle_core::sync::CancellationToken;
use passerelle_core::{Lang, Store};
use std::time::Instant;

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
    // Common words, a two-word phrase, short prefixes (each matches many index terms), a rare
    // word and one found nowhere.
    for word in [
        "merci",
        "rendez-vous",
        "bonjour",
        "merci beaucoup",
        "mer",
        "re",
        "b",
        "facture",
        "zzzqqq",
    ] {
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
    // One customer's messages with a common word: the index walks newest first and the
    // filter keeps few of them.
    if let Some(busiest) = inbox::conversations(&store, 1)?.first() {
        let one = SearchFilter {
            customer: Some(busiest.customer.clone()),
            ..SearchFilter::default()
        };
        let started = Instant::now();
        let hits = archive::search_page(&store, "merci", &one, None, 50)?
            .hits
            .len();
        println!(
            "search \"merci\" one customer: {:.2} ms ({hits} hits)",
            ms(started)
        );
    }
    drop(store);
    // Insights work out the response times of changed conversations (all of them the first
    // time), so they need a writable archive: the first reading, then one after no change.
    let store = Store::open_existing(&db)?;
    let owner = Viewer::owner(&store)?;
    for reading in ["first", "again"] {
        let started = Instant::now();
        let figures = archive::insights(&store, &owner, Lang::Fr)?;
        println!(
            "insights ({reading}): {:.2} ms ({} months, {} failure codes, {} months of replies)",
            ms(started),
            figures.months.len(),
            figures.failures.len(),
            figures.response.len()
        );
    }
    drop(store);
    if let Some(n) = arg("--notes") {
        notes_bench(&db, n.parse()?)?;
    }
    if std::env::args().any(|a| a == "--skip-exports") {
        return Ok(());
    }
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
        viewer: None,
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

/// On a copy of the archive: links the `n` busiest conversations, converts them to notes, then
/// times notes search and a member's (linked-only) search and insights.
fn notes_bench(db: &std::path::Path, n: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("notes.db");
    Store::open_read_only(db)?.copy_into(&copy)?;
    let store = Store::open_existing(&copy)?;
    let owner = Viewer::owner(&store)?;
    let started = Instant::now();
    for (i, c) in inbox::conversations(&store, n)?.iter().enumerate() {
        let fields = ContactFields {
            name: format!("Client {i}"),
            phones: vec![c.customer.trim_start_matches("whatsapp:").into()],
            ..ContactFields::default()
        };
        let contact = records::create_contact(&store, &owner, &fields, Country::Fr)?;
        inbox::link(&store, &owner, c.id, RecordRef::Contact(contact.id))?;
    }
    println!(
        "linking {n} conversations: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let report = notes::convert_all(
        &store,
        &owner,
        &ConvertOptions::local(Split::Whole, Lang::Fr),
        &|_, _| {},
    )?;
    println!(
        "notes from {} conversations: {:.1} s, peak RSS {:.0} MB",
        report.conversations,
        started.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    for word in ["merci", "client", "zzzqqq"] {
        let started = Instant::now();
        let found = archive::search_notes(&store, &owner, word, 50)?.len();
        println!(
            "notes search {word:?}: {:.2} ms ({found} notes)",
            ms(started)
        );
        let started = Instant::now();
        let raw = notes::search(&store, &owner, word, 50)?.len();
        println!("  of which the index: {:.2} ms ({raw} notes)", ms(started));
    }
    let member = passerelle_core::users::add_user(&store, &owner, "Bench", Role::Member)?;
    let member = Viewer::as_user(&store, member.id)?;
    for word in ["merci", "zzzqqq"] {
        let started = Instant::now();
        let page = archive::search_as(&store, &member, word, &SearchFilter::default(), None, 50)?;
        println!(
            "member (linked only) search {word:?}: {:.2} ms ({} hits)",
            ms(started),
            page.hits.len()
        );
    }
    let started = Instant::now();
    let figures = archive::insights(&store, &member, Lang::Fr)?;
    println!(
        "member (linked only) insights: {:.1} ms ({} months)",
        ms(started),
        figures.months.len()
    );
    Ok(())
}
