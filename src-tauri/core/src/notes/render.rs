//! A note's text, pure: the header (contact, numbers, period) and one entry per message (date
//! and time in the user's zone, direction, text, media files, failures), as HTML in the
//! subset of [`super::html`] and as plain text, built side by side from the same pieces.

use super::html::{escape, escape_lines, file_link, wrap};
use crate::lang::Lang;
use chrono::{DateTime, FixedOffset, Local, TimeZone};
use serde::{Deserialize, Serialize};

/// The time zone dates are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Zone {
    /// This computer's zone, summer time included (the app and the command line).
    Local,
    /// A fixed offset east of UTC, in minutes (tests, or a zone the caller computed).
    Offset {
        /// Minutes east of UTC (`120` for UTC+02:00).
        minutes: i32,
    },
}

impl Zone {
    /// `unix` in this zone.
    pub(crate) fn at(self, unix: i64) -> DateTime<FixedOffset> {
        let utc = DateTime::from_timestamp(unix, 0).unwrap_or_default();
        match self {
            Zone::Local => utc.with_timezone(&Local).fixed_offset(),
            Zone::Offset { minutes } => {
                let offset = FixedOffset::east_opt(minutes * 60)
                    .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
                offset.from_utc_datetime(&utc.naive_utc())
            }
        }
    }

    /// The day of `unix` in this zone, `YYYY-MM-DD`: the key of a note of one day.
    pub(crate) fn day(self, unix: i64) -> String {
        self.at(unix).format("%Y-%m-%d").to_string()
    }
}

/// Who and where: the note's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// The contact's name (the record's contact, else the WhatsApp profile name, else the
    /// number).
    pub name: String,
    /// The customer's number, as people read it.
    pub customer: String,
    /// The business number, as people read it.
    pub business: String,
}

/// A media file of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attachment {
    /// The file name (or the media SID when not downloaded).
    pub name: String,
    /// The local copy, when downloaded.
    pub local: Option<url::Url>,
}

/// One message as a note shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Unix seconds (sent, else created).
    pub at: i64,
    /// From the customer.
    pub inbound: bool,
    /// Text ('' when none).
    pub body: String,
    /// Files.
    pub media: Vec<Attachment>,
    /// `Some(code and meaning)` when it failed or was not delivered.
    pub failure: Option<String>,
}

/// A rendered note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rendered {
    pub title: String,
    pub html: String,
    pub text: String,
}

/// `" : "` in French typography, `": "` in English.
pub(crate) fn separator(lang: Lang) -> &'static str {
    lang.pick(" : ", ": ")
}

