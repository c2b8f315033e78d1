//! `passerelle send`: one message to one number, under WhatsApp's rules — free text inside the
//! 24-hour window, an approved template (every variable filled) otherwise. A send the rules
//! refuse exits non-zero with one line and makes no request to Twilio.

use std::collections::BTreeMap;

use passerelle_core::inbox::send::{self, Compose, SendRequest};
use passerelle_core::inbox::Viewer;
use passerelle_core::{connect, window, Error, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::{print_json, Cli};

/// Options of `send`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("content").required(true).args(["body", "template"])))]
pub struct Args {
    /// The recipient, in E.164 (+33612345678). One only: WhatsApp through Passerelle never
    /// broadcasts (a second --to is refused).
    #[arg(long, value_name = "NUMBER", required = true)]
    pub to: Vec<String>,
    /// The business number to send from (default: the one this customer wrote to last).
    #[arg(long, value_name = "SENDER")]
    pub from: Option<String>,
    /// Free text (only within 24 hours of the customer's last message).
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    /// An approved template's SID (HX…), the only way to write outside the window.
    #[arg(long, value_name = "HX…")]
    pub template: Option<String>,
    /// A template variable, `1=Marie` (repeat for each variable; all are required).
    #[arg(long = "var", value_name = "KEY=VALUE", value_parser = parse_var, requires = "template")]
    pub vars: Vec<(String, String)>,
    /// Print the outcome as JSON (`conversation`, `sid`, `status`).
    #[arg(long)]
    pub json: bool,
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}`: expected KEY=VALUE, e.g. 1=Marie"))?;
    Ok((key.trim().to_owned(), value.to_owned()))
}

/// Runs `send`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_existing(&account::db_path(cli)?).map_err(|e| match e {
        Error::ArchiveMissing { .. } => Error::NotConnected,
        e => e,
    })?;
    let owner = Viewer::owner(&store)?;
    let ask = SendRequest {
        to: args.to.clone(),
        from: args.from.clone(),
        compose: match (&args.body, &args.template) {
            (Some(body), _) => Compose::Text { body: body.clone() },
            (None, Some(sid)) => Compose::Template {
                content_sid: sid.clone(),
                variables: args.vars.iter().cloned().collect::<BTreeMap<_, _>>(),
            },
            (None, None) => unreachable!("clap requires --body or --template"),
        },
    };
    let saved = connect::saved(&store)?.ok_or(Failure::Core(Error::NotConnected))?;
    let client = account::client_for(cli, &saved)?;
    let approved = match &ask.compose {
        Compose::Text { .. } => Vec::new(),
        Compose::Template { .. } => {
            // The number first: a bad one needs no look at the templates either.
            let to: Vec<&str> = ask.to.iter().map(String::as_str).collect();
            window::check_recipients(&to)?;
            send::fetch_approved(&client).await?
        }
    };
    let now = chrono::Utc::now().timestamp();
    let outcome = send::send(&store, &client, &owner, &ask, &approved, now).await?;
    if args.json {
        print_json(&outcome)?;
    }
    if outcome.is_unknown() {
        return Err(Failure::SendUnknown);
    }
    if !args.json {
        println!(
            "{} {} ({})",
            lang.pick("envoyé", "sent"),
            outcome.sid,
            outcome.status
        );
    }
    Ok(())
}
