//! The `message_search` full-text index over message bodies (FTS5, contentless).
//!
//! Its row id is the *search key*: the message's time (sent, else created) shifted left by 30
//! bits, or'ed with the message id. Newest-first is then the index's own order (no sort of the
//! hits: a common word's first page costs what a rare word's does), a date range is a row-id
//! range, and a page boundary is one key (keyset paging). Message ids must stay below 2^30.
//!
//! What is indexed is [`search_text`] of the body, registered as the SQL function
//! `passerelle_search_text` on every connection (the schema's triggers call it when a body or
//! a date changes): zero-width characters are removed so they cannot split a word, and emoji
//! are set apart so each is a word of its own. New rows are indexed once per batch by
//! [`index_new`]; deletions and changes are followed by the schema's triggers.

use crate::error::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::{params_from_iter, Connection, ToSql};

/// Bits of the search key that hold the message id.
const ID_BITS: u32 = 30;
const ID_MASK: i64 = (1 << ID_BITS) - 1;

/// The search key of a message at unix time `when` (negative times count as 0).
pub(crate) fn key(when: i64, id: i64) -> i64 {
    (when.max(0) << ID_BITS) | (id & ID_MASK)
}

/// The first key of second `when` (a date range's bound).
pub(crate) fn first_key_at(when: i64) -> i64 {
    key(when, 0)
}

/// Registers `passerelle_search_text(text)` on `conn` (deterministic: usable in triggers).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "passerelle_search_text",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            Ok(search_text(&text))
        },
    )
}

/// Characters that render as nothing and must not split or change a word.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                   // soft hyphen
        | '\u{180E}'                 // Mongolian vowel separator
        | '\u{200B}'..='\u{200D}'    // zero-width space, non-joiner, joiner
        | '\u{2060}'..='\u{2064}'    // word joiner, invisible operators
        | '\u{FE00}'..='\u{FE0F}'    // variation selectors (emoji presentation)
        | '\u{FEFF}'                 // zero-width no-break space
        | '\u{1F3FB}'..='\u{1F3FF}' // skin tone modifiers: 👍🏽 is found as 👍
    )
}

/// Pictographs (emoji and the symbols WhatsApp users type as emoji): each is a word of its own,
/// also when written against a word ("merci🙏").
pub fn is_pictograph(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}' | '\u{00AE}' | '\u{2122}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{1F000}'..='\u{1FAFF}'
    ) && !is_invisible(c)
}

/// The text the index holds for `body` (and the form a query is put in): invisible characters
/// removed, pictographs set apart by spaces.
pub fn search_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 4);
    for c in body.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_pictograph(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Adds the messages above row `after_id` to the index, in one statement (one FTS5 segment
/// per batch rather than one per row).
pub(crate) fn index_new(conn: &Connection, after_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO message_search (rowid, text)
         SELECT (max(coalesce(date_sent, date_created, 0), 0) << 30) | id, passerelle_search_text(body)
         FROM messages WHERE id > ?1
         -- In row-id order: FTS5 flushes its pending terms to a new segment whenever a row id
         -- is not above the previous one, and a Twilio page lists the newest first.
         ORDER BY 1",
    )?
    .execute([after_id])?;
    Ok(())
}

/// Indexes every message again from scratch (the end of a first backfill, which writes the
/// messages without indexing them: see [`super::bulk_load`]).
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO message_search (message_search) VALUES ('delete-all')",
        [],
    )?;
    // A plain INSERT: after 'delete-all' no row id can exist, and OR REPLACE would make FTS5
    // look each one up in a contentless-delete index (measured: most of the build's time).
    // Only the (row id, message id) pairs are put in order, in a temporary table keyed by the
    // row id (sorting the texts took 100+ MB at a million messages); then the bodies are read
    // by id in that order, which the temporary table's own order gives without a sort.
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.search_order;
         CREATE TEMP TABLE search_order (key INTEGER PRIMARY KEY, id INTEGER NOT NULL);
         INSERT INTO search_order (key, id)
         SELECT (max(coalesce(date_sent, date_created, 0), 0) << 30) | id, id FROM messages;
         INSERT INTO message_search (rowid, text)
         SELECT o.key, passerelle_search_text(m.body)
         FROM search_order o JOIN messages m ON m.id = o.id ORDER BY o.key;
         DROP TABLE temp.search_order;",
    )?;
    Ok(())
}

