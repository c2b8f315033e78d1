//! The simulated customers every simulator shares, so a seed gives the same people everywhere:
//! customer `c` of seed `s` has the same phone number and name in the Twilio simulator (as a
//! WhatsApp address) and in the Pipedrive simulator (as a person), which lets the app's
//! tests link conversations to CRM records by phone number.
//!
//! The derivation, documented because two simulators depend on it staying put:
//!
//! 1. a generator on stream `1_000_000 + c` of the seed ([`Rng::stream`]);
//! 2. one draw: below 0.7 the customer is French, with `+336` and 8 digits;
//! 3. otherwise one more draw: below 0.6 British (`+447` and 9 digits), else American
//!    (`+1415` and 7 digits); the digits are `(c × 7919 + 13)` modulo the power of ten, so
//!    numbers never collide within a country for realistic counts;
//! 4. a first name from the list of the language ([`FIRST_FR`] or [`FIRST_EN`]), then a family
//!    name from [`LAST`].
//!
//! The generator is handed back after these draws, for a simulator's own further choices.

use crate::rng::Rng;

/// The language a customer writes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

/// One simulated customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// E.164 phone number, e.g. `+33600000013`.
    pub number: String,
    /// The language they write in.
    pub lang: Lang,
    /// First name.
    pub first: &'static str,
    /// Family name.
    pub last: &'static str,
}

/// French first names.
pub const FIRST_FR: &[&str] = &[
    "Camille",
    "Léa",
    "Chloé",
    "Manon",
    "Inès",
    "Zoé",
    "Hélène",
    "Maël",
    "Noé",
    "Théo",
    "Lucas",
    "Hugo",
    "Jérôme",
    "François",
    "Benoît",
    "Céline",
    "Agnès",
    "Loïc",
    "Gaëlle",
    "Élodie",
    "Amélie",
    "Raphaël",
    "Sébastien",
    "Aurélie",
    "Mathéo",
    "Anaïs",
    "Clément",
    "Océane",
];
/// English first names.
pub const FIRST_EN: &[&str] = &[
    "Olivia", "Amelia", "Isla", "Ava", "Freya", "Oliver", "George", "Harry", "Noah", "Jack",
    "Siobhán", "Niamh", "Liam", "Emily", "Grace", "Aoife", "James", "Sophie", "Chloe", "Ethan",
];
/// Family names.
pub const LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Faure", "Mercier",
    "Brûlé", "Smith", "Jones", "O'Brien", "Taylor", "Brown", "Murphy", "Williams", "Nguyen",
];

/// Customer `c` of `seed`, and the generator after the draws that made it.
pub fn customer(seed: u64, c: u32) -> (Customer, Rng) {
    let mut r = Rng::stream(seed, 1_000_000 + c as u64);
    let k = c as u64 * 7_919 + 13;
    let (number, lang) = if r.unit() < 0.7 {
        (format!("+336{:08}", k % 100_000_000), Lang::Fr)
    } else if r.unit() < 0.6 {
        (format!("+447{:09}", k % 1_000_000_000), Lang::En)
    } else {
        (format!("+1415{:07}", k % 10_000_000), Lang::En)
    };
    let firsts = match lang {
        Lang::Fr => FIRST_FR,
        Lang::En => FIRST_EN,
    };
    let first = *r.pick(firsts);
    let last = *r.pick(LAST);
    let person = Customer {
        number,
        lang,
        first,
        last,
    };
    (person, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_derivation_is_pinned() {
        // Pinned values: changing them breaks the link between the simulators' data sets.
        let (c0, _) = customer(7, 0);
        assert_eq!(c0.number, "+33600000013");
        let numbers: Vec<String> = (0..5).map(|c| customer(7, c).0.number).collect();
        let mut sorted = numbers.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
        for (c, n) in numbers.iter().enumerate() {
            let digits = (c as u64 * 7_919 + 13).to_string();
            assert!(n.ends_with(&digits), "{n} for customer {c}");
        }
    }

    #[test]
    fn languages_follow_the_country() {
        for c in 0..500 {
            let (p, _) = customer(3, c);
            let french = p.number.starts_with("+336");
            assert_eq!(french, p.lang == Lang::Fr, "{p:?}");
            let firsts = if french { FIRST_FR } else { FIRST_EN };
            assert!(firsts.contains(&p.first) && LAST.contains(&p.last));
        }
    }
}
