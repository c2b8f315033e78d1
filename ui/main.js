// Starts the page: picks the language, then shows the first screen (the conversations when an
// archive is already open, else the first-run screen). index.html is the shell only; each
// screen builds itself (screens/<name>/<name>.js) and reaches the backend through ipc/.
import * as i18n from "./lib/i18n.js";
import { h } from "./lib/dom.js";
import { createShell } from "./shell.js";
import { getPreferences } from "./ipc/preferences.js";
import { currentArchive } from "./ipc/inbox.js";
import { welcome } from "./screens/welcome/welcome.js";
import { connect } from "./screens/connect/connect.js";
import { senders } from "./screens/senders/senders.js";
import { sync } from "./screens/sync/sync.js";
import { conversations } from "./screens/conversations/conversations.js";
import { settings } from "./screens/settings/settings.js";
import { whatsapp } from "./screens/whatsapp/whatsapp.js";
import { templates } from "./screens/templates/templates.js";
import { contacts } from "./screens/contacts/contacts.js";
import { placeholders } from "./screens/placeholder/placeholder.js";
import { notes } from "./screens/notes/notes.js";
import { search } from "./screens/search/search.js";
import { insights } from "./screens/insights/insights.js";
import { move } from "./screens/move/move.js";
import { createFrame } from "./frame/frame.js";
import { watchQuitRequests } from "./frame/quit.js";

// Anything the content security policy blocks is a bug: count it where tests can see it.
const cspViolations = [];
window.passerelleCspViolations = cspViolations;
document.addEventListener("securitypolicyviolation", (event) => {
  cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  console.error("blocked by the content security policy:", event.violatedDirective, event.blockedURI);
});

const container = document.getElementById("view");
const frame = createFrame({ sidebar: document.getElementById("sidebar"), topbar: document.getElementById("appbar") });
const screens = { welcome, connect, senders, sync, conversations, settings, whatsapp, templates, contacts, ...placeholders, notes, search, insights, migration: move };
const app = createShell({ root: container, screens, frame });

/** Shown when the page cannot start (its strings could not load): both languages, no file needed. */
function broken() {
  container.replaceChildren(
    h("section", { class: "screen narrow", "data-screen": "broken" },
      h("h1", {}, "Passerelle"),
      h("p", { class: "error-text", id: "broken-text" },
        "The interface texts could not be loaded. / Les textes de l'interface n'ont pas pu être chargés.")),
  );
}

async function start() {
  // Start-up milestones, read by the inbox paint benchmark (tests/bench/paint.py).
  performance.mark("modules-loaded");
  let lang = i18n.languageOfLocale(navigator.language);
  let archive = null;
  try {
    const prefs = await getPreferences();
    lang = prefs.language;
    archive = await currentArchive();
    performance.mark("archive-known");
  } catch (error) {
    // Outside the app (a browser), the system locale is all we have.
    console.warn(error.message);
  }
  try {
    await i18n.use(lang);
  } catch (error) {
    broken();
    return;
  }
  i18n.translate(document);
  performance.mark("strings-ready");
  document.body.dataset.ready = "true";
  watchQuitRequests();
  app.show(archive ? "conversations" : "welcome");
}

start();
