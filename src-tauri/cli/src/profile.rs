//! `passerelle profile`: the WhatsApp sender profile as customers see it, with the sender's
//! standing and the local history of changes; `passerelle profile set` changes it. Every limit
//! is checked before anything is sent: a wrong field is named and nothing leaves the machine.

use std::path::PathBuf;

use passerelle_core::ids::SenderSid;
use passerelle_core::profile::{self, check_profile, ProfileDraft, SenderProfile};
use passerelle_core::store::profile_versions::ProfileVersion;
use passerelle_core::twilio::Client;
use passerelle_core::{connect, Error, Lang, Store};
use serde::Serialize;

use crate::account;
use crate::failure::Failure;
use crate::Cli;

/// Options of `profile`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The business number (`+33 7 57 00 00 00`, `whatsapp:+33757000000`); default: every one.
    #[arg(long, global = true, value_name = "NUMBER")]
    pub sender: Option<String>,
    /// Print as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// `set`: change the profile.
    #[command(subcommand)]
    pub action: Option<Action>,
}

/// What to do with the profile.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Change fields of the profile (only those given; checked before anything is sent).
    Set(SetArgs),
}

/// The fields `profile set` may change.
#[derive(clap::Args, Debug, Default)]
pub struct SetArgs {
    /// Display name (goes to Meta's review).
    #[arg(long, value_name = "TEXT")]
    pub display_name: Option<String>,
    /// About (1–139 characters).
    #[arg(long, value_name = "TEXT")]
    pub about: Option<String>,
    /// Description (≤ 512).
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Business address (≤ 256).
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// Email (≤ 128).
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// A website (http or https, ≤ 256); give it twice for two. Replaces the current ones.
    #[arg(long = "website", value_name = "URL")]
    pub websites: Vec<String>,
    /// Business category, as the Senders API spells it (`Restaurant`, `Other`…).
    #[arg(long, value_name = "CATEGORY")]
    pub vertical: Option<String>,
    /// Logo URL (https).
    #[arg(long, value_name = "URL")]
    pub logo_url: Option<String>,
}

impl SetArgs {
    /// The given fields written over `base`.
    fn over(&self, base: &ProfileDraft) -> ProfileDraft {
        let pick = |given: &Option<String>, current: &str| {
            given.clone().unwrap_or_else(|| current.to_string())
        };
        ProfileDraft {
            display_name: pick(&self.display_name, &base.display_name),
            about: pick(&self.about, &base.about),
            description: pick(&self.description, &base.description),
            address: pick(&self.address, &base.address),
            email: pick(&self.email, &base.email),
            websites: if self.websites.is_empty() {
                base.websites.clone()
            } else {
                self.websites.clone()
            },
            vertical: pick(&self.vertical, &base.vertical),
            logo_url: pick(&self.logo_url, &base.logo_url),
        }
    }
}

/// A sender with its recorded history (`--json`).
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    sender: SenderProfile,
    history: Vec<ProfileVersion>,
}

/// The archive and a client for its saved connection (credentials as `sync` finds them).
pub fn connected_client(cli: &Cli) -> Result<(PathBuf, Client), Failure> {
    let db = account::db_path(cli)?;
    let store = Store::open_existing(&db).map_err(|e| match e {
        Error::ArchiveMissing { .. } => Error::NotConnected,
        e => e,
    })?;
    let saved = connect::saved(&store)?.ok_or(Failure::Core(Error::NotConnected))?;
    let credentials = account::credentials_for(cli, &saved)?;
    let endpoints = match account::given_endpoints(cli)? {
        Some(e) => e,
        None => saved.endpoints()?,
    };
    Ok((db, Client::new(endpoints, credentials)?))
}

