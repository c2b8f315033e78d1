//! Small preferences kept between runs with tauri-plugin-store (`settings.json` in the app's
//! data folder): for now the interface language.

use std::sync::Mutex;

use passerelle_core::{Code, Lang};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_store::StoreExt;

use crate::wire::{Answer, ErrorBody};

const STORE_FILE: &str = "settings.json";
const LANGUAGE_KEY: &str = "language";

/// The language the user sees now; messages from commands are written in it.
pub struct CurrentLanguage(Mutex<Lang>);

impl CurrentLanguage {
    /// Starts with the given language.
    pub fn new(lang: Lang) -> Self {
        CurrentLanguage(Mutex::new(lang))
    }

    /// The language in use.
    pub fn get(&self) -> Lang {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, lang: Lang) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = lang;
    }
}

fn parse(code: &str) -> Option<Lang> {
    match code {
        "fr" => Some(Lang::Fr),
        "en" => Some(Lang::En),
        _ => None,
    }
}

fn code_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

/// The language chosen earlier, if the user chose one and the store is readable.
fn saved_language(app: &AppHandle) -> Option<Lang> {
    let store = app.store(STORE_FILE).ok()?;
    let value = store.get(LANGUAGE_KEY)?;
    parse(value.as_str()?)
}

/// The language to start with: the saved choice, else the system locale's
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`; French for a French locale, English otherwise).
pub fn startup_language(app: &AppHandle) -> Lang {
    saved_language(app).unwrap_or_else(Lang::from_env)
}

/// What the page needs to draw its first screen.
#[derive(Serialize)]
pub struct Preferences {
    /// The language to show.
    language: Lang,
    /// Whether the user picked it (false: it comes from the system locale).
    language_chosen: bool,
    /// The system's language.
    system_language: Lang,
}

/// Reads the preferences.
#[tauri::command]
pub fn get_preferences(app: AppHandle, current: State<'_, CurrentLanguage>) -> Preferences {
    let saved = saved_language(&app);
    Preferences {
        language: saved.unwrap_or_else(|| current.get()),
        language_chosen: saved.is_some(),
        system_language: Lang::from_env(),
    }
}

/// Remembers the user's language and uses it for messages from now on.
#[tauri::command]
pub fn set_language(
    app: AppHandle,
    current: State<'_, CurrentLanguage>,
    language: String,
) -> Answer<()> {
    let Some(chosen) = parse(&language) else {
        return Err(ErrorBody {
            code: Code::InvalidInput,
            message: current
                .get()
                .pick(
                    "Cette langue n'est pas proposée : choisissez le français ou l'anglais.",
                    "This language is not available: choose French or English.",
                )
                .into(),
        });
    };
    current.set(chosen);
    crate::tray::relabel(&app, chosen);
    let store = app.store(STORE_FILE).map_err(|e| store_error(chosen, e))?;
    store.set(LANGUAGE_KEY, code_of(chosen));
    store.save().map_err(|e| store_error(chosen, e))?;
    tracing::info!(language = code_of(chosen), "interface language chosen");
    Ok(())
}

fn store_error(lang: Lang, error: tauri_plugin_store::Error) -> ErrorBody {
    tracing::warn!(%error, "could not save the preferences");
    ErrorBody {
        code: Code::Io,
        message: lang
            .pick(
                "Impossible d'enregistrer vos préférences sur cet ordinateur. Votre choix vaut pour cette session seulement.",
                "Your preferences could not be saved on this computer. Your choice applies to this session only.",
            )
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip_and_refuse_others() {
        for lang in [Lang::Fr, Lang::En] {
            assert_eq!(parse(code_of(lang)), Some(lang));
        }
        for other in ["de", "FR", "", "french"] {
            assert_eq!(parse(other), None, "{other:?} is not a code the page sends");
        }
    }
}
