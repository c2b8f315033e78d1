//! What a template rejection means and what to change, in plain French and English.
//!
//! Twilio's `rejection_reason` is free text; its one documented example starts with Meta's
//! reason code then Meta's text (`INVALID_FORMAT. Facebook is not able to…`), which is an
//! observation, not a guarantee (reference `whatsapp-codes-and-limits.md` §2.1). So the reason
//! is read twice: Meta's code when it leads the text (§2.2), then words in the text that name a
//! common cause (variable at the start or end, too many variables, missing sample…). Anything
//! unrecognised gets a generic explanation. Texts live in one table, easy to update.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A cause of rejection the app can explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionKind {
    /// No reason (`""`, `NONE`): nothing to change.
    NoReason,
    /// Wrong format, most often the placeholders (`INVALID_FORMAT`).
    InvalidFormat,
    /// A variable, a header or a media header has no sample.
    MissingSample,
    /// A variable at the very start or end of the text.
    VariableAtEdge,
    /// Too many variables for the amount of fixed text.
    TooManyVariables,
    /// Too generic: the purpose is unclear and variables could carry anything.
    TooGeneric,
    /// Breaks WhatsApp's Business or Commerce Policy, or abusive (`ABUSIVE_CONTENT`).
    Policy,
    /// Looks like fraud (`SCAM`).
    Scam,
    /// Content that does not fit its category, such as marketing in a utility template
    /// (`TAG_CONTENT_MISMATCH`, `PROMOTIONAL`, `INCORRECT_CATEGORY`).
    WrongCategory,
    /// Same content as another template.
    Duplicate,
    /// Not recognised: a generic explanation.
    Unknown,
}

/// Meta's reason code leading a `rejection_reason` (`INVALID_FORMAT` in
/// `INVALID_FORMAT. Facebook is…`), when the text starts with one.
pub fn meta_reason_code(reason: &str) -> Option<&str> {
    let token = reason
        .trim()
        .split(|c: char| c == '.' || c == ':' || c.is_whitespace())
        .next()?;
    let is_code = token.len() >= 3
        && token.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        && token.chars().any(|c| c.is_ascii_uppercase());
    is_code.then_some(token)
}

/// What kinds of cause a `rejection_reason` names, most specific first, each once.
pub fn classify_rejection(reason: &str) -> Vec<RejectionKind> {
    use RejectionKind::*;
    let code = meta_reason_code(reason);
    if reason.trim().is_empty() || code == Some("NONE") {
        return vec![NoReason];
    }
    let text = reason.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let mut kinds: Vec<RejectionKind> = Vec::new();
    let add = |kinds: &mut Vec<RejectionKind>, k: RejectionKind| {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    };
    if has(&[
        "start or end",
        "start or the end",
        "beginning or end",
        "beginning or the end",
    ]) {
        add(&mut kinds, VariableAtEdge);
    }
    if has(&[
        "too many variables",
        "too many parameters",
        "enough fixed text",
        "ratio",
    ]) {
        add(&mut kinds, TooManyVariables);
    }
    if has(&["example", "sample"]) {
        add(&mut kinds, MissingSample);
    }
    if has(&["generic"]) {
        add(&mut kinds, TooGeneric);
    }
    if has(&["duplicate"]) {
        add(&mut kinds, Duplicate);
    }
    match code {
        Some("INVALID_FORMAT") if kinds.is_empty() => add(&mut kinds, InvalidFormat),
        Some("ABUSIVE_CONTENT") => add(&mut kinds, Policy),
        Some("SCAM") => add(&mut kinds, Scam),
        Some("TAG_CONTENT_MISMATCH" | "PROMOTIONAL" | "INCORRECT_CATEGORY") => {
            add(&mut kinds, WrongCategory);
        }
        _ => {}
    }
    if has(&["category"]) && !kinds.contains(&WrongCategory) {
        add(&mut kinds, WrongCategory);
    }
    if has(&["policy", "abusive"]) {
        add(&mut kinds, Policy);
    }
    if kinds.is_empty() {
        add(&mut kinds, Unknown);
    }
    kinds
}

