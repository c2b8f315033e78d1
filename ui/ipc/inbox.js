// The inbox through the backend: the archive open, its conversations and threads, sending
// (text or an approved template), links to records. Every call acts for the current user.
import { call } from "./core.js";

/** "own", "demo", or null on a first run. */
export const currentArchive = () => call("current_archive");

/** {kind, account_name, account_sid, senders, last_sync, messages, conversations} */
export const archiveOverview = () => call("archive_overview");

/** A page of the list: {rows, next}. `query`: {unread, window_open, linked, sender, text, cursor, page_size}. */
export const listConversations = (query = {}) => call("list_conversations", { query });

/** A page of a thread, newest first: {conversation, messages, older}. */
export const openThread = (id, before = null) => call("open_thread", { id, query: { before, page_size: 100 } });

/** Marks a conversation read. */
export const markRead = (id) => call("mark_read", { id });

/** The account's approved templates: [{sid, name, language, body, variables, examples}]. */
export const approvedTemplates = (refresh = false) => call("approved_templates", { refresh });

/** Sends free text to one number: {conversation, sid, status}. */
export const sendText = (to, from, body) =>
  call("send_message", { request: { to: [to], from, compose: { kind: "text", body } } });

/** Sends an approved template with its variables to one number. */
export const sendTemplate = (to, from, contentSid, variables) =>
  call("send_message", { request: { to: [to], from, compose: { kind: "template", content_sid: contentSid, variables } } });

/** Sends a failed message again (asked by the user). */
export const resendMessage = (sid) => call("resend_message", { sid });

/** Links a conversation to {kind: "contact"|"lead"|"deal", id}. */
export const linkConversation = (id, record) => call("link_conversation", { id, record });

/** Removes a conversation's link. */
export const unlinkConversation = (id) => call("unlink_conversation", { id });

/** Contacts whose numbers match the conversation. */
export const suggestLinks = (id) => call("suggest_links", { id });

/** The bytes of a thread's image (an ArrayBuffer), read from the archive's media folder. */
export const mediaImage = (sid) => call("media_image", { sid });

/** Opens a thread's file with the system's app (after the user confirmed). */
export const openMedia = (sid) => call("open_media", { sid });

/** The contacts, leads and deals a conversation can be linked to, by kind. */
export const linkTargets = () =>
  Promise.all([
    call("list_contacts", { text: "" }),
    call("list_opportunities", { kind: "lead", text: "" }),
    call("list_opportunities", { kind: "deal", text: "" }),
  ]).then(([contacts, leads, deals]) => ({ contacts, leads, deals }));

/** Whether new customer messages are notified on the desktop. */
export const notificationsEnabled = () => call("notifications_enabled");

/** Turns the desktop notifications on or off. */
export const setNotifications = (on) => call("set_notifications", { on });
