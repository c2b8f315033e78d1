//! Builds a seeded, deterministic world: the same seed and sizes give the same accounts,
//! SIDs, tokens, conversations and statuses on every run.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::sid::{Kind, Rng, SidCodec};
use crate::texts::{self, Lang, Speaker};
use crate::world::*;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Messages of the main account.
    pub messages: u64,
    /// Customers of the main account.
    pub contacts: u32,
    /// Years of history.
    pub years: u32,
    /// The seed.
    pub seed: u64,
    /// End of the generated history (Unix seconds): the start of the current UTC day.
    pub anchor: i64,
}

struct SenderSpec {
    account: usize,
    number: &'static str,
    status: &'static str,
    name: &'static str,
    lang: Lang,
}

const SENDERS: &[SenderSpec] = &[
    SenderSpec {
        account: 0,
        number: "whatsapp:+33187650001",
        status: "ONLINE",
        name: "Atelier Lumière",
        lang: Lang::Fr,
    },
    SenderSpec {
        account: 0,
        number: "whatsapp:+442079460123",
        status: "ONLINE",
        name: "Lumière Studio UK",
        lang: Lang::En,
    },
    SenderSpec {
        account: 1,
        number: "whatsapp:+33187650002",
        status: "ONLINE",
        name: "Lumière Outlet",
        lang: Lang::Fr,
    },
    SenderSpec {
        account: 2,
        number: "whatsapp:+14155238886",
        status: "ONLINE",
        name: "Twilio Sandbox",
        lang: Lang::En,
    },
    SenderSpec {
        account: 4,
        number: "whatsapp:+33187650009",
        status: "ONLINE",
        name: "Ancienne Boutique",
        lang: Lang::Fr,
    },
    SenderSpec {
        account: 5,
        number: "whatsapp:+33187650007",
        status: "OFFLINE",
        name: "Lumière Pop-up",
        lang: Lang::Fr,
    },
];

/// Builds the world of a plan.
pub fn world(plan: &Plan) -> World {
    let codec = SidCodec::new(plan.seed);
    let mut rng = Rng::stream(plan.seed, 1);
    let created = plan.anchor - plan.years.max(1) as i64 * 365 * 86_400 - 30 * 86_400;
    let accounts = accounts(&codec, &mut rng, created);
    // A Main key, then a Standard one (its secret from its own stream, so the data stays the
    // same as before it existed).
    let api_keys = vec![
        (codec.sid("SK", Kind::Key, 0), rng.hex32(), 0, false),
        (
            codec.sid("SK", Kind::Key, 1),
            Rng::stream(plan.seed, 0x5EC_0001).hex32(),
            0,
            true,
        ),
    ];
    let mut w = World {
        codec,
        seed: plan.seed,
        clock_offset: 0,
        last_now: 0,
        accounts,
        api_keys,
        addrs: Vec::new(),
        addr_ids: HashMap::new(),
        msgs: Vec::with_capacity(plan.messages as usize + 4_096),
        extras: HashMap::new(),
        by_to: HashMap::new(),
        by_from: HashMap::new(),
        last_inbound: HashMap::new(),
        senders: Vec::new(),
        contents: Vec::new(),
        media_deleted: HashSet::new(),
        cdn_key: rng.next_u64(),
    };
    for (i, s) in SENDERS.iter().enumerate() {
        let addr = w.intern(s.number, None);
        w.addrs[addr as usize].lang = s.lang;
        let sender = sender(&w.codec, i, s, addr, &mut rng);
        w.senders.push(sender);
    }
    let contacts = plan.contacts.max(1);
    let contact_base = w.addrs.len() as u32;
    for c in 0..contacts {
        let a = contact(plan.seed, c);
        w.addr_ids.insert(a.text.clone(), w.addrs.len() as u32);
        w.addrs.push(a);
    }
    let years = plan.years.max(1) as i64;
    let sub = (plan.messages / 100).clamp(30, 2_000);
    let histories: [(usize, u64, u32); 5] = [
        (0, plan.messages, contacts),
        (1, sub, contacts.min(60)),
        (2, 25, contacts.min(5)),
        (4, 30, contacts.min(8)),
        (5, 40, contacts.min(10)),
    ];
    for (account, n, ncontacts) in histories {
        history(&mut w, plan, account, n, contact_base, ncontacts, years);
    }
    templates(&mut w, plan.anchor, &mut rng);
    w
}

