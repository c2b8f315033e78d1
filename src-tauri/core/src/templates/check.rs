//! A template draft's checks before it is created and submitted, so that WhatsApp's usual
//! rejections for format are caught in the app (reference
//! `shared/reference/whatsapp-codes-and-limits.md` §2.3).

use super::{placeholders, render, Category, Placeholder};
use crate::field::{check_max_len, required, whatsapp_len, FieldError, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name: at most 512 characters (secondary [S4]; twilio-sim enforces the same).
pub const NAME_MAX: usize = 512;
/// Template text plus substituted parameters: at most 1,024 characters on WhatsApp (63021).
pub const BODY_MAX: usize = 1_024;
/// One variable's value: at most 1,600 characters (21658).
pub const SAMPLE_MAX: usize = 1_600;
/// At most 100 variables per template (92002).
pub const VARIABLES_MAX: usize = 100;

/// A template as the user writes it, before it is created at Twilio.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateDraft {
    /// WhatsApp name: lowercase letters, digits and `_`, not used before.
    pub name: String,
    /// Language code (`fr`, `en`, `pt_BR`).
    pub language: String,
    /// `utility`, `marketing` or `authentication` (any case).
    pub category: String,
    /// Text with `{{1}}`, `{{2}}`… variables.
    pub body: String,
    /// A sample value per variable, keyed `"1"`, `"2"`… (Twilio's `variables` object).
    pub samples: BTreeMap<String, String>,
}

