//! A short A4 document (a title, headings, label/value rows, paragraphs, list items) written
//! with the same krilla code, font and metrics as the conversation PDF ([`super::pdf`]): real
//! text, what the font cannot draw shown as `[U+XXXX]`, long values wrapped, "Page n / total"
//! at the foot of every page. The handover report of "Move my number" is written with it.

use super::pdf::{document, paginate_by, Metrics, BODY, LEADING, MARGIN, META, PAGE_W};
use crate::error::Result;

/// One block of the document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A label (grey, left column) and its value (right column, wrapped).
    Row(String, String),
    /// A paragraph, wrapped to the page.
    Paragraph(String),
    /// A bulleted list item.
    Item(String),
}

const TITLE: f32 = 16.0;
const HEADING: f32 = 12.5;
/// Where a row's value starts: labels are short ("Proof (step 2)", "2026-03 · sent").
const VALUE_X: f32 = MARGIN + 190.0;

/// One text run placed on a line.
struct Run {
    x: f32,
    text: String,
    size: f32,
    grey: bool,
}

/// One line of the page: its runs, its height and the space above it.
struct Line {
    runs: Vec<Run>,
    size: f32,
    gap: f32,
}

fn line(x: f32, text: String, size: f32, grey: bool, gap: f32) -> Line {
    Line {
        runs: vec![Run {
            x,
            text,
            size,
            grey,
        }],
        size,
        gap,
    }
}

/// The blocks as lines: rows put the label and the value's first line side by side.
fn layout(title: &str, blocks: &[Block], m: &Metrics<'_>) -> Vec<Line> {
    let full = PAGE_W - 2.0 * MARGIN;
    let mut lines: Vec<Line> = m
        .wrap(&m.drawable(title), TITLE, full)
        .into_iter()
        .map(|t| line(MARGIN, t, TITLE, false, 0.0))
        .collect();
    for block in blocks {
        match block {
            Block::Heading(text) => {
                for (i, t) in m
                    .wrap(&m.drawable(text), HEADING, full)
                    .into_iter()
                    .enumerate()
                {
                    lines.push(line(
                        MARGIN,
                        t,
                        HEADING,
                        false,
                        if i == 0 { 16.0 } else { 0.0 },
                    ));
                }
            }
            Block::Paragraph(text) | Block::Item(text) => {
                let (x, first) = match block {
                    Block::Item(_) => (MARGIN + 12.0, "• "),
                    _ => (MARGIN, ""),
                };
                for paragraph in m.drawable(text).split('\n') {
                    for (i, t) in m
                        .wrap(paragraph, BODY, PAGE_W - MARGIN - x)
                        .into_iter()
                        .enumerate()
                    {
                        let mut l = line(x, t, BODY, false, if i == 0 { 4.0 } else { 0.0 });
                        if i == 0 && !first.is_empty() {
                            l.runs.push(Run {
                                x: MARGIN,
                                text: first.trim().to_owned(),
                                size: BODY,
                                grey: false,
                            });
                        }
                        lines.push(l);
                    }
                }
            }
            Block::Row(label, value) => {
                let labels = m.wrap(&m.drawable(label), META, VALUE_X - MARGIN - 8.0);
                let values = m.wrap(&m.drawable(value), BODY, PAGE_W - MARGIN - VALUE_X);
                for i in 0..labels.len().max(values.len()) {
                    let mut runs = Vec::new();
                    if let Some(l) = labels.get(i) {
                        runs.push(Run {
                            x: MARGIN,
                            text: l.clone(),
                            size: META,
                            grey: true,
                        });
                    }
                    if let Some(v) = values.get(i) {
                        runs.push(Run {
                            x: VALUE_X,
                            text: v.clone(),
                            size: BODY,
                            grey: false,
                        });
                    }
                    lines.push(Line {
                        runs,
                        size: BODY,
                        gap: if i == 0 { 3.0 } else { 0.0 },
                    });
                }
            }
        }
    }
    lines
}

/// Lines placed on pages: `(y, line)` for each.
fn paginate(lines: &[Line]) -> Vec<Vec<(f32, &Line)>> {
    paginate_by(lines, MARGIN, |l| l.gap + l.size * LEADING)
}

/// The document as PDF bytes. `title` is also the PDF's metadata title.
pub fn render(title: &str, blocks: &[Block], lang: crate::Lang) -> Result<Vec<u8>> {
    let metrics = Metrics::new();
    let lines = layout(title, blocks, &metrics);
    let pages = paginate(&lines);
    document(
        metrics.drawable(title),
        pages.len(),
        &metrics,
        lang,
        |pen, surface, n| {
            for (y, l) in &pages[n] {
                for run in &l.runs {
                    pen.text(surface, run.x, *y, run.size, &run.text, run.grey);
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_flows_onto_numbered_pages() {
        let mut blocks = vec![Block::Heading("Preuve".into())];
        for i in 0..200 {
            blocks.push(Block::Row(
                format!("2026-{i:03} · reçus"),
                format!("{i} / {i}"),
            ));
        }
        blocks.push(Block::Paragraph("un mot ".repeat(300)));
        blocks.push(Block::Item("modèle_été 🧁".into()));
        let metrics = Metrics::new();
        let lines = layout("Rapport", &blocks, &metrics);
        assert!(paginate(&lines).len() > 2);
        let wide = lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.x + metrics.width(&r.text, r.size) > PAGE_W - MARGIN + 0.5)
            .count();
        assert_eq!(wide, 0, "every run fits the page");
        assert!(lines
            .iter()
            .flat_map(|l| &l.runs)
            .any(|r| r.text == "modèle_été [U+1F9C1]"));
        let pdf = render("Rapport", &blocks, crate::Lang::Fr).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
