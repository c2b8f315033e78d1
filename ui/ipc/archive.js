// The archive's reading calls for the Search and Insights screens. The core applies the
// current user's visibility; the screens never filter by themselves.
import { call } from "./core.js";

/**
 * A page of message hits, newest first: {hits: [{sid, conversation, customer, profile_name,
 * sender, direction, status, num_media, date_sent, body, snippet: [{text, hit}]}], next}.
 * `filter`: {since, until (unix seconds), sender, customer, inbound, status, has_media}.
 */
export const searchArchive = (text, filter = {}, cursor = null, pageSize = 100) =>
  call("search_archive", { query: { text, filter, cursor, page_size: pageSize } });

/** Notes matching `text`, newest first: [{id, conversation, record, title, last_message_at, message_count, snippet}] */
export const searchNotes = (text) => call("search_notes", { text });

/** The Insights figures: {linked_only, months, senders, busiest, failures, sent} */
export const archiveInsights = () => call("archive_insights");

/** Writes the figures as a CSV file (`path`, or one in the Downloads folder); resolves to its path. */
export const saveInsightsCsv = (path = null) => call("save_insights_csv", { path });

/** What erasing a customer would delete: {preview: {customer, counts, older_backups}, summary, twilio_possible} */
export const erasePreview = (number, country) => call("erase_preview", { number, country });

/** Erases a customer (at Twilio first when `atTwilio`): {archive: {customer, counts, …}, at_twilio} */
export const eraseCustomer = (number, country, atTwilio) => call("erase_customer", { number, country, atTwilio });

/** Opens an archive file to read (a copy is shown; the file is never written): {source, copy, messages, conversations} */
export const openArchiveFile = (path) => call("open_archive_file", { path });

/** Closes the archive file opened to read: the window shows its own archive again. */
export const closeArchiveFile = () => call("close_archive_file");

/** The archive file opened to read, or null. */
export const openedArchive = () => call("opened_archive");
