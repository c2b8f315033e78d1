//! `passerelle backup` (make one now) and `passerelle backups` (list them, or restore one
//! with `--restore NAME --yes`). Kept apart so the exports' own `backup` merges easily.

use passerelle_core::backups::{self, Backup};
use passerelle_core::inbox::Viewer;
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::output::print_json;
use crate::Cli;

/// Options of `backup`.
#[derive(clap::Args, Debug)]
pub struct MakeArgs {
    /// Print the backup as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `backups`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Replace the archive with this backup (the current archive is backed up first).
    #[arg(long, value_name = "NAME")]
    pub restore: Option<String>,
    /// Confirm the restore.
    #[arg(long)]
    pub yes: bool,
}

/// Runs `backup`.
pub fn run_backup_make(cli: &Cli, args: &MakeArgs, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let backup = backups::make(&store, &owner)?;
    if args.json {
        return print_json(&backup);
    }
    say!(
        "{} {}",
        lang.pick("Sauvegarde faite :", "Backup made:"),
        backup.path
    );
    Ok(())
}

/// Runs `backups`.
pub fn run_backups_list(cli: &Cli, args: &ListArgs, lang: Lang) -> Result<(), Failure> {
    let db = account::db_path(cli)?;
    if let Some(name) = &args.restore {
        return restore(&db, name, args, lang);
    }
    let list = backups::list(&db)?;
    if args.json {
        return print_json(&list);
    }
    if list.is_empty() {
        say!("{}", lang.pick("Aucune sauvegarde.", "No backup."));
    }
    for Backup {
        name,
        size_bytes,
        made_at,
        reason,
        ..
    } in &list
    {
        say!(
            "{made_at}  {:>10}  {reason:<15}  {name}",
            human_size(*size_bytes)
        );
    }
    Ok(())
}

fn restore(db: &std::path::Path, name: &str, args: &ListArgs, lang: Lang) -> Result<(), Failure> {
    if !args.yes {
        say!(
            "{}",
            lang.pick(
                "Restaurer remplace l'archive par cette sauvegarde (l'archive actuelle est sauvegardée d'abord). Relancez avec --yes pour le faire.",
                "Restoring replaces the archive with this backup (the current archive is backed up first). Run again with --yes to do it."
            )
        );
        return Ok(());
    }
    let store = Store::open_existing(db)?;
    let owner = Viewer::owner(&store)?;
    let (_store, restored) = backups::restore(store, &owner, name)?;
    if args.json {
        return print_json(&restored);
    }
    say!(
        "{} {} ({} {})",
        lang.pick("Restauré :", "Restored:"),
        restored.restored,
        lang.pick("l'archive d'avant est dans", "the previous archive is in"),
        restored.previous.name
    );
    Ok(())
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}
