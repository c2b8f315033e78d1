//! Full-text search over the archive: newest first, filtered, one page at a time (keyset
//! paging on the index's own order), each hit with a snippet whose matches are marked as
//! structured parts (never HTML: the screen inserts them as text).

use crate::error::{Error, Result};
use crate::rfc3339;
use crate::store::message_search::{self, is_invisible, is_pictograph, search_text, MatchRow};
use crate::store::Store;
use serde::{Deserialize, Serialize};

pub use crate::store::message_search::SearchFilter;

/// One search result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchHit {
    /// Message SID.
    pub sid: String,
    /// Conversation id in the archive.
    pub conversation: i64,
    /// The customer's number (`whatsapp:+…`).
    pub customer: String,
    /// The customer's WhatsApp name, when known.
    pub profile_name: Option<String>,
    /// The business sender (`whatsapp:+…`).
    pub sender: String,
    /// `inbound`, `outbound-api`, …
    pub direction: String,
    /// Twilio's status.
    pub status: String,
    /// Media attached.
    pub num_media: i64,
    /// RFC 3339.
    pub date_sent: Option<String>,
    /// Full text of the message.
    pub body: String,
    /// The part of the body around the first match, cut into plain and matching parts.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet: plain text, or a word that matched.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SnippetPart {
    /// The text, as stored (`…` marks a cut).
    pub text: String,
    /// Whether it matched the search.
    pub hit: bool,
}

/// A page of hits and where the next one starts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchPage {
    /// Newest first.
    pub hits: Vec<SearchHit>,
    /// Pass it back to get the next page; `None` on the last page. A string: the key does not
    /// fit a JavaScript number.
    pub next: Option<String>,
}

/// The first `limit` hits, newest first, with no filter (`passerelle search`).
pub fn search(store: &Store, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
    Ok(search_page(store, text, &SearchFilter::default(), None, limit)?.hits)
}

/// One page of hits for `text` (every word must match, as a prefix; accents, case and
/// zero-width characters ignored; FTS syntax in `text` is plain text), newest first, starting
/// after `cursor` (a previous page's `next`).
pub fn search_page(
    store: &Store,
    text: &str,
    filter: &SearchFilter,
    cursor: Option<&str>,
    limit: usize,
) -> Result<SearchPage> {
    search_scoped(store, text, filter, false, cursor, limit)
}

/// [`search_page`] in the conversations linked to a record only, when `linked_only` (what a
/// user who does not see the inbox may read).
pub(crate) fn search_scoped(
    store: &Store,
    text: &str,
    filter: &SearchFilter,
    linked_only: bool,
    cursor: Option<&str>,
    limit: usize,
) -> Result<SearchPage> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchPage {
            hits: Vec::new(),
            next: None,
        });
    };
    let before = cursor.map(parse_cursor).transpose()?;
    let limit = limit.max(1);
    // One more than asked tells whether a next page exists.
    let mut rows =
        message_search::matches(store.conn(), &query, filter, linked_only, before, limit + 1)?;
    let next = (rows.len() > limit).then(|| rows[limit - 1].key.to_string());
    rows.truncate(limit);
    let terms = query_terms(text);
    Ok(SearchPage {
        hits: rows.into_iter().map(|row| hit(row, &terms)).collect(),
        next,
    })
}

fn parse_cursor(cursor: &str) -> Result<i64> {
    cursor.parse().map_err(|_| Error::InvalidInput {
        field: "cursor".into(),
        fr: "ce repère de page n'est pas valable : relancez la recherche".into(),
        en: "this page marker is not valid: run the search again".into(),
    })
}

fn hit(row: MatchRow, terms: &[String]) -> SearchHit {
    let snippet = snippet(&row.body, terms);
    SearchHit {
        sid: row.sid,
        conversation: row.conversation,
        customer: row.customer,
        profile_name: row.profile_name,
        sender: row.sender,
        direction: row.direction,
        status: row.status,
        num_media: row.num_media,
        date_sent: row.date_sent.map(rfc3339),
        body: row.body,
        snippet,
    }
}

/// Turns free text into an FTS5 query: each word quoted (so `"`, `*`, `OR`, `-` are plain
/// text) and prefix-matched, all words required. Words are cut as the index cuts them
/// (zero-width characters dropped, emoji set apart).
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = search_text(text)
        .split(char::is_whitespace)
        .filter(|w| w.chars().any(|c| c.is_alphanumeric() || is_pictograph(c)))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The folded words of the query, for marking matches in snippets.
pub(crate) fn query_terms(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(_, word)| word).collect()
}

/// Words of `text` as the index sees them: `(byte range, folded word)`. A word is a run of
/// letters and digits (invisible characters inside it are skipped), or one pictograph.
fn tokens(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    tokens_while(text, |_| true).0
}

