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
import { placeholders } from "../screens/placeholder/placeholder.js";
import { notes } from "../screens/notes/notes.js";
import { move } from "../screens/move/move.js";
import { createFrame } from "../frame/frame.js";

/** The shipped strings of a language, read from ui/i18n/<lang>.json. */
export function catalogue(lang) {
  return JSON.parse(readFileSync(new URL(`../i18n/${lang}.json`, import.meta.url), "utf8"));
}

i18n.install("fr", catalogue("fr"));
i18n.install("en", catalogue("en"));

export const SCREENS = { welcome, connect, senders, sync, conversations, settings, whatsapp, templates, ...placeholders, notes, migration: move };

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

/** Strings that must stay text, whatever the screen does with them. */
export const HOSTILE = {
  img: "<img src=x onerror=alert(1)>",
  script: "<script>alert('x')</script>",
  bidi: "Bob\u202Egnp.exe",
  terminal: "\u001b[31mred\u001b[0m alert\u0007",
};

/** A conversation of the list as the core sends it; `over` replaces fields. */
export const conversation = (i, over = {}) => ({
  id: i,
  sender: "whatsapp:+33100000000",
  customer: `whatsapp:+336${String(i).padStart(8, "0")}`,
  profile_name: `Client ${i}`,
  message_count: 3,
  last_message_body: `Message ${i}`,
  last_message_at: "2024-03-03T13:02:00Z",
  last_message_direction: "inbound",
  last_inbound_at: "2024-03-03T13:02:00Z",
  unread_count: 0,
  ...over,
});
