//! `passerelle disconnect`: the owner disconnects the Twilio account — backup, notes for
//! every linked conversation, CRM push, secret out of the keychain, connection marked
//! disconnected. Without `--yes` it only says what would happen. An interrupted disconnect
//! resumes where it stopped when run again.

use passerelle_core::disconnect::{self, Disconnect, Hooks, Step};
use passerelle_core::inbox::Viewer;
use passerelle_core::notes::{self, ConvertOptions};
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::notes::report_line;
use crate::Cli;

/// Options of `disconnect`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Do it (without: only say what would happen).
    #[arg(long)]
    pub yes: bool,
}

/// What disconnecting does, in plain words (the confirmation).
pub fn what_happens(lang: Lang) -> &'static str {
    lang.pick(
        "Déconnecter Twilio : 1) une sauvegarde de l'archive est faite dans le dossier backups ; 2) chaque conversation reliée à une fiche devient une note sur cette fiche ; 3) les notes sont envoyées au CRM connecté, s'il y en a un ; 4) le secret Twilio est retiré du trousseau ; 5) la connexion est marquée déconnectée. L'archive reste lisible et consultable hors ligne ; synchroniser et envoyer ne sont plus possibles jusqu'à une nouvelle connexion.",
        "Disconnecting Twilio: 1) the archive is backed up into the backups folder; 2) every conversation linked to a record becomes a note on that record; 3) the notes go to the connected CRM, if any; 4) the Twilio secret is removed from the keychain; 5) the connection is marked disconnected. The archive stays readable and searchable offline; syncing and sending stop until you connect again.",
    )
}

fn step_name(step: Step, lang: Lang) -> &'static str {
    match step {
        Step::Backup => lang.pick("sauvegarde", "backup"),
        Step::Notes => lang.pick("notes", "notes"),
        Step::CrmPush => lang.pick("envoi au CRM", "CRM push"),
        Step::RemoveSecret => lang.pick(
            "secret retiré du trousseau",
            "secret removed from the keychain",
        ),
        Step::MarkDisconnected => lang.pick(
            "connexion marquée déconnectée",
            "connection marked disconnected",
        ),
        Step::Done => lang.pick("terminé", "done"),
    }
}

/// Runs `disconnect`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    if !args.yes {
        say!("{}", what_happens(lang));
        say!(
            "{}",
            lang.pick(
                "Rien n'a été fait : relancez avec --yes pour déconnecter.",
                "Nothing was done: run again with --yes to disconnect."
            )
        );
        return Ok(());
    }
    let options = ConvertOptions::local(notes::preferred_split(&store)?, lang);
    let run = disconnect::start(&store, &owner, options)?;
    if run.step != Step::Backup {
        say!(
            "{} {}",
            lang.pick(
                "Reprise de la déconnexion à l'étape :",
                "Resuming the disconnect at:"
            ),
            step_name(run.step, lang)
        );
    }
    let progress = |state: &Disconnect| {
        let finished = Step::ALL
            .iter()
            .position(|s| *s == state.step)
            .unwrap_or_default();
        if let Some(done) = finished.checked_sub(1).map(|i| Step::ALL[i]) {
            say!("✓ {}", step_name(done, lang));
        }
    };
    let done = disconnect::run_to_end(&store, run, &Hooks::default(), &progress)?;
    if let Some(backup) = &done.backup {
        say!("{} {backup}", lang.pick("Sauvegarde :", "Backup:"));
    }
    if let Some(report) = &done.notes {
        say!("{}", report_line(report, lang));
    }
    if let Some(crm) = &done.crm {
        say!("{}", lang.pick("Pipedrive :", "Pipedrive:"));
        crate::crm::say_report(&crm.report, lang);
    }
    say!(
        "{}",
        lang.pick(
            "Twilio est déconnecté. L'archive reste consultable ; `passerelle connect` reconnecte le compte.",
            "Twilio is disconnected. The archive stays readable; `passerelle connect` connects the account again."
        )
    );
    Ok(())
}
