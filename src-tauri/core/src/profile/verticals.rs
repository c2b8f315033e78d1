//! The business categories ("verticals") a WhatsApp sender may declare, as Twilio's Senders API
//! lists them.
//!
//! Copied from `twilio_messaging_v2.json` (twilio/twilio-oai commit d50069b4…, schema
//! `messaging.v2.channels_sender`, field `profile.vertical`: "Allowed values are: …"), the same
//! 22 values as the Python SDK 9.13.0 (reference §3, sources [45][46]). The value is sent to
//! Twilio exactly as written here; only the label shown to the user is translated.

use crate::lang::Lang;

/// Each allowed `vertical` value with its French label (the English label is the value).
pub const VERTICALS: [(&str, &str); 22] = [
    ("Alcohol", "Alcool"),
    ("Automotive", "Automobile"),
    ("Beauty, Spa and Salon", "Beauté, spa et salon"),
    ("Clothing and Apparel", "Vêtements et habillement"),
    ("Education", "Éducation"),
    ("Entertainment", "Divertissement"),
    ("Event Planning and Service", "Organisation d'événements"),
    ("Finance and Banking", "Finance et banque"),
    ("Food and Grocery", "Alimentation et épicerie"),
    ("Hotel and Lodging", "Hôtellerie et hébergement"),
    ("Matrimony Service", "Services matrimoniaux"),
    ("Medical and Health", "Médical et santé"),
    ("Non-profit", "Association à but non lucratif"),
    ("Online Gambling", "Jeux d'argent en ligne"),
    ("OTC Drugs", "Médicaments sans ordonnance"),
    ("Other", "Autre"),
    ("Physical Gambling", "Jeux d'argent physiques"),
    ("Professional Services", "Services professionnels"),
    ("Public Service", "Service public"),
    ("Restaurant", "Restaurant"),
    ("Shopping and Retail", "Commerce et vente au détail"),
    ("Travel and Transportation", "Voyage et transport"),
];

/// Whether `value` is one of the allowed verticals (exact spelling, as Twilio expects it).
pub fn is_vertical(value: &str) -> bool {
    VERTICALS.iter().any(|(v, _)| *v == value)
}

/// The label to show for a vertical in `lang`; an unknown value is shown as it is.
pub fn vertical_label(value: &str, lang: Lang) -> &str {
    VERTICALS
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(v, fr)| lang.pick(fr, v))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_specs_list_in_order() {
        let spec = "Alcohol|Automotive|Beauty, Spa and Salon|Clothing and Apparel|Education|\
            Entertainment|Event Planning and Service|Finance and Banking|Food and Grocery|\
            Hotel and Lodging|Matrimony Service|Medical and Health|Non-profit|Online Gambling|\
            OTC Drugs|Other|Physical Gambling|Professional Services|Public Service|Restaurant|\
            Shopping and Retail|Travel and Transportation";
        let ours: Vec<&str> = VERTICALS.iter().map(|(v, _)| *v).collect();
        assert_eq!(ours.join("|"), spec);
    }

    #[test]
    fn verticals_are_matched_exactly_and_labelled() {
        let cases = [
            ("Restaurant", true),
            ("Beauty, Spa and Salon", true),
            ("OTC Drugs", true),
            ("restaurant", false),
            ("RESTAURANT", false),
            ("Beauty", false),
            ("", false),
        ];
        for (value, ok) in cases {
            assert_eq!(is_vertical(value), ok, "{value:?}");
        }
        assert_eq!(vertical_label("Other", Lang::Fr), "Autre");
        assert_eq!(vertical_label("Other", Lang::En), "Other");
        assert_eq!(vertical_label("Bakery", Lang::Fr), "Bakery");
        for (v, fr) in VERTICALS {
            assert!(!fr.is_empty(), "{v} needs a French label");
        }
    }
}
