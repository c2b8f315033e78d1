//! `passerelle status`: what the archive holds — counts per sender and per month, the last
//! sync, and where each shard of the history stands. Needs no network and no credentials.

use passerelle_core::archive::{self, ArchiveStatus};
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::Cli;

/// Options of `status`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `status`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let status = archive::status(&store)?;
    if args.json {
        crate::output::print_json(&status)?;
    } else {
        print_human(&status, lang);
    }
    Ok(())
}

fn print_human(s: &ArchiveStatus, lang: Lang) {
    say!("{:<16} {}", lang.pick("Messages", "Messages"), s.messages);
    say!(
        "{:<16} {}",
        lang.pick("Conversations", "Conversations"),
        s.conversations
    );
    say!(
        "{:<16} {} ({} {})",
        lang.pick("Médias", "Media files"),
        s.media_files,
        s.media_missing,
        lang.pick("non téléchargés", "not downloaded")
    );
    match &s.last_sync {
        Some(l) => say!(
            "{:<16} {} {} → {} ({}, {} {}, {} {})",
            lang.pick("Dernière synchro", "Last sync"),
            l.kind,
            l.started_at,
            l.finished_at.as_deref().unwrap_or("…"),
            l.outcome
                .as_deref()
                .unwrap_or(lang.pick("en cours ou interrompue", "running or interrupted")),
            l.messages_new,
            lang.pick("nouveaux", "new"),
            l.messages_updated,
            lang.pick("mis à jour", "updated"),
        ),
        None => say!(
            "{:<16} {}",
            lang.pick("Dernière synchro", "Last sync"),
            lang.pick("jamais", "never")
        ),
    }
    say!();
    say!("{}", lang.pick("Par expéditeur :", "Per sender:"));
    for sender in &s.senders {
        say!(
            "  {:<24} {:<10} {:>9} messages {:>7} conversations{}",
            sender.address.trim_start_matches("whatsapp:"),
            sender.status,
            sender.messages,
            sender.conversations,
            if sender.selected {
                ""
            } else {
                lang.pick(" (non synchronisé)", " (not synced)")
            }
        );
    }
    if !s.months.is_empty() {
        say!();
        say!(
            "{}",
            lang.pick(
                "Par mois (reçus / envoyés) :",
                "Per month (received / sent):"
            )
        );
        for m in &s.months {
            say!(
                "  {:<24} {}  {:>8} / {:<8}",
                m.sender.trim_start_matches("whatsapp:"),
                m.month,
                m.inbound,
                m.outbound
            );
        }
    }
    if !s.checkpoints.is_empty() {
        let count = |state: &str| s.checkpoints.iter().filter(|c| c.state == state).count();
        say!();
        say!(
            "{} {} {}, {} {}, {} {}",
            lang.pick("Points de reprise :", "Checkpoints:"),
            count("done"),
            lang.pick("terminés", "done"),
            count("running"),
            lang.pick("en cours", "running"),
            count("pending"),
            lang.pick("en attente", "pending"),
        );
        for c in s.checkpoints.iter().filter(|c| c.state != "done") {
            say!(
                "  {:<24} {:<8} {:<11} {} → {}  {} ({} pages, {} messages)",
                c.sender.trim_start_matches("whatsapp:"),
                c.direction,
                c.kind,
                c.date_from.as_deref().unwrap_or("…"),
                c.date_to.as_deref().unwrap_or("…"),
                c.state,
                c.pages,
                c.messages
            );
        }
    }
}
