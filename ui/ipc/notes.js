// Notes, backups and disconnecting Twilio.
import { call, subscribe } from "./core.js";

/** Notes, newest first: [{id, title, text, record: {kind, id}, day, message_count, first_message_at, …}] */
export const listNotes = (query = {}) => call("list_notes", { query });

/** One note. */
export const getNote = (id) => call("get_note", { id });

/** Writes or updates the notes of every linked conversation: {conversations, added, updated, unchanged, removed} */
export const convertNotes = (perDay) => call("convert_notes", { perDay });

/** The archive's backups, newest first: [{name, path, size_bytes, made_at, reason}] */
export const listBackups = () => call("list_backups");

/** Makes a backup now. */
export const makeBackup = () => call("make_backup");

/** Restores a backup by name (the current archive is backed up first): {restored, previous} */
export const restoreBackup = (name) => call("restore_backup", { name });

/** {disconnected, latest: {step: {type}, backup, notes, …} | null} */
export const disconnectStatus = () => call("disconnect_status");

/** Disconnects Twilio (or resumes); resolves to the final state. */
export const disconnectTwilio = () => call("disconnect_twilio");

/** Calls `handler(state)` after each step of a disconnect; resolves to an unsubscribe function. */
export const onDisconnectProgress = (handler) => subscribe("disconnect-progress", handler);
