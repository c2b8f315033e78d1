// What every screen test needs: a fake window and document as globals, the real locale files,
// and the shell mounting screens the way main.js does.
import { readFileSync } from "node:fs";
import { install, settle } from "./fake-dom.js";
import * as i18n from "../lib/i18n.js";
import { createShell } from "../shell.js";
import { welcome } from "../screens/welcome/welcome.js";
import { connect } from "../screens/connect/connect.js";
import { senders } from "../screens/senders/senders.js";
import { sync } from "../screens/sync/sync.js";
import { conversations } from "../screens/conversations/conversations.js";
import { settings } from "../screens/settings/settings.js";
import { whatsapp } from "../screens/whatsapp/whatsapp.js";
import { templates } from "../screens/templates/templates.js";
import { contacts } from "../screens/contacts/contacts.js";
import { placeholders } from "../screens/placeholder/placeholder.js";
import { notes } from "../screens/notes/notes.js";
import { search } from "../screens/search/search.js";
import { insights } from "../screens/insights/insights.js";
import { move } from "../screens/move/move.js";
import { createFrame } from "../frame/frame.js";
import { fakeBackend } from "./fake-ipc.js";

/** The shipped strings of a language, read from ui/i18n/<lang>.json. */
export function catalogue(lang) {
  return JSON.parse(readFileSync(new URL(`../i18n/${lang}.json`, import.meta.url), "utf8"));
}

i18n.install("fr", catalogue("fr"));
i18n.install("en", catalogue("en"));

export const SCREENS = { welcome, connect, senders, sync, conversations, settings, whatsapp, templates, contacts, ...placeholders, notes, search, insights, migration: move };

/**
 * A fresh page in `lang`: fake window and document, the shell over a #view element; with
 * `frame`, the sidebar (#sidebar) and app bar (#appbar) around it as main.js builds them.
 * Returns { win, root, app, $, $$, text, frame, page$ } (`page$` looks in the whole page).
 */
export async function page(lang = "en", { frame: framed = false } = {}) {
  const win = install();
  const doc = win.document;
  const sidebar = doc.createElement("nav");
  sidebar.setAttribute("id", "sidebar");
  const topbar = doc.createElement("header");
  topbar.setAttribute("id", "appbar");
  const root = doc.createElement("main");
  root.setAttribute("id", "view");
  doc.body.append(sidebar, topbar, root);
  await i18n.use(lang);
  const frame = framed ? createFrame({ sidebar, topbar, win }) : null;
  const app = createShell({ root, screens: SCREENS, win, frame });
  const $ = (css) => root.querySelector(css);
  return {
    win,
    frame,
    page$: (css) => doc.querySelector(css),
    root,
    app,
    $,
    $$: (css) => root.querySelectorAll(css),
    text: (css) => $(css).textContent,
    settle,
  };
}

export { settle };

/**
 * The Settings screen (English) against a fake backend answering what its cards load; the
 * CRM card empty, the media card with a few files. `commands` replace or add answers.
 */
export async function settingsScreen(commands = {}) {
  const backend = fakeBackend({
    list_conversations: () => ({ overview: { kind: "own", account_name: "Shop", account_sid: null, senders: [] }, conversations: [] }),
    list_backups: () => [],
    disconnect_status: () => ({ disconnected: false, latest: null }),
    crm_status: () => ({ status: { connection: null, walks: [], records: {}, deleted: {} }, failures: [], busy: false }),
    media_status: () => ({ folder: "/tmp/passerelle-test/media", is_default: true, files_present: 3, bytes_present: 90_000, files_pending: 0, estimate_bytes: 0, free_bytes: 45_000_000_000, room: "fits" }),
    export_choices: () => [],
    export_suggested_path: ({ format }) => `/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03${format === "html" ? "" : `.${format}`}`,
    ...commands,
  });
  const p = await page("en");
  p.app.show("settings");
  await p.settle();
  return { ...p, backend };
}

/** Strings that must stay text, whatever the screen does with them. */
export const HOSTILE = {
  img: "<img src=x onerror=alert(1)>",
  script: "<script>alert('x')</script>",
  bidi: "Bob\u202Egnp.exe",
  terminal: "\u001b[31mred\u001b[0m alert\u0007",
};

/**
 * A row of the conversation list as the core sends it (`inbox::ConversationRow`); `over`
 * replaces fields, and the archive's own names are accepted too: `profile_name` (null: the
 * number stands in), `last_message_body`, `last_message_direction`.
 */
export const conversation = (i, over = {}) => {
  const customer = over.customer || `whatsapp:+336${String(i).padStart(8, "0")}`;
  const name = "profile_name" in over ? over.profile_name : `Client ${i}`;
  const { profile_name: _p, last_message_body: body, last_message_direction: direction, ...rest } = over;
  return {
    id: i,
    display_name: name || `+33 6 ${String(i).padStart(8, "0").replace(/(\d\d)(?=\d)/g, "$1 ")}`,
    name_source: name ? "profile" : "number",
    customer,
    customer_display: `+33 6 ${String(i).padStart(8, "0").replace(/(\d\d)(?=\d)/g, "$1 ")}`,
    sender: "whatsapp:+33100000000",
    preview: "last_message_body" in over ? body : `Message ${i}`,
    last_direction: direction || "inbound",
    last_message_at: "2024-03-03T13:02:00Z",
    message_count: 3,
    unread_count: 0,
    window: { state: "closed", since: null },
    link: null,
    ...rest,
  };
};

/** The owner of the test archive, as `list_users` gives them. */
export const OWNER = { id: 1, name: "Camille", email: null, role: "admin", is_owner: true, has_pin: false };

/**
 * The inbox commands of a fake backend over `rows` (list rows) and `overview` (the archive's
 * figures): the list (the unread filter applied), the overview, the sync interval, the users.
 */
export function inboxCommands(rows, overview) {
  const full = { kind: "own", account_name: "Shop", account_sid: null, senders: ["whatsapp:+33100000000"], last_sync: null, messages: 0, conversations: rows.length, ...overview };
  return {
    archive_overview: () => full,
    list_conversations: ({ query = {} } = {}) => ({ rows: query.unread ? rows.filter((r) => r.unread_count > 0) : rows, next: null }),
    sync_interval: () => 1,
    list_users: () => ({ users: [OWNER], current: OWNER, visibility: "private", may_manage: true, may_change_visibility: true }),
    approved_templates: () => [],
  };
}