/// [`tokens`], stopping once `more(words so far)` says enough; `true` with them when the
/// whole text was read.
fn tokens_while(
    text: &str,
    mut more: impl FnMut(&[(std::ops::Range<usize>, String)]) -> bool,
) -> (Vec<(std::ops::Range<usize>, String)>, bool) {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if c.is_alphanumeric() {
            let (_, word) = current.get_or_insert_with(|| (at, String::new()));
            word.extend(c.to_lowercase().map(fold));
            continue;
        }
        if is_invisible(c) && current.is_some() {
            continue;
        }
        let before = out.len();
        if let Some((start, word)) = current.take() {
            out.push((start..at, word));
        }
        if is_pictograph(c) {
            out.push((at..end, c.to_string()));
        }
        if out.len() > before && !more(&out) {
            return (out, false);
        }
    }
    if let Some((start, word)) = current {
        out.push((start..text.len(), word));
    }
    (out, true)
}

const FROM: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöøōőùúûüūůűųýÿžźżśšşłğ";
const TO: &str = "aaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooouuuuuuuuyyzzzsssgg";

/// A letter without its accent (the common Latin ones; the index folds all of them).
pub(crate) fn fold(c: char) -> char {
    // Most text is ASCII, which has no accent: no table scan (snippets of long notes fold
    // thousands of characters).
    if c.is_ascii() {
        return c;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    match FROM.chars().position(|f| f == lower) {
        Some(i) if c.is_uppercase() => TO.chars().nth(i).map_or(c, |t| t.to_ascii_uppercase()),
        Some(i) => TO.chars().nth(i).unwrap_or(c),
        None => c,
    }
}

/// Words of context kept before the first match and in all.
const BEFORE: usize = 6;
const WORDS: usize = 24;

/// A snippet as plain text, its matches between `[` and `]` (how the CLI prints it).
pub fn bracketed(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.hit {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

/// The body around its first matching word, cut into parts.
pub(crate) fn snippet(body: &str, terms: &[String]) -> Vec<SnippetPart> {
    let matching = |word: &str| terms.iter().any(|t| word.starts_with(t.as_str()));
    // A long note is read only up to the words the snippet shows.
    let mut found: Option<usize> = None;
    let (words, complete) = tokens_while(body, |words| {
        if found.is_none()
            && words
                .iter()
                .skip(words.len().saturating_sub(2))
                .any(|(_, w)| matching(w))
        {
            found = words.iter().position(|(_, w)| matching(w));
        }
        found.is_none_or(|f| words.len() < f + WORDS)
    });
    let first = words.iter().position(|(_, w)| matching(w)).unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    if words.is_empty() {
        return vec![SnippetPart {
            text: body.to_owned(),
            hit: false,
        }];
    }
    let start = if from == 0 { 0 } else { words[from].0.start };
    let end = if to == words.len() && complete {
        body.len()
    } else {
        words[to - 1].0.end
    };
    let mut parts = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(SnippetPart { text: t, hit: h }) if *h == hit => t.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_owned(),
                hit,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for (range, word) in &words[from..to] {
        if matching(word) {
            push(&body[at..range.start], false);
            push(&body[range.clone()], true);
            at = range.end;
        }
    }
    push(&body[at..end], false);
    if end < body.len() {
        push("…", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_safe_fts_query() {
        let cases = [
            ("bonjour", Some("\"bonjour\"*")),
            ("  commande  livrée ", Some("\"commande\"* \"livrée\"*")),
            ("say \"hi\" OR", Some("\"say\"* \"\"\"hi\"\"\"* \"OR\"*")),
            ("* - ()", None),
            ("", None),
            ("mer\u{200B}ci", Some("\"merci\"*")),
            ("ok👍", Some("\"ok\"* \"👍\"*")),
        ];
        for (text, want) in cases {
            assert_eq!(fts_query(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn the_accent_table_pairs_every_letter() {
        assert_eq!(FROM.chars().count(), TO.chars().count());
        assert_eq!(fold('é'), 'e');
        assert_eq!(fold('ç'), 'c');
        assert_eq!(fold('É'), 'E');
    }

    #[test]
    fn snippets_mark_matches_in_the_stored_text() {
        let long = format!("{}livrée demain", "mot ".repeat(30));
        let cases: [(&str, &str, &str); 5] = [
            (
                "Votre commande est LIVRÉE",
                "livree",
                "Votre commande est [LIVRÉE]",
            ),
            (
                "mer\u{200B}ci beaucoup",
                "merci",
                "[mer\u{200B}ci] beaucoup",
            ),
            ("super👍👍", "👍", "super[👍👍]"),
            (
                "<script>alert(1)</script>",
                "alert",
                "<script>[alert](1)</script>",
            ),
            (&long, "livree", "…mot mot mot mot mot mot [livrée] demain"),
        ];
        for (body, query, want) in cases {
            assert_eq!(
                bracketed(&snippet(body, &query_terms(query))),
                want,
                "{body:?}"
            );
        }
    }
}
