//! `passerelle`: the command line of Passerelle. Connects a Twilio account, syncs its WhatsApp
//! history into the local archive, and reads the archive (status, search, conversations,
//! threads) and imports contacts — the same archive file and the same core code as the
//! desktop app. It acts as the installation's owner.
//!
//! Exit status 0 on success; otherwise a one-line reason in plain words on stderr (French or
//! English) and a non-zero status: 1 for a refusal or failure, 2 for a usage error, 130 when
//! cancelled with Ctrl-C.

#[macro_use]
mod output;

mod account;
mod backup;
mod connect;
mod contacts;
mod conversations;
mod crm;
mod disconnect;
mod erase;
mod export;
mod failure;
mod media;
mod migrate;
mod notes;
mod profile;
mod progress;
mod search;
mod send;
mod status;
mod sync;
mod templates;
mod text;
mod thread;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use passerelle_core::Lang;

use crate::failure::Failure;

/// Global options, each also read from the environment.
#[derive(Parser, Debug)]
#[command(
    name = "passerelle",
    version,
    about = "Passerelle: your WhatsApp Business history from Twilio, archived locally",
    after_help = "The command line acts as the installation's owner (the user who connected \
                  Twilio): it sees every conversation whatever the inbox's visibility."
)]
pub struct Cli {
    /// The archive file (default: the desktop app's archive).
    #[arg(long, global = true, env = "PASSERELLE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Twilio account SID (AC…), or the subaccount's.
    #[arg(long, global = true, env = "TWILIO_ACCOUNT_SID", value_name = "AC…")]
    pub account_sid: Option<String>,
    /// Twilio auth token.
    #[arg(
        long,
        global = true,
        env = "TWILIO_AUTH_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub auth_token: Option<String>,
    /// Twilio API key SID (SK…), used with --api-secret instead of the auth token.
    #[arg(long, global = true, env = "TWILIO_API_KEY", value_name = "SK…")]
    pub api_key: Option<String>,
    /// Twilio API key secret.
    #[arg(
        long,
        global = true,
        env = "TWILIO_API_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub api_secret: Option<String>,
    /// One base URL replacing every Twilio host (e.g. a twilio-sim simulator).
    #[arg(long, global = true, env = "PASSERELLE_TWILIO_URL", value_name = "URL")]
    pub twilio_url: Option<String>,
    /// Language of messages: fr or en (default: from LANG).
    #[arg(long, global = true, value_name = "fr|en")]
    pub lang: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the Twilio account, list its WhatsApp senders and save the connection.
    Connect(connect::Args),
    /// Copy the WhatsApp history from Twilio into the archive (incremental unless --full).
    Sync(sync::Args),
    /// Show what the archive holds: counts per sender and month, last sync, checkpoints.
    Status(status::Args),
    /// Search message text in the archive (full-text).
    Search(search::Args),
    /// List conversations, most recent first, as the owner sees them.
    Conversations(conversations::Args),
    /// Show a conversation's messages, newest page first, as the owner sees them.
    Thread(thread::Args),
    /// Send one WhatsApp message to one number: free text inside the 24-hour window, an
    /// approved template otherwise (no broadcast; a refused send makes no request).
    Send(send::Args),
    /// Contacts, leads and deals: import from a CRM's CSV export.
    #[command(subcommand)]
    Contacts(contacts::Command),
    /// Show the WhatsApp sender profile (and its history); `profile set` changes it.
    Profile(profile::Args),
    /// List the message templates with their approval state (read again from Twilio).
    Templates(templates::Args),
    /// Pipedrive: connect, import persons/deals/leads, push notes, status, disconnect.
    Crm(crm::Args),
    /// Export the archive (or one conversation, or dates) as HTML, CSV, JSON or PDF.
    Export(export::ExportArgs),
    /// Read a JSON export back into a new archive (--db).
    Import(export::ImportArgs),
    /// Notes made from linked conversations: list, show, convert.
    Notes(notes::Args),
    /// Disconnect the Twilio account (owner only): backup, notes, secret removed; the archive stays.
    Disconnect(disconnect::Args),
    /// Make a backup of the archive now.
    Backup(backup::MakeArgs),
    /// List the archive's backups, or restore one.
    Backups(backup::ListArgs),
    /// Erase one customer's messages, media, notes and links (and at Twilio with --at-twilio).
    Erase(erase::Args),
    /// Move my number: `migrate check` (is the archive complete?) and `migrate status`.
    Migrate(migrate::Args),
    /// The media folder: where photos and documents go, what is downloaded, the room the rest
    /// will take; `media move <DIR>` moves it.
    Media(media::Args),
}

