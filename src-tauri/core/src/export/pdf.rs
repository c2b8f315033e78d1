//! The PDF of one conversation, for evidence and hand-over: real text (searchable, copyable:
//! krilla subsets the embedded DejaVu Sans and writes its ToUnicode map), accents, long
//! messages wrapped, a header with the business and the date range on every page, page
//! numbers. A character the font cannot draw (most emoji) is written as a visible `[U+1F600]`
//! mark, never dropped.
//!
//! The conversation's lines are laid out first (a thread of a few thousand messages is a few
//! megabytes of text) so every page can say "n / total".

use super::{io_error, number, who, Job, Stop, Tracker};
use crate::store::export_rows::{self, ScopedConversation};
use crate::store::message_search::is_invisible;
use krilla::color::rgb;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans 2.37, unmodified (licence beside it): wide coverage of Latin, Greek, Cyrillic
/// and symbols, in the repository so the build reads no system path.
pub(super) const FONT: &[u8] = include_bytes!("assets/DejaVuSans.ttf");

pub(super) const PAGE_W: f32 = 595.0; // A4, points
pub(super) const PAGE_H: f32 = 842.0;
pub(super) const MARGIN: f32 = 50.0;
pub(super) const BODY: f32 = 10.0;
pub(super) const META: f32 = 8.0;
pub(super) const LEADING: f32 = 1.4;
/// Sent messages are indented so the two sides of the conversation read apart.
const INDENT: f32 = 60.0;

/// One line of text on the page.
struct Line {
    text: String,
    x: f32,
    size: f32,
    grey: bool,
    /// Space above it (a new message, a new day).
    gap: f32,
}

/// Measures text with the embedded font and says which characters it can draw.
pub(super) struct Metrics<'f> {
    font: FontRef<'f>,
}

impl Metrics<'_> {
    pub(super) fn new() -> Metrics<'static> {
        Metrics {
            font: FontRef::new(FONT).expect("the embedded font parses"),
        }
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// `text` with what the font cannot draw written as `[U+XXXX]`, invisible characters
    /// removed, tabs as spaces.
    pub(super) fn drawable(&self, text: &str) -> String {
        let charmap = self.font.charmap();
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\t' => out.push(' '),
                '\n' => out.push('\n'),
                c if is_invisible(c) => {}
                c if !c.is_control() && charmap.map(c).is_some() => out.push(c),
                c => out.push_str(&format!("[U+{:04X}]", c as u32)),
            }
        }
        out
    }

    /// Greedy word wrap to `width`; a word longer than a line is cut.
    pub(super) fn wrap(&self, paragraph: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line, size) > width {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
        lines
    }
}

pub(crate) fn write(job: &Job<'_>, tracker: &mut Tracker<'_>) -> Result<(), Stop> {
    let Some(c) = job.conversations.first() else {
        return Err(Stop::Failed(crate::Error::InvalidInput {
            field: "conversation".into(),
            fr: "aucun message dans ce choix : rien à mettre dans le PDF".into(),
            en: "no message in this selection: nothing to put in the PDF".into(),
        }));
    };
    let metrics = Metrics::new();
    let lines = layout(job, c, &metrics, tracker)?;
    let bytes = render(job, c, &lines, &metrics)?;
    std::fs::write(&job.target, bytes).map_err(io_error(&job.target))
}

fn layout(
    job: &Job<'_>,
    c: &ScopedConversation,
    metrics: &Metrics<'_>,
    tracker: &mut Tracker<'_>,
) -> Result<Vec<Line>, Stop> {
    let lang = job.request.lang;
    let zone = job.request.zone;
    let conn = job.store.conn();
    let mut lines = Vec::new();
    let mut day = String::new();
    export_rows::each_message(conn, c.id, &job.request.scope, |m| -> Result<(), Stop> {
        let at = zone.at(m.when());
        let today = at.format("%Y-%m-%d").to_string();
        if today != day {
            lines.push(Line {
                text: today.clone(),
                x: MARGIN,
                size: BODY,
                grey: false,
                gap: 14.0,
            });
            day = today;
        }
        let x = if m.inbound() { MARGIN } else { MARGIN + INDENT };
        let width = PAGE_W - MARGIN - x - if m.inbound() { INDENT } else { 0.0 };
        let mut meta = format!(
            "{} · {} · {}",
            at.format("%H:%M"),
            if m.inbound() {
                lang.pick("Reçu", "Received")
            } else {
                lang.pick("Envoyé", "Sent")
            },
            m.status
        );
        if let Some(code) = m.error_code {
            meta.push_str(&format!(" · {} {code}", lang.pick("erreur", "error")));
        }
        lines.push(Line {
            text: meta,
            x,
            size: META,
            grey: true,
            gap: 6.0,
        });
        let body = metrics.drawable(&m.body);
        for paragraph in body.split('\n').filter(|_| !m.body.is_empty()) {
            for text in metrics.wrap(paragraph, BODY, width) {
                lines.push(Line {
                    text,
                    x,
                    size: BODY,
                    grey: false,
                    gap: 0.0,
                });
            }
        }
        if m.num_media > 0 {
            for x_media in export_rows::media_of(conn, &m.sid)? {
                let label = format!(
                    "[{} {}]",
                    lang.pick("pièce jointe", "attachment"),
                    x_media.content_type.as_deref().unwrap_or("?")
                );
                lines.push(Line {
                    text: metrics.drawable(&label),
                    x,
                    size: META,
                    grey: true,
                    gap: 0.0,
                });
            }
        }
        tracker.tick()
    })?;
    Ok(lines)
}