impl RejectionKind {
    /// Every kind, for tables and tests.
    pub const ALL: [RejectionKind; 11] = [
        RejectionKind::NoReason,
        RejectionKind::InvalidFormat,
        RejectionKind::MissingSample,
        RejectionKind::VariableAtEdge,
        RejectionKind::TooManyVariables,
        RejectionKind::TooGeneric,
        RejectionKind::Policy,
        RejectionKind::Scam,
        RejectionKind::WrongCategory,
        RejectionKind::Duplicate,
        RejectionKind::Unknown,
    ];

    /// What to change, in plain words.
    pub fn advice(self, lang: Lang) -> &'static str {
        use RejectionKind::*;
        let (fr, en) = match self {
            NoReason => (
                "Aucune raison donnée : rien à changer.",
                "No reason given: nothing to change.",
            ),
            InvalidFormat => (
                "Le format n'est pas accepté, le plus souvent à cause des variables : écrivez-les {{1}}, {{2}}… dans l'ordre et sans trou, ni au tout début ni à la toute fin du texte, jamais deux à la suite, et donnez un exemple de valeur pour chacune (et un fichier d'exemple pour un en-tête image, vidéo ou document).",
                "The format is not accepted, most often because of the variables: write them {{1}}, {{2}}… in order with no gap, neither at the very start nor at the very end of the text, never two side by side, and give a sample value for each (and a sample file for an image, video or document header).",
            ),
            MissingSample => (
                "Un exemple manque : donnez un exemple de valeur pour chaque variable, et un fichier d'exemple pour un en-tête image, vidéo ou document.",
                "A sample is missing: give a sample value for each variable, and a sample file for an image, video or document header.",
            ),
            VariableAtEdge => (
                "Une variable est au tout début ou à la toute fin du texte, ce que WhatsApp refuse car une variable peut contenir n'importe quoi. Ajoutez des mots fixes avant la première variable et après la dernière.",
                "A variable is at the very start or end of the text, which WhatsApp refuses because a variable can hold anything. Add fixed words before the first variable and after the last one.",
            ),
            TooManyVariables => (
                "Trop de variables pour la quantité de texte. Ajoutez du texte fixe autour des variables ou retirez-en (repère courant : au moins 2x + 1 mots fixes pour x variables).",
                "Too many variables for the amount of text. Add fixed text around the variables or remove some (a common rule of thumb: at least 2x + 1 fixed words for x variables).",
            ),
            TooGeneric => (
                "Le texte est trop générique : on ne comprend pas à quoi sert le message et ses variables pourraient servir à n'importe quoi. Dites précisément de quoi il s'agit avec des mots fixes, et gardez les variables pour des noms, des numéros ou des dates.",
                "The text is too generic: it does not say what the message is for, and its variables could carry anything. Say precisely what it is about with fixed words, and keep variables for names, numbers or dates.",
            ),
            Policy => (
                "Le contenu enfreint les règles de WhatsApp (Business ou Commerce Policy) ou paraît abusif, par exemple une menace de poursuites ou un produit interdit. Reformulez en termes neutres et retirez ce qui est interdit.",
                "The content breaks WhatsApp's rules (Business or Commerce Policy) or seems abusive, for example a threat of legal action or a prohibited product. Rewrite it in neutral terms and remove what is prohibited.",
            ),
            Scam => (
                "Meta a jugé que le contenu ressemble à une fraude (urgence, liens peu clairs, imitation d'une autre marque). Reformulez simplement, au nom réel de votre entreprise.",
                "Meta found that the content looks like fraud (urgency, unclear links, imitating another brand). Rewrite it plainly, under your business's real name.",
            ),
            WrongCategory => (
                "Le contenu ne correspond pas à la catégorie choisie, par exemple une offre ou une promotion dans un modèle « utilitaire ». Retirez l'offre, ou soumettez le modèle dans la catégorie marketing.",
                "The content does not match the chosen category, for example an offer or a promotion in a “utility” template. Remove the offer, or submit the template in the marketing category.",
            ),
            Duplicate => (
                "Le contenu est identique à celui d'un autre modèle. Modifiez le texte ou utilisez le modèle existant.",
                "The content is the same as another template's. Change the text or use the existing template.",
            ),
            Unknown => (
                "WhatsApp a refusé ce modèle. Les refus viennent le plus souvent du format (variables mal placées ou sans exemple), d'un contenu contraire aux règles de WhatsApp, ou d'un texte trop générique. Corrigez le texte en conséquence.",
                "WhatsApp rejected this template. Rejections most often come from the format (misplaced variables or variables without a sample), content that breaks WhatsApp's rules, or a text too generic. Correct the text accordingly.",
            ),
        };
        lang.pick(fr, en)
    }
}

