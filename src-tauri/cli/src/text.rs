//! Untrusted text (names and message bodies come from customers) made safe for a terminal:
//! control characters shown as their pictures (ESC → ␛) so no escape sequence reaches the
//! terminal, and bidi controls spelt out (⟨U+202E⟩) so a name cannot reverse the text around
//! it. The same rules as the UI's `visible()` (ui/lib/format.js); the core has no such
//! function yet, so this one lives here.

/// `text` with every control character made visible.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        match code {
            0x00..=0x1f => out.push(char::from_u32(0x2400 + code).unwrap_or('?')),
            0x7f => out.push('\u{2421}'),
            0x80..=0x9f | 0x061c | 0x200e | 0x200f | 0x202a..=0x202e | 0x2066..=0x2069 => {
                out.push_str(&format!("⟨U+{code:04X}⟩"))
            }
            _ => out.push(c),
        }
    }
    out
}

/// `text` on one line: runs of whitespace (line breaks included) become one space, the rest
/// as [`visible`].
pub fn one_line(text: &str) -> String {
    visible(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_marks_become_visible() {
        let cases = [
            ("Zoé", "Zoé"),
            ("\u{1b}[31mred", "␛[31mred"),
            ("a\u{7f}b", "a␡b"),
            ("a\u{85}b", "a⟨U+0085⟩b"),
            ("abc\u{202e}fed", "abc⟨U+202E⟩fed"),
            ("line\nbreak", "line␊break"),
        ];
        for (raw, want) in cases {
            assert_eq!(visible(raw), want, "{raw:?}");
        }
        assert_eq!(one_line("a\n\n b\t\u{1b}c"), "a b ␛c");
    }
}
