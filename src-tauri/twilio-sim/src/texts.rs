//! Seeded realistic conversation material: names, scripted WhatsApp conversations in French
//! and English (accents, emoji, long texts), rendered on demand so a message costs no text
//! memory until it is served.

/// The language a contact writes in (shared with the other simulators' customers).
pub use sim_kit::people::Lang;

/// Who speaks a line of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The customer (inbound message).
    Customer,
    /// The business (outbound message).
    Business,
}

use Speaker::{Business as B, Customer as C};

/// A conversation: lines with placeholders `{name}`, `{order}`, `{day}`, `{hour}`, `{price}`.
pub type Script = &'static [(Speaker, &'static str)];

/// French conversations.
pub const FR: &[Script] = &[
    &[
        (C, "Bonjour ! Est-ce que ma commande n°{order} est prête ? 😊"),
        (B, "Bonjour {name}, oui elle est prête depuis ce matin. Vous pouvez passer à l'atelier quand vous voulez, nous sommes ouverts jusqu'à 19 h."),
        (C, "Super, je passe {day} vers {hour} 👍"),
        (B, "Parfait, à {day} ! Pensez à votre numéro de commande."),
        (C, "Merci beaucoup, bonne journée ☀️"),
    ],
    &[
        (C, "Bonsoir, j'ai reçu le colis mais la lampe est arrivée cassée 😢 le pied est fêlé."),
        (B, "Oh non, désolés {name} ! Pouvez-vous nous envoyer une photo du pied et du carton ?"),
        (C, "Voilà les photos"),
        (B, "Merci. Nous vous renvoyons une lampe neuve dès demain, sans frais. Vous n'avez rien à retourner."),
        (C, "C'est très gentil, merci pour la réactivité 🙏"),
        (B, "Avec plaisir. Le numéro de suivi arrive par message dès l'expédition."),
    ],
    &[
        (B, "Bonjour {name}, votre rendez-vous à l'atelier est confirmé pour {day} à {hour}. Répondez OUI pour confirmer ou NON pour annuler."),
        (C, "OUI"),
        (B, "Merci, c'est noté ✅ À très vite !"),
    ],
    &[
        (C, "Salut ! Vous faites encore les suspensions en céramique émaillée bleu nuit ?"),
        (B, "Bonjour ! Oui, en trois tailles : 18 cm, 25 cm et 32 cm. Le modèle 25 cm est à {price} €."),
        (C, "Et le délai pour la 32 cm ?"),
        (B, "Environ trois semaines, chaque pièce est tournée et cuite à la main à l'atelier. On peut vous prévenir dès qu'elle sort du four."),
        (C, "Ok je réfléchis et je reviens vers vous 🤔"),
    ],
    &[
        (C, "Bonjour, je voudrais modifier l'adresse de livraison : 14 rue de la République, 69002 Lyon, interphone « Lefèvre »."),
        (B, "C'est modifié {name}, la livraison est prévue {day} entre 9 h et 13 h."),
        (C, "Génial, merci !"),
    ],
    &[
        (C, "Bonjour, petite question : est-ce que vous livrez en Belgique 🇧🇪 ?"),
        (B, "Bonjour ! Oui, en 3 à 5 jours ouvrés, frais de port à 12,90 €, offerts dès 150 € d'achat."),
        (C, "Parfait. Et on peut payer en plusieurs fois ?"),
        (B, "Oui, en 3 fois sans frais à partir de 100 €."),
        (C, "Top, je commande ce soir alors 😍"),
        (B, "Merci {name} ! N'hésitez pas si vous avez la moindre question."),
    ],
    &[
        (C, "Coucou, c'est {name}. Je voulais vous dire que la lampe rend magnifiquement bien dans le salon, tout le monde me demande d'où elle vient ! Je vous ai mis un avis 5 étoiles ⭐⭐⭐⭐⭐ et je reviendrai sûrement pour la chambre de ma fille, elle a adoré les petites étoiles gravées sur l'abat-jour. Encore bravo pour votre travail, c'est rare de trouver des artisans aussi passionnés et disponibles. Belle fin de semaine à toute l'équipe !"),
        (B, "Quel beau message, merci infiniment {name} 🥰 Toute l'équipe est ravie. À bientôt pour la chambre !"),
    ],
    &[
        (B, "Bonjour {name}, votre colis n°{order} a été expédié 📦 Suivi : https://suivi.example.fr/{order}"),
        (C, "Merci !"),
    ],
    &[
        (C, "Bonjour, je n'arrive pas à finaliser le paiement sur le site, ça me met « erreur 3-D Secure »."),
        (B, "Bonjour {name}, désolé pour ce souci. Cela vient souvent de la banque : pouvez-vous réessayer en validant la notification sur l'appli de votre banque ?"),
        (C, "Ah oui c'était ça, c'est passé. Merci !"),
        (B, "Super ! Vous recevrez la confirmation par e-mail d'ici quelques minutes."),
    ],
    &[
        (C, "Est-ce que l'atelier est ouvert le dimanche ?"),
        (B, "Bonjour ! Nous sommes ouverts du mardi au samedi, de 10 h à 19 h. Le dimanche, uniquement sur rendez-vous."),
        (C, "D'accord, merci 🙂"),
    ],
    &[
        (C, "Bonjour, j'aimerais offrir une carte cadeau de {price} € pour l'anniversaire de ma sœur, c'est possible ?"),
        (B, "Bien sûr {name} ! On vous l'envoie en PDF ou en version imprimée dans une jolie enveloppe ?"),
        (C, "En PDF s'il vous plaît, c'est pour {day}"),
        (B, "La voici 🎁 Elle est valable un an dans l'atelier et sur le site."),
        (C, "Parfait, merci beaucoup !!"),
    ],
    &[
        (C, "Bonjour, je viens de recevoir ma suspension en grès émaillé, elle est magnifique 😍 Est-ce qu'il y a des précautions particulières pour l'entretien ?"),
        (B, "Merci {name}, ravis qu'elle vous plaise ! Quelques conseils pour qu'elle reste belle longtemps :\n\n1. Dépoussiérez-la avec un chiffon doux et sec, jamais de produit ménager ni d'éponge abrasive : l'émail est solide mais les reflets se ternissent.\n2. Si une tache résiste, un chiffon à peine humide suffit ; séchez aussitôt, surtout près de la douille.\n3. Utilisez une ampoule LED de 8 W maximum (E27, blanc chaud 2700 K) : elle chauffe peu et met en valeur les nuances du grès.\n4. Coupez toujours le courant avant de changer l'ampoule ou de nettoyer l'intérieur.\n5. Les petites variations de couleur et les bulles dans l'émail sont normales : chaque pièce est tournée et cuite à la main, à 1 280 °C.\n\nEt si un jour elle se fêle, on la répare à l'atelier : la garantie couvre deux ans, transport compris. Belle soirée ! ✨"),
        (C, "Super, merci pour tous ces détails 🙏"),
    ],
];

