//! The HTML export: a folder anyone opens in a browser, with no network and nothing that can
//! run from a message.
//!
//! ```text
//! index.html                conversations by recency: name, number, count, date range
//! conversations/<name>-<id>.html   one page per conversation, by day; media beside
//! media/<ME…>.<ext>         the files shown (pictures inline)
//! search.html, search.js, search/parts.js, search/part-N.js   offline search
//! style.css                 screen and print
//! ```
//! Every page carries a strict Content-Security-Policy: no script at all except the search
//! page's own file, no network. All text from messages and names is escaped.

use super::names::safe_name;
use super::{io_error, number, who, Job, Stop, Tracker, Zone};
use crate::store::export_rows::{self, ExportMedia, ScopedConversation};
use crate::store::messages::StoredMessage;
use crate::Lang;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

/// No script, no network, no plugins, no forms: only the export's own styles and pictures.
const CSP_PAGE: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";
/// The search page also runs its own script file.
const CSP_SEARCH: &str = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'";

const STYLE: &str = include_str!("assets/export.css");
const SEARCH_JS: &str = include_str!("assets/search.js");

/// Messages per search index part (a part is loaded at once by the browser).
const PART_SIZE: usize = 20_000;

pub(crate) use crate::text::escape_html as escape;

/// The file name of a conversation's page.
pub(crate) fn page_name(c: &ScopedConversation) -> String {
    let name = c.profile_name.as_deref().unwrap_or(number(&c.customer));
    format!("{}-{}.html", safe_name(name, "conversation"), c.id)
}

fn head(out: &mut impl Write, title: &str, csp: &str, root: &str) -> std::io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n</head>\n<body>\n",
        escape(title)
    )
}

pub(crate) fn write(job: &Job<'_>, tracker: &mut Tracker<'_>) -> Result<(), Stop> {
    let root = &job.target;
    for folder in [
        root.clone(),
        root.join("conversations"),
        root.join("media"),
        root.join("search"),
    ] {
        std::fs::create_dir_all(&folder).map_err(io_error(&folder))?;
    }
    let lang = job.request.lang;
    std::fs::write(root.join("style.css"), STYLE).map_err(io_error(root))?;
    std::fs::write(root.join("search.js"), SEARCH_JS).map_err(io_error(root))?;
    write_index(job, lang)?;
    write_search_page(root, lang)?;
    let mut search = SearchIndex::new(root.join("search"));
    for c in &job.conversations {
        tracker.check()?;
        write_conversation(job, c, lang, &mut search, tracker)?;
    }
    search.finish()
}