/// Rows in the index.
pub(crate) fn count(conn: &Connection) -> Result<u64> {
    Ok(
        conn.query_row("SELECT count(*) FROM message_search", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}

/// Merges the index's segments into one: deleted rows' words leave no trace behind.
pub(crate) fn optimize(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO message_search (message_search) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

/// Runs FTS5's integrity check (an error when the index is damaged).
pub(crate) fn check(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO message_search (message_search) VALUES ('integrity-check')",
        [],
    )?;
    Ok(())
}

/// Which messages a search keeps (besides matching the words). Every field narrows; the
/// default keeps everything. The user's visibility (Private / Shared) is not a field: the core
/// derives it from the viewer ([`crate::archive::search_as`]), so no caller can widen it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchFilter {
    /// From this unix second on (inclusive).
    pub since: Option<i64>,
    /// Up to this unix second (inclusive).
    pub until: Option<i64>,
    /// The business sender (`whatsapp:+…`).
    pub sender: Option<String>,
    /// The customer's number (`whatsapp:+…`).
    pub customer: Option<String>,
    /// One conversation.
    pub conversation: Option<i64>,
    /// `Some(true)`: received only; `Some(false)`: sent only.
    pub inbound: Option<bool>,
    /// Twilio's status (`delivered`, `failed`, …).
    pub status: Option<String>,
    /// `Some(true)`: with media only; `Some(false)`: without.
    pub has_media: Option<bool>,
}

/// One matching message, as the index and its joins give it.
pub(crate) struct MatchRow {
    pub key: i64,
    pub sid: String,
    pub conversation: i64,
    pub customer: String,
    pub profile_name: Option<String>,
    pub sender: String,
    pub direction: String,
    pub status: String,
    pub num_media: i64,
    pub date_sent: Option<i64>,
    pub body: String,
}

/// The newest `limit` messages matching `fts_query` (already escaped) and `filter` — in the
/// conversations linked to a record only, when `linked_only` — with a search key below
/// `before` when given. The index drives the loop in its own order (newest
/// first), so the page stops after `limit` matches whatever the total.
pub(crate) fn matches(
    conn: &Connection,
    fts_query: &str,
    filter: &SearchFilter,
    linked_only: bool,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<MatchRow>> {
    let mut sql = String::from(
        "SELECT s.rowid, m.sid, m.conversation_id, c.customer, c.profile_name, se.address,
                m.direction, m.status, m.num_media, m.date_sent, m.body
         FROM message_search s
         CROSS JOIN messages m ON m.id = (s.rowid & 1073741823)
         CROSS JOIN conversations c ON c.id = m.conversation_id
         CROSS JOIN senders se ON se.id = c.sender_id
         WHERE s.message_search MATCH ?",
    );
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(fts_query.to_owned())];
    let mut clause = |sql_part: &str, arg: Option<Box<dyn ToSql>>| {
        sql.push_str(" AND ");
        sql.push_str(sql_part);
        args.extend(arg);
    };
    let upper = match (filter.until, before) {
        (Some(until), Some(b)) => Some(first_key_at(until.saturating_add(1)).min(b)),
        (Some(until), None) => Some(first_key_at(until.saturating_add(1))),
        (None, b) => b,
    };
    if let Some(upper) = upper {
        clause("s.rowid < ?", Some(Box::new(upper)));
    }
    if let Some(since) = filter.since {
        clause("s.rowid >= ?", Some(Box::new(first_key_at(since))));
    }
    if let Some(sender) = &filter.sender {
        clause("se.address = ?", Some(Box::new(sender.clone())));
    }
    if let Some(customer) = &filter.customer {
        clause("c.customer = ?", Some(Box::new(customer.clone())));
    }
    if let Some(conversation) = filter.conversation {
        clause("m.conversation_id = ?", Some(Box::new(conversation)));
    }
    match filter.inbound {
        Some(true) => clause("m.direction = 'inbound'", None),
        Some(false) => clause("m.direction <> 'inbound'", None),
        None => {}
    }
    if let Some(status) = &filter.status {
        clause("m.status = ?", Some(Box::new(status.clone())));
    }
    match filter.has_media {
        Some(true) => clause("m.num_media > 0", None),
        Some(false) => clause("m.num_media = 0", None),
        None => {}
    }
    if linked_only {
        clause(
            "EXISTS (SELECT 1 FROM conversation_links l WHERE l.conversation_id = c.id)",
            None,
        );
    }
    sql.push_str(" ORDER BY s.rowid DESC LIMIT ?");
    args.push(Box::new(limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            Ok(MatchRow {
                key: r.get(0)?,
                sid: r.get(1)?,
                conversation: r.get(2)?,
                customer: r.get(3)?,
                profile_name: r.get(4)?,
                sender: r.get(5)?,
                direction: r.get(6)?,
                status: r.get(7)?,
                num_media: r.get(8)?,
                date_sent: r.get(9)?,
                body: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_follow_time_then_id() {
        let cases = [
            ((100, 5), (100, 6)),
            ((100, 999_999), (101, 1)),
            ((-5, 7), (0, 8)),
        ];
        for ((t1, i1), (t2, i2)) in cases {
            assert!(key(t1, i1) < key(t2, i2), "{t1},{i1} before {t2},{i2}");
            assert_eq!(key(t2, i2) & ID_MASK, i2, "the id is in the key");
        }
        assert!(first_key_at(101) > key(100, ID_MASK));
    }

    #[test]
    fn indexed_text_joins_split_words_and_sets_emoji_apart() {
        let cases = [
            ("mer\u{200B}ci", "merci"),
            ("ren\u{200D}dez-vous\u{FEFF}", "rendez-vous"),
            ("merci🙏", "merci 🙏 "),
            ("👍🏽ok", " 👍 ok"),
            ("❤\u{FE0F}", " ❤ "),
            ("Crème brûlée", "Crème brûlée"),
        ];
        for (body, want) in cases {
            assert_eq!(search_text(body), want, "{body:?}");
        }
    }
}