/// English conversations.
pub const EN: &[Script] = &[
    &[
        (C, "Hi! Is my order #{order} ready for pickup? 🙂"),
        (B, "Hi {name}, yes it is! You can collect it any time before 7pm."),
        (C, "Great, I'll come by {day} around {hour}"),
        (B, "Perfect, see you then 👋"),
    ],
    &[
        (C, "Hello, the lamp I ordered arrived with a cracked base 😞"),
        (B, "So sorry to hear that {name}! Could you send us a photo of the base and the box?"),
        (C, "Here you go"),
        (B, "Thank you. We're shipping a replacement tomorrow at no cost, no need to return anything."),
        (C, "That's really kind, thanks for sorting it so quickly 🙏"),
    ],
    &[
        (B, "Hi {name}, your workshop appointment is confirmed for {day} at {hour}. Reply YES to confirm or NO to cancel."),
        (C, "YES"),
        (B, "Thanks, you're all set ✅"),
    ],
    &[
        (C, "Do you ship to Ireland? And how long does it take?"),
        (B, "We do! 4 to 6 working days, shipping is £9.90 and free over £120."),
        (C, "Brilliant, ordering tonight then 😍"),
        (B, "Thank you {name}! Let us know if you have any questions."),
    ],
    &[
        (C, "Just wanted to say the pendant light looks absolutely stunning in our kitchen — everyone who comes round asks where it's from! The glaze changes colour through the day, which we didn't expect at all. Left you a five star review ⭐⭐⭐⭐⭐ and we'll definitely be back for a matching pair above the dining table once we've finished the renovation. Thanks again for being so patient with all my questions."),
        (B, "What a lovely message, thank you so much {name} 🥰 We can't wait to make the matching pair!"),
    ],
    &[
        (B, "Hi {name}, your parcel #{order} is on its way 📦 Track it here: https://track.example.co.uk/{order}"),
        (C, "Thanks!"),
    ],
    &[
        (C, "Can I change the delivery address to 22 Baker Street, NW1, flat 3?"),
        (B, "Done {name}, delivery is now booked for {day} between 9am and 1pm."),
        (C, "Cheers 👍"),
    ],
    &[
        (C, "Quick one — what bulb should I use in the stoneware pendant?"),
        (B, "Good question {name}! We recommend an E27 LED bulb, 8 W maximum, warm white (2700K). It stays cool, which protects the glaze, and brings out the colour of the stoneware. Please avoid halogen or incandescent bulbs: they run hot and can crack the glaze around the socket over time. To clean the shade, a soft dry cloth is all it needs — no sprays or abrasive sponges. Small variations and tiny bubbles in the glaze are normal, as every piece is thrown and fired by hand at 1,280°C. If anything ever goes wrong, our two-year guarantee covers repairs, postage included. 💡"),
        (C, "Perfect, thank you!"),
    ],
];

/// Emoji that some profile names carry.
pub const NAME_EMOJI: &[&str] = &["🌸", "⚽", "🌻", "🎸", "✨", "🐱", "🌊"];

const DAYS_FR: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "demain",
];
const DAYS_EN: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "tomorrow",
];
const HOURS_FR: &[&str] = &["10 h", "11 h 30", "14 h", "15 h 15", "17 h", "18 h 30"];
const HOURS_EN: &[&str] = &["10am", "11:30am", "2pm", "3:15pm", "5pm", "6:30pm"];

/// The scripts of one language.
pub fn scripts(lang: Lang) -> &'static [Script] {
    match lang {
        Lang::Fr => FR,
        Lang::En => EN,
    }
}

/// The text of line `line` of script `script`, with placeholders filled from `variant`.
pub fn render(lang: Lang, script: usize, line: usize, variant: u32, first_name: &str) -> String {
    let set = scripts(lang);
    let s = set[script % set.len()];
    let (_, text) = s[line % s.len()];
    let v = variant as usize;
    let (days, hours) = match lang {
        Lang::Fr => (DAYS_FR, HOURS_FR),
        Lang::En => (DAYS_EN, HOURS_EN),
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        match key {
            "name" => out.push_str(first_name),
            "order" => push_num(&mut out, 10_000 + (variant as u64 * 7_919) % 90_000),
            "day" => out.push_str(days[v % days.len()]),
            "hour" => out.push_str(hours[(v / 7) % hours.len()]),
            "price" => push_num(&mut out, 25 + (v as u64 % 12) * 5),
            _ => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn push_num(out: &mut String, n: u64) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}
