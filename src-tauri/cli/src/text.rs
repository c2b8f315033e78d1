//! Untrusted text (names and message bodies come from customers) made safe for a terminal,
//! through the core's one rule ([`passerelle_core::text::visible`]).

/// `text` with every control and bidi character written as a visible escape.
pub fn visible(text: &str) -> String {
    passerelle_core::text::visible(text).into_owned()
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
    fn a_preview_is_one_visible_line() {
        assert_eq!(one_line("a\n\n b\t\u{1b}c"), "a b \\x1Bc");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202E}fed");
    }
}
