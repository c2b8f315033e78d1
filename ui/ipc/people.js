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
