//! `passerelle erase --customer NUMBER`: erases one customer's messages, media files, notes
//! and links from the archive; with `--at-twilio`, deletes the same messages and media at
//! Twilio first. Without `--yes` it only says what would go.

use passerelle_core::erase::{self, ErasePreview, TwilioErasure};
use passerelle_core::inbox::Viewer;
use passerelle_core::phone::Country;
use passerelle_core::twilio::Client;
use passerelle_core::{connect, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::output::print_json;
use crate::Cli;

/// Options of `erase`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The customer's number (+E.164, or national in --country).
    #[arg(long, value_name = "NUMBER")]
    pub customer: String,
    /// The country of a national number.
    #[arg(long, default_value = "FR", value_name = "CODE")]
    pub country: String,
    /// Also delete their messages and media at Twilio (needs the account's credentials).
    #[arg(long)]
    pub at_twilio: bool,
    /// Do it (without: only say what would go).
    #[arg(long)]
    pub yes: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct Outcome {
    done: bool,
    archive: ErasePreview,
    at_twilio: Option<TwilioErasure>,
}

/// Runs `erase`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let country = Country::parse(&args.country)?;
    let store = Store::open_existing(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let preview = erase::preview(&store, &owner, &args.customer, country)?;
    if !args.yes {
        if args.json {
            return print_json(&Outcome {
                done: false,
                archive: preview,
                at_twilio: None,
            });
        }
        say!("{}", preview.summary(lang));
        if args.at_twilio {
            say!(
                "{}",
                lang.pick(
                    "Avec --at-twilio, les mêmes messages et leurs médias sont aussi supprimés chez Twilio, définitivement.",
                    "With --at-twilio, the same messages and their media are deleted at Twilio too, for good."
                )
            );
        }
        say!(
            "{}",
            lang.pick(
                "Rien n'a été effacé : relancez avec --yes pour effacer.",
                "Nothing was erased: run again with --yes to erase."
            )
        );
        return Ok(());
    }
    let at_twilio = if args.at_twilio {
        let targets = erase::twilio_targets(&store, &owner, &args.customer, country)?;
        let saved = connect::saved(&store)?.ok_or(passerelle_core::Error::NotConnected)?;
        let credentials = account::credentials_for(cli, &saved)?;
        let endpoints = match account::given_endpoints(cli)? {
            Some(endpoints) => endpoints,
            None => saved.endpoints()?,
        };
        let client = Client::new(endpoints, credentials)?;
        let report = erase::erase_at_twilio(&client, &targets).await;
        if !report.failed.is_empty() {
            // Keep the archive's copy so the Twilio deletion can be run again.
            print_twilio(&report, lang, args.json)?;
        }
        erase::require_twilio_done(&report)?;
        Some(report)
    } else {
        None
    };
    let erased = erase::erase(&store, &owner, &args.customer, country)?;
    if args.json {
        return print_json(&Outcome {
            done: true,
            archive: erased,
            at_twilio,
        });
    }
    if let Some(report) = &at_twilio {
        print_twilio(report, lang, false)?;
    }
    let c = erased.counts;
    say!(
        "{}",
        match lang {
            Lang::Fr => format!("Effacé de l'archive : {} conversation(s), {} message(s), {} média(s), {} note(s), {} lien(s).", c.conversations, c.messages, c.media, c.notes, c.links),
            Lang::En => format!("Erased from the archive: {} conversation(s), {} message(s), {} media, {} note(s), {} link(s).", c.conversations, c.messages, c.media, c.notes, c.links),
        }
    );
    if erased.older_backups > 0 {
        say!(
            "{}",
            match lang {
                Lang::Fr => format!("Les {} sauvegarde(s) plus anciennes les contiennent encore (`passerelle backups`).", erased.older_backups),
                Lang::En => format!("The {} older backup(s) still hold them (`passerelle backups`).", erased.older_backups),
            }
        );
    }
    Ok(())
}

fn print_twilio(report: &TwilioErasure, lang: Lang, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(report);
    }
    say!(
        "{}",
        match lang {
            Lang::Fr => format!("Chez Twilio : {} message(s) et {} média(s) supprimés, {} déjà absents, {} échec(s).", report.messages_deleted, report.media_deleted, report.already_gone, report.failed.len()),
            Lang::En => format!("At Twilio: {} message(s) and {} media deleted, {} already gone, {} failure(s).", report.messages_deleted, report.media_deleted, report.already_gone, report.failed.len()),
        }
    );
    for (sid, why) in &report.failed {
        say!("  {sid}: {why}");
    }
    Ok(())
}
