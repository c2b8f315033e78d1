//! Phone numbers as people write them, turned into E.164 (`+33612345678`) with a default
//! country, and E.164 numbers shown the way people read them (`+33 6 12 34 56 78`).
//!
//! The normaliser knows the national trunk prefix of a short list of countries ([`Country`]):
//! France, Belgium, Switzerland, the United Kingdom, the United States (and Canada), Spain,
//! Germany, Italy, the Netherlands, Portugal, Luxembourg, Austria and Ireland. A number written
//! internationally (`+…` or `00…`) is accepted for any country; a national number only for the
//! default country chosen by the user.

use crate::error::Error;
use crate::window::check_e164;
use serde::{Deserialize, Serialize};

/// A country whose national numbers Passerelle can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Country {
    /// France, +33.
    Fr,
    /// Belgium, +32.
    Be,
    /// Switzerland, +41.
    Ch,
    /// United Kingdom, +44.
    Gb,
    /// United States and Canada, +1.
    Us,
    /// Spain, +34 (no trunk prefix).
    Es,
    /// Germany, +49.
    De,
    /// Italy, +39 (the leading 0 of landlines is kept).
    It,
    /// Netherlands, +31.
    Nl,
    /// Portugal, +351 (no trunk prefix).
    Pt,
    /// Luxembourg, +352 (no trunk prefix).
    Lu,
    /// Austria, +43.
    At,
    /// Ireland, +353.
    Ie,
}

impl Country {
    /// Every supported country, in the order a picker shows them.
    pub const ALL: [Country; 13] = [
        Country::Fr,
        Country::Be,
        Country::Ch,
        Country::Gb,
        Country::Us,
        Country::Es,
        Country::De,
        Country::It,
        Country::Nl,
        Country::Pt,
        Country::Lu,
        Country::At,
        Country::Ie,
    ];

    /// The ISO 3166 code (`FR`).
    pub fn iso(self) -> &'static str {
        match self {
            Country::Fr => "FR",
            Country::Be => "BE",
            Country::Ch => "CH",
            Country::Gb => "GB",
            Country::Us => "US",
            Country::Es => "ES",
            Country::De => "DE",
            Country::It => "IT",
            Country::Nl => "NL",
            Country::Pt => "PT",
            Country::Lu => "LU",
            Country::At => "AT",
            Country::Ie => "IE",
        }
    }

    /// The calling code, without `+`.
    pub fn calling_code(self) -> &'static str {
        match self {
            Country::Fr => "33",
            Country::Be => "32",
            Country::Ch => "41",
            Country::Gb => "44",
            Country::Us => "1",
            Country::Es => "34",
            Country::De => "49",
            Country::It => "39",
            Country::Nl => "31",
            Country::Pt => "351",
            Country::Lu => "352",
            Country::At => "43",
            Country::Ie => "353",
        }
    }

    /// The national trunk prefix dropped after the calling code (`0` in most of Europe, `1`
    /// in North America), or `None` when national numbers keep every digit.
    fn trunk_prefix(self) -> Option<char> {
        match self {
            Country::Es | Country::Pt | Country::Lu | Country::It => None,
            Country::Us => Some('1'),
            _ => Some('0'),
        }
    }

    /// How many digits a national number has once its trunk prefix is dropped (the national
    /// significant number), so that a number of another country written without its code is
    /// refused rather than misread.
    fn national_digits(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Country::Fr | Country::Ch | Country::Es | Country::Nl | Country::Pt => 9..=9,
            Country::Be => 8..=9,
            Country::Gb => 9..=10,
            Country::Us => 10..=10,
            Country::De => 6..=13,
            Country::It => 6..=11,
            Country::Lu => 4..=11,
            Country::At => 4..=13,
            Country::Ie => 7..=9,
        }
    }

    /// Reads `FR`, `fr`, `gb` or `uk` (case ignored); an unknown code is refused with the
    /// list of supported ones.
    pub fn parse(code: &str) -> Result<Country, Error> {
        let upper = code.trim().to_ascii_uppercase();
        let upper = if upper == "UK" {
            "GB".to_string()
        } else {
            upper
        };
        Country::ALL
            .into_iter()
            .find(|c| c.iso() == upper)
            .ok_or_else(|| {
                let list = Country::ALL.map(Country::iso).join(", ");
                Error::invalid(
                    "country",
                    format!("« {code} » n'est pas un pays connu ; pays pris en charge : {list}."),
                    format!("“{code}” is not a known country; supported countries: {list}."),
                )
            })
    }
}

/// `raw` as an E.164 number (`+33612345678`). Spaces, dots, dashes, slashes and brackets are
/// ignored; `00` or `+` starts an international number; anything else is a national number of
/// `default`, whose trunk prefix is dropped. The result is checked as E.164.
pub fn normalise(raw: &str, default: Country) -> Result<String, Error> {
    let trimmed = raw.trim().trim_start_matches("whatsapp:");
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}' => {}
            _ => {
                return Err(Error::invalid(
                    "phone",
                    format!("« {trimmed} » contient « {c} », qui n'a pas sa place dans un numéro."),
                    format!("“{trimmed}” contains “{c}”, which has no place in a phone number."),
                ))
            }
        }
    }
    let e164 = if plus {
        Some(format!("+{digits}"))
    } else if let Some(rest) = digits.strip_prefix("00") {
        Some(format!("+{rest}"))
    } else {
        let national = match default.trunk_prefix() {
            Some(trunk) => digits.strip_prefix(trunk).unwrap_or(&digits),
            None => &digits,
        };
        default
            .national_digits()
            .contains(&national.len())
            .then(|| format!("+{}{national}", default.calling_code()))
    };
    let checked = e164.filter(|n| check_e164(n).is_ok());
    checked.ok_or_else(|| {
        Error::invalid(
            "phone",
            format!(
                "« {trimmed} » n'est pas un numéro valide (pays par défaut : {}).",
                default.iso()
            ),
            format!(
                "“{trimmed}” is not a valid number (default country: {}).",
                default.iso()
            ),
        )
    })
}

