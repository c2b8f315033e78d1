// The top bar: the sync state (always there, never a modal; a click opens the copy's progress
// card), the demo badge, and the current user's menu.
import { h } from "../lib/dom.js";
import { t, said, language } from "../lib/i18n.js";
import { formatTime, formatWhen } from "../lib/format.js";
import { describe } from "../lib/sync-state.js";

/**
 * The words for a sync state: describe(state) filled in for the language. A finished run of
 * an earlier day says "Last copy · 3 Mar 2024" rather than "Up to date".
 */
export function syncLabel(state, lang, { now = new Date(), timeZone } = {}) {
  const d = describe(state);
  const when = d.at ? formatWhen(d.at, lang, { now, timeZone }) : "";
  let key = d.key;
  if (key === "sync_state.up_to_date" && when !== formatTime(d.at, lang, { timeZone })) key = "sync_state.last_copy";
  return { key, tone: d.tone, text: t(key, { percent: d.percent, when }) };
}

/** The top bar's content around `userMenu` (an element); `onSyncClick` opens the copy. */
export function renderTopbar({ userMenu, onSyncClick }) {
  return [
    h("div", { class: "appbar-status" },
      h("button", { type: "button", class: "sync-state", id: "sync-state", "data-tone": "off", onclick: onSyncClick },
        h("span", { class: "sync-dot", "aria-hidden": "true" }),
        h("span", { class: "sync-text", id: "sync-state-text" })),
      said("span", "common.demo_badge", { class: "demo-badge", id: "appbar-demo", hidden: true })),
    userMenu,
  ];
}

/** Shows `state` in the top bar (text, tone, and the action a click will take). */
export function showSyncState(topbar, state) {
  const label = syncLabel(state, language());
  const button = topbar.querySelector("#sync-state");
  button.dataset.tone = label.tone;
  button.dataset.state = label.key.replace("sync_state.", "");
  button.title = t(state.run === "copying" ? "sync_state.open_progress" : "sync_state.check_now");
  topbar.querySelector("#sync-state-text").textContent = label.text;
}
