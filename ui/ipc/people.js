// Users, visibility, contacts, CSV imports and the background sync interval.
import { call } from "./core.js";

/** {users, current, visibility, may_manage, may_change_visibility} */
export const listUsers = () => call("list_users");
export const addUser = (name, role) => call("add_user", { name, role });
export const switchUser = (id, pin = null) => call("switch_user", { id, pin });
export const setVisibility = (visibility) => call("set_visibility", { visibility });

export const listContacts = (text = "") => call("list_contacts", { text });
/** `contact`: {name, phones: [..], email, organisation, country: "FR"|…} */
export const createContact = (contact) => call("create_contact", { contact });
/** `request`: {csv_text, kind: "contacts"|"leads"|"deals", country, mapping?} */
export const previewImport = (request) => call("preview_import", { request });
export const importRecords = (request) => call("import_records", { request });

/** Minutes between background syncs (0: manual). */
export const syncInterval = () => call("sync_interval");
export const setSyncInterval = (minutes) => call("set_sync_interval", { minutes });

/** Renames a user (audited). */
export const renameUser = (id, name) => call("rename_user", { id, name });
/** Removes a user (never the owner; audited). */
export const removeUser = (id) => call("remove_user", { id });
/** Sets (4 to 8 digits) or clears (null) a user's PIN. */
export const setUserPin = (id, pin) => call("set_user_pin", { id, pin });
/** A page of the audit log, newest first. `query`: {action, actor_id, text, before, limit}. */
export const auditLog = (query) => call("audit_log", { query });

/** Leads or deals (`kind`: "lead" | "deal") whose title holds `text`. */
export const listOpportunities = (kind, text = "") => call("list_opportunities", { kind, text });
/** Creates a lead or deal: `fields` {title, contact_id, value, currency, source, stage, status}. */
export const createOpportunity = (kind, fields) => call("create_opportunity", { kind, fields: { id: 0, ...fields } });
/** Deletes a record ({kind, id}); its conversations stay, unlinked. */
export const deleteRecord = (record) => call("delete_record", { record });
/** A record's page: {record, contact, opportunity, leads, deals, conversations}. */
export const recordPage = (record) => call("record_page", { record });
/** Replaces a contact's fields: `contact` as for createContact. */
export const updateContact = (id, contact) => call("update_contact", { id, contact });
/** Updates a lead or deal (fields left empty keep their value). */
export const updateOpportunity = (kind, id, fields) => call("update_opportunity", { kind, id, fields: { id, ...fields } });
