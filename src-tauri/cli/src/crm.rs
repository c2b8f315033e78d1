//! `passerelle crm connect|import|push|status|disconnect [--json]`: the Pipedrive connector.
//! The token comes from `PIPEDRIVE_API_TOKEN` (kept in the OS keychain by `connect`, read
//! from there afterwards), the company from `--domain` / `PIPEDRIVE_DOMAIN`, and
//! `--pipedrive-url` / `PASSERELLE_PIPEDRIVE_URL` points at a simulator. Ctrl-C stops an
//! import or a push; the next run resumes where it stopped.

use crate::output::counts;
use std::path::PathBuf;

use passerelle_core::inbox::Viewer;
use passerelle_core::phone::Country;
use passerelle_core::pipedrive::{self, ImportOptions, NoteToPush};
use passerelle_core::sync::CancellationToken;
use passerelle_core::{Error, Lang, Secret, Store};

use crate::account;
use crate::failure::Failure;
use crate::{print_json, Cli};

/// Where Pipedrive is, and with which token.
#[derive(clap::Args, Debug)]
pub struct Target {
    /// The Pipedrive company domain (`acme` for acme.pipedrive.com).
    #[arg(long, global = true, env = "PIPEDRIVE_DOMAIN", value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Pipedrive's address, replacing the company's (e.g. a pipedrive-sim simulator).
    #[arg(
        long,
        global = true,
        env = "PASSERELLE_PIPEDRIVE_URL",
        value_name = "URL"
    )]
    pub pipedrive_url: Option<String>,
    /// The API token (better from the environment; saved in the keychain by `connect`).
    #[arg(
        long,
        global = true,
        env = "PIPEDRIVE_API_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub api_token: Option<String>,
    /// Print the outcome as JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// What `crm` does.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Check the token, keep it in the keychain, show the user and the company.
    Connect,
    /// Import persons, deals and leads (only what changed since the last run unless --full).
    Import {
        /// List everything again; records absent from Pipedrive are marked deleted.
        #[arg(long)]
        full: bool,
        /// Country of numbers written without +.
        #[arg(long, default_value = "FR", value_name = "CODE")]
        country: String,
    },
    /// Push the archive's notes to Pipedrive (never twice; changed ones are updated; failed
    /// ones are tried again).
    Push {
        /// A JSON file of notes ([{local_id, record: {kind, id}, html, first_message_at}])
        /// instead of the archive's own notes.
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
    },
    /// Show the connection, the imports and the notes pushed or failed.
    Status,
    /// Remove the token from the keychain and forget the connection (records stay).
    Disconnect,
}

/// `crm` with its options.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Where and how.
    #[command(flatten)]
    pub target: Target,
}

/// Runs `crm`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let t = &args.target;
    match &args.command {
        Command::Connect => connect(cli, t, lang).await,
        Command::Import { full, country } => import(cli, t, *full, country, lang).await,
        Command::Push { notes } => push(cli, t, notes.as_ref(), lang).await,
        Command::Status => status(cli, t, lang),
        Command::Disconnect => disconnect(cli, t, lang),
    }
}

fn given(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn token(t: &Target) -> Option<Secret> {
    given(t.api_token.as_ref()).map(Secret::new)
}

async fn connect(cli: &Cli, t: &Target, lang: Lang) -> Result<(), Failure> {
    let Some(domain) = given(t.domain.as_ref()) else {
        return Err(Error::invalid(
            "domain",
            "donnez --domain ou PIPEDRIVE_DOMAIN.",
            "give --domain or PIPEDRIVE_DOMAIN.",
        )
        .into());
    };
    let Some(token) = token(t) else {
        return Err(Error::invalid(
            "api_token",
            "donnez le jeton d'API dans PIPEDRIVE_API_TOKEN.",
            "give the API token in PIPEDRIVE_API_TOKEN.",
        )
        .into());
    };
    let store = Store::open(&account::db_path(cli)?)?;
    let c = pipedrive::connect(&store, domain, &token, given(t.pipedrive_url.as_ref())).await?;
    if t.json {
        return print_json(&c);
    }
    let none = String::new();
    say!(
        "{} {} ({}.pipedrive.com) — {} {}{}",
        lang.pick("Pipedrive connecté :", "Pipedrive connected:"),
        c.company_name.as_ref().unwrap_or(&none),
        c.company_domain,
        lang.pick("utilisateur", "user"),
        c.user_name.as_ref().unwrap_or(&none),
        if c.is_admin {
            lang.pick(" (administrateur)", " (admin)")
        } else {
            ""
        }
    );
    Ok(())
}

fn ctrl_c_cancels() -> CancellationToken {
    let cancel = CancellationToken::new();
    let on_signal = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    cancel
}

async fn import(
    cli: &Cli,
    t: &Target,
    full: bool,
    country: &str,
    lang: Lang,
) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let (_, client) =
        pipedrive::connected_client(&store, token(t), given(t.pipedrive_url.as_ref()))?;
    let viewer = Viewer::owner(&store)?;
    let options = ImportOptions {
        full,
        ..ImportOptions::new(Country::parse(country)?)
    };
    let json = t.json;
    let progress = move |p: pipedrive::ImportProgress| {
        if !json {
            eprintln!("{}: {}", p.entity.as_str(), p.items);
        }
    };
    let report = pipedrive::import(
        &store,
        &viewer,
        &client,
        &options,
        &progress,
        &ctrl_c_cancels(),
    )
    .await?;
    if json {
        return print_json(&report);
    }
    for (name, c) in [
        ("persons", report.persons),
        ("deals", report.deals),
        ("leads", report.leads),
    ] {
        let line = counts(
            lang,
            &[
                (&c.created, "créés", "created"),
                (&c.updated, "mis à jour", "updated"),
                (&c.marked_deleted, "marqués supprimés", "marked deleted"),
            ],
        );
        say!("{name}: {line}");
    }
    say!(
        "{} {}",
        report.linked_conversations,
        lang.pick(
            "conversations liées par numéro",
            "conversations linked by number"
        )
    );
    Ok(())
}

