//! `passerelle search TEXT`: full-text search over the archive's messages and notes (accents
//! and case ignored, every word must match), newest first. Needs no network and no
//! credentials. `--json` prints `{"messages": [...], "notes": [...]}`. Text that starts with
//! `-` goes after `--` (`passerelle search -- -merci`), as with every command-line tool.

use passerelle_core::inbox::Viewer;
use passerelle_core::{archive, Lang, Store};
use serde::Serialize;

use crate::account;
use crate::failure::Failure;
use crate::Cli;

/// Options of `search`.
#[derive(clap::Args, Debug)]
#[command(after_help = SEARCH_HELP)]
pub struct Args {
    /// The words to look for (text starting with `-` goes after `--`).
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// Most results shown (at least 1).
    #[arg(long, default_value_t = 50, value_parser = parse_limit)]
    pub limit: usize,
    /// Print the hits as JSON: `{"messages": [...], "notes": [...]}`.
    #[arg(long)]
    pub json: bool,
}

/// Shown under `passerelle search --help`.
const SEARCH_HELP: &str =
    "To search for text that starts with '-', put -- before it: passerelle search -- -merci";

/// The hint added to a usage error of `search` (an unknown option is most often a word that
/// starts with `-`).
pub fn dash_hint(lang: Lang) -> &'static str {
    lang.pick(
        "pour chercher un texte qui commence par « - », mettez -- devant : passerelle search -- -merci",
        "to search for text that starts with '-', put -- before it: passerelle search -- -merci",
    )
}

/// `--limit`: a count of results, at least 1 (0 would silently show nothing).
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("0: --limit counts the results shown, at least 1 / --limit compte les résultats affichés, au moins 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}`: --limit takes a whole number, at least 1 / --limit prend un nombre entier, au moins 1")),
    }
}

/// What `--json` prints.
#[derive(Serialize)]
struct Found {
    messages: Vec<archive::SearchHit>,
    notes: Vec<archive::NoteResult>,
}

/// Runs `search`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let text = args.text.join(" ");
    let found = Found {
        messages: archive::search(&store, &text, args.limit)?,
        notes: notes_found(&store, &text, args.limit)?,
    };
    if args.json {
        crate::output::print_json(&found)?;
        return Ok(());
    }
    if found.messages.is_empty() {
        say!(
            "{}",
            lang.pick("Aucun message trouvé.", "No message found.")
        );
    }
    for hit in &found.messages {
        let who = hit.profile_name.as_deref().unwrap_or("");
        let arrow = if hit.direction == "inbound" {
            "←"
        } else {
            "→"
        };
        say!(
            "{}  {} {} {}  {}",
            hit.date_sent.as_deref().unwrap_or("?"),
            arrow,
            hit.customer.trim_start_matches("whatsapp:"),
            who,
            snippet_line(&hit.snippet)
        );
    }
    if !found.notes.is_empty() {
        say!("\n{}", lang.pick("Notes :", "Notes:"));
    }
    for note in &found.notes {
        say!(
            "{}  #{} {}  {}",
            note.last_message_at.as_deref().unwrap_or("?"),
            note.id,
            note.title,
            snippet_line(&note.snippet)
        );
    }
    Ok(())
}

/// The notes matching `text`, read as the owner (the command line acts as the owner). An
/// archive that never had an owner (never connected) cannot hold notes: none found.
fn notes_found(
    store: &Store,
    text: &str,
    limit: usize,
) -> Result<Vec<archive::NoteResult>, Failure> {
    match Viewer::owner(store) {
        Ok(owner) => Ok(archive::search_notes(store, &owner, text, limit)?),
        Err(e) if e.code() == passerelle_core::Code::NotConnected => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// The snippet on one line, matches between `[` and `]`.
fn snippet_line(parts: &[archive::SnippetPart]) -> String {
    archive::bracketed(parts)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
