// The one door to the backend. Every view calls the functions below, never Tauri directly,
// so the page can run against a fake backend in tests. A failure always becomes a
// `BackendError` carrying the backend's `code` (stable, to branch on) and `message` (already
// in the user's language, to show).

/** A failed backend call: `code` is stable snake_case, `message` is for the user. */
export class BackendError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

// Messages for failures that happen before the backend could answer; the page may not have
// its locale files yet, so they stay here, in both languages.
const LOCAL_MESSAGES = {
  no_backend: {
    fr: "Passerelle ne trouve pas son moteur : ouvrez l'application Passerelle plutôt que cette page dans un navigateur.",
    en: "Passerelle cannot reach its engine: open the Passerelle app rather than this page in a browser.",
  },
  internal: {
    fr: "Une erreur inattendue s'est produite. Réessayez ; si elle persiste, redémarrez Passerelle.",
    en: "Something unexpected went wrong. Try again; if it keeps happening, restart Passerelle.",
  },
};

function localError(code) {
  const lang = document.documentElement.lang === "en" ? "en" : "fr";
  return new BackendError(code, LOCAL_MESSAGES[code][lang]);
}

/** Turns whatever a rejected invoke gave into a BackendError. */
export function toBackendError(reason) {
  if (reason instanceof BackendError) return reason;
  if (reason && typeof reason === "object" && typeof reason.code === "string" && typeof reason.message === "string") {
    return new BackendError(reason.code, reason.message);
  }
  // A bare string comes from Tauri itself (unknown command, bad arguments): not for users.
  console.error("backend failure without a code:", reason);
  return localError("internal");
}

function tauri() {
  const api = window.__TAURI__;
  if (!api || !api.core) throw localError("no_backend");
  return api;
}

/** Calls a backend command; rejects with a BackendError. */
export async function call(command, args = {}) {
  const api = tauri();
  try {
    return await api.core.invoke(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/** Subscribes to a backend event; resolves to a function that unsubscribes. */
export async function subscribe(event, handler) {
  const api = tauri();
  return api.event.listen(event, (e) => handler(e.payload));
}

// ---- Preferences ----

/** `{language: "fr"|"en", language_chosen: bool, system_language: "fr"|"en"}` */
export const getPreferences = () => call("get_preferences");

/** Remembers the interface language ("fr" or "en"). */
export const setLanguage = (language) => call("set_language", { language });

// ---- Onboarding ----

/**
 * Checks a Twilio account. `form`: {account_sid, method: "auth_token"|"api_key", auth_token,
 * api_key_sid, api_key_secret}. Resolves to {account, senders}.
 */
export const checkAccount = (form) => call("check_account", { form });

/** Saves the checked account with the chosen sender addresses; the user becomes its owner. */
export const confirmAccount = (senders, ownerName) =>
  call("confirm_account", { confirmation: { senders, owner_name: ownerName } });

/** Starts the built-in simulator and connects a demo archive to it: {check, messages}. */
export const startDemo = () => call("start_demo");

// ---- Sync ----

/** Starts syncing the archive shown; results arrive through the sync events. */
export const startSync = () => call("start_sync");

/** Asks the running sync to stop (what was written is kept). */
export const cancelSync = () => call("cancel_sync");

/**
 * Subscribes to a sync's events: onProgress(progress), onFinished(report),
 * onFailed(BackendError). Resolves to a function that unsubscribes from all three.
 */
export async function watchSync({ onProgress, onFinished, onFailed }) {
  const stops = await Promise.all([
    subscribe("sync-progress", onProgress),
    subscribe("sync-finished", onFinished),
    subscribe("sync-failed", (body) => onFailed(toBackendError(body))),
  ]);
  return () => stops.forEach((stop) => stop());
}

// ---- Archive ----

/** "own", "demo", or null on a first run. */
export const currentArchive = () => call("current_archive");

/** {overview: {kind, account_name, messages, conversations}, conversations: [...]} */
export const listConversations = () => call("list_conversations");
