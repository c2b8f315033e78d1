// When Twilio cannot be reached, the WhatsApp and Templates screens show what the archive last
// read from Twilio, under a banner saying so and as of when, and the buttons that need Twilio
// (save, refresh, create, edit-as-copy, delete) are disabled with the reason, both as a
// tooltip and as visible text (a tooltip alone is missed, and never read on touch screens).
import { h } from "../../lib/dom.js";
import { t, said, language } from "../../lib/i18n.js";
import { formatDate, formatTime } from "../../lib/format.js";

/** "3 December 2026 14:05" for unix seconds; "—" when never. */
export function asOf(unix) {
  if (!unix) return "—";
  const iso = new Date(unix * 1000).toISOString();
  return `${formatDate(iso, language())} ${formatTime(iso, language())}`;
}

/** The banner: offline since when, Twilio's reason, and a "Try again". Hidden until shown. */
export function offlineBanner(prefix, onRetry) {
  return h("div", { class: "notice offline-banner", id: `${prefix}-offline`, role: "status", hidden: true },
    h("p", { class: "offline-title", id: `${prefix}-offline-title` }),
    h("p", { class: "hint", id: `${prefix}-offline-reason` }),
    said("p", "whatsapp.offline_why", { class: "offline-why", id: `${prefix}-offline-why` }),
    h("div", { class: "actions" },
      said("button", "whatsapp.offline_retry", { type: "button", class: "button secondary", id: `${prefix}-offline-retry`, onclick: onRetry })));
}

/** Shows the banner (`offline`: {as_of, reason: {message}}) or hides it (null). */
export function showOffline(root, prefix, offline) {
  const banner = root.querySelector(`#${prefix}-offline`);
  if (!banner) return;
  banner.hidden = !offline;
  if (!offline) return;
  root.querySelector(`#${prefix}-offline-title`).textContent = t("whatsapp.offline_title", { when: asOf(offline.as_of) });
  root.querySelector(`#${prefix}-offline-reason`).textContent = (offline.reason && offline.reason.message) || "";
}

/** Disables `buttons` (offline) with the reason as their tooltip, or gives them back. */
export function needTwilio(buttons, offline) {
  for (const button of buttons) {
    if (!button) continue;
    button.disabled = offline;
    if (offline) {
      button.title = t("whatsapp.offline_why");
      button.dataset.offline = "true";
    } else if (button.dataset.offline) {
      button.removeAttribute("title");
      delete button.dataset.offline;
    }
  }
}
