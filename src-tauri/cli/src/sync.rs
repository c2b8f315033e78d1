//! `passerelle sync`: copies the WhatsApp history from Twilio into the archive, with a progress
//! bar on stderr. Ctrl-C stops it cleanly; every page already committed is kept, and the next
//! run resumes from the checkpoints.

use passerelle_core::connect;
use passerelle_core::sync::{
    self, CancellationToken, MediaMode, Phase, Progress, SyncMode, SyncOptions, SyncReport,
};
use passerelle_core::{Error, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::progress::SyncBar;
use crate::Cli;

/// Options of `sync`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Check every message and status again: the whole history is read, not only what is new.
    /// A normal sync checks the last 7 days' statuses again, so a message read or failed
    /// later is only seen this way. Worth it once in a while, or when a status looks wrong.
    #[arg(long)]
    pub full: bool,
    /// Media: `files` (default), `metadata` (no download) or `skip`.
    #[arg(long, value_name = "files|metadata|skip", default_value = "files", value_parser = parse_media)]
    pub media: MediaMode,
    /// Download media even when they clearly will not fit on the media folder's disk (the
    /// estimate may be wrong; a full disk still stops the sync cleanly).
    #[arg(long)]
    pub no_space_check: bool,
    /// Print the report as JSON (and no progress bar).
    #[arg(long)]
    pub json: bool,
    /// Print each progress report as one line of JSON on stderr (for scripts and other tools).
    #[arg(long)]
    pub progress_json: bool,
}

fn parse_media(text: &str) -> Result<MediaMode, String> {
    match text {
        "files" => Ok(MediaMode::Files),
        "metadata" => Ok(MediaMode::Metadata),
        "skip" => Ok(MediaMode::Skip),
        other => Err(format!("`{other}`: expected files, metadata or skip")),
    }
}

/// Runs `sync`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let db = account::db_path(cli)?;
    let saved = {
        // Only `connect` creates an archive: with none here, there is no connection either.
        let store = Store::open_existing(&db).map_err(|e| match e {
            Error::ArchiveMissing { .. } => Error::NotConnected,
            e => e,
        })?;
        // A disconnected account is read-only for Twilio until `connect` runs again.
        passerelle_core::disconnect::ensure_connected(&store)?;
        connect::saved(&store)?.ok_or(Failure::Core(Error::NotConnected))?
    };
    let client = account::client_for(cli, &saved)?;
    let options = SyncOptions {
        mode: if args.full {
            SyncMode::Full
        } else {
            SyncMode::Auto
        },
        media: args.media,
        check_space: !args.no_space_check,
        ..SyncOptions::default()
    };

    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });

    let bar = SyncBar::new(!args.json && !args.progress_json, lang);
    let show = |p: &Progress| {
        if args.progress_json {
            if let Ok(line) = serde_json::to_string(p) {
                eprintln!("{line}");
            }
        }
        show_progress(&bar, p, lang);
    };
    let outcome = sync::sync_history(&db, &client, &options, &show, &cancel).await;
    bar.finish();
    let report = outcome?;

    if args.json {
        crate::output::print_json(&report)?;
    } else {
        print_human(&report, lang);
    }
    if report.cancelled {
        return Err(Failure::Core(Error::Cancelled));
    }
    Ok(())
}

fn show_progress(bar: &SyncBar, p: &Progress, lang: Lang) {
    let phase = match p.phase {
        Phase::Planning => lang.pick("Préparation", "Planning"),
        Phase::Messages => lang.pick("Messages", "Messages"),
        Phase::Indexing => lang.pick("Index de recherche", "Search index"),
        Phase::MediaMetadata => lang.pick("Médias (liste)", "Media (list)"),
        Phase::MediaFiles => lang.pick("Médias (fichiers)", "Media (files)"),
        Phase::Done => lang.pick("Terminé", "Done"),
    };
    let (done, total) = match p.phase {
        Phase::MediaMetadata | Phase::MediaFiles => (p.media_done, p.media_total),
        _ => (p.shards_done, p.shards_total),
    };
    let eta = p.eta_secs.map(duration).unwrap_or_else(|| "?".into());
    bar.update(done, (total > 0).then_some(total));
    let to_download = p.media_estimate_bytes.map_or_else(String::new, |bytes| {
        format!(
            " · {} {} {}",
            lang.pick("environ", "about"),
            passerelle_core::media_folder::size_text(bytes, lang),
            lang.pick("à télécharger", "to download"),
        )
    });
    bar.phase(format!(
        "{phase} · {} {} · {:.0}/s · {} {eta}{to_download}",
        p.messages_fetched,
        lang.pick("messages", "messages"),
        p.rate_per_sec,
        lang.pick("reste", "ETA"),
    ));
}

fn duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

fn print_human(r: &SyncReport, lang: Lang) {
    let head = if r.cancelled {
        lang.pick(
            "Synchronisation interrompue (ce qui a été écrit est gardé)",
            "Sync cancelled (what was written is kept)",
        )
    } else {
        lang.pick("Synchronisation terminée", "Sync finished")
    };
    say!("{head} — {}", r.kind);
    say!(
        "  {} {} · {} {} · {} {}",
        r.messages_fetched,
        lang.pick("messages lus", "messages read"),
        r.messages_new,
        lang.pick("nouveaux", "new"),
        r.messages_updated,
        lang.pick("mis à jour", "updated"),
    );
    say!(
        "  {:.1} s · {:.0} messages/s · {} {} · {} {}",
        r.elapsed_secs,
        r.rate_per_sec,
        r.http.requests,
        lang.pick("requêtes", "requests"),
        r.http.retries,
        lang.pick("nouvelles tentatives", "retries"),
    );
    say!(
        "  {} {} · {} {}",
        r.media_downloaded,
        lang.pick("médias téléchargés", "media downloaded"),
        r.media_skipped.len(),
        lang.pick("médias ignorés", "media skipped"),
    );
    for skipped in r.media_skipped.iter().take(20) {
        say!(
            "    {} ({}) : {}",
            skipped.media_sid,
            skipped.message_sid,
            skipped.reason
        );
    }
}