/// Checks `draft` before it is created and submitted. `used_names` are the names of the
/// account's templates already submitted (a name cannot be reused). The error lists each wrong
/// field: `name`, `language`, `category`, `body`, `samples.N`.
pub fn check_template(draft: &TemplateDraft, used_names: &[&str]) -> Result<(), Vec<FieldError>> {
    let mut errors: Vec<FieldError> = check_name(&draft.name, used_names).into_iter().collect();
    errors.extend(check_language(&draft.language));
    errors.extend(check_category(&draft.category));
    errors.extend(check_body(&draft.body, &draft.samples));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_name(name: &str, used_names: &[&str]) -> Option<FieldError> {
    if name.is_empty() {
        return Some(required("name"));
    }
    if let Some(e) = check_max_len("name", name, NAME_MAX) {
        return Some(e);
    }
    if !name.chars().all(is_name_char) {
        let hint = template_name_from(name);
        return Some(FieldError::new(
            "name",
            Rule::BadFormat,
            format!("le nom ne peut contenir que des lettres minuscules sans accent, des chiffres et « _ » (par exemple « {hint} »)."),
            format!("the name may only contain lowercase letters without accents, digits and “_” (for example “{hint}”)."),
        ));
    }
    used_names.contains(&name).then(|| {
        FieldError::new(
            "name",
            Rule::Taken,
            format!(
                "le nom « {name} » est déjà utilisé par un autre modèle : choisissez-en un autre."
            ),
            format!("the name “{name}” is already used by another template: choose another one."),
        )
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

fn check_language(language: &str) -> Option<FieldError> {
    if language.is_empty() {
        return Some(required("language"));
    }
    let (base, region) = match language.split_once(['_', '-']) {
        Some((b, r)) => (b, Some(r)),
        None => (language, None),
    };
    let base_ok = (2..=3).contains(&base.len()) && base.chars().all(|c| c.is_ascii_lowercase());
    let region_ok = region
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    (!(base_ok && region_ok)).then(|| {
        FieldError::new(
            "language",
            Rule::BadFormat,
            format!("« {language} » n'est pas un code de langue (par exemple fr, en ou pt_BR)."),
            format!("“{language}” is not a language code (for example fr, en or pt_BR)."),
        )
    })
}

fn check_category(category: &str) -> Option<FieldError> {
    if category.is_empty() {
        return Some(required("category"));
    }
    Category::parse(category).is_none().then(|| {
        FieldError::new(
            "category",
            Rule::NotAllowed,
            format!("« {category} » n'est pas une catégorie : choisissez utilitaire, marketing ou authentification."),
            format!("“{category}” is not a category: choose utility, marketing or authentication."),
        )
    })
}

fn format_error(fr: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new("body", Rule::BadFormat, fr, en)
}

fn check_body(body: &str, samples: &BTreeMap<String, String>) -> Vec<FieldError> {
    if body.trim().is_empty() {
        return vec![required("body")];
    }
    let (found, unclosed) = placeholders(body);
    let mut errors = Vec::new();
    errors.extend(check_max_len("body", body, BODY_MAX));
    if unclosed.is_some() {
        errors.push(format_error(
            "une variable n'est pas fermée : écrivez-la {{1}}, avec deux accolades de chaque côté.",
            "a variable is not closed: write it {{1}}, with two braces on each side.",
        ));
    }
    if let Some(bad) = found.iter().find(|p| number_of(p).is_none()) {
        let key = &bad.key;
        errors.push(format_error(
            format!("« {{{{{key}}}}} » : WhatsApp numérote les variables {{{{1}}}}, {{{{2}}}}… (un nombre, sans espace)."),
            format!("“{{{{{key}}}}}”: WhatsApp numbers variables {{{{1}}}}, {{{{2}}}}… (a number, no spaces)."),
        ));
        return errors;
    }
    let numbers = first_appearances(&found);
    errors.extend(check_sequence(&numbers));
    errors.extend(check_positions(body, &found));
    errors.extend(check_ratio(body, &found));
    errors.extend(check_samples(&numbers, samples));
    let filled = render(body, samples);
    if errors.is_empty() && whatsapp_len(&filled) > BODY_MAX {
        errors.push(FieldError::new(
            "body",
            Rule::TooLong,
            format!("avec les exemples, le message ferait {} caractères, {BODY_MAX} au maximum : raccourcissez le texte ou les exemples.", whatsapp_len(&filled)),
            format!("with the samples, the message would be {} characters, at most {BODY_MAX}: shorten the text or the samples.", whatsapp_len(&filled)),
        ));
    }
    errors
}

/// `Some(n)` when the key is a WhatsApp variable number: digits, no leading zero, ≥ 1.
fn number_of(p: &Placeholder) -> Option<usize> {
    let k = p.key.as_str();
    let digits = !k.is_empty() && k.chars().all(|c| c.is_ascii_digit()) && !k.starts_with('0');
    digits.then(|| k.parse().ok()).flatten()
}

fn first_appearances(found: &[Placeholder]) -> Vec<usize> {
    let mut numbers = Vec::new();
    for n in found.iter().filter_map(number_of) {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    numbers
}

/// Variables `{{1}}`…`{{k}}`, none missing, first used in that order, at most 100.
fn check_sequence(numbers: &[usize]) -> Option<FieldError> {
    if numbers.len() > VARIABLES_MAX {
        return Some(FieldError::new(
            "body",
            Rule::TooMany,
            format!("{} variables, {VARIABLES_MAX} au maximum.", numbers.len()),
            format!("{} variables, at most {VARIABLES_MAX}.", numbers.len()),
        ));
    }
    let max = numbers.iter().copied().max().unwrap_or(0);
    let missing: Vec<String> = (1..=max)
        .filter(|n| !numbers.contains(n))
        .map(|n| format!("{{{{{n}}}}}"))
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Some(format_error(
            format!("il manque {list} : les variables se suivent sans trou à partir de {{{{1}}}}."),
            format!("{list} is missing: variables follow each other with no gap from {{{{1}}}}."),
        ));
    }
    let out_of_order = numbers.windows(2).find(|w| w[1] < w[0]);
    out_of_order.map(|w| {
        let (a, b) = (w[0], w[1]);
        format_error(
            format!("{{{{{a}}}}} apparaît avant {{{{{b}}}}} : numérotez les variables dans l'ordre où elles apparaissent."),
            format!("{{{{{a}}}}} comes before {{{{{b}}}}}: number the variables in the order they appear."),
        )
    })
}

/// Not at the very start or end of the body, and never two side by side.
fn check_positions(body: &str, found: &[Placeholder]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let text_start = body.len() - body.trim_start().len();
    let text_end = body.trim_end().len();
    if found.first().is_some_and(|p| p.start == text_start) {
        errors.push(format_error(
            "le texte commence par une variable : WhatsApp le refuse. Ajoutez du texte fixe avant (par exemple « Bonjour {{1}}, … »).",
            "the text starts with a variable: WhatsApp refuses that. Add fixed text before it (for example “Hello {{1}}, …”).",
        ));
    }
    if found.last().is_some_and(|p| p.end == text_end) {
        errors.push(format_error(
            "le texte finit par une variable : WhatsApp le refuse. Ajoutez du texte fixe après (par exemple « … {{1}}. Merci ! »).",
            "the text ends with a variable: WhatsApp refuses that. Add fixed text after it (for example “… {{1}}. Thank you!”).",
        ));
    }
    if found
        .windows(2)
        .any(|w| body[w[0].end..w[1].start].trim().is_empty())
    {
        errors.push(format_error(
            "deux variables se suivent sans texte entre elles : WhatsApp le refuse. Séparez-les par des mots.",
            "two variables follow each other with no text between them: WhatsApp refuses that. Separate them with words.",
        ));
    }
    errors
}

/// Enough fixed words for the variables: at least 2x + 1 words outside the x placeholders.
/// This "2x+1" rule is secondary (reference §2.3, [S3]); Meta rejects templates with too many
/// variables for their text, and this is the only stated measure of "too many".
fn check_ratio(body: &str, found: &[Placeholder]) -> Option<FieldError> {
    let x = found.len();
    if x == 0 {
        return None;
    }
    let mut fixed = String::with_capacity(body.len());
    let mut from = 0;
    for p in found {
        fixed.push_str(&body[from..p.start]);
        fixed.push(' ');
        from = p.end;
    }
    fixed.push_str(&body[from..]);
    let words = fixed
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let needed = 2 * x + 1;
    (words < needed).then(|| {
        FieldError::new(
            "body",
            Rule::TooMany,
            format!("trop de variables pour le texte : {x} variable(s) demandent au moins {needed} mots fixes, il y en a {words}. Ajoutez du texte ou retirez des variables."),
            format!("too many variables for the text: {x} variable(s) need at least {needed} fixed words, there are {words}. Add text or remove variables."),
        )
    })
}

/// Each variable has a sample value, within 1,600 characters (21658) and without more than
/// four spaces in a row (63013).
fn check_samples(numbers: &[usize], samples: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted
        .into_iter()
        .filter_map(|n| {
            let field = format!("samples.{n}");
            let value = samples.get(&n.to_string()).map(String::as_str).unwrap_or("");
            if value.trim().is_empty() {
                return Some(FieldError::new(
                    &field,
                    Rule::Required,
                    format!("donnez un exemple de valeur pour {{{{{n}}}}} : Meta l'exige pour vérifier le modèle."),
                    format!("give a sample value for {{{{{n}}}}}: Meta needs it to review the template."),
                ));
            }
            check_max_len(&field, value, SAMPLE_MAX).or_else(|| {
                value.contains("     ").then(|| {
                    FieldError::new(
                        &field,
                        Rule::BadFormat,
                        "pas plus de quatre espaces à la suite dans une valeur.",
                        "no more than four spaces in a row in a value.",
                    )
                })
            })
        })
        .collect()
}

/// A valid template name made from any text: lowercase, accents removed, other characters as
/// `_` (for example `Relance panier — été` → `relance_panier_ete`).
pub fn template_name_from(text: &str) -> String {
    let mut name = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match (c, strip_accent(c)) {
            ('œ', _) => name.push_str("oe"),
            ('æ', _) => name.push_str("ae"),
            (_, c) if is_name_char(c) => name.push(c),
            _ if !name.ends_with('_') => name.push('_'),
            _ => {}
        }
    }
    let name = name.trim_matches('_');
    let name: String = name.chars().take(NAME_MAX).collect();
    if name.is_empty() {
        "modele".into()
    } else {
        name
    }
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' | 'ý' => 'y',
        'ñ' => 'n',
        other => other,
    }
}

/// The name for an edited copy of template `name`: `name_v2`, or the next free `_vN` when that
/// is taken (a `_vN` suffix already on `name` is replaced, not stacked).
pub fn suggest_copy_name(name: &str, used_names: &[&str]) -> String {
    let base = match name.rsplit_once("_v") {
        Some((b, n)) if !b.is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            b
        }
        _ => name,
    };
    (2..)
        .map(|n| {
            let suffix = format!("_v{n}");
            let room = NAME_MAX.saturating_sub(suffix.len());
            format!("{}{suffix}", base.chars().take(room).collect::<String>())
        })
        .find(|candidate| !used_names.contains(&candidate.as_str()))
        .expect("some suffix is free")
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
