//! `passerelle notes`: the notes made from linked conversations (list, show one, convert).
//! Reading needs no network and no credentials.

use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, ConvertOptions, ConvertReport, Note, NotesQuery, Split};
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::output::print_json;
use crate::text::one_line;
use crate::Cli;

/// Options of `notes`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do (default: list the notes).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Print as JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// `notes` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Write (or update) notes for every linked conversation, or for one.
    Convert {
        /// One note per day of each conversation instead of one per conversation.
        #[arg(long)]
        per_day: bool,
        /// Only this conversation.
        #[arg(long, value_name = "ID")]
        conversation: Option<i64>,
    },
    /// Show one note as plain text.
    Show {
        /// The note's number (from the list).
        id: i64,
    },
}

/// Runs `notes`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    match &args.command {
        None => list(cli, args.json, lang),
        Some(Command::Show { id }) => show(cli, *id, args.json),
        Some(Command::Convert {
            per_day,
            conversation,
        }) => convert(cli, *per_day, *conversation, args.json, lang),
    }
}

fn list(cli: &Cli, json: bool, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let query = NotesQuery {
        limit: 1_000,
        ..NotesQuery::default()
    };
    let mut all: Vec<Note> = Vec::new();
    loop {
        let page = notes::list(
            &store,
            &owner,
            &NotesQuery {
                offset: all.len(),
                ..query
            },
        )?;
        let done = page.len() < query.limit;
        all.extend(page);
        if done {
            break;
        }
    }
    if json {
        return print_json(&all);
    }
    if all.is_empty() {
        say!(
            "{}",
            lang.pick(
                "Aucune note. `passerelle notes convert` en écrit une par conversation reliée.",
                "No note. `passerelle notes convert` writes one per linked conversation."
            )
        );
    }
    for note in &all {
        let record = note.record.label();
        say!(
            "{:>6}  {:<20}  {:<12}  {:>4} msg  {}",
            note.id,
            note.first_message_at.as_deref().unwrap_or("-"),
            record,
            note.message_count,
            one_line(&note.title)
        );
    }
    Ok(())
}

fn show(cli: &Cli, id: i64, json: bool) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let note = notes::get(&store, &owner, id)?;
    if json {
        return print_json(&note);
    }
    for line in note.text.lines() {
        say!("{line}");
    }
    Ok(())
}

fn convert(
    cli: &Cli,
    per_day: bool,
    conversation: Option<i64>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let split = if per_day { Split::PerDay } else { Split::Whole };
    notes::set_preferred_split(&store, split)?;
    let options = ConvertOptions::local(split, lang);
    let report = match conversation {
        Some(id) => notes::convert_conversation(&store, &owner, id, &options)?,
        None => notes::convert_all(&store, &owner, &options, &|_, _| {})?,
    };
    if json {
        return print_json(&report);
    }
    say!("{}", report_line(&report, lang));
    Ok(())
}

/// One line saying what a conversion did.
pub fn report_line(r: &ConvertReport, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "{} conversation(s) reliée(s) : {} note(s) ajoutée(s), {} mise(s) à jour, {} inchangée(s), {} retirée(s).",
            r.conversations, r.added, r.updated, r.unchanged, r.removed
        ),
        Lang::En => format!(
            "{} linked conversation(s): {} note(s) added, {} updated, {} unchanged, {} removed.",
            r.conversations, r.added, r.updated, r.unchanged, r.removed
        ),
    }
}
