//! File names made from what customers wrote (their WhatsApp names): nothing that climbs out
//! of the export folder, hides, or trips a file system; and free names for exports.

use std::path::{Path, PathBuf};

/// Longest name part kept (characters), so a path stays well under every system's limit.
const MAX_CHARS: usize = 48;

/// Names Windows reserves whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `name` as a safe file-name part: accents dropped, letters, digits and `_` kept, any other
/// run of characters (slashes, dots, spaces, controls, emoji) one `-`, no leading or trailing
/// `-`, at most [`MAX_CHARS`] characters; `fallback` when nothing is left or the result is a
/// reserved device name.
pub fn safe_name(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = crate::archive::fold_accent(c);
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(MAX_CHARS).collect();
    let trimmed = trimmed.trim_end_matches('-').to_owned();
    if trimmed.is_empty() || RESERVED.contains(&trimmed.to_ascii_lowercase().as_str()) {
        return fallback.to_owned();
    }
    trimmed
}

/// A path in `parent` that does not exist yet, so an export never overwrites an earlier one:
/// `<stem><extension>`, then `<stem>-2<extension>`, `<stem>-3<extension>`… (`extension` with
/// its dot, or empty for a folder).
pub fn free_path(parent: &Path, stem: &str, extension: &str) -> PathBuf {
    (1..)
        .map(|n| {
            parent.join(if n == 1 {
                format!("{stem}{extension}")
            } else {
                format!("{stem}-{n}{extension}")
            })
        })
        .find(|p| !p.exists() && !sibling_taken(p))
        .expect("an unused name")
}

/// Where exports go: the Documents folder, else the home folder.
pub fn documents_folder() -> PathBuf {
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_default()
}

/// The path the export screen suggests for `format`: `Passerelle-export-<today>` in the
/// Documents folder (a folder for HTML, a file otherwise), free of any earlier export.
pub fn suggested_path(format: super::Format) -> PathBuf {
    let day = chrono::Local::now().format("%Y-%m-%d");
    let extension = match format {
        super::Format::Html => "",
        super::Format::Csv => ".csv",
        super::Format::Json => ".json",
        super::Format::Pdf => ".pdf",
    };
    free_path(
        &documents_folder(),
        &format!("Passerelle-export-{day}"),
        extension,
    )
}

/// A path typed by the user, `~/` standing for the home folder.
pub fn typed_path(text: &str) -> PathBuf {
    let text = text.trim();
    match (text.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if text == "~" => dirs::home_dir().unwrap_or_default(),
        _ => PathBuf::from(text),
    }
}

/// Whether the file a CSV export writes beside `path` exists (`<name>-conversations.csv`).
fn sibling_taken(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "csv") && super::csv::conversations_path(path).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_path_never_names_an_existing_export() {
        let dir = tempfile::tempdir().unwrap();
        let stem = "Passerelle-export-2026-12-03";
        let cases: [(&str, &[&str], &str); 4] = [
            // (extension, what exists already, the name chosen)
            ("", &[], stem),
            ("", &[stem], "Passerelle-export-2026-12-03-2"),
            (
                ".pdf",
                &["Passerelle-export-2026-12-03.pdf"],
                "Passerelle-export-2026-12-03-2.pdf",
            ),
            (
                ".csv",
                &["Passerelle-export-2026-12-03-conversations.csv"],
                "Passerelle-export-2026-12-03-2.csv",
            ),
        ];
        for (extension, existing, want) in cases {
            let parent = dir
                .path()
                .join(format!("case{extension}{}", existing.len()));
            std::fs::create_dir_all(&parent).unwrap();
            for name in existing {
                std::fs::write(parent.join(name), "").unwrap();
            }
            assert_eq!(
                free_path(&parent, stem, extension),
                parent.join(want),
                "{extension} {existing:?}"
            );
        }
    }

    #[test]
    fn names_from_customers_become_safe_file_names() {
        let (long, cut) = ("x".repeat(100), "x".repeat(48));
        let cases = [
            ("Zoé Martin", "Zoe-Martin"),
            ("../../etc/passwd", "etc-passwd"),
            ("..\\..\\Windows\\System32", "Windows-System32"),
            ("/absolute/path", "absolute-path"),
            ("..", "conversation"),
            ("", "conversation"),
            ("😀😀", "conversation"),
            ("CON", "conversation"),
            ("nul", "conversation"),
            ("a\u{0}b\nc\u{202E}d", "a-b-c-d"),
            ("Jean-Pierre  & Fils", "Jean-Pierre-Fils"),
            (".hidden", "hidden"),
            ("+33 6 12 34 56 78", "33-6-12-34-56-78"),
            (long.as_str(), cut.as_str()),
            ("François_2", "Francois_2"),
        ];
        for (name, want) in cases {
            assert_eq!(safe_name(name, "conversation"), want, "{name:?}");
        }
    }
}
