// The one door to the backend. The ipc/<area>.js modules call `call` and `subscribe` below,
// screens call those modules, and nothing else touches Tauri, so the page runs against a
// fake backend in the unit tests (`useTransport`). A failure always becomes a `BackendError`
// carrying the backend's `code` (stable, to branch on) and `message` (already in the user's
// language, to show).

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
  const lang = globalThis.document && document.documentElement.lang === "en" ? "en" : "fr";
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

/**
 * How calls reach the backend: `invoke(command, args)` and `listen(event, handler)` (the
 * handler gets the payload; resolves to an unsubscribe function). Null: Tauri's globals.
 */
let transport = null;

/** Replaces Tauri by a fake backend (unit tests); `null` goes back to Tauri. */
export function useTransport(fake) {
  transport = fake;
}

function tauri() {
  if (transport) return transport;
  const api = globalThis.window && window.__TAURI__;
  if (!api || !api.core) throw localError("no_backend");
  return {
    invoke: (command, args) => api.core.invoke(command, args),
    listen: (event, handler) => api.event.listen(event, (e) => handler(e.payload)),
  };
}

// The first calls are timed (`performance` measures named "ipc <command>") so the start-up
// benchmark (tests/bench/paint.py) can say which one the window waited on; bounded, so a
// long-running window keeps nothing more.
const TIMED_CALLS = 100;
let timedCalls = 0;

/** Calls a backend command; rejects with a BackendError. */
export async function call(command, args = {}) {
  const backend = tauri();
  const started = timedCalls < TIMED_CALLS ? (timedCalls++, performance.now()) : null;
  try {
    return await backend.invoke(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  } finally {
    if (started !== null) performance.measure(`ipc ${command}`, { start: started });
  }
}

/** Subscribes to a backend event; resolves to a function that unsubscribes. */
export async function subscribe(event, handler) {
  return tauri().listen(event, handler);
}