/// Runs `profile` and `profile set`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    if let Some(Action::Set(set)) = &args.action {
        // The given fields alone, before any request: the others are filled with valid values.
        let alone = set.over(&ProfileDraft {
            display_name: "-".into(),
            about: "-".into(),
            ..ProfileDraft::default()
        });
        check_profile(&alone).map_err(profile::save::refusal)?;
    }
    let (db, client) = connected_client(cli)?;
    let senders = profile::sender_profiles(&client, lang).await?;
    let chosen = choose(senders, args.sender.as_deref())?;
    if let Some(Action::Set(set)) = &args.action {
        let [sender] = chosen.as_slice() else {
            return Err(Error::invalid(
                "sender",
                "ce compte a plusieurs numéros : choisissez-en un avec --sender.",
                "this account has several numbers: pick one with --sender.",
            )
            .into());
        };
        let sid = SenderSid::parse(&sender.sid)?;
        let saved =
            profile::save_profile(&client, &db, &sid, &set.over(&sender.profile), lang).await?;
        return show(&db, vec![saved.sender], args.json, lang);
    }
    show(&db, chosen, args.json, lang)
}

fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

fn choose(
    senders: Vec<SenderProfile>,
    wanted: Option<&str>,
) -> Result<Vec<SenderProfile>, Failure> {
    let Some(wanted) = wanted else {
        return Ok(senders);
    };
    let chosen: Vec<SenderProfile> = senders
        .into_iter()
        .filter(|s| digits(&s.address) == digits(wanted))
        .collect();
    if chosen.is_empty() {
        return Err(Failure::UnknownSender(wanted.to_string()));
    }
    Ok(chosen)
}

fn show(
    db: &std::path::Path,
    senders: Vec<SenderProfile>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let store = Store::open_read_only(db)?;
    let shown = senders
        .into_iter()
        .map(|sender| {
            Ok(Shown {
                history: profile::history(&store, &sender.address)?,
                sender,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    if json {
        return crate::output::print_json(&shown);
    }
    for s in &shown {
        print_sender(s, lang);
    }
    Ok(())
}

fn print_sender(s: &Shown, lang: Lang) {
    let p = &s.sender;
    say!(
        "{} · {}",
        p.address.trim_start_matches("whatsapp:"),
        p.status
    );
    for r in &p.offline_reasons {
        say!(
            "  {} {}",
            r.code.as_ref().map(|c| c.to_string()).unwrap_or_default(),
            r.message.as_deref().unwrap_or("")
        );
    }
    let row = |fr: &str, en: &str, value: &str| {
        if !value.is_empty() {
            say!("  {:<22} {}", lang.pick(fr, en), value);
        }
    };
    row(
        "Qualité",
        "Quality rating",
        p.quality_rating.as_deref().unwrap_or("—"),
    );
    row(
        "Limite d'envoi",
        "Messaging limit",
        p.messaging_limit.as_deref().unwrap_or("—"),
    );
    row("Nom d'affichage", "Display name", &p.profile.display_name);
    if let Some(r) = &p.name_review {
        row(
            "Nouveau nom",
            "New name",
            &format!("{} — {}", r.pending_name, r.label),
        );
        if let Some(help) = &r.help {
            row("", "", help);
        }
    }
    row("À propos", "About", &p.profile.about);
    row("Description", "Description", &p.profile.description);
    row("Adresse", "Address", &p.profile.address);
    row("E-mail", "Email", &p.profile.email);
    row("Sites web", "Websites", &p.profile.websites.join(", "));
    row(
        "Catégorie",
        "Category",
        profile::vertical_label(&p.profile.vertical, lang),
    );
    row("Logo", "Logo", &p.profile.logo_url);
    if !s.history.is_empty() {
        say!("  {}", lang.pick("Historique :", "History:"));
    }
    for v in &s.history {
        let answer = match (&v.answer.accepted, &v.answer.error_message) {
            (true, _) => lang.pick("accepté", "accepted").to_string(),
            (false, Some(m)) => format!("{} ({m})", lang.pick("refusé", "refused")),
            (false, None) => lang.pick("refusé", "refused").to_string(),
        };
        say!(
            "    {} · {} · {} · {}",
            v.changed_at,
            v.changed_by,
            v.fields.join(", "),
            answer
        );
    }
    say!();
}
