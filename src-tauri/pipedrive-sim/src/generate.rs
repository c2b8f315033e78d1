//! Builds the seeded company: the same seed and sizes give the same tokens, persons, deals and
//! leads on every run. Person `i` (id `i + 1`) is customer `i` of `sim_kit::people`, so its
//! phone number is the number of the Twilio simulator's customer `i` for the same seed.

use std::collections::HashMap;

use sim_kit::people::{self, Lang};
use sim_kit::Rng;

use crate::world::*;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Persons.
    pub persons: u32,
    /// Deals.
    pub deals: u32,
    /// Leads.
    pub leads: u32,
    /// The seed.
    pub seed: u64,
    /// End of the generated history (Unix seconds): the start of the current UTC day.
    pub anchor: i64,
}

/// Span of the generated history.
const YEARS: i64 = 3;
const DAY: i64 = 86_400;

/// Builds the company of a plan.
pub fn world(plan: &Plan) -> World {
    let mut rng = Rng::stream(plan.seed, 0x5049_5045);
    let users = vec![
        user(
            1,
            "Élise Moreau",
            "elise@atelier-lumiere.example.fr",
            true,
            &mut rng,
        ),
        user(
            2,
            "Tom Baker",
            "tom@atelier-lumiere.example.fr",
            false,
            &mut rng,
        ),
    ];
    let persons: Vec<Person> = (0..plan.persons).map(|i| person(plan, i)).collect();
    let deals = (0..plan.deals).map(|i| deal(plan, &persons, i)).collect();
    let leads: Vec<Lead> = (0..plan.leads).map(|i| lead(plan, &persons, i)).collect();
    let lead_ids: HashMap<String, usize> = leads
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.clone(), i))
        .collect();
    World {
        company_id: 7_000_000 + plan.seed % 1_000_000,
        company_name: "Atelier Lumière".into(),
        company_domain: "atelier-lumiere".into(),
        users,
        persons,
        deals,
        leads,
        lead_ids,
        notes: Vec::new(),
    }
}

fn user(id: u64, name: &str, email: &str, is_admin: bool, rng: &mut Rng) -> User {
    User {
        id,
        name: name.into(),
        email: email.into(),
        token: format!("{}{:08x}", rng.hex32(), rng.next_u64() as u32),
        is_admin,
    }
}

/// A time spread evenly over the history by index, with a seeded jitter of up to a day.
fn spread(plan: &Plan, i: u32, n: u32, r: &mut Rng) -> i64 {
    let span = YEARS * 365 * DAY;
    let start = plan.anchor - span;
    start + (span as f64 * i as f64 / n.max(1) as f64) as i64 + r.below(DAY as u64) as i64
}

/// An update some time after creation, never after the anchor.
fn later(plan: &Plan, add: i64, r: &mut Rng) -> i64 {
    (add + r.below(120 * DAY as u64) as i64).min(plan.anchor - 1)
}

fn person(plan: &Plan, i: u32) -> Person {
    let (c, _) = people::customer(plan.seed, i);
    let mut r = Rng::stream(plan.seed, 0x5045_0000_0000 + i as u64);
    let add = spread(plan, i, plan.persons, &mut r);
    let domain = if c.lang == Lang::Fr {
        "exemple.fr"
    } else {
        "example.co.uk"
    };
    Person {
        id: i as u64 + 1,
        email: format!("{}.{}{}@{domain}", ascii(c.first), ascii(c.last), i),
        first: c.first.into(),
        last: c.last.into(),
        phone: c.number,
        owner: 1 + r.below(2),
        add,
        update: later(plan, add, &mut r),
        deleted: false,
    }
}

/// Lower-case ASCII of a name, for email addresses.
fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'à' | 'â' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' => Some('e'),
            'î' | 'ï' => Some('i'),
            'ô' => Some('o'),
            'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'á' => Some('a'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

const DEALS_FR: &[&str] = &[
    "Suspension Lune",
    "Lampe de chevet émaillée",
    "Commande sur mesure",
    "Applique murale en grès",
    "Trio de suspensions pour cuisine",
];
const DEALS_EN: &[&str] = &[
    "Moon pendant light",
    "Glazed bedside lamp",
    "Custom order",
    "Stoneware wall light",
    "Kitchen pendant trio",
];

