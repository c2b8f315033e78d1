//! Errors a caller can branch on, each with a plain-language message in French and English.
//!
//! The UI and the CLI switch on [`Error::code`] (a small, stable, serialisable [`Code`]), never
//! on the message text. Messages never contain a secret: nothing here stores one.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Result type of the core crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable identifier of an error kind, sent to the UI as `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Twilio refused the account SID / token or API key pair (error 20003).
    BadCredentials,
    /// The API key works but is a Standard key, refused on the Accounts resource: a Main key
    /// or the Auth Token is needed.
    ApiKeyRestricted,
    /// The account is a Twilio trial account; a paid one is required.
    TrialAccount,
    /// The Twilio account is suspended.
    AccountSuspended,
    /// The Twilio account is closed.
    AccountClosed,
    /// The account has no WhatsApp Business sender.
    NoWhatsappSender,
    /// The account has WhatsApp senders but none is ONLINE.
    SenderNotOnline,
    /// There is no usable OS keychain (Secret Service) on this machine.
    KeychainUnavailable,
    /// Twilio could not be reached, or the connection broke.
    Network,
    /// Twilio kept answering 429 Too Many Requests.
    RateLimited,
    /// The disk holding the archive or the media folder is full.
    DiskFull,
    /// The media to download (or to move) clearly will not fit in the free space of the
    /// folder's disk: stopped before writing anything.
    NotEnoughSpace,
    /// The user cancelled the operation; what was done is kept.
    Cancelled,
    /// Another sync of the same archive is running (the window, or `passerelle` in a terminal).
    SyncRunning,
    /// The database was written by a newer Passerelle.
    DatabaseNewer,
    /// There is no archive at the path given (reading commands never create one).
    ArchiveMissing,
    /// The file is not a Passerelle archive (another program's database, a bad schema version,
    /// not SQLite at all); it is left untouched.
    NotAnArchive,
    /// The archive comes from an older Passerelle and must be upgraded before it is read.
    ArchiveOutdated,
    /// The archive (file or folder) is read-only and the operation would write to it.
    ArchiveReadOnly,
    /// No Twilio account is connected yet.
    NotConnected,
    /// A value given by the user is not valid.
    InvalidInput,
    /// Twilio answered with an error not covered by a more specific code.
    Twilio,
    /// The local database failed.
    Database,
    /// A file could not be read or written.
    Io,
    /// The feature is not built yet in this version.
    NotImplemented,
    /// A bug: something that should not happen.
    Internal,
    /// The current user may not do this (visibility, owner-only settings, roles).
    PermissionDenied,
    /// Pipedrive refused the API token (401).
    CrmBadToken,
    /// The Pipedrive company's subscription has ended or lacks the feature (402).
    CrmPaymentRequired,
    /// The Pipedrive user may not do this (403).
    CrmForbidden,
    /// The Pipedrive record (or address) does not exist (404).
    CrmNotFound,
    /// The Pipedrive record was deleted for good, or the endpoint retired (410).
    CrmGone,
    /// Pipedrive kept answering 429 despite the pauses.
    CrmRateLimited,
    /// The token's daily allowance of Pipedrive writes is spent.
    CrmDailyLimit,
    /// Pipedrive could not be reached.
    CrmUnreachable,
    /// No Pipedrive company is connected.
    CrmNotConnected,
    /// Another Pipedrive error.
    Crm,
}

