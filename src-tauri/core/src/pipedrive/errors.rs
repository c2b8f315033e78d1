//! Pipedrive's refusals in plain words: one place turns a status (and Pipedrive's error body)
//! into a [`Problem`], and each problem says, in French and English, what the user can do.

use crate::error::{Code, Error, Severity};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// What went wrong with Pipedrive, as the user needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// 401: the token is wrong, revoked or of another company.
    BadToken,
    /// 402: the company's subscription has ended or lacks the feature.
    PaymentRequired,
    /// 403: the user behind the token may not do this.
    Forbidden,
    /// 404: the record or address does not exist.
    NotFound,
    /// 410: the record was deleted for good, or the endpoint retired.
    Gone,
    /// 429 after every pause.
    RateLimited,
    /// 429 for the day: the token's daily allowance of writes is spent.
    DailyLimit,
    /// No answer: network, DNS, TLS.
    Unreachable,
    /// No company connected (or its token is gone from the keychain).
    NotConnected,
    /// Any other refusal (400, 5xx after retries, an answer we cannot read).
    Other,
}

impl Problem {
    /// The problem a non-2xx status means; `daily_left` is `x-daily-requests-left`.
    pub fn from_status(status: u16, daily_left: Option<i64>) -> Problem {
        match status {
            401 => Problem::BadToken,
            402 => Problem::PaymentRequired,
            403 => Problem::Forbidden,
            404 => Problem::NotFound,
            410 => Problem::Gone,
            429 if daily_left == Some(0) => Problem::DailyLimit,
            429 => Problem::RateLimited,
            _ => Problem::Other,
        }
    }

    /// The stable code the UI branches on.
    pub fn code(self) -> Code {
        match self {
            Problem::BadToken => Code::CrmBadToken,
            Problem::PaymentRequired => Code::CrmPaymentRequired,
            Problem::Forbidden => Code::CrmForbidden,
            Problem::NotFound => Code::CrmNotFound,
            Problem::Gone => Code::CrmGone,
            Problem::RateLimited => Code::CrmRateLimited,
            Problem::DailyLimit => Code::CrmDailyLimit,
            Problem::Unreachable => Code::CrmUnreachable,
            Problem::NotConnected => Code::CrmNotConnected,
            Problem::Other => Code::Crm,
        }
    }

    /// What it means for work going note after note: a missing record skips one note, a
    /// refused token stops everything, throttling and outages may pass.
    pub fn severity(self, status: u16) -> Severity {
        match self {
            Problem::NotFound | Problem::Gone => Severity::Item,
            Problem::RateLimited | Problem::Unreachable => Severity::Transient,
            Problem::Other if status >= 500 => Severity::Transient,
            Problem::Other => Severity::Item,
            Problem::BadToken
            | Problem::PaymentRequired
            | Problem::Forbidden
            | Problem::DailyLimit
            | Problem::NotConnected => Severity::Fatal,
        }
    }

