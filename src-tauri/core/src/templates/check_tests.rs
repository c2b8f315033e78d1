//! Tables of template drafts and the fields they are refused on.

use super::*;
use crate::lang::Lang;

fn draft(body: &str, samples: &[(&str, &str)]) -> TemplateDraft {
    TemplateDraft {
        name: "suivi_commande".into(),
        language: "fr".into(),
        category: "utility".into(),
        body: body.into(),
        samples: samples
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn refused_fields(d: &TemplateDraft, used: &[&str]) -> Vec<String> {
    match check_template(d, used) {
        Ok(()) => vec![],
        Err(errors) => {
            for e in &errors {
                assert!(!e.fr.is_empty() && !e.en.is_empty(), "{}", e.field);
                assert_ne!(e.message(Lang::Fr), e.message(Lang::En), "{}", e.field);
            }
            errors.into_iter().map(|e| e.field).collect()
        }
    }
}

const GOOD: &str = "Bonjour {{1}}, votre commande {{2}} est prête à être retirée en boutique.";
const SAMPLES: [(&str, &str); 2] = [("1", "Marie"), ("2", "A-42")];

#[test]
fn bodies_and_their_variables() {
    // (body, samples, fields refused)
    type Case = (String, Vec<(&'static str, &'static str)>, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        (GOOD.into(), SAMPLES.to_vec(), vec![]),
        (
            "Merci pour votre visite, à bientôt !".into(),
            vec![],
            vec![],
        ),
        (String::new(), vec![], vec!["body"]),
        ("   ".into(), vec![], vec!["body"]),
        // Reused variables are fine.
        (
            "Bonjour {{1}}, merci {{1}} de votre fidélité chez nous.".into(),
            vec![("1", "Marie")],
            vec![],
        ),
        // Gaps, order, format.
        (
            "Bonjour {{1}}, commande {{3}} prête pour le retrait en boutique.".into(),
            vec![("1", "a"), ("3", "b")],
            vec!["body"],
        ),
        (
            "Bonjour {{2}}, commande {{1}} prête pour le retrait en boutique.".into(),
            vec![("1", "a"), ("2", "b")],
            vec!["body"],
        ),
        (
            "Bonjour {{nom}}, votre commande est prête en boutique.".into(),
            vec![],
            vec!["body"],
        ),
        (
            "Bonjour {{ 1 }}, votre commande est prête en boutique.".into(),
            vec![],
            vec!["body"],
        ),
        (
            "Bonjour {{0}}, votre commande est prête en boutique.".into(),
            vec![],
            vec!["body"],
        ),
        (
            "Bonjour {{01}}, votre commande est prête en boutique.".into(),
            vec![],
            vec!["body"],
        ),
        (
            "Bonjour {{1}, votre commande est prête en boutique.".into(),
            vec![],
            vec!["body"],
        ),
        // Start, end, side by side.
        (
            "{{1}}, votre commande est prête en boutique.".into(),
            vec![("1", "Marie")],
            vec!["body"],
        ),
        (
            "  {{1}}, votre commande est prête en boutique.".into(),
            vec![("1", "Marie")],
            vec!["body"],
        ),
        (
            "Votre commande est prête en boutique, {{1}}".into(),
            vec![("1", "Marie")],
            vec!["body"],
        ),
        (
            "Votre commande est prête en boutique, {{1}}\n".into(),
            vec![("1", "Marie")],
            vec!["body"],
        ),
        (
            "Votre commande est prête en boutique, {{1}}.".into(),
            vec![("1", "Marie")],
            vec![],
        ),
        (
            "Bonjour {{1}} {{2}}, votre commande est prête en boutique.".into(),
            SAMPLES.to_vec(),
            vec!["body"],
        ),
        (
            "{{1}}".into(),
            vec![("1", "Marie")],
            vec!["body", "body", "body"],
        ), // start, end, ratio
        // Ratio: x variables need 2x + 1 fixed words.
        ("Salut {{1}} et bienvenue.".into(), vec![("1", "a")], vec![]), // 3 words, 1 variable
        (
            "Salut {{1}} bienvenue.".into(),
            vec![("1", "a")],
            vec!["body"],
        ), // 2 words
        (
            "Un {{1}} deux {{2}} trois quatre cinq.".into(),
            SAMPLES.to_vec(),
            vec![],
        ), // 5 for 2
        (
            "Un {{1}} deux {{2}} trois quatre.".into(),
            SAMPLES.to_vec(),
            vec!["body"],
        ), // 4 for 2
        (
            "Un {{1}} — {{2}} deux trois quatre cinq.".into(),
            SAMPLES.to_vec(),
            vec![],
        ), // "—" is no word
        // Samples.
        (GOOD.into(), vec![("1", "Marie")], vec!["samples.2"]),
        (GOOD.into(), vec![], vec!["samples.1", "samples.2"]),
        (
            GOOD.into(),
            vec![("1", "  "), ("2", "b")],
            vec!["samples.1"],
        ),
        (
            GOOD.into(),
            vec![("1", "a     b"), ("2", "b")],
            vec!["samples.1"],
        ),
        (GOOD.into(), vec![("1", "a    b"), ("2", "b")], vec![]),
    ];
    for (body, samples, want) in cases {
        assert_eq!(
            refused_fields(&draft(&body, &samples), &[]),
            want,
            "{body:?}"
        );
    }
}

#[test]
fn body_length_on_its_edges() {
    let tail = " fin du message.";
    let pad = |n: usize| "a".repeat(n - tail.len());
    let cases = [
        (pad(tail.len()), false), // the tail alone
        (pad(BODY_MAX), false),
        (pad(BODY_MAX + 1), true),
        (pad(BODY_MAX - 1) + "é", false),
        (pad(BODY_MAX - 1) + "😀", true),
        (pad(BODY_MAX - 2) + "e\u{301}", false),
        (pad(BODY_MAX - 1) + "e\u{301}", true),
    ];
    for (text, refused) in cases {
        let body = text.clone() + tail;
        let got = refused_fields(&draft(&body, &[]), &[]);
        assert_eq!(!got.is_empty(), refused, "{} units", whatsapp_len(&body));
    }
}

#[test]
fn the_body_with_its_samples_must_fit_too() {
    let fixed = "Bonjour , votre commande est prête à être retirée en boutique.";
    let body = "Bonjour {{1}}, votre commande est prête à être retirée en boutique.";
    let room = BODY_MAX - whatsapp_len(fixed);
    let fits = "m".repeat(room);
    let over = "m".repeat(room + 1);
    assert!(refused_fields(&draft(body, &[("1", &fits)]), &[]).is_empty());
    assert_eq!(refused_fields(&draft(body, &[("1", &over)]), &[]), ["body"]);
    let too_long_sample = "m".repeat(SAMPLE_MAX + 1);
    assert_eq!(
        refused_fields(&draft(body, &[("1", &too_long_sample)]), &[]),
        ["samples.1"]
    );
}

#[test]
fn names_languages_and_categories() {
    type Edit = fn(&mut TemplateDraft);
    let cases: [(Edit, &[&str]); 16] = [
        (|_| {}, &[]),
        (|d| d.name = "a".into(), &[]),
        (|d| d.name = "a".repeat(NAME_MAX), &[]),
        (|d| d.name = "a".repeat(NAME_MAX + 1), &["name"]),
        (|d| d.name.clear(), &["name"]),
        (|d| d.name = "Suivi_commande".into(), &["name"]),
        (|d| d.name = "suivi-commande".into(), &["name"]),
        (|d| d.name = "suivi commande".into(), &["name"]),
        (|d| d.name = "été".into(), &["name"]),
        (|d| d.name = "deja_pris".into(), &["name"]),
        (|d| d.language = "pt_BR".into(), &[]),
        (|d| d.language.clear(), &["language"]),
        (|d| d.language = "français".into(), &["language"]),
        (|d| d.category = "AUTHENTICATION".into(), &[]),
        (|d| d.category = "transactional".into(), &["category"]),
        (|d| d.category.clear(), &["category"]),
    ];
    for (edit, want) in cases {
        let mut d = draft(GOOD, &SAMPLES);
        edit(&mut d);
        assert_eq!(refused_fields(&d, &["deja_pris"]), want, "{:?}", d.name);
    }
}

#[test]
fn names_made_from_any_text() {
    let cases = [
        ("Relance panier — été", "relance_panier_ete"),
        ("suivi_colis", "suivi_colis"),
        ("  Rappel RDV  ", "rappel_rdv"),
        ("Œuvre n°3", "oeuvre_n_3"),
        ("😀", "modele"),
    ];
    for (text, want) in cases {
        assert_eq!(template_name_from(text), want, "{text:?}");
    }
}

#[test]
fn copies_get_the_next_free_name() {
    let cases: [(&str, &[&str], &str); 5] = [
        ("relance", &["relance"], "relance_v2"),
        ("relance", &["relance", "relance_v2"], "relance_v3"),
        ("relance_v2", &["relance", "relance_v2"], "relance_v3"),
        ("offre_v", &["offre_v"], "offre_v_v2"),
        ("promo_2024", &["promo_2024"], "promo_2024_v2"),
    ];
    for (name, used, want) in cases {
        assert_eq!(suggest_copy_name(name, used), want, "{name}");
    }
    let long = "a".repeat(NAME_MAX);
    let copy = suggest_copy_name(&long, &[&long]);
    assert_eq!(copy.len(), NAME_MAX);
    assert!(copy.ends_with("_v2"));
}
