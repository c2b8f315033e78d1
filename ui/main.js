// Starts the page: picks the language, then shows the first screen (the conversations when an
// account is already connected, else the first-run screen). Screens are <template>s in
// index.html, filled by the view modules in ./views/.
import * as ipc from "./ipc.js";
import * as i18n from "./i18n.js";
import { welcome } from "./views/welcome.js";
import { connect } from "./views/connect.js";
import { senders } from "./views/senders.js";
import { sync } from "./views/sync.js";
import { conversations } from "./views/conversations.js";

const views = { welcome, connect, senders, sync, conversations };

// Anything the content security policy blocks is a bug: count it where tests can see it.
const cspViolations = [];
window.passerelleCspViolations = cspViolations;
document.addEventListener("securitypolicyviolation", (event) => {
  cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  console.error("blocked by the content security policy:", event.violatedDirective, event.blockedURI);
});

const container = document.getElementById("view");
let mounted = null; // { name, params, view, teardown }
const trail = [];

/** What every view receives: navigation and the language switch. */
const app = {
  show,
  back() {
    trail.pop();
    const previous = trail.pop();
    if (previous) show(previous.name, previous.params);
    else show("welcome");
  },
  async changeLanguage(lang) {
    await i18n.use(lang);
    i18n.translate(document);
    if (mounted && mounted.view.relabel) mounted.view.relabel(container);
    await ipc.setLanguage(lang);
  },
};

/** Replaces the current screen with `name`, moving keyboard focus to its heading. */
export function show(name, params = {}) {
  if (mounted && mounted.teardown) mounted.teardown();
  const view = views[name];
  const node = document.getElementById(`tpl-${name}`).content.cloneNode(true);
  i18n.translate(node);
  container.replaceChildren(node);
  const teardown = view.mount(container, app, params);
  mounted = { name, params, view, teardown };
  trail.push({ name, params });
  const heading = container.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

async function start() {
  let lang = i18n.languageOfLocale(navigator.language);
  let archive = null;
  try {
    const prefs = await ipc.getPreferences();
    lang = prefs.language;
    archive = await ipc.currentArchive();
  } catch (error) {
    // Outside the app (a browser), the system locale is all we have.
    console.warn(error.message);
  }
  try {
    await i18n.use(lang);
  } catch (error) {
    const node = document.getElementById("tpl-broken").content.cloneNode(true);
    node.getElementById("broken-text").textContent =
      "The interface texts could not be loaded. / Les textes de l'interface n'ont pas pu être chargés.";
    container.replaceChildren(node);
    return;
  }
  i18n.translate(document);
  document.body.dataset.ready = "true";
  show(archive ? "conversations" : "welcome");
}

start();