fn write_index(job: &Job<'_>, lang: Lang) -> Result<(), Stop> {
    let path = job.target.join("index.html");
    let file = std::fs::File::create(&path).map_err(io_error(&path))?;
    let mut out = BufWriter::new(file);
    let zone = job.request.zone;
    let title = lang.pick(
        "Archive WhatsApp — Passerelle",
        "WhatsApp archive — Passerelle",
    );
    (|| -> std::io::Result<()> {
        head(&mut out, title, CSP_PAGE, "")?;
        let total: u64 = job.conversations.iter().map(|c| c.messages).sum();
        writeln!(
            out,
            "<header><h1>{}</h1><p class=\"muted\">{} conversations · {total} messages · <a href=\"search.html\">{}</a></p></header>",
            escape(title),
            job.conversations.len(),
            lang.pick("Rechercher", "Search"),
        )?;
        writeln!(
            out,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            lang.pick("Conversation", "Conversation"),
            lang.pick("Numéro professionnel", "Business number"),
            lang.pick("Messages", "Messages"),
            lang.pick("Période", "Dates"),
        )?;
        for c in &job.conversations {
            writeln!(
                out,
                "<tr><td><a href=\"conversations/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"dates\">{} – {}</td></tr>",
                escape(&page_name(c)),
                escape(&who(c)),
                escape(number(&c.sender)),
                c.messages,
                day(zone, c.first_at),
                day(zone, c.last_at),
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</body>\n</html>")?;
        out.flush()
    })()
    .map_err(io_error(&path))
}

fn write_search_page(root: &Path, lang: Lang) -> Result<(), Stop> {
    let path = root.join("search.html");
    let file = std::fs::File::create(&path).map_err(io_error(&path))?;
    let mut out = BufWriter::new(file);
    let title = lang.pick("Rechercher — Passerelle", "Search — Passerelle");
    (|| -> std::io::Result<()> {
        head(&mut out, title, CSP_SEARCH, "")?;
        writeln!(
            out,
            "<header><nav><a href=\"index.html\">{}</a></nav><h1>{}</h1></header>\n\
             <div class=\"search\"><label for=\"q\">{}</label>\n<input id=\"q\" type=\"search\" autofocus disabled>\n\
             <p id=\"state\" class=\"muted\" data-ready=\"{}\" data-none=\"{}\">{}</p></div>\n<div id=\"results\"></div>\n\
             <script src=\"search/parts.js\"></script>\n<script src=\"search.js\"></script>\n</body>\n</html>",
            lang.pick("← Toutes les conversations", "← All conversations"),
            lang.pick("Rechercher dans l'archive", "Search the archive"),
            lang.pick("Mots à chercher", "Words to look for"),
            lang.pick("Prêt.", "Ready."),
            lang.pick("Aucun message trouvé.", "No message found."),
            lang.pick("Chargement de l'index…", "Loading the index…"),
        )?;
        out.flush()
    })()
    .map_err(io_error(&path))
}

fn day(zone: Zone, unix: i64) -> String {
    zone.at(unix).format("%Y-%m-%d").to_string()
}

fn write_conversation(
    job: &Job<'_>,
    c: &ScopedConversation,
    lang: Lang,
    search: &mut SearchIndex,
    tracker: &mut Tracker<'_>,
) -> Result<(), Stop> {
    let name = page_name(c);
    let path = job.target.join("conversations").join(&name);
    let file = std::fs::File::create(&path).map_err(io_error(&path))?;
    let mut out = BufWriter::new(file);
    let zone = job.request.zone;
    let title = who(c);
    let business = match &c.sender_name {
        Some(n) => format!("{n} ({})", number(&c.sender)),
        None => number(&c.sender).to_owned(),
    };
    (|| -> std::io::Result<()> {
        head(&mut out, &title, CSP_PAGE, "../")?;
        writeln!(
            out,
            "<header><nav><a href=\"../index.html\">{}</a></nav><h1>{}</h1>\n<p class=\"muted\">{} · {} messages · {} – {}</p></header>\n<main>",
            lang.pick("← Toutes les conversations", "← All conversations"),
            escape(&title),
            escape(&business),
            c.messages,
            day(zone, c.first_at),
            day(zone, c.last_at),
        )
    })()
    .map_err(io_error(&path))?;
    let conn = job.store.conn();
    let mut current_day = String::new();
    export_rows::each_message(conn, c.id, &job.request.scope, |m| -> Result<(), Stop> {
        let media = match m.num_media {
            0 => Vec::new(),
            _ => export_rows::media_of(conn, &m.sid)?,
        };
        let shown = copy_media(job, &media)?;
        let today = day(zone, m.when());
        if today != current_day {
            let close = if current_day.is_empty() {
                ""
            } else {
                "</section>\n"
            };
            write!(out, "{close}<section>\n<h2>{today}</h2>\n").map_err(io_error(&path))?;
            current_day = today;
        }
        write_message(&mut out, &m, &shown, zone, lang).map_err(io_error(&path))?;
        search.add(&format!("conversations/{name}"), &m, &title, zone)?;
        tracker.tick()
    })?;
    let close = if current_day.is_empty() {
        ""
    } else {
        "</section>\n"
    };
    write!(out, "{close}</main>\n</body>\n</html>\n").map_err(io_error(&path))?;
    out.flush().map_err(io_error(&path))?;
    Ok(())
}

/// A medium as the page shows it.
struct Shown {
    /// Relative to the conversation page, when the file was copied.
    href: Option<String>,
    image: bool,
    label: String,
}

fn write_message(
    out: &mut impl Write,
    m: &StoredMessage,
    media: &[Shown],
    zone: Zone,
    lang: Lang,
) -> std::io::Result<()> {
    let direction = if m.inbound() { "inbound" } else { "outbound" };
    let failed = if matches!(m.status.as_str(), "failed" | "undelivered") {
        " failed"
    } else {
        ""
    };
    let said = if m.inbound() {
        lang.pick("Reçu", "Received")
    } else {
        lang.pick("Envoyé", "Sent")
    };
    let at = zone.at(m.when());
    write!(
        out,
        "<article class=\"message {direction}{failed}\" id=\"{}\">\n<div class=\"meta\"><time datetime=\"{}\">{}</time> · {said} · {}",
        escape(&m.sid),
        at.to_rfc3339(),
        at.format("%H:%M"),
        escape(&m.status),
    )?;
    if let Some(code) = m.error_code {
        write!(out, " · {} {code}", lang.pick("erreur", "error"))?;
    }
    writeln!(out, "</div>")?;
    if !m.body.is_empty() {
        writeln!(out, "<p class=\"body\">{}</p>", escape(&m.body))?;
    }
    if !media.is_empty() {
        write!(out, "<div class=\"media\">")?;
        for x in media {
            match (&x.href, x.image) {
                (Some(href), true) => write!(
                    out,
                    "<a href=\"{0}\"><img src=\"{0}\" alt=\"{1}\"></a>",
                    escape(href),
                    escape(&x.label)
                )?,
                (Some(href), false) => {
                    write!(out, "<a href=\"{}\">{}</a>", escape(href), escape(&x.label))?
                }
                (None, _) => write!(
                    out,
                    "<span class=\"muted\">{} ({})</span>",
                    escape(&x.label),
                    lang.pick("fichier non téléchargé", "file not downloaded")
                )?,
            }
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</article>")
}

/// Copies the downloaded files of a message into `media/` (named by their SID, never by a path
/// from the archive) and says how to show each.
fn copy_media(job: &Job<'_>, media: &[ExportMedia]) -> Result<Vec<Shown>, Stop> {
    let mut shown = Vec::new();
    for x in media {
        let source = x
            .file_path
            .as_deref()
            .and_then(|f| inside(job.request.media_dir.as_deref()?, f));
        let ext = x
            .file_path
            .as_deref()
            .and_then(|f| Path::new(f).extension())
            .map(|e| safe_name(&e.to_string_lossy(), "bin"))
            .unwrap_or_else(|| "bin".into());
        let file = format!("{}.{ext}", safe_name(&x.sid, "media"));
        let href = match source {
            Some(source) if source.is_file() => {
                let target = job.target.join("media").join(&file);
                std::fs::copy(&source, &target).map_err(io_error(&target))?;
                Some(format!("../media/{file}"))
            }
            _ => None,
        };
        let image = x
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("image/"));
        shown.push(Shown {
            href,
            image,
            label: file,
        });
    }
    Ok(shown)
}

/// `relative` under `folder`, refused when it climbs out or is absolute.
fn inside(folder: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| folder.join(path))
}

/// The offline search's index, written in parts as messages stream by.
struct SearchIndex {
    folder: PathBuf,
    entries: Vec<serde_json::Value>,
    parts: usize,
}

impl SearchIndex {
    fn new(folder: PathBuf) -> Self {
        SearchIndex {
            folder,
            entries: Vec::new(),
            parts: 0,
        }
    }

    fn add(&mut self, page: &str, m: &StoredMessage, who: &str, zone: Zone) -> Result<(), Stop> {
        if m.body.is_empty() {
            return Ok(());
        }
        let when = zone.at(m.when()).format("%Y-%m-%d %H:%M").to_string();
        self.entries
            .push(serde_json::json!([page, m.sid, when, who, m.body]));
        if self.entries.len() >= PART_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stop> {
        if self.entries.is_empty() {
            return Ok(());
        }
        self.parts += 1;
        let path = self.folder.join(format!("part-{}.js", self.parts));
        let data = serde_json::to_string(&self.entries)
            .map_err(|e| Stop::Failed(crate::Error::Internal(e.to_string())))?;
        std::fs::write(&path, format!("window.passerelleSearch.add({data});\n"))
            .map_err(io_error(&path))?;
        self.entries.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(), Stop> {
        self.flush()?;
        let path = self.folder.join("parts.js");
        std::fs::write(
            &path,
            format!("window.passerelleSearchParts = {};\n", self.parts),
        )
        .map_err(io_error(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_messages_is_escaped() {
        assert_eq!(
            escape("<img src=x onerror=\"alert('1')\"> & co"),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
    }

    #[test]
    fn media_paths_from_the_archive_never_climb_out() {
        let folder = Path::new("/m");
        assert_eq!(inside(folder, "ME1.jpg"), Some(PathBuf::from("/m/ME1.jpg")));
        assert_eq!(
            inside(folder, "a/ME1.jpg"),
            Some(PathBuf::from("/m/a/ME1.jpg"))
        );
        assert_eq!(inside(folder, "../secret"), None);
        assert_eq!(inside(folder, "/etc/passwd"), None);
    }
}
