//! The Insights screen's figures: messages per month (received / sent), per business number,
//! spend per month and currency, the median response time per month, the busiest
//! conversations and delivery failures by error code with the reason in plain words. Read from counts the sync keeps (never a scan of a whole archive), under the one
//! visibility rule: a user who does not see the inbox gets the figures of the conversations
//! linked to a record, which they may read.

use crate::error::Result;
use crate::failures::explain_failure;
use crate::inbox::visibility::{Action, Viewer};
use crate::lang::Lang;
use crate::store::Store;
use crate::store::{insight_rows, reply_times};
use serde::{Deserialize, Serialize};

pub use crate::store::insight_rows::{BusyRow, InOut, MonthSpend};

/// Busiest conversations listed.
pub const BUSIEST: usize = 10;

/// Failed messages with one error code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureCount {
    /// Twilio's error code.
    pub code: i64,
    /// Messages that failed with it.
    pub count: u64,
    /// What it means, in the user's language.
    pub meaning: String,
    /// What to do about it.
    pub what_to_do: String,
}

/// How fast the business answered in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseMonth {
    /// `YYYY-MM` (UTC) of the replies.
    pub month: String,
    /// Replies that month.
    pub replies: u64,
    /// Median seconds from a customer's first waiting message to the business's reply.
    pub median_seconds: i64,
}

/// Everything the Insights screen draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insights {
    /// Only the conversations linked to a record are counted (the viewer does not see the
    /// inbox): the screen says so.
    pub linked_only: bool,
    /// Per month (`key`: `YYYY-MM`, UTC), oldest first.
    pub months: Vec<InOut>,
    /// Per business number (`key`: `whatsapp:+…`), busiest first.
    pub senders: Vec<InOut>,
    /// Spend per month and currency (Twilio's prices), oldest first.
    pub spend: Vec<MonthSpend>,
    /// Median response time per month, oldest first.
    pub response: Vec<ResponseMonth>,
    /// The [`BUSIEST`] conversations with the most messages.
    pub busiest: Vec<BusyRow>,
    /// Failed messages per error code, most frequent first.
    pub failures: Vec<FailureCount>,
    /// Messages sent (the failure rate's denominator).
    pub sent: u64,
}

/// The figures `viewer` may see, reasons in `lang`.
pub fn insights(store: &Store, viewer: &Viewer, lang: Lang) -> Result<Insights> {
    let linked_only = !viewer.may(store, Action::SeeInbox)?;
    if linked_only {
        viewer.check(store, Action::SeeLinkedOnRecord)?;
    }
    let conn = store.conn();
    // Response times are worked out for the conversations changed since the last reading. A
    // file that cannot be written (read-only storage) shows what was worked out before.
    if let Err(e) = reply_times::refresh(conn) {
        tracing::warn!("response times not refreshed: {e}");
    }
    let months = insight_rows::per_month(conn, linked_only)?;
    let senders = insight_rows::per_sender(conn, linked_only)?;
    let failures = insight_rows::failures(conn, linked_only)?
        .into_iter()
        .map(|(code, count)| {
            let help = explain_failure(code, lang);
            FailureCount {
                code,
                count,
                meaning: help.meaning,
                what_to_do: help.what_to_do,
            }
        })
        .collect();
    Ok(Insights {
        linked_only,
        sent: senders.iter().map(|s| s.outbound).sum(),
        months,
        senders,
        spend: insight_rows::spend(conn, linked_only)?,
        response: reply_times::medians(conn, linked_only)?
            .into_iter()
            .map(|(month, replies, median_seconds)| ResponseMonth {
                month,
                replies,
                median_seconds,
            })
            .collect(),
        busiest: insight_rows::busiest(conn, linked_only, BUSIEST)?,
        failures,
    })
}

/// The figures as CSV (RFC 4180, one table after another, a blank line between them): month
/// rows, then business numbers, spend, then failures. Nothing in it is free text from a
/// message.
pub fn insights_csv(insights: &Insights, lang: Lang) -> String {
    let mut out = String::new();
    let (month, number, received, sent, code, count, meaning) = match lang {
        Lang::Fr => (
            "mois",
            "numéro",
            "reçus",
            "envoyés",
            "code",
            "nombre",
            "signification",
        ),
        Lang::En => (
            "month", "number", "received", "sent", "code", "count", "meaning",
        ),
    };
    out.push_str(&format!("{month},{received},{sent}\r\n"));
    for m in &insights.months {
        out.push_str(&format!("{},{},{}\r\n", m.key, m.inbound, m.outbound));
    }
    out.push_str(&format!("\r\n{number},{received},{sent}\r\n"));
    for s in &insights.senders {
        let shown = s.key.trim_start_matches("whatsapp:");
        out.push_str(&format!("{shown},{},{}\r\n", s.inbound, s.outbound));
    }
    let (currency, spent) = match lang {
        Lang::Fr => ("devise", "dépense"),
        Lang::En => ("currency", "spend"),
    };
    out.push_str(&format!("\r\n{month},{currency},{spent},{count}\r\n"));
    for s in &insights.spend {
        out.push_str(&format!(
            "{},{},{}.{:06},{}\r\n",
            s.month,
            s.currency,
            s.micros / 1_000_000,
            s.micros % 1_000_000,
            s.messages
        ));
    }
    let (replies, median) = match lang {
        Lang::Fr => ("réponses", "délai médian (s)"),
        Lang::En => ("replies", "median response (s)"),
    };
    out.push_str(&format!("\r\n{month},{replies},{median}\r\n"));
    for r in &insights.response {
        out.push_str(&format!(
            "{},{},{}\r\n",
            r.month, r.replies, r.median_seconds
        ));
    }
    out.push_str(&format!("\r\n{code},{count},{meaning}\r\n"));
    for f in &insights.failures {
        let quoted = f.meaning.replace('"', "\"\"");
        out.push_str(&format!("{},{},\"{quoted}\"\r\n", f.code, f.count));
    }
    out
}

/// Writes the figures `viewer` may see as a CSV file (UTF-8 with a BOM, so spreadsheet
/// programs show accents) at `path`, or in the Downloads folder (else the home folder) under a
/// dated name; returns where.
pub fn save_insights_csv(
    store: &Store,
    viewer: &Viewer,
    lang: Lang,
    path: Option<&std::path::Path>,
) -> Result<std::path::PathBuf> {
    let csv = insights_csv(&insights(store, viewer, lang)?, lang);
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => dirs::download_dir()
            .or_else(dirs::home_dir)
            .unwrap_or_else(std::env::temp_dir)
            .join(format!(
                "passerelle-insights-{}.csv",
                chrono::Local::now().format("%Y-%m-%d")
            )),
    };
    std::fs::write(&path, format!("\u{FEFF}{csv}"))
        .map_err(|e| crate::error::Error::io(format!("writing {}", path.display()), e))?;
    Ok(path)
}