/// Renders the note of `entries` (oldest first, at least one).
pub(crate) fn render(header: &Header, entries: &[Entry], zone: Zone, lang: Lang) -> Rendered {
    let when = |unix: i64| zone.at(unix).format("%Y-%m-%d %H:%M").to_string();
    let first = entries.first().map_or(0, |e| e.at);
    let last = entries.last().map_or(0, |e| e.at);
    let offset = zone.at(first).format("%:z").to_string();
    let period = if zone.day(first) == zone.day(last) {
        format!(
            "{} {}–{} (UTC{offset})",
            zone.day(first),
            zone.at(first).format("%H:%M"),
            zone.at(last).format("%H:%M")
        )
    } else {
        format!("{} → {} (UTC{offset})", when(first), when(last))
    };
    let title = format!(
        "WhatsApp — {} — {}",
        header.name,
        if zone.day(first) == zone.day(last) {
            zone.day(first)
        } else {
            format!("{} → {}", zone.day(first), zone.day(last))
        }
    );
    let facts = [
        (
            lang.pick("Contact", "Contact"),
            format!("{} ({})", header.name, header.customer),
        ),
        (
            lang.pick("Numéro de l'entreprise", "Business number"),
            header.business.clone(),
        ),
        (lang.pick("Période", "Period"), period),
        (lang.pick("Messages", "Messages"), entries.len().to_string()),
    ];
    let heading = lang.pick("Conversation WhatsApp", "WhatsApp conversation");

    let mut html = String::new();
    let mut text = String::new();
    let mut head_html = wrap("b", &escape(heading));
    text.push_str(heading);
    text.push('\n');
    for (label, value) in &facts {
        let sep = separator(lang);
        head_html.push_str(&format!("<br>{}", escape(&format!("{label}{sep}{value}"))));
        text.push_str(&format!("{label}{sep}{value}\n"));
    }
    html.push_str(&wrap("p", &head_html));

    let mut items = String::new();
    for entry in entries {
        let direction = if entry.inbound {
            lang.pick("Reçu", "Received")
        } else {
            lang.pick("Envoyé", "Sent")
        };
        let stamp = when(entry.at);
        let mut item = format!("{} · {}", wrap("b", &escape(&stamp)), wrap("i", direction));
        text.push_str(&format!("\n{stamp} · {direction}\n"));
        if let Some(failure) = &entry.failure {
            let mark = format!("{} — {failure}", lang.pick("ÉCHEC", "FAILED"));
            item.push_str(&format!(" · {}", wrap("b", &escape(&mark))));
            text.push_str(&format!("  {mark}\n"));
        }
        if !entry.body.is_empty() {
            item.push_str(&format!("<br>{}", escape_lines(&entry.body)));
            for line in entry.body.replace("\r\n", "\n").split('\n') {
                text.push_str(&format!("  {line}\n"));
            }
        }
        for file in &entry.media {
            let label = lang.pick("Fichier", "File");
            let sep = separator(lang);
            match &file.local {
                Some(url) => {
                    item.push_str(&format!(
                        "<br>{}{}",
                        escape(&format!("{label}{sep}")),
                        file_link(url, &file.name)
                    ));
                    text.push_str(&format!("  {label}{sep}{} ({url})\n", file.name));
                }
                None => {
                    let missing = lang.pick("non téléchargé", "not downloaded");
                    let line = format!("{label}{sep}{} ({missing})", file.name);
                    item.push_str(&format!("<br>{}", escape(&line)));
                    text.push_str(&format!("  {line}\n"));
                }
            }
        }
        items.push_str(&wrap("li", &item));
    }
    html.push_str(&wrap("ul", &items));
    Rendered { title, html, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_follow_the_zone() {
        // 2024-03-30 23:30 UTC is the 31st in Paris (UTC+1 then) and still the 30th in UTC.
        let unix = 1_711_841_400;
        let cases = [
            (Zone::Offset { minutes: 0 }, "2024-03-30", "23:30"),
            (Zone::Offset { minutes: 60 }, "2024-03-31", "00:30"),
            (Zone::Offset { minutes: -300 }, "2024-03-30", "18:30"),
        ];
        for (zone, day, time) in cases {
            assert_eq!(zone.day(unix), day, "{zone:?}");
            assert_eq!(zone.at(unix).format("%H:%M").to_string(), time, "{zone:?}");
        }
    }

    fn sample() -> (Header, Vec<Entry>) {
        let header = Header {
            name: "Zoé <b>Martin</b>".into(),
            customer: "+33 6 12 34 56 78".into(),
            business: "+33 1 00 00 00 01".into(),
        };
        let at = 1_714_555_800; // 2024-05-01 09:30 UTC
        let entries = vec![
            Entry {
                at,
                inbound: true,
                body:
                    "Bonjour, voici la photo\n<script>alert('x')</script> & <img src=x onerror=y()>"
                        .into(),
                media: vec![Attachment {
                    name: "ME01.jpg".into(),
                    local: Some(url::Url::parse("file:///archive/media/MM01/ME01.jpg").unwrap()),
                }],
                failure: None,
            },
            Entry {
                at: at + 3_600,
                inbound: false,
                body: "Merci ✅ \"reçu\"".into(),
                media: vec![Attachment {
                    name: "ME02".into(),
                    local: None,
                }],
                failure: Some("63016: outside the 24-hour window".into()),
            },
            Entry {
                at: at + 2 * 86_400,
                inbound: true,
                body: String::new(),
                media: vec![],
                failure: None,
            },
        ];
        (header, entries)
    }

    /// The rendered note, pinned (`UPDATE_SNAPSHOTS=1` rewrites the files after a deliberate
    /// change; look at the diff).
    #[test]
    fn a_rendered_note_matches_its_snapshot() {
        let (header, entries) = sample();
        for (lang, name) in [(Lang::Fr, "note-fr"), (Lang::En, "note-en")] {
            let note = render(&header, &entries, Zone::Offset { minutes: 120 }, lang);
            assert_eq!(
                super::super::html::check_subset(&note.html),
                Ok(()),
                "{}",
                note.html
            );
            assert!(!note.html.contains("<script") && !note.html.contains("<img"));
            let got = format!(
                "{}\n---\n{}\n---\n{}",
                note.title,
                note.html.replace("</li>", "</li>\n"),
                note.text
            );
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/notes/snapshots")
                .join(format!("{name}.txt"));
            if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &got).unwrap();
            }
            let want = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(got, want, "{name} differs from {}", path.display());
        }
    }
}
