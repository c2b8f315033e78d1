//! `passerelle contacts import FILE --country FR [--kind people|leads|deals]`: imports a CSV
//! exported from a CRM (Pipedrive's columns as the reference). Good rows are kept, bad rows
//! listed with their reason; importing again updates, never duplicates. `--dry-run` shows
//! the preview (column mapping, what would be created or updated) and writes nothing.

use crate::output::counts;
use std::path::PathBuf;

use passerelle_core::inbox::Viewer;
use passerelle_core::phone::Country;
use passerelle_core::records::import::BadRow;
use passerelle_core::records::{import_file, preview_file, ImportKind, ImportRequest};
use passerelle_core::{Error, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::text::visible;
use crate::{print_json, Cli};

/// What `contacts` does.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Import contacts, leads or deals from a CSV file.
    Import(ImportArgs),
}

/// What the file holds.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    /// People (contacts).
    People,
    /// Leads.
    Leads,
    /// Deals.
    Deals,
}

/// Options of `contacts import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The CSV file (comma or semicolon separated, UTF-8).
    pub file: PathBuf,
    /// Country of numbers written without +: FR, BE, CH, GB, US, ES, DE, IT, NL, PT, LU, AT, IE.
    #[arg(long, value_name = "CODE")]
    pub country: String,
    /// What the file holds.
    #[arg(long, value_enum, default_value = "people")]
    pub kind: Kind,
    /// Show what would be imported, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `contacts`.
pub fn run(cli: &Cli, command: &Command, lang: Lang) -> Result<(), Failure> {
    match command {
        Command::Import(args) => import(cli, args, lang),
    }
}

fn import(cli: &Cli, args: &ImportArgs, lang: Lang) -> Result<(), Failure> {
    let country = Country::parse(&args.country)?;
    let kind = match args.kind {
        Kind::People => ImportKind::People,
        Kind::Leads => ImportKind::Leads,
        Kind::Deals => ImportKind::Deals,
    };
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Error::io(format!("reading {}", args.file.display()), e))?;
    let store = Store::open(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let request = ImportRequest::new(text, kind, country);
    if args.dry_run {
        let preview = preview_file(&store, &owner, &request, lang)?;
        if args.json {
            return print_json(&preview);
        }
        for column in &preview.columns {
            let field = column
                .field
                .map(|f| format!("{f:?}"))
                .unwrap_or_else(|| lang.pick("(ignorée)", "(ignored)").into());
            println!("{:<32} → {field}", visible(&column.header));
        }
        println!(
            "{}",
            counts(
                lang,
                &[
                    (&preview.creates, "à créer", "to create"),
                    (&preview.updates, "à mettre à jour", "to update"),
                ]
            )
        );
        print_bad(&preview.bad, lang);
        return Ok(());
    }
    let report = import_file(&store, &owner, &request, lang)?;
    if args.json {
        return print_json(&report);
    }
    println!(
        "{}",
        counts(
            lang,
            &[
                (&report.created, "créés", "created"),
                (&report.updated, "mis à jour", "updated"),
                (&report.bad.len(), "lignes écartées", "rows left out"),
            ]
        )
    );
    print_bad(&report.bad, lang);
    Ok(())
}

fn print_bad(bad: &[BadRow], lang: Lang) {
    for row in bad {
        println!(
            "  {} {} : {}",
            lang.pick("ligne", "line"),
            row.line,
            visible(&row.reason)
        );
    }
}
