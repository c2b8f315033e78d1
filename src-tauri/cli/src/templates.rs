//! `passerelle templates`: the account's message templates, read again from Twilio into the
//! archive, with their approval state, and for a rejected one what the reason means.

use passerelle_core::templates::{self, Template, TemplateFilter};
use passerelle_core::Lang;

use crate::failure::Failure;
use crate::profile::connected_client;
use crate::Cli;

/// Options of `templates`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this approval state (approved, pending, rejected, paused… as Twilio spells it).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Only this language (fr, en, pt_BR…).
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `templates`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let (db, client) = connected_client(cli)?;
    templates::refresh_templates(&client, &db).await?;
    let store = passerelle_core::Store::open_read_only(&db)?;
    let filter = TemplateFilter {
        state: args.state.clone(),
        language: args.language.clone(),
    };
    let list = templates::list_templates(&store, client.account_sid(), &filter, lang)?;
    if args.json {
        return crate::output::print_json(&list);
    }
    if list.is_empty() {
        say!("{}", lang.pick("Aucun modèle.", "No templates."));
    }
    for t in &list {
        print_template(t, lang);
    }
    Ok(())
}

fn print_template(t: &Template, lang: Lang) {
    let s = &t.stored;
    let changed = s
        .date_updated
        .map(passerelle_core::rfc3339)
        .unwrap_or_default();
    say!(
        "{} · {} · {} · {} · {}",
        s.name,
        s.language,
        t.category_label,
        t.state_label,
        changed
    );
    say!("  {}", s.body.replace('\n', "\n  "));
    if !s.rejection_reason.is_empty() {
        say!(
            "  {} {}",
            lang.pick("Raison :", "Reason:"),
            s.rejection_reason
        );
    }
    if let Some(explanation) = &t.explanation {
        for line in explanation.lines() {
            say!("  → {line}");
        }
    }
    if let Some(new) = &s.replaced_by {
        say!("  {} {new}", lang.pick("Remplacé par", "Replaced by"));
    }
    say!();
}
