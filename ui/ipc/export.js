// Settings → Export: the archive as files a person opens without Passerelle, as the current
// user (`passerelle export`).
import { call, subscribe } from "./core.js";

/** The conversations the current user may export, most recent first: [{id, who, messages, last_at}]. */
export const exportChoices = () => call("export_choices");

/** Where an export in `format` ("html"|"csv"|"json"|"pdf") would go: a free path in Documents. */
export const exportSuggestedPath = (format) => call("export_suggested_path", { format });

/** Runs an export: `ask` = {format, conversation, since, until, path}; resolves to {files, conversations, messages, bytes, cancelled}. */
export const startExport = (ask) => call("start_export", { ask });

/** Stops the export under way (nothing is left behind): true when one ran. */
export const cancelExport = () => call("cancel_export");

/** Calls `handler({messages_done, messages_total})`; resolves to an unsubscribe function. */
export const onExportProgress = (handler) => subscribe("export-progress", handler);
