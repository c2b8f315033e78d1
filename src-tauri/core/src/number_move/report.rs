//! The handover report of step 7, as a self-contained HTML page (every value escaped) and as a
//! PDF, both from one [`content`]: the completeness proof, what moved, the templates that
//! should carry over and each step's date.

use super::state::{MoveState, STEPS};
use crate::export::pdf_doc::Block;
use crate::lang::Lang;

pub use crate::text::escape_html as escape;

fn t(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    lang.pick(fr, en)
}

/// A step's name for people.
fn step_label(name: &str, lang: Lang) -> &'static str {
    match name {
        "before_you_start" => t(lang, "Avant de commencer", "Before you start"),
        "archive" => t(lang, "Tout archiver", "Archive everything"),
        "notes_exports" => t(lang, "Notes et exports", "Notes and exports"),
        "checklist" => t(lang, "Vérifications", "Checklist"),
        "ticket" => t(lang, "Ticket Twilio", "Twilio ticket"),
        "new_provider" => t(lang, "Nouveau fournisseur", "New provider"),
        _ => t(lang, "Terminé", "Done"),
    }
}

fn direction_label(direction: &str, lang: Lang) -> &'static str {
    if direction == "inbound" {
        t(lang, "reçus", "received")
    } else {
        t(lang, "envoyés", "sent")
    }
}

fn date(unix: Option<i64>) -> String {
    unix.map_or_else(|| "—".to_owned(), crate::rfc3339)
}

/// The report's content, shared by the HTML page and the PDF: its title and its blocks in
/// reading order. `templates` are the approved template names.
pub fn content(state: &MoveState, templates: &[String], lang: Lang) -> (String, Vec<Block>) {
    let r = state.recorded();
    let title = format!(
        "{} — {}",
        t(
            lang,
            "Rapport de transfert du numéro",
            "Number handover report"
        ),
        r.sender.trim_start_matches("whatsapp:")
    );
    let row = |label: &str, value: &str| Block::Row(label.to_owned(), value.to_owned());
    let mut blocks = vec![
        row(
            t(lang, "Nouveau fournisseur", "New provider"),
            r.provider.as_deref().unwrap_or("—"),
        ),
        row(
            t(lang, "ID Business Manager", "Business Manager ID"),
            r.business_manager_id.as_deref().unwrap_or("—"),
        ),
    ];
    for name in STEPS {
        blocks.push(row(
            step_label(name, lang),
            &date(r.entered.get(name).copied()),
        ));
    }
    blocks.push(row(
        t(lang, "Ticket Twilio envoyé", "Twilio ticket sent"),
        &date(r.ticket_sent_at),
    ));
    blocks.push(row(
        t(lang, "Ticket Twilio confirmé", "Twilio ticket confirmed"),
        &date(r.ticket_confirmed_at),
    ));
    blocks.push(row(
        t(lang, "Migration commencée", "Migration started"),
        &date(r.migration_started_at),
    ));
    for (label, proof) in [
        (t(lang, "Preuve (étape 2)", "Proof (step 2)"), &r.proof),
        (
            t(lang, "Vérification finale", "Final check"),
            &r.final_proof,
        ),
    ] {
        let Some(p) = proof else { continue };
        blocks.push(Block::Heading(label.to_owned()));
        blocks.push(row(t(lang, "Date", "Date"), &date(Some(p.at))));
        blocks.push(row("Twilio", &p.twilio_total.to_string()));
        blocks.push(row(
            t(lang, "Manquants", "Missing"),
            &p.missing_total.to_string(),
        ));
        blocks.push(row(
            t(lang, "Médias vérifiés", "Media checked"),
            &p.media_checked.to_string(),
        ));
        blocks.push(row("sha256", &p.sids_sha256));
        for m in &p.months {
            blocks.push(row(
                &format!("{} · {}", m.month, direction_label(&m.direction, lang)),
                &format!("{} / {}", m.archived, m.twilio),
            ));
        }
    }
    blocks.push(Block::Heading(
        t(
            lang,
            "Ce qui part avec le numéro",
            "What moves with the number",
        )
        .to_owned(),
    ));
    blocks.push(Block::Paragraph(t(
            lang,
            "Le nom affiché, la note de qualité, le statut de compte professionnel officiel, les limites d'envoi et les modèles approuvés de haute qualité. L'historique des messages ne part pas (règle de Meta) : il reste dans cette archive.",
            "The display name, the quality rating, the official business account status, the messaging limits and the high-quality approved templates. The message history does not move (Meta's policy): it stays in this archive.",
        ).to_owned()));
    blocks.extend(templates.iter().map(|name| Block::Item(name.clone())));
    (title, blocks)
}

/// The blocks as HTML: rows gathered in tables, items in lists, every value escaped.
fn html_body(title: &str, blocks: &[Block]) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(title));
    let mut open: Option<&str> = None;
    for block in blocks {
        let wants = match block {
            Block::Row(..) => Some("table"),
            Block::Item(_) => Some("ul"),
            _ => None,
        };
        if open != wants {
            if let Some(tag) = open {
                body.push_str(&format!("</{tag}>\n"));
            }
            if let Some(tag) = wants {
                body.push_str(&format!("<{tag}>\n"));
            }
            open = wants;
        }
        match block {
            Block::Heading(text) => body.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            Block::Paragraph(text) => body.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::Item(text) => body.push_str(&format!("<li>{}</li>\n", escape(text))),
            Block::Row(label, value) => body.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                escape(label),
                escape(value)
            )),
        }
    }
    if let Some(tag) = open {
        body.push_str(&format!("</{tag}>\n"));
    }
    body
}

/// The report as a whole HTML page; `templates` are the approved template names.
pub fn html(state: &MoveState, templates: &[String], lang: Lang) -> String {
    let (title, blocks) = content(state, templates, lang);
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}\
         th{{text-align:left;padding-right:1rem}}</style></head><body>\n{}</body></html>\n",
        lang.pick("fr", "en"),
        escape(&title),
        html_body(&title, &blocks)
    )
}

/// The report as a PDF (real text, same content as [`html`]).
pub fn pdf(state: &MoveState, templates: &[String], lang: Lang) -> crate::Result<Vec<u8>> {
    let (title, blocks) = content(state, templates, lang);
    crate::export::pdf_doc::render(&title, &blocks, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped() {
        let mut state = MoveState::start("whatsapp:+33612345678");
        if let MoveState::BeforeYouStart(r) = &mut state {
            r.provider = Some("<script>alert(1)</script>".into());
        }
        let page = html(&state, &["a&b<i>".into()], Lang::En);
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("a&amp;b&lt;i&gt;"));
    }

    #[test]
    fn the_pdf_holds_the_same_content_as_the_page() {
        let state = MoveState::start("whatsapp:+33612345678");
        let (title, blocks) = content(&state, &["rappel_rdv".into()], Lang::Fr);
        assert!(title.ends_with("+33612345678"));
        assert!(blocks.contains(&Block::Item("rappel_rdv".into())));
        let page = html(&state, &["rappel_rdv".into()], Lang::Fr);
        for block in &blocks {
            if let Block::Row(label, _) = block {
                assert!(page.contains(&escape(label)), "{label}");
            }
        }
        let pdf = pdf(&state, &["rappel_rdv".into()], Lang::Fr).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
