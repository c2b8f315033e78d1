//! Why a command failed, as one plain line for the user and an exit status for scripts.

use passerelle_core::{Code, Error, Lang};

/// A command's failure.
#[derive(Debug)]
pub enum Failure {
    /// A core error: its own French/English message.
    Core(Error),
    /// No credentials in flags, environment or keychain.
    NoCredentials,
    /// Only half of a credential pair was given.
    HalfCredentials {
        /// The flag or variable that is missing.
        missing: &'static str,
    },
    /// A sender asked for with --sender is not one of the account's.
    UnknownSender(String),
    /// `migrate check`: this many messages or media files are still missing from the archive.
    ArchiveIncomplete(u64),
    /// A message was sent but Twilio's answer never came: the next sync checks it.
    SendUnknown,
    /// Something that should not happen (the detail is technical, never a secret).
    Internal(String),
}

impl Failure {
    /// A bug or an environment problem.
    pub fn internal(detail: impl Into<String>) -> Failure {
        Failure::Internal(detail.into())
    }

    /// The single line printed on stderr (no newline inside, never a secret).
    pub fn one_line(&self, lang: Lang) -> String {
        let text = match (self, lang) {
            (Failure::Core(e), lang) => e.message(lang),
            (Failure::NoCredentials, Lang::Fr) => "aucun identifiant Twilio : donnez TWILIO_ACCOUNT_SID et TWILIO_AUTH_TOKEN (ou TWILIO_API_KEY et TWILIO_API_SECRET), ou connectez d'abord le compte avec `passerelle connect --remember`.".into(),
            (Failure::NoCredentials, Lang::En) => "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET), or connect the account first with `passerelle connect --remember`.".into(),
            (Failure::HalfCredentials { missing }, Lang::Fr) => format!("identifiants Twilio incomplets : il manque {missing}."),
            (Failure::HalfCredentials { missing }, Lang::En) => format!("incomplete Twilio credentials: {missing} is missing."),
            (Failure::UnknownSender(s), Lang::Fr) => format!("{s} n'est pas un expéditeur WhatsApp de ce compte."),
            (Failure::UnknownSender(s), Lang::En) => format!("{s} is not a WhatsApp sender of this account."),
            (Failure::ArchiveIncomplete(n), Lang::Fr) => format!("archive incomplète : {n} message(s) ou média(s) manquent encore (détail ci-dessus)."),
            (Failure::ArchiveIncomplete(n), Lang::En) => format!("archive incomplete: {n} message(s) or media file(s) still missing (details above)."),
            (Failure::SendUnknown, Lang::Fr) => "envoyé, mais Twilio n'a pas répondu : inconnu — vérification à la prochaine synchronisation (jamais renvoyé automatiquement).".into(),
            (Failure::SendUnknown, Lang::En) => "sent, but Twilio did not answer: unknown — checking at the next sync (never resent automatically).".into(),
            (Failure::Internal(d), Lang::Fr) => format!("erreur interne : {d}"),
            (Failure::Internal(d), Lang::En) => format!("internal error: {d}"),
        };
        // One line whatever the message holds (Twilio's texts and names included, escapes
        // shown rather than run), and never a secret even by accident.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = passerelle_core::text::visible(&flat);
        passerelle_core::secret::redact(&shown).into_owned()
    }

    /// The process exit status: 130 when cancelled, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Core(e) if e.code() == Code::Cancelled => 130,
            _ => 1,
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}
