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

/** The shipped strings of a language, read from ui/i18n/<lang>.json. */
export function catalogue(lang) {
  return JSON.parse(readFileSync(new URL(`../i18n/${lang}.json`, import.meta.url), "utf8"));
}

i18n.install("fr", catalogue("fr"));
i18n.install("en", catalogue("en"));

export const SCREENS = { welcome, connect, senders, sync, conversations };

/**
 * A fresh page in `lang`: fake window and document, the shell over a #view element.
 * Returns { win, root, app, $, $$, text }.
 */
export async function page(lang = "en") {
  const win = install();
  const root = win.document.createElement("main");
  root.setAttribute("id", "view");
  win.document.body.append(root);
  await i18n.use(lang);
  const app = createShell({ root, screens: SCREENS, win });
  const $ = (css) => root.querySelector(css);
  return {
    win,
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
