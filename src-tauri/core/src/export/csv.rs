//! The CSV export: one row per message (the file asked for) and one per conversation (beside
//! it, `<name>-conversations.csv`). UTF-8 with a byte-order mark so spreadsheet programs show
//! accents, RFC 4180 quoting, CRLF line ends. Free text (bodies, names, error messages) that a
//! spreadsheet would run as a formula is neutralised; structured cells (numbers, prices, SIDs,
//! dates) are written as they are.

use super::{io_error, number, Job, Stop, Tracker, Zone};
use crate::store::export_rows;
use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const BOM: &str = "\u{FEFF}";

/// A cell: free text (neutralised) or a structured value (written as it is).
enum Cell<'a> {
    Text(&'a str),
    Value(Cow<'a, str>),
}

/// `<dir>/<stem>-conversations.csv` beside the messages file.
pub(crate) fn conversations_path(messages: &Path) -> PathBuf {
    let stem = messages
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    messages.with_file_name(format!("{stem}-conversations.csv"))
}

/// Free text a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage
/// return first) gets a leading apostrophe, which spreadsheets show as text.
pub(crate) fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
fn quoted(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

fn row(out: &mut impl Write, cells: &[Cell<'_>]) -> std::io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let text = match cell {
            Cell::Text(t) => neutralise(t),
            Cell::Value(v) => Cow::Borrowed(v.as_ref()),
        };
        out.write_all(quoted(&text).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

fn header(out: &mut impl Write, names: &[&str]) -> std::io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Value((*n).into())).collect();
    row(out, &cells)
}

fn value<'a>(v: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::Value(v.into())
}

fn opt<T: ToString>(v: Option<T>) -> Cell<'static> {
    Cell::Value(v.map(|v| v.to_string()).unwrap_or_default().into())
}

fn when(zone: Zone, unix: Option<i64>) -> Cell<'static> {
    opt(unix.map(|t| zone.at(t).to_rfc3339()))
}

pub(crate) fn write(job: &Job<'_>, tracker: &mut Tracker<'_>) -> Result<(), Stop> {
    write_conversations(job)?;
    let path = &job.target;
    let file = std::fs::File::create(path).map_err(io_error(path))?;
    let mut out = BufWriter::new(file);
    header(
        &mut out,
        &[
            "date",
            "direction",
            "status",
            "business_number",
            "customer_number",
            "customer_name",
            "body",
            "media_count",
            "price",
            "price_unit",
            "error_code",
            "error_message",
            "message_sid",
            "conversation",
        ],
    )
    .map_err(io_error(path))?;
    let zone = job.request.zone;
    let conn = job.store.conn();
    for c in &job.conversations {
        tracker.check()?;
        export_rows::each_message(conn, c.id, &job.request.scope, |m| -> Result<(), Stop> {
            let cells = [
                when(zone, Some(m.when())),
                value(m.direction.as_str()),
                value(m.status.as_str()),
                value(number(&c.sender)),
                value(number(&c.customer)),
                Cell::Text(c.profile_name.as_deref().unwrap_or("")),
                Cell::Text(&m.body),
                value(m.num_media.to_string()),
                opt(m.price.as_deref()),
                opt(m.price_unit.as_deref()),
                opt(m.error_code),
                Cell::Text(m.error_message.as_deref().unwrap_or("")),
                value(m.sid.as_str()),
                value(c.id.to_string()),
            ];
            row(&mut out, &cells).map_err(io_error(path))?;
            tracker.tick()
        })?;
    }
    out.flush().map_err(io_error(path))?;
    Ok(())
}

fn write_conversations(job: &Job<'_>) -> Result<(), Stop> {
    let path = super::partial_path(&conversations_path(&job.request.out));
    let file = std::fs::File::create(&path).map_err(io_error(&path))?;
    let mut out = BufWriter::new(file);
    let zone = job.request.zone;
    (|| -> std::io::Result<()> {
        header(
            &mut out,
            &[
                "conversation",
                "business_number",
                "business_name",
                "customer_number",
                "customer_name",
                "messages",
                "first_message",
                "last_message",
                "unread",
            ],
        )?;
        for c in &job.conversations {
            row(
                &mut out,
                &[
                    value(c.id.to_string()),
                    value(number(&c.sender)),
                    Cell::Text(c.sender_name.as_deref().unwrap_or("")),
                    value(number(&c.customer)),
                    Cell::Text(c.profile_name.as_deref().unwrap_or("")),
                    value(c.messages.to_string()),
                    when(zone, Some(c.first_at)),
                    when(zone, Some(c.last_at)),
                    value(c.unread_count.to_string()),
                ],
            )?;
        }
        out.flush()
    })()
    .map_err(io_error(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_that_a_spreadsheet_would_run_is_neutralised() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            (
                "+33 6 12 34 56 78 appelle-moi",
                "'+33 6 12 34 56 78 appelle-moi",
            ),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("Bonjour = salut", "Bonjour = salut"),
            ("", ""),
            ("'déjà cité", "'déjà cité"),
        ];
        for (text, want) in cases {
            assert_eq!(neutralise(text), want, "{text:?}");
        }
    }

    #[test]
    fn rows_are_rfc_4180_and_structured_values_stay_as_they_are() {
        let mut out = Vec::new();
        row(
            &mut out,
            &[
                value("-0.00500"),
                value("+33612345678"),
                Cell::Text("=1+1"),
                Cell::Text("il a dit \"oui\", puis\nau revoir"),
                Cell::Text("Crème brûlée 😀"),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-0.00500,+33612345678,'=1+1,\"il a dit \"\"oui\"\", puis\nau revoir\",Crème brûlée 😀\r\n"
        );
        let mut out = Vec::new();
        header(&mut out, &["a", "b"]).unwrap();
        assert!(out.starts_with("\u{FEFF}".as_bytes()), "a BOM first");
    }
}