impl Code {
    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadCredentials => "bad_credentials",
            Code::ApiKeyRestricted => "api_key_restricted",
            Code::TrialAccount => "trial_account",
            Code::AccountSuspended => "account_suspended",
            Code::AccountClosed => "account_closed",
            Code::NoWhatsappSender => "no_whatsapp_sender",
            Code::SenderNotOnline => "sender_not_online",
            Code::KeychainUnavailable => "keychain_unavailable",
            Code::Network => "network",
            Code::RateLimited => "rate_limited",
            Code::DiskFull => "disk_full",
            Code::NotEnoughSpace => "not_enough_space",
            Code::Cancelled => "cancelled",
            Code::SyncRunning => "sync_running",
            Code::DatabaseNewer => "database_newer",
            Code::ArchiveMissing => "archive_missing",
            Code::NotAnArchive => "not_an_archive",
            Code::ArchiveOutdated => "archive_outdated",
            Code::ArchiveReadOnly => "archive_read_only",
            Code::NotConnected => "not_connected",
            Code::InvalidInput => "invalid_input",
            Code::Twilio => "twilio",
            Code::Database => "database",
            Code::Io => "io",
            Code::NotImplemented => "not_implemented",
            Code::Internal => "internal",
            Code::PermissionDenied => "permission_denied",
            Code::CrmBadToken => "crm_bad_token",
            Code::CrmPaymentRequired => "crm_payment_required",
            Code::CrmForbidden => "crm_forbidden",
            Code::CrmNotFound => "crm_not_found",
            Code::CrmGone => "crm_gone",
            Code::CrmRateLimited => "crm_rate_limited",
            Code::CrmDailyLimit => "crm_daily_limit",
            Code::CrmUnreachable => "crm_unreachable",
            Code::CrmNotConnected => "crm_not_connected",
            Code::Crm => "crm",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong in the core, as the user and the caller need to know it.
#[derive(Debug)]
pub enum Error {
    /// Twilio refused the credentials (20003).
    BadCredentials,
    /// A Standard API key: valid (it reads messages) but refused on the Accounts resource.
    ApiKeyRestricted,
    /// A trial account: refused, a paid account is required.
    TrialAccount,
    /// The account is suspended.
    AccountSuspended,
    /// The account is closed.
    AccountClosed,
    /// No WhatsApp sender at all on the account.
    NoWhatsappSender,
    /// WhatsApp senders exist but none is ONLINE; each `(address, status)` is listed.
    SenderNotOnline {
        /// The senders found, as `(whatsapp:+…, STATUS)`.
        senders: Vec<(String, String)>,
    },
    /// No OS keychain; `detail` is the keychain library's reason (never a secret).
    KeychainUnavailable {
        /// Technical reason, for the logs.
        detail: String,
    },
    /// Network failure talking to Twilio.
    Network {
        /// Technical reason (no secret: credentials travel in a header, never in a URL).
        detail: String,
    },
    /// No answer from the server for longer than the client's unreachable budget, over every
    /// request together (see [`crate::http::reach`]).
    Unreachable {
        /// `host:port` tried.
        address: String,
        /// Whether it is an address of this computer (then the Internet is not to blame).
        local: bool,
        /// How long nothing answered, in seconds.
        waited_secs: u64,
        /// The last attempt's error, for the logs.
        detail: String,
    },
    /// Twilio kept answering 429 after every retry.
    RateLimited,
    /// The disk is full: nothing was half-written (the page or file in progress was rolled
    /// back or left as a `.part`).
    DiskFull {
        /// What was being written (the archive, a media file).
        what: String,
    },
    /// The media clearly will not fit in `free` bytes (see `media_folder`); nothing written.
    NotEnoughSpace {
        /// The media folder (or the folder they were to be moved to).
        folder: String,
        /// Bytes needed (an estimate before a download, exact for a move).
        needed: u64,
        /// Bytes free on that folder's disk.
        free: u64,
        /// Whether this was a move of the media folder (else a sync's download).
        moving: bool,
    },
    /// Cancelled by the user.
    Cancelled,
    /// Another process is syncing this archive now.
    SyncRunning,
    /// The database has a newer schema than this build knows.
    DatabaseNewer {
        /// Schema version found in the file.
        found: i64,
        /// Newest schema version this build knows.
        supported: i64,
    },
    /// No archive file at `path`.
    ArchiveMissing {
        /// The path looked at.
        path: String,
    },
    /// `path` is not a Passerelle archive; nothing was changed.
    NotAnArchive {
        /// The file.
        path: String,
        /// What gave it away.
        why: NotArchive,
    },
    /// The archive has an older schema and this caller does not upgrade (a reading command).
    ArchiveOutdated {
        /// The file.
        path: String,
        /// Schema version found in the file.
        found: i64,
        /// The schema version this build needs.
        supported: i64,
    },
    /// The archive cannot be written: the file or its folder is read-only.
    ArchiveReadOnly {
        /// The file.
        path: String,
        /// `(found, supported)` when it was refused because it needed upgrading.
        upgrade: Option<(i64, i64)>,
    },
    /// No Twilio account connected.
    NotConnected,
    /// A user-supplied value is invalid.
    InvalidInput {
        /// Which value (a form field or flag name).
        field: String,
        /// Why it is refused, in French.
        fr: String,
        /// Why it is refused, in English.
        en: String,
    },
    /// Twilio answered an error (non-2xx) that has no more specific variant.
    Twilio {
        /// HTTP status.
        status: u16,
        /// Twilio error code when the body carried one.
        code: Option<i64>,
        /// Twilio's own message (English, from Twilio).
        message: String,
    },
    /// SQLite failure.
    Database(rusqlite::Error),
    /// File system failure.
    Io {
        /// What was being done.
        context: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not built yet.
    NotImplemented(&'static str),
    /// A bug.
    Internal(String),
    /// The current user may not do this; the texts say what and why.
    PermissionDenied {
        /// Why, in French.
        fr: String,
        /// Why, in English.
        en: String,
    },
    /// The CRM (Pipedrive) refused or failed; the problem says what, in plain words.
    Crm {
        /// What went wrong.
        problem: crate::pipedrive::errors::Problem,
        /// HTTP status (0 when there was no answer).
        status: u16,
        /// Pipedrive's own text, or the network's reason (never a token).
        detail: String,
    },
}

impl Error {
    /// The stable code the UI branches on.
    pub fn code(&self) -> Code {
        match self {
            Error::BadCredentials => Code::BadCredentials,
            Error::ApiKeyRestricted => Code::ApiKeyRestricted,
            Error::Unreachable { .. } => Code::Network,
            Error::DiskFull { .. } => Code::DiskFull,
            Error::NotEnoughSpace { .. } => Code::NotEnoughSpace,
            Error::TrialAccount => Code::TrialAccount,
            Error::AccountSuspended => Code::AccountSuspended,
            Error::AccountClosed => Code::AccountClosed,
            Error::NoWhatsappSender => Code::NoWhatsappSender,
            Error::SenderNotOnline { .. } => Code::SenderNotOnline,
            Error::KeychainUnavailable { .. } => Code::KeychainUnavailable,
            Error::Network { .. } => Code::Network,
            Error::RateLimited => Code::RateLimited,
            Error::Cancelled => Code::Cancelled,
            Error::SyncRunning => Code::SyncRunning,
            Error::DatabaseNewer { .. } => Code::DatabaseNewer,
            Error::ArchiveMissing { .. } => Code::ArchiveMissing,
            Error::NotAnArchive { .. } => Code::NotAnArchive,
            Error::ArchiveOutdated { .. } => Code::ArchiveOutdated,
            Error::ArchiveReadOnly { .. } => Code::ArchiveReadOnly,
            Error::NotConnected => Code::NotConnected,
            Error::InvalidInput { .. } => Code::InvalidInput,
            Error::Twilio { .. } => Code::Twilio,
            Error::Database(_) => Code::Database,
            Error::Io { .. } => Code::Io,
            Error::NotImplemented(_) => Code::NotImplemented,
            Error::Internal(_) => Code::Internal,
            Error::PermissionDenied { .. } => Code::PermissionDenied,
            Error::Crm { problem, .. } => problem.code(),
        }
    }

    /// The message shown to the user, in plain words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::BadCredentials, Lang::Fr) => "Twilio a refusé ces identifiants. Vérifiez l'Account SID et l'Auth Token (ou la clé API et son secret) dans la console Twilio, puis réessayez.".into(),
            (Error::BadCredentials, Lang::En) => "Twilio refused these credentials. Check the Account SID and Auth Token (or the API key and its secret) in the Twilio Console, then try again.".into(),
            (Error::ApiKeyRestricted, Lang::Fr) => "Cette clé API Twilio fonctionne, mais c'est une clé « Standard » : elle n'a pas le droit de lire la fiche du compte (la ressource Accounts), dont Passerelle a besoin pour vérifier que le compte est payant et actif. Utilisez l'Account SID avec l'Auth Token du compte, ou une clé API « Main » (console Twilio, Account > API keys & tokens), puis réessayez.".into(),
            (Error::ApiKeyRestricted, Lang::En) => "This Twilio API key works, but it is a Standard key: it may not read the account record (the Accounts resource), which Passerelle needs to check that the account is paid and active. Use the Account SID with the account's Auth Token, or a Main API key (Twilio Console, Account > API keys & tokens), then try again.".into(),
            (Error::Unreachable { address, local: true, .. }, Lang::Fr) => format!("Rien ne répond à l'adresse {address}, qui est sur cet ordinateur (le simulateur Twilio ou un serveur de test) : démarrez-le ou corrigez l'adresse, puis réessayez. Ce qui a déjà été enregistré est conservé."),
            (Error::Unreachable { address, local: true, .. }, Lang::En) => format!("Nothing answers at {address}, an address on this computer (the Twilio simulator or a test server): start it or correct the address, then try again. What was already saved is kept."),
            (Error::Unreachable { address, local: false, waited_secs, .. }, Lang::Fr) => format!("Twilio ne répond pas depuis {waited_secs} s ({address}). Vérifiez la connexion Internet (ou un pare-feu, un proxy), puis réessayez : ce qui a déjà été enregistré est conservé."),
            (Error::Unreachable { address, local: false, waited_secs, .. }, Lang::En) => format!("Twilio has not answered for {waited_secs} s ({address}). Check the Internet connection (or a firewall or proxy), then try again: what was already saved is kept."),
            (Error::DiskFull { what }, Lang::Fr) => format!("Le disque est plein ({what}). La synchronisation s'est arrêtée sans rien perdre ni laisser de fichier à moitié écrit : libérez de la place (ou choisissez un autre dossier pour les médias), puis relancez-la ; elle reprendra où elle s'est arrêtée."),
            (Error::DiskFull { what }, Lang::En) => format!("The disk is full ({what}). The sync stopped without losing anything or leaving a half-written file: free some space (or choose another folder for media), then run it again; it resumes where it stopped."),
            (Error::NotEnoughSpace { .. }, lang) => crate::media_folder::space_message(self, lang),
            (Error::TrialAccount, Lang::Fr) => "Ce compte Twilio est un compte d'essai. Passerelle a besoin d'un compte payant : passez le compte en payant dans la console Twilio, puis reconnectez-le.".into(),
            (Error::TrialAccount, Lang::En) => "This Twilio account is a trial account. Passerelle needs a paid account: upgrade it in the Twilio Console, then connect it again.".into(),
            (Error::AccountSuspended, Lang::Fr) => "Ce compte Twilio est suspendu. Contactez le support Twilio pour le réactiver, puis reconnectez-le.".into(),
            (Error::AccountSuspended, Lang::En) => "This Twilio account is suspended. Contact Twilio support to reactivate it, then connect it again.".into(),
            (Error::AccountClosed, Lang::Fr) => "Ce compte Twilio est fermé : il ne peut plus être connecté.".into(),
            (Error::AccountClosed, Lang::En) => "This Twilio account is closed: it can no longer be connected.".into(),
            (Error::NoWhatsappSender, Lang::Fr) => "Ce compte Twilio n'a aucun numéro WhatsApp Business approuvé. Un compte WhatsApp personnel ne peut pas être connecté : seuls les numéros professionnels enregistrés via Twilio (ou un autre fournisseur officiel) le peuvent.".into(),
            (Error::NoWhatsappSender, Lang::En) => "This Twilio account has no approved WhatsApp Business sender. A personal WhatsApp account cannot be connected: only business numbers registered through Twilio (or another official provider) can.".into(),
            (Error::SenderNotOnline { senders }, lang) => {
                let list = senders
                    .iter()
                    .map(|(address, status)| format!("{} ({status})", address.trim_start_matches("whatsapp:")))
                    .collect::<Vec<_>>()
                    .join(", ");
                match lang {
                    Lang::Fr => format!("Aucun numéro WhatsApp de ce compte n'est en ligne ({list}). Un numéro doit être « ONLINE » dans la console Twilio (page des expéditeurs WhatsApp) pour être connecté."),
                    Lang::En => format!("None of this account's WhatsApp senders is online ({list}). A sender must be ONLINE in the Twilio Console (WhatsApp senders page) to be connected."),
                }
            }
            (Error::KeychainUnavailable { .. }, Lang::Fr) => "Aucun trousseau de clés du système n'est disponible sur cet ordinateur. Passerelle refuse d'enregistrer votre secret Twilio en clair : installez ou déverrouillez un trousseau (par exemple GNOME Keyring ou KWallet), puis réessayez.".into(),
            (Error::KeychainUnavailable { .. }, Lang::En) => "No system keychain is available on this computer. Passerelle will not store your Twilio secret in clear text: install or unlock a keychain (for example GNOME Keyring or KWallet), then try again.".into(),
            (Error::Network { .. }, Lang::Fr) => "Impossible de joindre Twilio. Vérifiez la connexion Internet, puis réessayez : ce qui a déjà été enregistré est conservé.".into(),
            (Error::Network { .. }, Lang::En) => "Twilio could not be reached. Check the Internet connection, then try again: what was already saved is kept.".into(),
            (Error::RateLimited, Lang::Fr) => "Twilio limite le nombre de requêtes et a continué de refuser malgré les pauses. Réessayez dans quelques minutes : ce qui a déjà été enregistré est conservé.".into(),
            (Error::RateLimited, Lang::En) => "Twilio is limiting requests and kept refusing despite the pauses. Try again in a few minutes: what was already saved is kept.".into(),
            (Error::Cancelled, Lang::Fr) => "Opération annulée. Ce qui a déjà été enregistré est conservé.".into(),
            (Error::Cancelled, Lang::En) => "Cancelled. What was already saved is kept.".into(),
            (Error::SyncRunning, Lang::Fr) => "Une copie de cette archive est déjà en cours (dans la fenêtre de Passerelle ou dans un terminal) : elle continue, rien n'est perdu. Réessayez quand elle sera finie.".into(),
            (Error::SyncRunning, Lang::En) => "This archive is already being copied (in the Passerelle window or in a terminal): that copy goes on and nothing is lost. Try again once it has finished.".into(),
            (Error::DatabaseNewer { found, supported }, Lang::Fr) => format!("Cette archive a été écrite par une version plus récente de Passerelle (schéma {found}, cette version connaît jusqu'au schéma {supported}). Installez la dernière version de Passerelle pour l'ouvrir ; rien n'a été modifié."),
            (Error::DatabaseNewer { found, supported }, Lang::En) => format!("This archive was written by a newer version of Passerelle (schema {found}; this version knows up to schema {supported}). Install the latest Passerelle to open it; nothing was changed."),
            (Error::ArchiveMissing { path }, Lang::Fr) => format!("Aucune archive Passerelle à {path}. Vérifiez le chemin (--db) : une archive n'est créée qu'en connectant un compte (passerelle connect)."),
            (Error::ArchiveMissing { path }, Lang::En) => format!("No Passerelle archive at {path}. Check the path (--db): an archive is only created by connecting an account (passerelle connect)."),
            (Error::NotAnArchive { path, why }, lang) => why.message(path, lang),
            (Error::ArchiveOutdated { path, found, supported }, Lang::Fr) => format!("L'archive {path} vient d'une version plus ancienne de Passerelle (schéma {found}) et doit être mise à jour vers le schéma {supported} avant d'être lue : ouvrez-la avec l'application ou lancez passerelle sync (une sauvegarde est faite avant la mise à jour). Rien n'a été modifié."),
            (Error::ArchiveOutdated { path, found, supported }, Lang::En) => format!("The archive {path} comes from an older version of Passerelle (schema {found}) and must be upgraded to schema {supported} before it is read: open it with the app or run passerelle sync (a backup is made before the upgrade). Nothing was changed."),
            (Error::ArchiveReadOnly { path, upgrade: Some((found, supported)) }, Lang::Fr) => format!("L'archive {path} doit être mise à jour (schéma {found} vers {supported}), mais elle est en lecture seule (le fichier ou son dossier). Copiez-la dans un dossier modifiable, puis rouvrez-la. Rien n'a été modifié."),
            (Error::ArchiveReadOnly { path, upgrade: Some((found, supported)) }, Lang::En) => format!("The archive {path} must be upgraded (schema {found} to {supported}), but it is read-only (the file or its folder). Copy it to a writable folder, then open it again. Nothing was changed."),
            (Error::ArchiveReadOnly { path, upgrade: None }, Lang::Fr) => format!("L'archive {path} est en lecture seule (le fichier ou son dossier) : elle peut être consultée (status, search) mais pas modifiée. Copiez-la dans un dossier modifiable pour la synchroniser. Rien n'a été modifié."),
            (Error::ArchiveReadOnly { path, upgrade: None }, Lang::En) => format!("The archive {path} is read-only (the file or its folder): it can be read (status, search) but not changed. Copy it to a writable folder to sync it. Nothing was changed."),
            (Error::NotConnected, Lang::Fr) => "Aucun compte Twilio n'est connecté. Connectez d'abord votre compte Twilio.".into(),
            (Error::NotConnected, Lang::En) => "No Twilio account is connected. Connect your Twilio account first.".into(),
            (Error::InvalidInput { field, fr, .. }, Lang::Fr) => format!("Valeur invalide pour « {field} » : {fr}"),
            (Error::InvalidInput { field, en, .. }, Lang::En) => format!("Invalid value for “{field}”: {en}"),
            (Error::Twilio { status, code, message }, lang) => {
                let code = code.map(|c| format!(" {c}")).unwrap_or_default();
                match lang {
                    Lang::Fr => format!("Twilio a répondu par une erreur{code} (HTTP {status}) : {message}"),
                    Lang::En => format!("Twilio answered with an error{code} (HTTP {status}): {message}"),
                }
            }
            (Error::Database(e), Lang::Fr) => format!("Erreur de la base de données locale : {e}"),
            (Error::Database(e), Lang::En) => format!("Local database error: {e}"),
            (Error::Io { context, source }, Lang::Fr) => format!("Erreur de fichier ({context}) : {source}"),
            (Error::Io { context, source }, Lang::En) => format!("File error ({context}): {source}"),
            (Error::NotImplemented(what), Lang::Fr) => format!("Pas encore disponible dans cette version : {what}."),
            (Error::NotImplemented(what), Lang::En) => format!("Not available yet in this version: {what}."),
            (Error::Internal(what), Lang::Fr) => format!("Erreur interne (à signaler) : {what}"),
            (Error::Internal(what), Lang::En) => format!("Internal error (please report it): {what}"),
            (Error::PermissionDenied { fr, .. }, Lang::Fr) => format!("Action non autorisée : {fr}"),
            (Error::PermissionDenied { en, .. }, Lang::En) => format!("Not allowed: {en}"),
            (Error::Crm { problem, status, detail }, lang) => problem.message(*status, detail, lang),
        }
    }

