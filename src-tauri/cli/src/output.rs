//! Human-readable output. Message bodies, names and Twilio's strings come from outside: a body
//! holding `ESC[2J` or an OSC 8 link must not clear the screen or plant a fake link, so every
//! line goes through [`passerelle_core::text::visible`] (`--json` escapes on its own).

/// `println!` for human-readable output: the formatted line with every control character
/// (C0, C1, bidirectional controls) visibly escaped.
macro_rules! say {
    () => {
        println!()
    };
    ($($arg:tt)*) => {
        println!("{}", passerelle_core::text::visible(&format!($($arg)*)))
    };
}

use crate::failure::Failure;
use passerelle_core::Lang;
use std::fmt::Display;

/// Counts on one line, each followed by its word in `lang`: `3 created, 1 updated, 0 failed`.
pub fn counts(lang: Lang, items: &[(&dyn Display, &str, &str)]) -> String {
    items
        .iter()
        .map(|(n, fr, en)| format!("{n} {}", lang.pick(fr, en)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints `value` as pretty JSON. serde_json escapes C0 controls; C1 controls, bidirectional
/// controls and line separators are escaped here too (`\u202e`), so `--json` piped to a
/// terminal is as inert as the human output, and parses to the very same strings.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::internal(e.to_string()))?;
    println!("{}", inert_json(&text));
    Ok(())
}

/// `json` with every non-ASCII character a terminal would act on written as a `\uXXXX` escape.
/// Outside strings JSON holds only ASCII, so each one is inside a string, where the escape
/// means the same character.
fn inert_json(json: &str) -> std::borrow::Cow<'_, str> {
    let active = |c: char| !c.is_ascii() && passerelle_core::text::needs_escape(c);
    if !json.chars().any(active) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if active(c) {
            out.push_str(&format!("\\u{:04x}", c as u32))
        } else {
            out.push(c)
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_parse_back_to_the_stored_text() {
        let stored = "abc\u{202E}gnp.exe \u{9b}31m \u{1b}[2J é ✅ \u{2028}";
        let text = serde_json::to_string_pretty(&serde_json::json!({ "body": stored })).unwrap();
        let inert = inert_json(&text);
        assert!(!inert
            .chars()
            .any(|c| passerelle_core::text::needs_escape(c) && c != '\n'));
        assert!(inert.contains("abc\\u202egnp.exe \\u009b31m"), "{inert}");
        assert!(inert.contains("é ✅"), "ordinary text is kept: {inert}");
        let back: serde_json::Value = serde_json::from_str(&inert).unwrap();
        assert_eq!(back["body"], stored);
    }
}
