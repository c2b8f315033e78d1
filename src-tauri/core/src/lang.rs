//! The two interface languages every user-visible text exists in.

use serde::{Deserialize, Serialize};

/// A language the user can read Passerelle in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English (the fallback when the locale is neither).
    #[default]
    En,
}

impl Lang {
    /// Picks the language from a locale tag such as `fr_FR.UTF-8`, `fr-CA` or `en_US`.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "fr"
            || lower.starts_with("fr_")
            || lower.starts_with("fr-")
            || lower.starts_with("fr.")
        {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// Picks the language from the process environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .map(|value| Lang::from_locale(&value))
            .unwrap_or_default()
    }

    /// Chooses between a French and an English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "french" | "français" | "francais" => Ok(Lang::Fr),
            "en" | "english" | "anglais" => Ok(Lang::En),
            other => Err(crate::Error::invalid(
                "lang",
                format!("langue inconnue « {other} » (fr ou en attendu)"),
                format!("unknown language “{other}” (expected fr or en)"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_map_to_languages() {
        let cases = [
            ("fr_FR.UTF-8", Lang::Fr),
            ("fr-CA", Lang::Fr),
            ("fr", Lang::Fr),
            ("en_US.UTF-8", Lang::En),
            ("de_DE", Lang::En),
            ("C", Lang::En),
            ("", Lang::En),
            ("french", Lang::En),
        ];
        for (tag, want) in cases {
            assert_eq!(Lang::from_locale(tag), want, "locale {tag:?}");
        }
    }
}
