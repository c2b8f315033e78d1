//! The handover report of step 7: a self-contained HTML page (every value escaped) with the
//! completeness proof, what moved, the templates that should carry over and each step's date.

use super::state::{MoveState, STEPS};
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

fn row(out: &mut String, label: &str, value: &str) {
    out.push_str(&format!(
        "<tr><th>{}</th><td>{}</td></tr>\n",
        escape(label),
        escape(value)
    ));
}

/// The report as a whole HTML page; `templates` are the approved template names.
pub fn html(state: &MoveState, templates: &[String], lang: Lang) -> String {
    let r = state.recorded();
    let title = t(
        lang,
        "Rapport de transfert du numéro",
        "Number handover report",
    );
    let mut body = String::new();
    body.push_str(&format!(
        "<h1>{} — {}</h1>\n<table>\n",
        escape(title),
        escape(r.sender.trim_start_matches("whatsapp:"))
    ));
    row(
        &mut body,
        t(lang, "Nouveau fournisseur", "New provider"),
        r.provider.as_deref().unwrap_or("—"),
    );
    row(
        &mut body,
        t(lang, "ID Business Manager", "Business Manager ID"),
        r.business_manager_id.as_deref().unwrap_or("—"),
    );
    for name in STEPS {
        row(
            &mut body,
            step_label(name, lang),
            &date(r.entered.get(name).copied()),
        );
    }
    row(
        &mut body,
        t(lang, "Ticket Twilio envoyé", "Twilio ticket sent"),
        &date(r.ticket_sent_at),
    );
    row(
        &mut body,
        t(lang, "Ticket Twilio confirmé", "Twilio ticket confirmed"),
        &date(r.ticket_confirmed_at),
    );
    row(
        &mut body,
        t(lang, "Migration commencée", "Migration started"),
        &date(r.migration_started_at),
    );
    body.push_str("</table>\n");
    for (label, proof) in [
        (t(lang, "Preuve (étape 2)", "Proof (step 2)"), &r.proof),
        (
            t(lang, "Vérification finale", "Final check"),
            &r.final_proof,
        ),
    ] {
        let Some(p) = proof else { continue };
        body.push_str(&format!("<h2>{}</h2>\n<table>\n", escape(label)));
        row(&mut body, t(lang, "Date", "Date"), &date(Some(p.at)));
        row(&mut body, "Twilio", &p.twilio_total.to_string());
        row(
            &mut body,
            t(lang, "Manquants", "Missing"),
            &p.missing_total.to_string(),
        );
        row(
            &mut body,
            t(lang, "Médias vérifiés", "Media checked"),
            &p.media_checked.to_string(),
        );
        row(&mut body, "sha256", &p.sids_sha256);
        for m in &p.months {
            row(
                &mut body,
                &format!("{} · {}", m.month, direction_label(&m.direction, lang)),
                &format!("{} / {}", m.archived, m.twilio),
            );
        }
        body.push_str("</table>\n");
    }
    body.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n<ul>\n",
        escape(t(lang, "Ce qui part avec le numéro", "What moves with the number")),
        escape(t(
            lang,
            "Le nom affiché, la note de qualité, le statut de compte professionnel officiel, les limites d'envoi et les modèles approuvés de haute qualité. L'historique des messages ne part pas (règle de Meta) : il reste dans cette archive.",
            "The display name, the quality rating, the official business account status, the messaging limits and the high-quality approved templates. The message history does not move (Meta's policy): it stays in this archive.",
        ))
    ));
    for name in templates {
        body.push_str(&format!("<li>{}</li>\n", escape(name)));
    }
    body.push_str("</ul>\n");
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}\
         th{{text-align:left;padding-right:1rem}}</style></head><body>\n{}</body></html>\n",
        lang.pick("fr", "en"),
        escape(title),
        body
    )
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
}