/// Country calling codes of one and two digits (ITU E.164 list); every other code has three.
const ONE_DIGIT: [&str; 2] = ["1", "7"];
const TWO_DIGITS: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// An address (`whatsapp:+33612345678` or `+33612345678`) as people read it:
/// `+33 6 12 34 56 78`. The same grouping as the UI's `formatPhone` (ui/lib/format.js):
/// France in pairs, Belgium, Switzerland, North America and the United Kingdom by their
/// convention, the rest in threes. Anything not E.164 comes back without its prefix.
pub fn format_international(address: &str) -> String {
    let bare = address.trim_start_matches("whatsapp:");
    let Some(digits) = bare
        .strip_prefix('+')
        .filter(|d| (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
    else {
        return bare.to_string();
    };
    let cc_len = if ONE_DIGIT.contains(&&digits[..1]) {
        1
    } else if TWO_DIGITS.contains(&&digits[..2]) {
        2
    } else {
        3
    };
    let (cc, national) = digits.split_at(cc_len);
    let sizes: Option<&[usize]> = match (cc, national.len()) {
        ("33", 9) => Some(&[1, 2, 2, 2, 2]),
        ("32", 9) => Some(&[3, 2, 2, 2]),
        ("32", 8) => Some(&[1, 3, 2, 2]),
        ("41", 9) => Some(&[2, 3, 2, 2]),
        ("1", 10) => Some(&[3, 3, 4]),
        ("44", 10) if national.starts_with('2') => Some(&[2, 4, 4]),
        ("44", 10) => Some(&[4, 6]),
        _ => None,
    };
    let groups = match sizes {
        Some(sizes) => split(national, sizes),
        None => threes(national),
    };
    format!("+{cc} {}", groups.join(" "))
}

/// `digits` cut into groups of `sizes`; what is left is one last group.
fn split<'a>(digits: &'a str, sizes: &[usize]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = 0;
    for size in sizes {
        if at >= digits.len() {
            break;
        }
        let end = (at + size).min(digits.len());
        out.push(&digits[at..end]);
        at = end;
    }
    if at < digits.len() {
        out.push(&digits[at..]);
    }
    out
}

/// Groups of three, never leaving a lonely last digit.
fn threes(digits: &str) -> Vec<&str> {
    let mut sizes = Vec::new();
    let mut left = digits.len();
    while left > 4 {
        sizes.push(3);
        left -= 3;
    }
    split(digits, &sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_international_numbers_become_e164() {
        use Country::*;
        let cases = [
            ("06 12 34 56 78", Fr, "+33612345678"),
            ("06.12.34.56.78", Fr, "+33612345678"),
            ("+33 6 12 34 56 78", Us, "+33612345678"),
            ("0033612345678", Gb, "+33612345678"),
            ("0470 12 34 56", Be, "+32470123456"),
            ("079 123 45 67", Ch, "+41791234567"),
            ("07700 900123", Gb, "+447700900123"),
            ("(415) 555-0123", Us, "+14155550123"),
            ("1 415 555 0123", Us, "+14155550123"),
            ("612 34 56 78", Es, "+34612345678"),
            ("0151 23456789", De, "+4915123456789"),
            ("06 1234 5678", It, "+390612345678"),
            ("347 123 4567", It, "+393471234567"),
            ("06 12345678", Nl, "+31612345678"),
            ("912 345 678", Pt, "+351912345678"),
            ("whatsapp:+33612345678", Fr, "+33612345678"),
        ];
        for (raw, country, want) in cases {
            assert_eq!(
                normalise(raw, country).unwrap(),
                want,
                "{raw} in {country:?}"
            );
        }
    }

    #[test]
    fn what_is_not_a_number_is_refused_with_a_reason() {
        // The last two: a US number and a short one, read as French national numbers.
        let cases = [
            "",
            "abc",
            "06 12 ab",
            "+33 0",
            "12",
            "+1234567890123456",
            "(415) 555-0123",
            "06 12 34",
        ];
        for raw in cases {
            let err = normalise(raw, Country::Fr).unwrap_err();
            assert_eq!(err.code(), crate::Code::InvalidInput, "{raw:?}");
            assert!(
                err.message(crate::Lang::En).contains("phone"),
                "{raw:?}: names the field"
            );
        }
    }

    #[test]
    fn countries_by_code() {
        assert_eq!(Country::parse("fr").unwrap(), Country::Fr);
        assert_eq!(Country::parse(" UK ").unwrap(), Country::Gb);
        let err = Country::parse("XX").unwrap_err();
        assert!(err.message(crate::Lang::En).contains("FR, BE, CH"));
    }

    #[test]
    fn numbers_as_people_read_them() {
        let cases = [
            ("whatsapp:+33612345678", "+33 6 12 34 56 78"),
            ("+32470123456", "+32 470 12 34 56"),
            ("+41791234567", "+41 79 123 45 67"),
            ("+14155550123", "+1 415 555 0123"),
            ("+442079460123", "+44 20 7946 0123"),
            ("+447700900123", "+44 7700 900123"),
            ("+4915123456789", "+49 151 234 567 89"),
            ("+351912345678", "+351 912 345 678"),
            ("whatsapp:abc", "abc"),
        ];
        for (raw, want) in cases {
            assert_eq!(format_international(raw), want, "{raw}");
        }
    }
}
