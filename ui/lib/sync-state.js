// What the top bar says about the copy from Twilio, derived from what the app knows: the
// archive's last sync run, the sync events (progress, finished, failed) and whether the
// system says it is online. Pure: `next(state, event)` folds one event in, `describe(state)`
// says which string to show; both are tested as tables (tests/sync-state.test.js).

/** Failure codes meaning "Twilio cannot be reached from here" (the archive still reads). */
const OFFLINE_CODES = new Set(["network", "rate_limited"]);
/** Failure codes meaning "the connection to Twilio is gone" (only the archive is left). */
const DISCONNECTED_CODES = new Set(["bad_credentials", "not_connected", "account_suspended", "account_closed", "keychain_unavailable"]);

/** The state before anything is known: no run, online. */
export const initial = Object.freeze({ run: "never", at: null, fraction: null, online: true });

/** A fraction from the core, or null when it is missing or not a number. */
function fractionOf(progress) {
  const f = progress && progress.fraction;
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : null;
}

/** What the archive's `last_sync` ({outcome, finished_at, started_at}) says. */
function fromLastSync(last) {
  if (!last) return { run: "never", at: null };
  const at = last.finished_at || last.started_at || null;
  switch (last.outcome) {
    case "done":
      return { run: "done", at };
    case "cancelled":
      return { run: "stopped", at };
    case "failed":
      return { run: "failed", at };
    default:
      // Still running in another process, or a run that crashed: nothing finished to show.
      return { run: "never", at: null };
  }
}

/** The run state a failure `code` leads to. */
export function runOfFailure(code) {
  // Refused because another process (`passerelle sync` in a terminal) is copying this archive:
  // a copy is running, which is what the top bar says until this app's next run.
  if (code === "sync_running") return "copying";
  if (OFFLINE_CODES.has(code)) return "offline";
  if (DISCONNECTED_CODES.has(code)) return "disconnected";
  return "failed";
}

/**
 * Folds one event into the state. Events: {type: "archive", last_sync, disconnected?}, {type: "progress",
 * progress}, {type: "finished", report, at}, {type: "failed", code, at}, {type: "online"},
 * {type: "offline"}. `at` is an ISO date (the caller's clock).
 */
export function next(state, event) {
  switch (event.type) {
    case "archive":
      // A copy running now is fresher than the archive's record of the last one.
      if (state.run === "copying") return state;
      // Twilio disconnected by the owner: the archive is all there is, whatever the last run.
      if (event.disconnected) return { ...state, run: "disconnected", at: null, fraction: null };
      return { ...state, ...fromLastSync(event.last_sync), fraction: null };
    case "progress":
      return { ...state, run: "copying", fraction: fractionOf(event.progress) };
    case "finished":
      return { ...state, run: event.report && event.report.cancelled ? "stopped" : "done", at: event.at, fraction: null };
    case "failed":
      return { ...state, run: runOfFailure(event.code), at: event.at, fraction: null };
    case "online":
      return { ...state, online: true };
    case "offline":
      return { ...state, online: false };
    default:
      return state;
  }
}

/**
 * What to show: {key, percent?, at?, tone}. `key` is a string of the locale files, `tone` one
 * of ok, busy, warn, off (the dot's colour). A copy in progress wins over everything; then
 * the system being offline; then the last run.
 */
export function describe(state) {
  if (state.run === "copying") {
    return state.fraction === null
      ? { key: "sync_state.copying", tone: "busy" }
      : { key: "sync_state.copying_percent", percent: Math.floor(state.fraction * 100), tone: "busy" };
  }
  if (!state.online || state.run === "offline") return { key: "sync_state.offline", tone: "warn" };
  switch (state.run) {
    case "done":
      return { key: "sync_state.up_to_date", at: state.at, tone: "ok" };
    case "stopped":
      return { key: "sync_state.stopped", at: state.at, tone: "warn" };
    case "disconnected":
      return { key: "sync_state.disconnected", tone: "off" };
    case "failed":
      return { key: "sync_state.failed", at: state.at, tone: "warn" };
    default:
      return { key: "sync_state.never", tone: "off" };
  }
}