    /// A refused user value, explained in both languages.
    pub fn invalid(
        field: impl Into<String>,
        fr: impl Into<String>,
        en: impl Into<String>,
    ) -> Error {
        Error::InvalidInput {
            field: field.into(),
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// Wraps an I/O error with what was being done; a full disk becomes [`Error::DiskFull`].
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::DiskFull {
                what: context.into(),
            };
        }
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// How bad this error is for work that goes on item after item (a sync): the one
    /// classification every caller uses.
    pub fn severity(&self) -> Severity {
        match self {
            Error::Network { .. } | Error::RateLimited => Severity::Transient,
            // The budget over every request is spent, or nothing more fits on the disk.
            Error::Unreachable { .. } | Error::DiskFull { .. } | Error::NotEnoughSpace { .. } => {
                Severity::Fatal
            }
            Error::Crm {
                problem, status, ..
            } => problem.severity(*status),
            Error::Twilio { status, .. } if *status >= 500 => Severity::Transient,
            Error::Twilio { .. } => Severity::Item,
            Error::BadCredentials
            | Error::ApiKeyRestricted
            | Error::TrialAccount
            | Error::AccountSuspended
            | Error::AccountClosed
            | Error::NoWhatsappSender
            | Error::SenderNotOnline { .. }
            | Error::KeychainUnavailable { .. }
            | Error::Cancelled
            | Error::SyncRunning
            | Error::DatabaseNewer { .. }
            | Error::ArchiveMissing { .. }
            | Error::NotAnArchive { .. }
            | Error::ArchiveOutdated { .. }
            | Error::ArchiveReadOnly { .. }
            | Error::PermissionDenied { .. }
            | Error::NotConnected
            | Error::InvalidInput { .. }
            | Error::Database(_)
            | Error::Io { .. }
            | Error::NotImplemented(_)
            | Error::Internal(_) => Severity::Fatal,
        }
    }

    /// Whether retrying later may succeed (network trouble, throttling), as opposed to an error
    /// that needs the user to change something.
    pub fn is_transient(&self) -> bool {
        self.severity() == Severity::Transient
    }

    /// Whether the whole run must stop, rather than one item be skipped.
    pub fn is_fatal(&self) -> bool {
        self.severity() == Severity::Fatal
    }
}

/// What an error means for work done item after item (a sync, a batch of downloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Retrying later may succeed (network trouble, throttling, a server error): the item is
    /// left for the next run.
    Transient,
    /// This one item cannot be had (Twilio refused it with a 4xx): skip it, say why, go on.
    Item,
    /// Nothing more can succeed until something changes (credentials, the account, the local
    /// database or disk, a cancellation, a bug): stop the run.
    Fatal,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Database(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // SQLite rolled the transaction back: nothing is half-written, but nothing more fits.
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            return Error::DiskFull {
                what: "archive".into(),
            };
        }
        Error::Database(e)
    }
}

