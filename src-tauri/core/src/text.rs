//! Text from outside (message bodies, contact and sender names, Twilio's own strings) made
//! harmless to print on a terminal.
//!
//! A message body holding `ESC[2J` clears the screen, `ESC]0;…BEL` retitles the terminal, an
//! OSC 8 sequence plants a link whose target differs from its text, and a right-to-left
//! override (U+202E) makes "abc" U+202E "gnp.exe" read "abcexe.png". [`visible`] writes every such
//! character as a visible escape (`\x1B`, `\u{202E}`), so what the user reads is what is stored.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character, C1 control, bidirectional control and line or
/// paragraph separator written as a visible escape; borrowed unchanged when it has none.
///
/// Escapes: `\n`, `\r`, `\t`; `\xHH` for the other C0 controls and DEL; `\u{HHHH}` for C1
/// controls, bidirectional controls and U+2028/U+2029. Ordinary text, accents and emoji are
/// kept as they are.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Whether `c` changes what a terminal shows beyond printing a glyph.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The Unicode bidirectional formatting characters: marks, embeddings, overrides, isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x20 || c == '\u{7F}' => {
            let _ = write!(out, "\\x{:02X}", c as u32);
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `text` escaped for HTML text and attribute values (`&`, `<`, `>`, `"`, `'`): the one rule
/// every page Passerelle writes (notes, exports, the handover report) uses.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_and_ordinary_text_as_a_terminal_shows_it() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "plain text",
                "Merci pour la commande",
                "Merci pour la commande",
            ),
            (
                "accents and emoji",
                "Réservé ✅ 🙂 日本",
                "Réservé ✅ 🙂 日本",
            ),
            ("clear screen (CSI)", "\u{1b}[2Jgone", "\\x1B[2Jgone"),
            (
                "terminal title (OSC 0, BEL)",
                "\u{1b}]0;pwned\u{7}hi",
                "\\x1B]0;pwned\\x07hi",
            ),
            (
                "OSC 8 hyperlink",
                "\u{1b}]8;;https://evil.example\u{1b}\\bank\u{1b}]8;;\u{1b}\\",
                "\\x1B]8;;https://evil.example\\x1B\\bank\\x1B]8;;\\x1B\\",
            ),
            ("C1 CSI", "\u{9b}31mred", "\\u{009B}31mred"),
            ("DEL and NUL", "a\u{7f}b\u{0}c", "a\\x7Fb\\x00c"),
            ("new lines and tabs", "a\nb\r\tc", "a\\nb\\r\\tc"),
            (
                "right-to-left override",
                "abc\u{202E}gnp.exe",
                "abc\\u{202E}gnp.exe",
            ),
            (
                "isolates and marks",
                "\u{2066}x\u{2069}\u{200F}\u{061C}",
                "\\u{2066}x\\u{2069}\\u{200F}\\u{061C}",
            ),
            ("line separator", "a\u{2028}b", "a\\u{2028}b"),
        ];
        for (name, input, shown) in cases {
            assert_eq!(visible(input), *shown, "{name}");
        }
    }

    #[test]
    fn text_without_controls_is_borrowed() {
        assert!(matches!(visible("bonjour"), Cow::Borrowed(_)));
    }
}