fn accounts(codec: &SidCodec, rng: &mut Rng, created: i64) -> Vec<Account> {
    let specs: [(&str, &str, &str, usize); 6] = [
        ("Atelier Lumière", "Full", "active", 0),
        ("Atelier Lumière — Outlet", "Full", "active", 0),
        ("My first Twilio account", "Trial", "active", 2),
        ("Compte sans WhatsApp", "Full", "active", 3),
        ("Ancienne boutique", "Full", "suspended", 4),
        ("Lumière Pop-up", "Full", "active", 5),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (name, kind, status, owner))| Account {
            sid: codec.sid("AC", Kind::Account, i as u64),
            token: rng.hex32(),
            friendly_name: name.to_string(),
            kind,
            status,
            owner: if i == 1 { 0 } else { *owner },
            created: created + i as i64 * 3_600,
            updated: created + i as i64 * 3_600 + 86_400,
            msgs: Vec::new(),
        })
        .collect()
}

fn sender(codec: &SidCodec, i: usize, s: &SenderSpec, addr: u32, rng: &mut Rng) -> Sender {
    let (about, description, address, site) = match s.lang {
        Lang::Fr => (
            "Luminaires en céramique faits main à Lyon ✨",
            "Atelier de céramique : suspensions, lampes et pièces uniques tournées à la main. Commandes, retraits et rendez-vous par WhatsApp.",
            "14 rue des Capucins, 69001 Lyon, France",
            "https://atelier-lumiere.example.fr",
        ),
        Lang::En => (
            "Handmade ceramic lighting 💡",
            "Ceramic pendant lights and lamps, thrown by hand. Orders, pickups and appointments over WhatsApp.",
            "12 Redchurch Street, London E2 7DJ, United Kingdom",
            "https://lumiere-studio.example.co.uk",
        ),
    };
    let offline = s.status == "OFFLINE";
    Sender {
        sid: codec.sid("XE", Kind::Sender, i as u64),
        account: s.account,
        addr,
        status: s.status,
        waba_id: format!("{}", 100_000_000_000_000u64 + rng.below(899_999_999_999_999)),
        profile: json!({
            "name": s.name, "about": about, "address": address, "description": description,
            "logo_url": format!("{site}/logo.png"), "banner_url": null, "privacy_url": format!("{site}/confidentialite"),
            "terms_of_service_url": null, "accent_color": "#1F4E79", "vertical": "Shopping and Retail",
            "websites": [{"website": site, "label": "Website"}],
            "emails": [{"email": "bonjour@atelier-lumiere.example.fr", "label": "Email"}],
            "phone_numbers": null
        }),
        webhook: json!({
            "callback_url": null, "callback_method": "POST", "fallback_url": null, "fallback_method": "POST",
            "status_callback_url": null, "status_callback_method": "POST"
        }),
        quality_rating: if offline { "LOW" } else if i == 1 { "MEDIUM" } else { "HIGH" },
        messaging_limit: if i == 0 { "10K Customers/24hr" } else if s.account == 2 { "250 Customers/24hr" } else { "1K Customers/24hr" },
        offline_reasons: offline.then(|| {
            json!([{"code": "63020", "message": "Twilio has not been accepted as a Solution Partner by the business's Meta Business Manager", "more_info": "https://www.twilio.com/docs/errors/63020"}])
        }),
        name_change: None,
    }
}

/// Customer `c`: number, language and names come from the customers every simulator shares
/// (`sim_kit::people`), so the Pipedrive simulator's persons carry the same numbers.
fn contact(seed: u64, c: u32) -> Address {
    let (person, mut r) = sim_kit::people::customer(seed, c);
    let (first, last, lang) = (person.first.to_string(), person.last, person.lang);
    let text = format!("whatsapp:{}", person.number);
    let profile_name = match r.below(10) {
        0 => None,
        1 => Some(format!("{first} {}", r.pick(texts::NAME_EMOJI))),
        2..=4 => Some(format!("{first} {}.", last.chars().next().unwrap_or('X'))),
        _ => Some(format!("{first} {last}")),
    };
    Address {
        text,
        first,
        profile_name,
        lang,
    }
}