async fn push(cli: &Cli, t: &Target, file: Option<&PathBuf>, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let (_, client) =
        pipedrive::connected_client(&store, token(t), given(t.pipedrive_url.as_ref()))?;
    let cancel = ctrl_c_cancels();
    let Some(file) = file else {
        // The archive's own notes (what the disconnect and the window push).
        let owner = Viewer::owner(&store)?;
        let pushed =
            pipedrive::push_archive(&store, &owner, &client, lang, &|_| {}, &cancel).await?;
        if t.json {
            return print_json(&pushed);
        }
        if pushed.notes == 0 {
            say!("{}", lang.pick(
                "Aucune note à envoyer : aucune note n'est sur une fiche importée de Pipedrive (`passerelle notes convert` écrit les notes des conversations liées).",
                "No notes to push: no note is on a record imported from Pipedrive (`passerelle notes convert` writes the notes of linked conversations)."
            ));
        }
        say_report(&pushed.report, lang);
        if pushed.not_in_crm > 0 {
            say!(
                "{} {}",
                pushed.not_in_crm,
                lang.pick(
                    "note(s) sur des fiches qui ne viennent pas de Pipedrive : non envoyées.",
                    "note(s) on records that do not come from Pipedrive: not pushed."
                )
            );
        }
        return Ok(());
    };
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
    let notes: Vec<NoteToPush> = serde_json::from_str(&text).map_err(|e| {
        Error::invalid(
            "notes",
            format!("fichier de notes illisible : {e}"),
            format!("unreadable notes file: {e}"),
        )
    })?;
    let report = pipedrive::push_notes(&store, &client, &notes, lang, &|_| {}, &cancel).await?;
    if t.json {
        return print_json(&report);
    }
    say_report(&report, lang);
    Ok(())
}

/// What a push did, in one line, then each failed note with its reason.
pub fn say_report(report: &pipedrive::PushReport, lang: Lang) {
    let line = counts(
        lang,
        &[
            (&(report.created + report.recovered), "créées", "created"),
            (&report.updated, "mises à jour", "updated"),
            (&report.unchanged, "inchangées", "unchanged"),
            (&report.failed.len(), "en échec", "failed"),
        ],
    );
    say!("{line}");
    for f in &report.failed {
        say!("  {}: {}", f.local_id, f.message);
    }
}

fn status(cli: &Cli, t: &Target, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let s = pipedrive::status(&store)?;
    if t.json {
        return print_json(&s);
    }
    match &s.connection {
        Some(c) => say!(
            "{} {} ({}) — {}",
            lang.pick("Pipedrive :", "Pipedrive:"),
            c.company_name.clone().unwrap_or_default(),
            c.company_domain,
            c.user_name.clone().unwrap_or_default()
        ),
        None => say!(
            "{}",
            lang.pick("Pipedrive : non connecté", "Pipedrive: not connected")
        ),
    }
    say!(
        "{}: {} contacts, {} deals, {} leads ({} {})",
        lang.pick("Fiches Pipedrive", "Pipedrive records"),
        s.records.contacts,
        s.records.deals,
        s.records.leads,
        s.deleted.contacts + s.deleted.deals + s.deleted.leads,
        lang.pick("supprimées dans Pipedrive", "deleted in Pipedrive")
    );
    for w in &s.walks {
        let state = if w.started_at.is_some() {
            lang.pick("en cours / à reprendre", "under way / to resume")
        } else {
            lang.pick("terminé", "done")
        };
        say!(
            "  {}: {state}, {} {}",
            w.entity,
            w.items,
            lang.pick("lus", "read")
        );
    }
    let line = counts(
        lang,
        &[
            (&s.notes_pushed, "envoyées", "pushed"),
            (&s.notes_pending, "en attente", "waiting"),
            (&s.notes_failed, "en échec", "failed"),
        ],
    );
    say!("{}: {line}", lang.pick("Notes", "Notes"));
    for f in pipedrive::failed_pushes(&store)? {
        say!(
            "  {} ({}): {}",
            f.note_key,
            f.target,
            f.error_message.unwrap_or_default()
        );
    }
    Ok(())
}

fn disconnect(cli: &Cli, t: &Target, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let was = pipedrive::disconnect(&store)?;
    if t.json {
        return print_json(&serde_json::json!({ "disconnected": was }));
    }
    say!(
        "{}",
        if was {
            lang.pick(
                "Pipedrive déconnecté : le jeton est retiré du trousseau.",
                "Pipedrive disconnected: the token is removed from the keychain.",
            )
        } else {
            lang.pick(
                "Aucune société Pipedrive n'était connectée.",
                "No Pipedrive company was connected.",
            )
        }
    );
    Ok(())
}
