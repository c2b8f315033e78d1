//! `passerelle thread ID`: one conversation's messages, as the owner sees them: the newest
//! page, or an older one with `--before`. Needs no network and no credentials.

use passerelle_core::inbox::{self, ThreadPage, ThreadQuery, Viewer};
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::text::visible;
use crate::{print_json, Cli};

/// Options of `thread`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The conversation's id (the first column of `passerelle conversations`).
    pub id: i64,
    /// Messages per page.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Show the page before this cursor (the `older` of the previous page).
    #[arg(long, value_name = "CURSOR")]
    pub before: Option<String>,
    /// Also mark the conversation read, as opening it in the app does.
    #[arg(long)]
    pub mark_read: bool,
    /// Print the page as JSON (`conversation`, `messages` newest first, `older`).
    #[arg(long)]
    pub json: bool,
}

/// Runs `thread`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let query = ThreadQuery {
        before: args.before.clone(),
        page_size: args.limit.max(1),
    };
    let now = chrono::Utc::now().timestamp();
    let page = inbox::thread(&store, &owner, args.id, &query, lang, now)?;
    if args.mark_read {
        inbox::mark_read(&store, &owner, args.id)?;
    }
    if args.json {
        print_json(&page)?;
    } else {
        print_human(&page, lang);
    }
    Ok(())
}

fn print_human(page: &ThreadPage, lang: Lang) {
    let c = &page.conversation;
    println!(
        "{} ({}) — {} {}",
        visible(&c.display_name),
        c.customer_display,
        lang.pick("via", "via"),
        c.sender.trim_start_matches("whatsapp:")
    );
    if let Some(older) = &page.older {
        println!(
            "{} --before {older}",
            lang.pick("Messages plus anciens :", "Older messages:")
        );
    }
    // Oldest first on screen, as a conversation reads.
    for m in page.messages.iter().rev() {
        let arrow = if m.inbound { "←" } else { "→" };
        println!("{}  {arrow} [{}]", m.at, m.status);
        for line in m.body.lines() {
            println!("    {}", visible(line));
        }
        if m.num_media > 0 {
            println!(
                "    ({} {})",
                m.num_media,
                lang.pick("fichier(s) joint(s)", "attachment(s)")
            );
        }
        if let Some(help) = &m.failure {
            println!(
                "    {} {} : {} {}",
                lang.pick("Erreur", "Error"),
                help.code,
                help.meaning,
                help.what_to_do
            );
        }
    }
}
