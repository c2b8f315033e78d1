// Settings: the interface language (applied at once, remembered), the users of this
// installation, the Twilio connection, how often new messages are copied, backups and
// disconnecting Twilio (backups.js). What this
// version cannot do yet is shown disabled with a one-line reason, never faked.
import { h } from "../../lib/dom.js";
import { said, named, language } from "../../lib/i18n.js";
import { formatPhone, maskSid, visible } from "../../lib/format.js";
import { listConversations } from "../../ipc/inbox.js";
import { backupsSection, disconnectSection } from "./backups.js";

/** Sync intervals the issue asks for; the app cannot store one yet (see `interval`). */
const INTERVALS = ["1", "5", "15", "manual"];

const section = (id, titleKey, ...content) =>
  h("section", { class: "card settings-section", id, "aria-labelledby": `${id}-title` },
    said("h2", titleKey, { id: `${id}-title` }),
    ...content);

const row = (labelKey, valueId, value = "") =>
  h("div", { class: "settings-row" }, said("dt", labelKey), h("dd", { id: valueId }, value));

function languageSection(pick) {
  const button = (lang) =>
    said("button", `language.${lang}`, {
      type: "button",
      id: `settings-lang-${lang}`,
      "data-lang": lang,
      lang,
      "aria-pressed": "false",
      onclick: () => pick(lang),
    });
  return section("settings-language", "settings.language_title",
    h("div", { class: "segmented", role: "group", ...named("settings.language_title") }, button("fr"), button("en")),
    said("p", "settings.language_hint", { class: "hint", id: "settings-language-hint" }));
}

function usersSection() {
  return section("settings-users", "settings.users_title",
    h("div", { class: "user-card" },
      h("span", { class: "user-avatar", "aria-hidden": "true" }),
      h("div", { class: "user-card-text" },
        said("span", "user.role_owner", { class: "user-card-role", id: "settings-role" }),
        said("span", "settings.owner_text", { class: "hint" }))),
    h("div", { class: "actions" },
      said("button", "settings.add_user", {
        type: "button", class: "button secondary", id: "settings-add-user", disabled: true, "aria-describedby": "settings-users-reason",
      }),
      said("span", "settings.users_reason", { class: "hint", id: "settings-users-reason" })));
}

function connectionSection() {
  return section("settings-twilio", "settings.twilio_title",
    said("p", "settings.demo_connection", { class: "notice", id: "settings-demo", hidden: true }),
    h("dl", { class: "settings-list" },
      row("settings.account_name", "settings-account-name", "—"),
      row("settings.account_sid", "settings-account-sid", "—"),
      h("div", { class: "settings-row" },
        said("dt", "settings.senders"),
        h("dd", {}, h("ul", { class: "settings-senders", id: "settings-senders" })))),
    said("p", "settings.twilio_hint", { class: "hint" }));
}

function intervalSection() {
  const option = (value) =>
    h("label", { class: "radio" },
      h("input", { type: "radio", name: "interval", value, id: `settings-interval-${value}`, disabled: true, checked: value === "manual" }),
      said("span", `settings.interval_${value}`));
  return section("settings-sync", "settings.interval_title",
    h("fieldset", { class: "field interval", disabled: true, "aria-describedby": "settings-interval-reason" },
      said("legend", "settings.interval_legend", { class: "sr-only" }),
      h("div", { class: "interval-options" }, INTERVALS.map(option))),
    said("p", "settings.interval_reason", { class: "hint", id: "settings-interval-reason" }));
}

function recheckSection(recheck) {
  return section("settings-statuses", "settings.recheck_title",
    said("p", "settings.recheck_hint", { class: "hint", id: "settings-recheck-hint" }),
    h("div", { class: "actions" },
      said("button", "settings.recheck", {
        type: "button", class: "button secondary", id: "settings-recheck", "aria-describedby": "settings-recheck-hint", onclick: recheck,
      })));
}

function markLanguage(root) {
  for (const button of root.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === language()));
  }
}

/** Fills the connection card from the archive's overview. */
function showConnection(root, overview) {
  const el = (id) => root.querySelector(`#${id}`);
  el("settings-demo").hidden = overview.kind !== "demo";
  el("settings-account-name").textContent = overview.account_name ? visible(overview.account_name) : "—";
  el("settings-account-sid").textContent = maskSid(overview.account_sid);
  const senders = overview.senders || [];
  el("settings-senders").replaceChildren(
    ...(senders.length ? senders.map((s) => h("li", { class: "mono-number" }, formatPhone(s))) : [h("li", {}, "—")]),
  );
}

export const settings = {
  framed: true,
  mount(root, app) {
    let alive = true;
    let kind = "own";
    const error = h("p", { class: "alert", id: "settings-error", role: "alert", hidden: true });
    const pick = async (lang) => {
      error.hidden = true;
      try {
        await app.changeLanguage(lang);
      } catch (failure) {
        error.textContent = failure.message;
        error.hidden = false;
      }
      markLanguage(root);
    };
    const backups = backupsSection();
    const disconnect = disconnectSection({ onFinished: () => backups.load() });
    root.replaceChildren(
      h("section", { class: "screen narrow", "data-screen": "settings" },
        said("h1", "settings.title", { id: "settings-title" }),
        error,
        languageSection(pick),
        usersSection(),
        connectionSection(),
        intervalSection(),
        recheckSection(() => app.show("sync", { mode: kind, resume: true, full: true })),
        backups.card,
        disconnect.card),
    );
    markLanguage(root);
    backups.load();
    disconnect.load();
    listConversations()
      .then(({ overview }) => {
        if (!alive) return;
        kind = overview.kind || kind;
        showConnection(root, overview);
      })
      .catch((failure) => {
        if (!alive) return;
        error.textContent = failure.message;
        error.hidden = false;
      });
    return () => {
      alive = false;
    };
  },
  relabel: markLanguage,
};

