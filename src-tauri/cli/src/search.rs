//! `passerelle search TEXT`: full-text search over the archive's messages (accents and case
//! ignored, every word must match). Needs no network and no credentials.

use passerelle_core::{archive, Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::Cli;

/// Options of `search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The words to look for.
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// Most results shown.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print the hits as a JSON list.
    #[arg(long)]
    pub json: bool,
}

/// Runs `search`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open(&account::db_path(cli)?)?;
    let hits = archive::search(&store, &args.text.join(" "), args.limit)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&hits).map_err(|e| Failure::internal(e.to_string()))?
        );
        return Ok(());
    }
    if hits.is_empty() {
        println!(
            "{}",
            lang.pick("Aucun message trouvé.", "No message found.")
        );
    }
    for hit in &hits {
        let who = hit.profile_name.as_deref().unwrap_or("");
        let arrow = if hit.direction == "inbound" {
            "←"
        } else {
            "→"
        };
        println!(
            "{}  {} {} {}  {}",
            hit.date_sent.as_deref().unwrap_or("?"),
            arrow,
            hit.customer.trim_start_matches("whatsapp:"),
            who,
            hit.snippet.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    Ok(())
}
