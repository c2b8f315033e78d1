//! `passerelle connect`: checks the Twilio account, lists its WhatsApp senders and saves the
//! connection in the archive. The secret itself is not saved unless `--remember` asks for the
//! OS keychain; with credentials in the environment no keychain is needed at all.

use passerelle_core::connect::{
    self, Confirmation, ConnectCheck, KeepSecret, Owner, SavedConnection,
};
use passerelle_core::twilio::{Client, Endpoints};
use passerelle_core::Lang;
use serde::Serialize;

use crate::account;
use crate::failure::Failure;
use crate::Cli;

/// Options of `connect`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Sync only this sender (`whatsapp:+…` or `+…`; repeatable). Default: every ONLINE sender.
    #[arg(long = "sender", value_name = "NUMBER")]
    pub senders: Vec<String>,
    /// Only check the account and list its senders; save nothing.
    #[arg(long)]
    pub check: bool,
    /// Also store the secret in the OS keychain, so later runs need no credentials.
    #[arg(long)]
    pub remember: bool,
    /// Name of the person connecting (becomes the owner). Default: the login name.
    #[arg(long, value_name = "NAME")]
    pub owner_name: Option<String>,
    /// Email of the owner.
    #[arg(long, value_name = "EMAIL")]
    pub owner_email: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Outcome<'a> {
    #[serde(flatten)]
    check: &'a ConnectCheck,
    saved: Option<&'a SavedConnection>,
    secret_in_keychain: bool,
}

/// Runs `connect`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let credentials = account::given_credentials(cli)?.ok_or(Failure::NoCredentials)?;
    let endpoints = account::given_endpoints(cli)?.unwrap_or_else(Endpoints::twilio);
    // The same retry policy and unreachable budget as the app's check and every sync phase:
    // a Twilio that cannot be reached is reported within about 15 s (a closed local port in
    // about 3 s).
    let client = Client::new(endpoints, credentials)?;
    let check = connect::check(&client).await?;
    let chosen = chosen_senders(&check, &args.senders)?;

    let saved = if args.check {
        None
    } else {
        let confirmation = Confirmation {
            senders: chosen,
            owner: Owner {
                name: args.owner_name.clone().unwrap_or_else(login_name),
                email: args.owner_email.clone(),
            },
            secret: if args.remember {
                KeepSecret::InKeychain
            } else {
                KeepSecret::Nowhere
            },
        };
        let db_path = account::db_path(cli)?;
        Some(connect::confirm(&db_path, &check, &confirmation, &client)?)
    };

    if args.json {
        let outcome = Outcome {
            check: &check,
            saved: saved.as_ref(),
            secret_in_keychain: args.remember && !args.check,
        };
        crate::output::print_json(&outcome)?;
    } else {
        print_human(&check, saved.as_ref(), args.remember, lang);
    }
    Ok(())
}

/// The senders to save: the ones named (each must exist), else none (the core then takes
/// every ONLINE sender).
fn chosen_senders(check: &ConnectCheck, named: &[String]) -> Result<Vec<String>, Failure> {
    named
        .iter()
        .map(|n| {
            let n = n.trim();
            let address = if n.starts_with("whatsapp:") {
                n.to_owned()
            } else {
                format!("whatsapp:{n}")
            };
            check
                .senders
                .iter()
                .find(|s| s.address == address)
                .map(|s| s.address.clone())
                .ok_or_else(|| Failure::UnknownSender(n.to_owned()))
        })
        .collect()
}

fn login_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Owner".to_owned())
}

fn print_human(check: &ConnectCheck, saved: Option<&SavedConnection>, remember: bool, lang: Lang) {
    let a = &check.account;
    let kind = if a.is_subaccount {
        lang.pick("sous-compte", "subaccount")
    } else {
        lang.pick("compte", "account")
    };
    say!(
        "{} {} — {} ({}, {})",
        lang.pick("Compte Twilio", "Twilio account"),
        a.sid,
        a.friendly_name,
        kind,
        a.status
    );
    say!(
        "{}",
        lang.pick("Expéditeurs WhatsApp :", "WhatsApp senders:")
    );
    for s in &check.senders {
        let chosen = saved.is_some_and(|c| c.senders.contains(&s.address));
        let mark = if chosen { "*" } else { " " };
        let name = s.display_name.as_deref().unwrap_or("");
        say!(
            "  {mark} {:<24} {:<10} {name}",
            s.address.trim_start_matches("whatsapp:"),
            s.status
        );
    }
    match saved {
        Some(c) => {
            say!(
                "{} {} {}",
                lang.pick("Connexion enregistrée :", "Connection saved:"),
                c.senders.len(),
                lang.pick(
                    "expéditeur(s) à synchroniser (*).",
                    "sender(s) to sync (*)."
                )
            );
            if remember {
                say!(
                    "{}",
                    lang.pick(
                        "Secret rangé dans le trousseau du système.",
                        "Secret stored in the system keychain."
                    )
                );
            }
            say!(
                "{}",
                lang.pick("Étape suivante : passerelle sync", "Next: passerelle sync")
            );
        }
        None => say!(
            "{}",
            lang.pick(
                "Vérification seulement : rien n'a été enregistré.",
                "Check only: nothing was saved."
            )
        ),
    }
}
