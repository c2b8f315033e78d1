//! `passerelle conversations`: the inbox's conversation list, as the owner sees it, one page
//! at a time (most recently active first). Needs no network and no credentials.

use passerelle_core::inbox::{self, ConversationPage, ListQuery, Viewer};
use passerelle_core::window::ReplyWindow;
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::text::{one_line, visible};
use crate::{print_json, Cli};

/// Options of `conversations`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only conversations with unread messages.
    #[arg(long)]
    pub unread: bool,
    /// Only conversations whose 24-hour reply window is open.
    #[arg(long)]
    pub window_open: bool,
    /// Only conversations linked to a contact, lead or deal.
    #[arg(long, conflicts_with = "not_linked")]
    pub linked: bool,
    /// Only conversations not linked to any record.
    #[arg(long)]
    pub not_linked: bool,
    /// Only this business number (+E.164).
    #[arg(long, value_name = "NUMBER")]
    pub sender: Option<String>,
    /// Only conversations whose name or number holds this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Conversations per page.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Start after this cursor (the `next` of the previous page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
    /// Print the page as JSON (`rows` and `next`).
    #[arg(long)]
    pub json: bool,
}

/// Runs `conversations`.
pub fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    let store = Store::open(&account::db_path(cli)?)?;
    let owner = Viewer::owner(&store)?;
    let query = ListQuery {
        unread: args.unread,
        window_open: args.window_open,
        linked: match (args.linked, args.not_linked) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        sender: args.sender.clone(),
        text: args.search.clone(),
        cursor: args.after.clone(),
        page_size: args.limit.max(1),
    };
    let now = chrono::Utc::now().timestamp();
    let page = inbox::list(&store, &owner, &query, now)?;
    if args.json {
        print_json(&page)?;
    } else {
        print_human(&page, lang);
    }
    Ok(())
}

fn print_human(page: &ConversationPage, lang: Lang) {
    if page.rows.is_empty() {
        println!("{}", lang.pick("Aucune conversation.", "No conversation."));
    }
    for row in &page.rows {
        let unread = match row.unread_count {
            0 => "  ".to_string(),
            n => format!("{n:>2}"),
        };
        let window = match row.window {
            ReplyWindow::Open { remaining_secs, .. } => format!(
                "{} {}h{:02}",
                lang.pick("ouverte", "open"),
                remaining_secs / 3600,
                remaining_secs % 3600 / 60
            ),
            ReplyWindow::Closed { .. } => String::new(),
        };
        println!(
            "{:>6}  {}  {unread}  {:<28} {:<20} {:<13} {}",
            row.id,
            row.last_message_at.as_deref().unwrap_or("-"),
            visible(&row.display_name),
            row.customer_display,
            window,
            one_line(row.preview.as_deref().unwrap_or(""))
        );
    }
    if let Some(next) = &page.next {
        println!(
            "{} --after {next}",
            lang.pick("Page suivante :", "Next page:")
        );
    }
}