fn history(
    w: &mut World,
    plan: &Plan,
    account: usize,
    n: u64,
    base: u32,
    ncontacts: u32,
    years: i64,
) {
    if n == 0 {
        return;
    }
    let span = years * 365 * 86_400;
    let start = plan.anchor - span;
    let step = span as f64 / n as f64;
    let senders: Vec<usize> = (0..w.senders.len())
        .filter(|&s| w.senders[s].account == account)
        .collect();
    let mut i = 0u64;
    let mut last_t = start;
    while i < n {
        let mut r = Rng::stream(plan.seed, (account as u64) << 40 | i);
        // Skewed: a few customers write a lot, most write rarely.
        let u = r.unit();
        let u = if r.below(2) == 0 { u * u } else { u };
        let c = base + (u * ncontacts as f64) as u32 % ncontacts.max(1);
        let lang = w.addrs[c as usize].lang;
        let sender = senders
            .iter()
            .copied()
            .find(|&s| w.addrs[w.senders[s].addr as usize].lang == lang)
            .unwrap_or(senders[0]);
        let set = texts::scripts(lang);
        let script = r.below(set.len() as u64) as usize;
        let lines = set[script];
        let k = (lines.len() as u64).min(n - i);
        let variant = r.below(256) as u32;
        // Lines of one conversation come minutes apart; conversations are spread evenly.
        let spacing = step.min(30.0 + r.below(600) as f64);
        let base = start + (i as f64 * step) as i64;
        for j in 0..k {
            let jitter = r.below((spacing / 2.0).max(1.0) as u64) as i64;
            let t = (base + (j as f64 * spacing) as i64 + jitter)
                .max(last_t)
                .min(plan.anchor - 1);
            last_t = t;
            let (speaker, _) = lines[j as usize];
            let media = media_count(&mut r, lines[j as usize].1);
            let (dir, status, error) = match speaker {
                Speaker::Customer => (Direction::Inbound, Status::Received, 0),
                Speaker::Business => outbound_outcome(&mut r),
            };
            let m = Msg {
                t,
                sender: w.senders[sender].addr,
                contact: c,
                body: (script as u32) << 16 | (j as u32) << 8 | variant,
                account: account as u16,
                error,
                dir,
                status,
                media,
                flags: 0,
            };
            w.push_msg(m);
        }
        i += k;
    }
}

fn media_count(r: &mut Rng, line: &str) -> u8 {
    if line.contains("photo")
        || line.contains("Voilà")
        || line.contains("Here you go")
        || line.contains("PDF")
        || line.contains("La voici")
    {
        return 1 + (r.below(4) == 0) as u8;
    }
    (r.below(40) == 0) as u8
}

fn outbound_outcome(r: &mut Rng) -> (Direction, Status, u16) {
    let dir = if r.below(10) == 0 {
        Direction::OutboundReply
    } else {
        Direction::OutboundApi
    };
    let x = r.below(100);
    let (status, error) = match x {
        0..=54 => (Status::Read, 0),
        55..=81 => (Status::Delivered, 0),
        82..=86 => (Status::Sent, 0),
        87..=89 => (Status::Failed, 63016),
        90 => (Status::Failed, 63003),
        91 => (Status::Failed, 63018),
        92..=93 => (Status::Failed, 63049),
        94..=95 => (Status::Undelivered, 30003),
        96..=97 => (Status::Undelivered, 63024),
        _ => (Status::Undelivered, 30008),
    };
    (dir, status, error)
}

/// The wire `error_message` of a code.
pub fn error_message(code: u16) -> Option<&'static str> {
    Some(match code {
        0 => return None,
        63016 => "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
        63003 => "Channel could not find To address",
        63018 => "Rate limit exceeded for Channel",
        63049 => "Meta chose not to deliver this WhatsApp marketing message",
        63024 => "Invalid message recipient",
        30003 => "Unreachable destination handset",
        30008 => "Unknown error",
        _ => "Unknown error",
    })
}

struct TemplateSpec {
    name: &'static str,
    lang: &'static str,
    body: &'static str,
    category: &'static str,
    status: Option<&'static str>,
    rejection: &'static str,
}

