//! The HTML subset notes are written in — `p`, `br`, `b`, `i`, `ul`, `li` and `a href` — what
//! CRMs such as Pipedrive accept in their notes. Notes are built from escaped text placed in
//! these tags; nothing from a message is ever passed through as markup. [`check_subset`] is
//! the proof the tests run on every rendered note.

/// The tags a note may hold.
pub const ALLOWED_TAGS: [&str; 7] = ["p", "br", "b", "i", "ul", "li", "a"];

pub use crate::text::escape_html as escape;

/// `text` escaped, its line breaks as `<br>`.
pub fn escape_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// `<tag>inner</tag>`, `inner` already HTML.
pub fn wrap(tag: &str, inner: &str) -> String {
    debug_assert!(ALLOWED_TAGS.contains(&tag), "{tag} is not in the subset");
    format!("<{tag}>{inner}</{tag}>")
}

/// A link to a local file: `<a href="file:///…">name</a>`, both escaped. Only `file:` URLs
/// built from the media folder reach here.
pub fn file_link(url: &url::Url, name: &str) -> String {
    debug_assert_eq!(url.scheme(), "file");
    format!("<a href=\"{}\">{}</a>", escape(url.as_str()), escape(name))
}

/// Checks that `html` holds only the subset: allowed tags, no attribute but `href` on `a`
/// (a `file:` URL), every `<` opening such a tag. `Err` says what was found.
pub fn check_subset(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .ok_or_else(|| format!("unclosed tag at {after:.20}"))?;
        let tag = &after[..end];
        let (name, attributes) = tag
            .trim_start_matches('/')
            .split_once(' ')
            .unwrap_or((tag.trim_start_matches('/'), ""));
        if !ALLOWED_TAGS.contains(&name) {
            return Err(format!("tag <{tag}> is not allowed"));
        }
        let only_a_file_link = name == "a"
            && attributes.starts_with("href=\"file:")
            && attributes.ends_with('"')
            && attributes.matches('"').count() == 2;
        if !attributes.is_empty() && !only_a_file_link {
            return Err(format!("attributes {attributes:?} are not allowed"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        let cases = [
            ("plain", "plain"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=\"a()\">",
                "&lt;img src=x onerror=&quot;a()&quot;&gt;",
            ),
            ("Tom & 'Jerry'", "Tom &amp; &#39;Jerry&#39;"),
            ("é ✅", "é ✅"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want, "{text}");
            assert_eq!(check_subset(&escape(text)), Ok(()), "{text}");
        }
        assert_eq!(escape_lines("a\r\nb\n<c>"), "a<br>b<br>&lt;c&gt;");
    }

    #[test]
    fn the_subset_check_refuses_what_is_not_in_it() {
        let cases = [
            ("<p>a<br>b</p><ul><li><b>x</b> <i>y</i></li></ul>", true),
            ("<a href=\"file:///m/ME1.jpg\">ME1.jpg</a>", true),
            ("<script>x</script>", false),
            ("<a href=\"javascript:x\">x</a>", false),
            ("<a href=\"file:///x\" onclick=\"y\">x</a>", false),
            ("<p onclick=\"x\">a</p>", false),
            ("<img src=x>", false),
            ("<b", false),
        ];
        for (html, ok) in cases {
            assert_eq!(check_subset(html).is_ok(), ok, "{html}");
        }
    }
}
