// Copying the history from Twilio: start, stop, and the progress events.
import { call, subscribe, toBackendError } from "./core.js";

/** Starts syncing the archive shown; results arrive through the sync events. */
export const startSync = () => call("start_sync");

/** Starts a sync that checks every message and status again (the whole history). */
export const checkAllStatuses = () => call("check_all_statuses");

/** Asks the running sync to stop (what was written is kept). */
export const cancelSync = () => call("cancel_sync");

/**
 * Subscribes to a sync's events: onProgress(progress) — the core's figures, `fraction` (0..1)
 * and `eta_secs` included —, onFinished(report), onFailed(BackendError). Resolves to a
 * function that unsubscribes from all three.
 */
export async function watchSync({ onProgress, onFinished, onFailed }) {
  const stops = await Promise.all([
    subscribe("sync-progress", onProgress),
    subscribe("sync-finished", onFinished),
    subscribe("sync-failed", (body) => onFailed(toBackendError(body))),
  ]);
  return () => stops.forEach((stop) => stop());
}
