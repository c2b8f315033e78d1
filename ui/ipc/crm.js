// Settings → CRM: the Pipedrive connection, imports and note pushes (`passerelle crm …`).
import { call, subscribe } from "./core.js";

/** {status: {connection, walks, records, deleted, notes_pushed, notes_failed, notes_pending}, failures: [{note_key, target, error_code, error_message, …}], busy} */
export const crmStatus = () => call("crm_status");

/** Checks the token and keeps it in the keychain: {company_domain, company_name, user_name, is_admin, …} (never the token). */
export const crmConnect = (domain, token) => call("crm_connect", { domain, token });

/** Imports persons, deals and leads: {persons, deals, leads: {created, updated, marked_deleted}, linked_conversations, resumed} */
export const crmImport = () => call("crm_import");

/** Pushes the archive's notes: {notes, not_in_crm, report: {created, updated, unchanged, recovered, date_in_text, failed}} */
export const crmPush = () => call("crm_push");

/** Stops the import or push under way. */
export const crmCancel = () => call("crm_cancel");

/** Removes the token and forgets the connection: true when one was connected. */
export const crmDisconnect = () => call("crm_disconnect");

/** Calls `handler({work: "import", entity, items} | {work: "push", done, total})`; resolves to an unsubscribe function. */
export const onCrmProgress = (handler) => subscribe("crm-progress", handler);