/// The explanation of a `rejection_reason`: the advice for each cause found, one per line,
/// followed by how to resubmit.
pub fn explain_rejection(reason: &str, lang: Lang) -> String {
    let kinds = classify_rejection(reason);
    let mut lines: Vec<&str> = kinds.iter().map(|k| k.advice(lang)).collect();
    if kinds != [RejectionKind::NoReason] {
        lines.push(resubmit_note(lang));
    }
    lines.join("\n")
}

/// Why "edit" makes a copy: a submitted template cannot be changed (Twilio answers 92009).
pub fn resubmit_note(lang: Lang) -> &'static str {
    lang.pick(
        "Un modèle soumis ne peut plus être modifié : « Modifier » en crée une copie sous un nouveau nom, que vous corrigez puis soumettez. L'ancien est conservé, marqué « remplacé ».",
        "A submitted template cannot be changed: “Edit” makes a copy under a new name, which you correct and submit. The old one is kept, marked “replaced”.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use RejectionKind::*;

    #[test]
    fn meta_codes_are_read_when_they_lead_the_text() {
        let cases = [
            (
                "INVALID_FORMAT. Facebook is not able to create template",
                Some("INVALID_FORMAT"),
            ),
            ("PROMOTIONAL: too salesy", Some("PROMOTIONAL")),
            ("SCAM", Some("SCAM")),
            ("  NONE ", Some("NONE")),
            ("Invalid format", None),
            ("The template was rejected", None),
            ("", None),
            ("OK", None),
        ];
        for (reason, want) in cases {
            assert_eq!(meta_reason_code(reason), want, "{reason:?}");
        }
    }

    #[test]
    fn reasons_are_classified() {
        let cases: [(&str, &[RejectionKind]); 16] = [
            ("", &[NoReason]),
            ("NONE", &[NoReason]),
            ("INVALID_FORMAT. Facebook is not able to create template with templateName=x", &[InvalidFormat]),
            ("INVALID_FORMAT. Facebook is not able to create template with templateName=x, because HEADER component is missing an example", &[MissingSample]),
            ("INVALID_FORMAT. Variables can't be at the start or end of the template.", &[VariableAtEdge]),
            ("INVALID_FORMAT. Variables can't be at the start or end of the template and the template must contain enough fixed text around its variables.", &[VariableAtEdge, TooManyVariables]),
            ("ABUSIVE_CONTENT", &[Policy]),
            ("SCAM", &[Scam]),
            ("TAG_CONTENT_MISMATCH. The template's content does not match the UTILITY category.", &[WrongCategory]),
            ("INCORRECT_CATEGORY", &[WrongCategory]),
            ("PROMOTIONAL. The template violates WhatsApp Commerce Policy: misleading or abusive promotional content.", &[WrongCategory, Policy]),
            ("The template is too generic.", &[TooGeneric]),
            ("Template has too many variables for its length", &[TooManyVariables]),
            ("Duplicate of an existing template", &[Duplicate]),
            ("CATEGORY_NOT_AVAILABLE", &[WrongCategory]),
            ("Something else happened", &[Unknown]),
        ];
        for (reason, want) in cases {
            assert_eq!(classify_rejection(reason), want, "{reason:?}");
        }
    }

    #[test]
    fn every_kind_is_explained_in_both_languages() {
        for k in RejectionKind::ALL {
            let (fr, en) = (k.advice(Lang::Fr), k.advice(Lang::En));
            assert!(!fr.is_empty() && !en.is_empty(), "{k:?}");
            assert_ne!(fr, en, "{k:?}");
            if k != Unknown {
                assert_ne!(
                    en,
                    Unknown.advice(Lang::En),
                    "{k:?} must differ from the fallback"
                );
            }
        }
    }

    #[test]
    fn explanations_end_with_how_to_resubmit() {
        let text = explain_rejection("SCAM", Lang::Fr);
        assert!(text.starts_with(Scam.advice(Lang::Fr)));
        assert!(text.ends_with(resubmit_note(Lang::Fr)));
        assert_eq!(explain_rejection("", Lang::En), NoReason.advice(Lang::En));
        assert!(explain_rejection("weird", Lang::En).starts_with(Unknown.advice(Lang::En)));
    }
}