fn main() {
    // Die quietly when the reader goes away (`passerelle status | head`) instead of panicking
    // on a broken pipe, as command-line tools do.
    // SAFETY: setting a signal disposition to the default before any thread starts.
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // clap's usage errors span several lines; scripts get one.
            let text = e
                .kind()
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| e.to_string());
            let first = e
                .to_string()
                .lines()
                .next()
                .map(str::to_owned)
                .unwrap_or(text);
            let first = first.trim_start_matches("error: ");
            match usage_hint(&e) {
                Some(hint) => eprintln!("passerelle: {first}; {hint}"),
                None => eprintln!("passerelle: {first}"),
            }
            std::process::exit(2);
        }
    };
    let lang = match cli.lang.as_deref() {
        None => Lang::from_env(),
        Some(tag) => match tag.parse::<Lang>() {
            Ok(lang) => lang,
            Err(_) => {
                eprintln!("passerelle: --lang must be fr or en / --lang doit valoir fr ou en");
                std::process::exit(2);
            }
        },
    };
    let outcome = run(&cli, lang);
    if let Err(failure) = outcome {
        eprintln!("passerelle: {}", failure.one_line(lang));
        std::process::exit(failure.exit_code());
    }
}

/// What to add to a usage error: `passerelle search -merci` reads `-merci` as an option, so
/// say how to search for it.
fn usage_hint(e: &clap::Error) -> Option<&'static str> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let searching = args.iter().any(|a| a == "search");
    (searching && e.kind() == clap::error::ErrorKind::UnknownArgument)
        .then(|| search::dash_hint(lang_of_args(&args)))
}

/// The language asked for on a command line clap could not parse: `--lang fr`, else `LANG`.
fn lang_of_args(args: &[String]) -> Lang {
    let asked = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).cloned(),
        a => a.strip_prefix("--lang=").map(str::to_owned),
    });
    asked
        .and_then(|tag| tag.parse::<Lang>().ok())
        .unwrap_or_else(Lang::from_env)
}

fn run(cli: &Cli, lang: Lang) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("starting the async runtime: {e}")))?;
    // Logs go to `logs/` next to the archive (the app's own log folder for the default one);
    // a read-only location only costs the log, never the command. Reading commands log
    // nothing, and a sync without an archive creates no folder.
    let _log = match &cli.command {
        Command::Connect(_) | Command::Sync(_) | Command::Send(_) => account::db_path(cli)
            .ok()
            .filter(|db| matches!(cli.command, Command::Connect(_)) || db.exists())
            .and_then(|db| passerelle_core::logging::init(&log_dir(&db), false).ok()),
        _ => None,
    };
    runtime.block_on(async {
        match &cli.command {
            Command::Connect(args) => connect::run(cli, args, lang).await,
            Command::Sync(args) => sync::run(cli, args, lang).await,
            Command::Status(args) => status::run(cli, args, lang),
            Command::Search(args) => search::run(cli, args, lang),
            Command::Conversations(args) => conversations::run(cli, args, lang),
            Command::Thread(args) => thread::run(cli, args, lang),
            Command::Send(args) => send::run(cli, args, lang).await,
            Command::Contacts(command) => contacts::run(cli, command, lang),
            Command::Profile(args) => profile::run(cli, args, lang).await,
            Command::Templates(args) => templates::run(cli, args, lang).await,
            Command::Crm(args) => crm::run(cli, args, lang).await,
            Command::Export(args) => export::run_export(cli, args, lang),
            Command::Import(args) => export::run_import(cli, args, lang),
            Command::Notes(args) => notes::run(cli, args, lang),
            Command::Disconnect(args) => disconnect::run(cli, args, lang),
            Command::Backup(args) => backup::run_backup_make(cli, args, lang),
            Command::Backups(args) => backup::run_backups_list(cli, args, lang),
            Command::Erase(args) => erase::run(cli, args, lang).await,
            Command::Migrate(args) => migrate::run(cli, args, lang).await,
            Command::Media(args) => media::run(cli, args, lang),
        }
    })
}

fn log_dir(db: &std::path::Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| std::path::Path::new("."))
        .join("logs")
}

pub use output::print_json;
