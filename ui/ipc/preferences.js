// Preferences kept by the backend: the interface language.
import { call } from "./core.js";

/** `{language: "fr"|"en", language_chosen: bool, system_language: "fr"|"en"}` */
export const getPreferences = () => call("get_preferences");

/** Remembers the interface language ("fr" or "en"). */
export const setLanguage = (language) => call("set_language", { language });