/// Lines placed on pages: `(page, y)` for each.
fn paginate(lines: &[Line]) -> Vec<Vec<(f32, &Line)>> {
    paginate_by(lines, MARGIN + 40.0, |l| l.gap + l.size * LEADING)
}

/// Items placed on A4 pages from `top` down to the footer: `(y, item)` for each, `step` giving
/// the height an item takes (its space above included). Shared with [`super::pdf_doc`].
pub(super) fn paginate_by<T>(
    items: &[T],
    top: f32,
    step: impl Fn(&T) -> f32,
) -> Vec<Vec<(f32, &T)>> {
    let bottom = PAGE_H - MARGIN - 20.0;
    let mut pages = vec![Vec::new()];
    let mut y = top;
    for item in items {
        let step = step(item);
        if y + step > bottom {
            pages.push(Vec::new());
            y = top;
        }
        y += step;
        pages.last_mut().expect("a page").push((y, item));
    }
    pages
}

/// The grey of labels, dates and page numbers.
fn grey() -> Fill {
    Fill {
        paint: rgb::Color::new(95, 107, 122).into(),
        ..Fill::default()
    }
}

/// Writes text in the embedded font, black or in the labels' grey.
pub(super) struct Pen {
    font: Font,
    grey: Fill,
}

impl Pen {
    /// Draws `text` at (`x`, `y`).
    pub(super) fn text(
        &self,
        surface: &mut Surface<'_>,
        x: f32,
        y: f32,
        size: f32,
        text: &str,
        grey: bool,
    ) {
        surface.set_fill(Some(if grey {
            self.grey.clone()
        } else {
            Fill::default()
        }));
        surface.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }
}

/// An A4 document titled `title` (already drawable) of `total` pages: `draw` writes page `n`
/// (from 0), then "Page n / total" is written at its foot. Both PDFs are written this way.
pub(super) fn document(
    title: String,
    total: usize,
    metrics: &Metrics<'_>,
    lang: crate::Lang,
    mut draw: impl FnMut(&Pen, &mut Surface<'_>, usize),
) -> crate::Result<Vec<u8>> {
    let pen = Pen {
        font: Font::new(FONT.into(), 0).expect("the embedded font loads"),
        grey: grey(),
    };
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(title).creator("Passerelle".into()));
    for n in 0..total {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        draw(&pen, &mut surface, n);
        let footer = format!("{} {} / {total}", lang.pick("Page", "Page"), n + 1);
        let width = metrics.width(&footer, META);
        pen.text(
            &mut surface,
            PAGE_W - MARGIN - width,
            PAGE_H - MARGIN + 10.0,
            META,
            &footer,
            true,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| crate::Error::Internal(format!("writing the PDF: {e:?}")))
}

fn render(
    job: &Job<'_>,
    c: &ScopedConversation,
    lines: &[Line],
    metrics: &Metrics<'_>,
) -> Result<Vec<u8>, Stop> {
    let lang = job.request.lang;
    let zone = job.request.zone;
    let business = match &c.sender_name {
        Some(n) => format!("{n} ({})", number(&c.sender)),
        None => number(&c.sender).to_owned(),
    };
    let title = metrics.drawable(&format!("{business} — {}", who(c)));
    let range = format!(
        "{} – {} · {} messages",
        zone.at(c.first_at).format("%Y-%m-%d"),
        zone.at(c.last_at).format("%Y-%m-%d"),
        c.messages
    );
    let pages = paginate(lines);
    let bytes = document(
        title.clone(),
        pages.len(),
        metrics,
        lang,
        |pen, surface, n| {
            pen.text(surface, MARGIN, MARGIN, 12.0, &title, false);
            pen.text(surface, MARGIN, MARGIN + 16.0, META, &range, true);
            for (y, line) in &pages[n] {
                pen.text(surface, line.x, *y, line.size, &line.text, line.grey);
            }
        },
    )?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_font_cannot_draw_becomes_a_visible_mark() {
        let metrics = Metrics::new();
        let cases = [
            ("Crème brûlée à 15 h", "Crème brûlée à 15 h"),
            ("merci 😀", "merci 😀"), // DejaVu Sans draws the emoticons
            ("gâteau 🧁", "gâteau [U+1F9C1]"),
            ("mer\u{200B}ci\tok", "merci ok"),
            ("bip\u{7}", "bip[U+0007]"),
        ];
        for (text, want) in cases {
            assert_eq!(metrics.drawable(text), want, "{text:?}");
        }
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let metrics = Metrics::new();
        let text = "un mot ".repeat(40) + &"x".repeat(200);
        let lines = metrics.wrap(&text, BODY, 200.0);
        assert!(lines.len() > 5);
        assert!(
            lines.iter().all(|l| metrics.width(l, BODY) <= 200.0),
            "{lines:?}"
        );
        assert_eq!(
            lines.concat().replace(' ', ""),
            text.replace(' ', ""),
            "nothing lost"
        );
    }
}