const TEMPLATES: &[TemplateSpec] = &[
    TemplateSpec { name: "commande_prete", lang: "fr", body: "Bonjour {{1}}, votre commande n°{{2}} est prête ! Vous pouvez la retirer à l'atelier du mardi au samedi, de 10 h à 19 h.", category: "UTILITY", status: Some("approved"), rejection: "" },
    TemplateSpec { name: "rappel_rendez_vous", lang: "fr", body: "Bonjour {{1}}, nous vous rappelons votre rendez-vous à l'atelier le {{2}}. Répondez OUI pour confirmer.", category: "UTILITY", status: Some("approved"), rejection: "" },
    TemplateSpec { name: "order_ready", lang: "en", body: "Hi {{1}}, your order #{{2}} is ready for pickup at the studio, Tuesday to Saturday, 10am to 7pm.", category: "UTILITY", status: Some("approved"), rejection: "" },
    TemplateSpec { name: "code_verification", lang: "fr", body: "{{1}} est votre code de vérification. Pour votre sécurité, ne le partagez pas.", category: "AUTHENTICATION", status: Some("approved"), rejection: "" },
    TemplateSpec { name: "soldes_hiver", lang: "fr", body: "❄️ Les soldes d'hiver commencent ! -20 % sur toutes les suspensions jusqu'au {{1}}, en atelier et sur le site.", category: "MARKETING", status: Some("pending"), rejection: "" },
    TemplateSpec { name: "nouvelle_collection", lang: "fr", body: "Bonjour {{1}}, découvrez notre nouvelle collection de lampes émaillées, disponible dès maintenant à l'atelier.", category: "MARKETING", status: Some("received"), rejection: "" },
    TemplateSpec { name: "relance_panier", lang: "fr", body: "{{1}}", category: "MARKETING", status: Some("rejected"), rejection: "INVALID_FORMAT. Variables can't be at the start or end of the template and the template must contain enough fixed text around its variables." },
    TemplateSpec { name: "promo_flash", lang: "en", body: "FLASH SALE!!! Click now {{1}} to win a FREE lamp!!!", category: "MARKETING", status: Some("rejected"), rejection: "PROMOTIONAL. The template was rejected because it violates WhatsApp Commerce Policy: misleading or abusive promotional content." },
    TemplateSpec { name: "suivi_colis", lang: "fr", body: "Votre colis {{1}} est en route : {{2}}", category: "UTILITY", status: Some("rejected"), rejection: "TAG_CONTENT_MISMATCH. The template's content does not match the UTILITY category; it was re-categorised as MARKETING and rejected." },
    TemplateSpec { name: "avis_client", lang: "fr", body: "Merci pour votre achat {{1}} ! Votre avis compte beaucoup pour notre petit atelier : {{2}}", category: "MARKETING", status: Some("paused"), rejection: "" },
    TemplateSpec { name: "ancienne_offre", lang: "fr", body: "Profitez de -10 % avec le code {{1}} jusqu'à dimanche, chez Atelier Lumière.", category: "MARKETING", status: Some("disabled"), rejection: "" },
    TemplateSpec { name: "brouillon_newsletter", lang: "fr", body: "Bonjour {{1}}, voici les nouvelles de l'atelier ce mois-ci.", category: "", status: None, rejection: "" },
];

fn templates(w: &mut World, anchor: i64, rng: &mut Rng) {
    let add = |w: &mut World, account: usize, spec: &TemplateSpec, k: usize, rng: &mut Rng| {
        let index = w.contents.len() as u64;
        let t = anchor - (400 - k as i64 * 30) * 86_400 + rng.below(86_400) as i64;
        let variables: Value = match spec.body.matches("{{").count() {
            0 => json!({}),
            1 => json!({"1": "Camille"}),
            _ => json!({"1": "Camille", "2": "48213"}),
        };
        w.contents.push(Content {
            sid: w.codec.sid("HX", Kind::Content, index),
            account,
            friendly_name: spec.name.to_string(),
            language: spec.lang.to_string(),
            variables,
            types: json!({"twilio/text": {"body": spec.body}}),
            created: t,
            updated: t + 3_600,
            deleted: false,
            approval: spec.status.map(|s| Approval {
                name: spec.name.to_string(),
                category: spec.category.to_string(),
                fixed: Some(s),
                submitted: t + 600,
                rejection: spec.rejection.to_string(),
            }),
        });
    };
    for (k, spec) in TEMPLATES.iter().enumerate() {
        add(w, 0, spec, k, rng);
    }
    for account in [1usize, 2, 4, 5] {
        add(w, account, &TEMPLATES[0], 0, rng);
        add(w, account, &TEMPLATES[2], 1, rng);
    }
}