/// Why a file is not a Passerelle archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotArchive {
    /// Schema version 0 (never migrated by Passerelle) yet it has tables: another program's.
    OtherTables(Vec<String>),
    /// A schema version Passerelle never writes.
    NegativeVersion(i64),
    /// A schema version of Passerelle's, but Passerelle's own tables are missing.
    MissingTables(Vec<String>),
    /// Not an SQLite database at all.
    NotSqlite,
}

impl NotArchive {
    fn message(&self, path: &str, lang: Lang) -> String {
        let list = |t: &[String]| t.join(", ");
        match (self, lang) {
            (NotArchive::OtherTables(t), Lang::Fr) => format!("{path} n'est pas une archive Passerelle : cette base SQLite contient les tables d'un autre programme ({}). Rien n'a été modifié ; choisissez un autre fichier.", list(t)),
            (NotArchive::OtherTables(t), Lang::En) => format!("{path} is not a Passerelle archive: this SQLite database holds another program's tables ({}). Nothing was changed; choose another file.", list(t)),
            (NotArchive::NegativeVersion(v), Lang::Fr) => format!("{path} n'est pas une archive Passerelle valide : son numéro de schéma ({v}) est négatif. Rien n'a été modifié."),
            (NotArchive::NegativeVersion(v), Lang::En) => format!("{path} is not a valid Passerelle archive: its schema version ({v}) is negative. Nothing was changed."),
            (NotArchive::MissingTables(t), Lang::Fr) => format!("{path} n'est pas une archive Passerelle : il lui manque les tables {}. Rien n'a été modifié.", list(t)),
            (NotArchive::MissingTables(t), Lang::En) => format!("{path} is not a Passerelle archive: it lacks the tables {}. Nothing was changed.", list(t)),
            (NotArchive::NotSqlite, Lang::Fr) => format!("{path} n'est pas une archive Passerelle : ce n'est pas une base SQLite. Rien n'a été modifié."),
            (NotArchive::NotSqlite, Lang::En) => format!("{path} is not a Passerelle archive: it is not an SQLite database. Nothing was changed."),
        }
    }
}

/// The wire shape of an error for the UI and `--json` outputs: `{code, message}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// Stable code.
    pub code: Code,
    /// Message in the requested language.
    pub message: String,
}

impl Error {
    /// The `{code, message}` shape in `lang`.
    pub fn to_body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.message(lang),
        }
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