    /// The message shown to the user.
    pub fn message(self, status: u16, detail: &str, lang: Lang) -> String {
        let fr_en: (&str, &str) = match self {
            Problem::BadToken => ("Pipedrive a refusé ce jeton d'API (401). Copiez le jeton depuis Pipedrive (Préférences personnelles → API), vérifiez le domaine de la société, puis reconnectez.", "Pipedrive refused this API token (401). Copy the token from Pipedrive (Personal preferences → API), check the company domain, then connect again."),
            Problem::PaymentRequired => ("L'abonnement Pipedrive de cette société est terminé ou ne comprend pas cette fonction (402). Réglez l'abonnement dans Pipedrive, puis réessayez.", "This Pipedrive company's subscription has ended or does not include this feature (402). Settle the subscription in Pipedrive, then try again."),
            Problem::Forbidden => ("L'utilisateur Pipedrive de ce jeton n'a pas le droit de faire cela (403). Demandez à un administrateur de la société les droits nécessaires, ou utilisez le jeton d'un administrateur.", "The Pipedrive user of this token is not allowed to do this (403). Ask a company admin for the rights, or use an admin's token."),
            Problem::NotFound => ("Pipedrive ne trouve pas cette fiche (404) : elle a peut-être été supprimée ou fusionnée. Réimportez les contacts, puis réessayez.", "Pipedrive cannot find this record (404): it may have been deleted or merged. Import the contacts again, then retry."),
            Problem::Gone => ("Cette fiche a été supprimée définitivement dans Pipedrive (410) ; la note ne peut plus y être ajoutée.", "This record was permanently deleted in Pipedrive (410); the note can no longer be added to it."),
            Problem::RateLimited => ("Pipedrive limite le nombre de requêtes et a continué de refuser malgré les pauses. Réessayez dans quelques minutes : ce qui est fait est conservé et reprendra où il s'est arrêté.", "Pipedrive is limiting requests and kept refusing despite the pauses. Try again in a few minutes: what was done is kept and will resume where it stopped."),
            Problem::DailyLimit => ("Le quota quotidien d'écritures de ce jeton Pipedrive est épuisé. Reprenez demain (après minuit UTC) : rien ne sera envoyé deux fois.", "This Pipedrive token's daily write allowance is spent. Resume tomorrow (after midnight UTC): nothing will be sent twice."),
            Problem::Unreachable => ("Impossible de joindre Pipedrive. Vérifiez la connexion Internet et le domaine de la société, puis réessayez : ce qui est fait est conservé.", "Pipedrive could not be reached. Check the Internet connection and the company domain, then try again: what was done is kept."),
            Problem::NotConnected => ("Aucune société Pipedrive n'est connectée (ou son jeton n'est plus dans le trousseau). Connectez Pipedrive d'abord.", "No Pipedrive company is connected (or its token is no longer in the keychain). Connect Pipedrive first."),
            Problem::Other => ("Pipedrive a répondu par une erreur", "Pipedrive answered with an error"),
        };
        let text = lang.pick(fr_en.0, fr_en.1);
        if self == Problem::Other {
            let sep = lang.pick(" : ", ": ");
            return format!("{text} (HTTP {status}){sep}{detail}");
        }
        text.to_owned()
    }
}

/// The error for a Pipedrive answer: `status`, its body (Pipedrive's `{"error": …}`) and its
/// `x-daily-requests-left`.
pub fn from_response(status: u16, body: &[u8], daily_left: Option<i64>) -> Error {
    #[derive(Deserialize)]
    struct Body {
        error: Option<String>,
    }
    let detail = serde_json::from_slice::<Body>(body)
        .ok()
        .and_then(|b| b.error)
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    crm(
        Problem::from_status(status, daily_left),
        status,
        crate::secret::redact(&detail).into_owned(),
    )
}

/// A [`Error::Crm`].
pub fn crm(problem: Problem, status: u16, detail: impl Into<String>) -> Error {
    Error::Crm {
        problem,
        status,
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_become_plain_problems() {
        // (status, daily left, problem, severity, a word of the English message)
        let cases = [
            (401, None, Problem::BadToken, Severity::Fatal, "token"),
            (
                402,
                None,
                Problem::PaymentRequired,
                Severity::Fatal,
                "subscription",
            ),
            (
                403,
                None,
                Problem::Forbidden,
                Severity::Fatal,
                "not allowed",
            ),
            (404, None, Problem::NotFound, Severity::Item, "cannot find"),
            (
                410,
                None,
                Problem::Gone,
                Severity::Item,
                "permanently deleted",
            ),
            (
                429,
                Some(5),
                Problem::RateLimited,
                Severity::Transient,
                "limiting",
            ),
            (429, Some(0), Problem::DailyLimit, Severity::Fatal, "daily"),
            (400, None, Problem::Other, Severity::Item, "HTTP 400"),
            (503, None, Problem::Other, Severity::Transient, "HTTP 503"),
        ];
        for (status, left, problem, severity, word) in cases {
            let e = from_response(status, br#"{"success":false,"error":"x"}"#, left);
            let Error::Crm { problem: got, .. } = &e else {
                panic!("{e:?}")
            };
            assert_eq!(*got, problem, "{status}");
            assert_eq!(e.severity(), severity, "{status}");
            assert!(e.message(Lang::En).contains(word), "{status}: {e}");
            assert!(!e.message(Lang::Fr).is_empty());
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
    }
}
