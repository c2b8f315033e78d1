//! `passerelle export`, `passerelle import` and `passerelle backup`: files a person opens
//! without Passerelle, a JSON export read back into a new archive, and a dated copy of the
//! archive. Need no network and no credentials; Ctrl-C stops an export and leaves nothing.

use crate::output::counts;
use passerelle_core::export::{self, ExportProgress, ExportRequest, ExportScope, Format, Zone};
use passerelle_core::{Lang, Store};
use std::path::PathBuf;
use tokio_util::sync::CancellationToken;

use crate::account;
use crate::failure::Failure;
use crate::progress::SyncBar;
use crate::Cli;

/// Options of `export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// html (a folder), csv (messages, and conversations beside it), json, pdf (one conversation).
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Where to write: a folder for html, a file otherwise. Must not exist.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// One conversation (its id, as `search --json` shows it).
    #[arg(long, value_name = "ID")]
    pub conversation: Option<i64>,
    /// Messages from this day on (YYYY-MM-DD, your time zone) or an RFC 3339 date.
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<i64>,
    /// Messages up to this day, included (YYYY-MM-DD) or an RFC 3339 date.
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<i64>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// A JSON file made by `passerelle export --format json`.
    pub file: PathBuf,
}

fn parse_format(text: &str) -> Result<Format, String> {
    match text {
        "html" => Ok(Format::Html),
        "csv" => Ok(Format::Csv),
        "json" => Ok(Format::Json),
        "pdf" => Ok(Format::Pdf),
        _ => Err(format!("`{text}`: html, csv, json or pdf")),
    }
}

/// A day (local midnight, or the last second of the day for `until`) or an RFC 3339 date.
fn parse_date(text: &str, end_of_day: bool) -> Result<i64, String> {
    use chrono::TimeZone;
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(d.timestamp());
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}`: a date as YYYY-MM-DD / une date AAAA-MM-JJ"))?;
    let time = if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    }
    .expect("a valid time");
    chrono::Local
        .from_local_datetime(&time)
        .earliest()
        .map(|d| d.timestamp())
        .ok_or_else(|| format!("`{text}`: no such local time"))
}

fn parse_since(text: &str) -> Result<i64, String> {
    parse_date(text, false)
}

fn parse_until(text: &str) -> Result<i64, String> {
    parse_date(text, true)
}

/// Cancels `token` on Ctrl-C (what was written is removed by the export itself).
pub(crate) fn stop_on_ctrl_c(token: &CancellationToken) {
    let token = token.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        if let Ok(runtime) = runtime {
            runtime.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    token.cancel();
                }
            });
        }
    });
}

/// Runs `export`.
pub fn run_export(cli: &Cli, args: &ExportArgs, lang: Lang) -> Result<(), Failure> {
    let db = account::db_path(cli)?;
    let store = Store::open_read_only(&db)?;
    let request = ExportRequest {
        format: args.format,
        scope: ExportScope {
            conversation: args.conversation,
            since: args.since,
            until: args.until,
            linked_only: false,
        },
        out: args.out.clone(),
        media_dir: Some(passerelle_core::media_folder::current(&store)?),
        zone: Zone::Local,
        lang,
        // The command line acts as the owner, who exports everything.
        viewer: None,
    };
    let cancel = CancellationToken::new();
    stop_on_ctrl_c(&cancel);
    let bar = SyncBar::new(!args.json, lang);
    let report = export::export(
        &store,
        &request,
        &|p: &ExportProgress| bar.update(p.messages_done, Some(p.messages_total)),
        &cancel,
    )?;
    bar.finish();
    if args.json {
        crate::output::print_json(&report)?;
    } else if report.cancelled {
        say!(
            "{}",
            lang.pick(
                "Export arrêté : rien n'a été écrit.",
                "Export stopped: nothing was written."
            )
        );
    } else {
        for file in &report.files {
            say!("{}", file.display());
        }
        say!(
            "{}",
            counts(
                lang,
                &[
                    (&report.conversations, "conversations", "conversations"),
                    (&report.messages, "messages", "messages"),
                    (&report.bytes, "octets", "bytes"),
                ]
            )
        );
    }
    Ok(())
}

/// Runs `import`: into the `--db` archive, which must be new (or empty).
pub fn run_import(cli: &Cli, args: &ImportArgs, lang: Lang) -> Result<(), Failure> {
    let db = account::db_path(cli)?;
    let cancel = CancellationToken::new();
    stop_on_ctrl_c(&cancel);
    let bar = SyncBar::new(true, lang);
    let report = export::import(
        &args.file,
        &db,
        &|p: &ExportProgress| bar.update(p.messages_done, None),
        &cancel,
    )?;
    bar.finish();
    if report.cancelled {
        say!(
            "{}",
            lang.pick(
                "Import arrêté : aucune archive créée.",
                "Import stopped: no archive was created."
            )
        )
    } else {
        say!(
            "{}: {} conversations, {} messages, {} {}",
            db.display(),
            report.conversations,
            report.messages,
            report.media,
            lang.pick("médias", "media")
        )
    }
    Ok(())
}
