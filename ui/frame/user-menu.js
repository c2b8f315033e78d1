// The current user's menu in the top bar: who is using Passerelle (for now the one owner of
// this installation), the language switch, and Settings. A WAI-ARIA menu button: Enter, Space
// or ↓ open it on the first item, ↑/↓ move, Escape closes it and gives the focus back to the
// button, Tab or a click elsewhere closes it. Switching user is shown disabled with its reason.
import { h } from "../lib/dom.js";
import { t, said, named, language } from "../lib/i18n.js";

/** The role the current user has. One owner user until local users exist (issue 9). */
const ROLE_KEY = "user.role_owner";
/** The menu's items (the caption and the reason under "Switch user" are not items). */
const ITEMS = "[role=menuitem], [role=menuitemradio]";

function menuItem(id, key, attrs = {}) {
  return said("button", key, { type: "button", role: "menuitem", id, class: "menu-item", tabindex: "-1", ...attrs });
}

function languageItem(lang, key) {
  return said("button", key, {
    type: "button",
    role: "menuitemradio",
    id: `user-menu-lang-${lang}`,
    class: "menu-item menu-radio",
    tabindex: "-1",
    lang,
    "data-lang-choice": lang,
    "aria-checked": "false",
  });
}

/** Builds the menu button and its menu; returns { element, close(), relabel() }. */
export function createUserMenu({ doc, onLanguage, onSettings }) {
  const button = h("button", {
    type: "button",
    class: "user-button",
    id: "user-menu-button",
    "aria-haspopup": "menu",
    "aria-expanded": "false",
    "aria-controls": "user-menu",
  },
  h("span", { class: "user-avatar", "aria-hidden": "true" }),
  said("span", ROLE_KEY, { class: "user-role", id: "user-role" }),
  h("span", { class: "user-caret", "aria-hidden": "true" }));

  const switchReason = said("span", "user.switch_reason", { class: "menu-reason", id: "user-switch-reason" });
  const menu = h("div", { class: "menu", id: "user-menu", role: "menu", hidden: true, ...named("user.menu_label") },
    h("div", { class: "menu-header", role: "presentation" },
      said("span", "user.signed_in_as", { class: "menu-caption" }),
      said("span", ROLE_KEY, { class: "menu-role", id: "user-menu-role" })),
    menuItem("user-menu-switch", "user.switch", { "aria-disabled": "true", "aria-describedby": "user-switch-reason" }),
    switchReason,
    h("div", { class: "menu-separator", role: "separator" }),
    h("div", { class: "menu-group", role: "group", "aria-labelledby": "user-menu-language-caption" },
      said("span", "settings.language_title", { class: "menu-caption", id: "user-menu-language-caption" }),
      languageItem("fr", "language.fr"),
      languageItem("en", "language.en")),
    h("div", { class: "menu-separator", role: "separator" }),
    menuItem("user-menu-settings", "nav.settings"));

  const element = h("div", { class: "user-menu" }, button, menu);
  const items = () => [...menu.querySelectorAll(ITEMS)];
  const isOpen = () => !menu.hidden;

  function markLanguage() {
    for (const item of menu.querySelectorAll("[data-lang-choice]")) {
      item.setAttribute("aria-checked", String(item.dataset.langChoice === language()));
    }
  }

  function open(focusLast = false) {
    markLanguage();
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const list = items().filter((item) => item.getAttribute("aria-disabled") !== "true");
    const target = focusLast ? list.at(-1) : list[0];
    if (target) target.focus();
  }

  function close({ focusButton = false } = {}) {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) button.focus();
  }

  function move(delta) {
    const list = items();
    const at = list.indexOf(doc.activeElement);
    const next = list[(at + delta + list.length) % list.length];
    if (next) next.focus();
  }

  button.addEventListener("click", () => (isOpen() ? close() : open()));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowUp");
    }
  });
  menu.addEventListener("keydown", (event) => {
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      const list = items();
      list[event.key === "Home" ? 0 : list.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close({ focusButton: true });
    } else if (event.key === "Tab") {
      close();
    }
  });
  menu.addEventListener("click", (event) => {
    const item = event.target.closest && event.target.closest(ITEMS);
    if (!item || item.getAttribute("aria-disabled") === "true") return;
    if (item.dataset.langChoice) {
      onLanguage(item.dataset.langChoice);
      markLanguage();
      return; // stays open: the user sees the menu relabelled in the chosen language
    }
    close({ focusButton: true });
    if (item.id === "user-menu-settings") onSettings();
  });
  // A click anywhere else closes it.
  doc.addEventListener("click", (event) => {
    if (isOpen() && !element.contains(event.target)) close();
  });

  return { element, close, isOpen, relabel: markLanguage };
}

/** The role's name as the top bar shows it (for the tests and the Settings screen). */
export const roleName = () => t(ROLE_KEY);
