// The sidebar: one link per screen, in the order of SCREENS.md, with the inbox's unread badge
// and the number move's step badge. Links are real links (#/notes) so they read as navigation
// and work from the keyboard; a click goes through the shell so history stays right.
import { h } from "../lib/dom.js";
import { t, said, number } from "../lib/i18n.js";

/** The sidebar's entries: screen name, string key, icon; null draws a separator. */
export const NAV = [
  { screen: "conversations", key: "nav.inbox", icon: "inbox", badge: "unread" },
  { screen: "contacts", key: "nav.contacts", icon: "contacts" },
  { screen: "notes", key: "nav.notes", icon: "notes" },
  { screen: "search", key: "nav.search", icon: "search" },
  { screen: "insights", key: "nav.insights", icon: "insights" },
  null,
  { screen: "whatsapp", key: "nav.whatsapp", icon: "whatsapp" },
  { screen: "templates", key: "nav.templates", icon: "templates" },
  { screen: "migration", key: "nav.move_number", icon: "move", badge: "step" },
  null,
  { screen: "settings", key: "nav.settings", icon: "settings" },
];

function item(entry, go) {
  const badge = entry.badge &&
    h("span", { class: "nav-badge", id: `nav-${entry.screen}-badge`, hidden: true },
      h("span", { class: "nav-badge-value", "aria-hidden": "true" }),
      h("span", { class: "sr-only nav-badge-label" }));
  return h("li", {},
    h("a", {
      class: "nav-item",
      id: `nav-${entry.screen}`,
      href: `#/${entry.screen}`,
      "data-nav": entry.screen,
      onclick: (event) => {
        event.preventDefault();
        go(entry.screen);
      },
    },
    h("span", { class: "nav-icon", "data-icon": entry.icon, "aria-hidden": "true" }),
    said("span", entry.key, { class: "nav-label" }),
    badge));
}

/** The sidebar's content; `go(screen)` opens a screen. */
export function renderSidebar(go) {
  return [
    h("div", { class: "sidebar-brand" },
      h("img", { class: "brand-mark", src: "./img/mark.svg", alt: "", width: 28, height: 28 }),
      said("span", "app.name", { class: "brand-name" })),
    h("ul", { class: "nav-list" },
      NAV.map((entry) => (entry ? item(entry, go) : h("li", { class: "nav-separator", role: "separator" })))),
  ];
}

/** Marks the link of the screen shown (aria-current), none when it has no link. */
export function markCurrent(sidebar, screen) {
  for (const link of sidebar.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === screen) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/**
 * Shows a badge: `count` (a number) with its spoken label `labelKey`, hidden when the count is
 * 0, null or unknown — an honest empty, never a made-up figure.
 */
export function setBadge(sidebar, screen, count, labelKey) {
  const badge = sidebar.querySelector(`#nav-${screen}-badge`);
  if (!badge) return;
  const shown = Number.isFinite(count) && count > 0;
  badge.hidden = !shown;
  badge.querySelector(".nav-badge-value").textContent = shown ? number(count) : "";
  badge.querySelector(".nav-badge-label").textContent = shown ? t(labelKey, { n: number(count) }) : "";
  badge.dataset.count = shown ? String(count) : "";
  badge.dataset.labelKey = labelKey;
}
