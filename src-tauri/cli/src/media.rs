//! `passerelle media`: where the photos and documents are, how many are downloaded and still to
//! fetch, the room those will take against the free space; `media move <DIR>` moves the folder
//! (copy, switch, clean: Ctrl-C or a kill loses nothing, and running it again resumes).

use std::path::PathBuf;

use passerelle_core::media_folder::{self, MoveProgress, MoveStep, Room, Status};
use passerelle_core::sync::CancellationToken;
use passerelle_core::{Error, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::progress::SyncBar;
use crate::Cli;

/// Options of `media`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// `move <DIR>`; without one, the media folder's status.
    #[command(subcommand)]
    pub action: Option<Action>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `media move`.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Move the media folder to DIR: every file is copied, then the archive switches to DIR,
    /// then the old files are deleted. Interrupted, it loses nothing; run it again to resume.
    Move {
        /// The new folder (created if missing; not inside the current one).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Print the report as JSON (and no progress line).
        #[arg(long)]
        json: bool,
    },
}

/// Runs `media`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let db = account::db_path(cli)?;
    match &args.action {
        None => {
            let store = Store::open_read_only(&db)?;
            let status = media_folder::status(&store)?;
            if args.json {
                crate::output::print_json(&status)
            } else {
                print_status(&status, lang);
                Ok(())
            }
        }
        Some(Action::Move { dir, json }) => {
            let store = Store::open_existing(&db)?;
            move_folder(&store, dir, *json || args.json, lang)
        }
    }
}

fn print_status(s: &Status, lang: Lang) {
    let size = |b| media_folder::size_text(b, lang);
    let place = if s.is_default {
        lang.pick(
            " (par défaut, à côté de l'archive)",
            " (default, next to the archive)",
        )
    } else {
        ""
    };
    say!(
        "{} {}{place}",
        lang.pick("Dossier des médias :", "Media folder:"),
        s.folder.display()
    );
    say!(
        "  {} {} · {}",
        s.files_present,
        lang.pick("fichiers téléchargés", "files downloaded"),
        size(s.bytes_present)
    );
    say!(
        "  {} {} · {} {}",
        s.files_pending,
        lang.pick("à télécharger", "to download"),
        lang.pick("environ", "about"),
        size(s.estimate_bytes)
    );
    let free = s
        .free_bytes
        .map_or_else(|| lang.pick("inconnu", "unknown").to_owned(), size);
    say!(
        "  {} {free}",
        lang.pick("Libre sur son disque :", "Free on its disk:")
    );
    match s.room {
        Room::Fits => {}
        Room::Tight => say!(
            "  {}",
            lang.pick(
                "Attention : c'est juste. Si le disque se remplit, la synchronisation s'arrête sans rien perdre.",
                "Careful: it is tight. If the disk fills up, the sync stops without losing anything."
            )
        ),
        Room::WontFit => say!(
            "  {}",
            lang.pick(
                "Les médias à télécharger ne tiendront pas : libérez de la place ou déplacez le dossier (passerelle media move <DOSSIER>).",
                "The media to download will not fit: free some space or move the folder (passerelle media move <DIR>)."
            )
        ),
    }
}

fn move_folder(
    store: &Store,
    dir: &std::path::Path,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let cancel = CancellationToken::new();
    crate::export::stop_on_ctrl_c(&cancel);
    let bar = SyncBar::new(!json, lang);
    let show = |p: &MoveProgress| {
        let step = match p.step {
            MoveStep::Copying => lang.pick("Copie", "Copying"),
            MoveStep::Cleaning => {
                lang.pick("Nettoyage de l'ancien dossier", "Cleaning the old folder")
            }
            MoveStep::Done => lang.pick("Terminé", "Done"),
        };
        bar.update(p.files_done, Some(p.files_total));
        bar.phase(format!(
            "{step} · {} / {}",
            media_folder::size_text(p.bytes_done, lang),
            media_folder::size_text(p.bytes_total, lang)
        ));
    };
    let outcome = media_folder::move_to(store, dir, &show, &cancel);
    bar.finish();
    let report = match outcome {
        Err(Error::Cancelled) => {
            eprintln!(
                "{}",
                lang.pick(
                    "Déplacement interrompu : l'ancien dossier reste utilisé, complet. Relancez la commande pour reprendre.",
                    "Move interrupted: the old folder stays in use, complete. Run the command again to resume."
                )
            );
            return Err(Failure::Core(Error::Cancelled));
        }
        outcome => outcome?,
    };
    if json {
        return crate::output::print_json(&report);
    }
    if report.from == report.to {
        say!(
            "{} {}",
            lang.pick("Les médias sont déjà dans", "The media are already in"),
            report.to.display()
        );
        return Ok(());
    }
    say!(
        "{} {}",
        lang.pick("Médias déplacés vers", "Media moved to"),
        report.to.display()
    );
    say!(
        "  {} {} · {} {} · {}",
        report.files_copied,
        lang.pick("copiés", "copied"),
        report.files_already_there,
        lang.pick("déjà là", "already there"),
        media_folder::size_text(report.bytes, lang)
    );
    if report.files_missing > 0 {
        say!(
            "  {} {}",
            report.files_missing,
            lang.pick(
                "fichiers manquaient dans l'ancien dossier : la prochaine synchronisation les téléchargera à nouveau",
                "files were missing from the old folder: the next sync downloads them again"
            )
        );
    }
    Ok(())
}