fn currency_of(phone: &str) -> &'static str {
    if phone.starts_with("+44") {
        "GBP"
    } else if phone.starts_with("+1") {
        "USD"
    } else {
        "EUR"
    }
}

fn deal(plan: &Plan, persons: &[Person], i: u32) -> Deal {
    let mut r = Rng::stream(plan.seed, 0x4445_0000_0000 + i as u64);
    let person = (!persons.is_empty()).then(|| &persons[(i as usize * 7) % persons.len()]);
    let french = person.is_none_or(|p| p.phone.starts_with("+33"));
    let titles = if french { DEALS_FR } else { DEALS_EN };
    let what = r.pick(titles);
    let title = match person {
        Some(p) => format!("{what} — {}", p.name()),
        None => what.to_string(),
    };
    let status = match r.below(10) {
        0..=5 => "open",
        6..=8 => "won",
        _ => "lost",
    };
    let add = spread(plan, i, plan.deals, &mut r);
    Deal {
        id: i as u64 + 1,
        title,
        person: person.map(|p| p.id),
        owner: 1 + r.below(2),
        value: 40 + r.below(86) * 10,
        currency: person.map_or("EUR", |p| currency_of(&p.phone)),
        status,
        stage: 1 + r.below(5),
        add,
        update: later(plan, add, &mut r),
        deleted: false,
    }
}

fn lead(plan: &Plan, persons: &[Person], i: u32) -> Lead {
    let mut r = Rng::stream(plan.seed, 0x4c45_0000_0000 + i as u64);
    let person = (!persons.is_empty()).then(|| &persons[(i as usize * 13 + 5) % persons.len()]);
    let title = match person {
        Some(p) if p.phone.starts_with("+33") => format!("{} — demande de devis", p.name()),
        Some(p) => format!("{} — quote request", p.name()),
        None => "Demande de devis".to_string(),
    };
    let add = spread(plan, i, plan.leads, &mut r);
    Lead {
        id: uuid(&mut r),
        title,
        person: person.map(|p| p.id),
        owner: 1 + r.below(2),
        value: (r.below(3) > 0).then(|| {
            (
                60 + r.below(50) * 10,
                person.map_or("EUR", |p| currency_of(&p.phone)),
            )
        }),
        archived: r.below(10) == 0,
        seen: r.below(2) == 0,
        add,
        update: later(plan, add, &mut r),
    }
}

/// A version-4-shaped UUID from the generator.
fn uuid(r: &mut Rng) -> String {
    let (a, b) = (r.next_u64(), r.next_u64());
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// Whether a string is a UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            persons: 300,
            deals: 50,
            leads: 40,
            seed: 7,
            anchor: 1_700_000_000 / DAY * DAY,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_company() {
        let (a, b) = (world(&plan()), world(&plan()));
        assert_eq!(a.users[0].token, b.users[0].token);
        assert_eq!(a.leads[3].id, b.leads[3].id);
        assert_eq!(a.persons[42].phone, b.persons[42].phone);
        assert_ne!(a.users[0].token, a.users[1].token);
        assert_eq!(a.users[0].token.len(), 40);
    }

    #[test]
    fn persons_carry_the_shared_customers_numbers() {
        let w = world(&plan());
        for (i, p) in w.persons.iter().enumerate() {
            let (c, _) = people::customer(7, i as u32);
            assert_eq!(
                (p.phone.as_str(), p.first.as_str()),
                (c.number.as_str(), c.first)
            );
            assert!(p.add <= p.update && p.update < plan().anchor);
        }
    }

    #[test]
    fn lead_ids_are_uuids_and_uuids_are_recognised() {
        let w = world(&plan());
        assert!(w.leads.iter().all(|l| is_uuid(&l.id)));
        for (s, ok) in [
            ("adf21080-0e10-11eb-879b-05d71fb426ec", true),
            ("adf21080-0e10-11eb-879b-05d71fb426e", false),
            ("42", false),
            ("zdf21080-0e10-11eb-879b-05d71fb426ec", false),
        ] {
            assert_eq!(is_uuid(s), ok, "{s}");
        }
    }
}
