// The screens announced in the sidebar that later versions bring (none left today). Each
// says plainly what it will
// do and what works today — an empty state that teaches, never sample data passed off as real.
import { h } from "../../lib/dom.js";
import { said } from "../../lib/i18n.js";

/** Screens not built yet: name → the icon of its sidebar link. */
export const PLANNED = {};

function render(name, icon, app) {
  const key = (part) => `placeholder.${name}.${part}`;
  return h("section", { class: "screen narrow", "data-screen": name, "data-placeholder": "true" },
    said("h1", key("title"), { id: `${name}-title` }),
    h("div", { class: "card empty-state" },
      h("span", { class: "empty-figure", "aria-hidden": "true" }, h("span", { class: "nav-icon", "data-icon": icon })),
      said("p", key("what"), { class: "empty-what", id: `${name}-what` }),
      said("p", "placeholder.coming", { class: "empty-coming badge off", id: `${name}-coming` }),
      said("p", key("meanwhile"), { class: "hint", id: `${name}-meanwhile` }),
      h("div", { class: "actions" },
        said("button", "placeholder.open_inbox", {
          type: "button",
          class: "button secondary",
          id: `${name}-open-inbox`,
          onclick: () => app.show("conversations"),
        }))));
}

/** The placeholder screen for `name` (a key of PLANNED). */
export function placeholder(name) {
  const icon = PLANNED[name];
  return {
    framed: true,
    mount(root, app) {
      root.replaceChildren(render(name, icon, app));
    },
  };
}

/** Every planned screen, by name. */
export const placeholders = Object.fromEntries(Object.keys(PLANNED).map((name) => [name, placeholder(name)]));
