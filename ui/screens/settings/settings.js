// Settings: the interface language (applied at once, remembered), the users of this
// installation, the Twilio connection, how often new messages are copied, backups and
// disconnecting Twilio (backups.js). What this
// version cannot do yet is shown disabled with a one-line reason, never faked.
import { h } from "../../lib/dom.js";
import { t, said, named, language } from "../../lib/i18n.js";
import { formatPhone, maskSid, visible } from "../../lib/format.js";
import { backupsSection, disconnectSection } from "./backups.js";
import { crmSection } from "./crm.js";
import { eraseSection } from "./erase.js";
import { erasePreview, eraseCustomer, openArchiveFile, closeArchiveFile, openedArchive } from "../../ipc/archive.js";
import { openArchiveSection } from "./open-archive.js";
import { userTools } from "./users.js";
import { auditSection } from "./audit.js";
import { notificationsToggle } from "./notifications.js";
import { startupSection } from "./startup.js";
import { mediaSection } from "./media.js";
import { exportSection } from "./export.js";
import { archiveOverview } from "../../ipc/inbox.js";
import { addUser, listUsers, setSyncInterval, setVisibility, switchUser, syncInterval } from "../../ipc/people.js";

/** Sync intervals offered (minutes, or manual). */
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
    h("p", { class: "hint", id: "settings-current-user" }),
    h("ul", { class: "settings-users", id: "settings-user-list" }),
    h("form", { class: "actions add-user", id: "settings-add-user-form" },
      h("input", { class: "input", id: "settings-user-name", ...named("settings.user_name"), placeholder: t("settings.user_name") }),
      h("select", { class: "input", id: "settings-user-role", ...named("settings.user_role") },
        h("option", { value: "member" }, t("settings.role_member")),
        h("option", { value: "admin" }, t("settings.role_admin"))),
      said("button", "settings.add_user", { type: "submit", class: "button secondary", id: "settings-add-user", "aria-describedby": "settings-users-reason" }),
      said("span", "settings.users_reason_member", { class: "hint", id: "settings-users-reason", hidden: true })),
    h("fieldset", { class: "field visibility", id: "settings-visibility", "aria-describedby": "settings-visibility-reason" },
      said("legend", "settings.visibility_legend"),
      ["private", "shared"].map((v) => h("label", { class: "radio" },
        h("input", { type: "radio", name: "visibility", value: v, id: `settings-visibility-${v}` }),
        said("span", `settings.visibility_${v}`)))),
    said("p", "settings.visibility_reason", { class: "hint", id: "settings-visibility-reason", hidden: true }));
}

const roleKey = (u) => (u.is_owner ? "user.role_owner" : u.role === "admin" ? "settings.role_admin" : "settings.role_member");

/** Fills the users card: who acts, the users (switch with a PIN when set), visibility. */
function showPeople(root, people, { onSwitch, onAdd, onVisibility, onChanged, fail }) {
  const el = (id) => root.querySelector(`#${id}`);
  el("settings-current-user").textContent = t("settings.current_user", { name: visible(people.current.name) });
  el("settings-user-list").replaceChildren(...people.users.map((u) => {
    const pin = u.has_pin ? h("input", { class: "input pin", type: "password", inputmode: "numeric", id: `settings-pin-${u.id}`, ...named("user.pin") }) : null;
    return h("li", { class: "settings-user", "data-user": u.id },
      h("span", { class: "user-name" }, visible(u.name)), " ", h("span", { class: "hint" }, t(roleKey(u))),
      pin,
      u.id === people.current.id ? null : h("button", {
        type: "button", class: "button secondary small", id: `settings-switch-${u.id}`,
        onclick: () => onSwitch(u, pin ? pin.value : null),
      }, t("settings.switch_to", { name: visible(u.name) })),
      userTools(u, people, { onChanged, fail }));
  }));
  const form = el("settings-add-user-form");
  for (const control of form.querySelectorAll("input, select, button")) control.disabled = !people.may_manage;
  el("settings-users-reason").hidden = people.may_manage;
  form.onsubmit = (event) => {
    event.preventDefault();
    onAdd(el("settings-user-name").value.trim(), el("settings-user-role").value);
  };
  const fieldset = el("settings-visibility");
  fieldset.disabled = !people.may_change_visibility;
  el("settings-visibility-reason").hidden = people.may_change_visibility;
  for (const input of fieldset.querySelectorAll("input")) {
    input.checked = input.value === people.visibility;
    input.onchange = () => onVisibility(input.value);
  }
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
      h("input", { type: "radio", name: "interval", value, id: `settings-interval-${value}` }),
      said("span", `settings.interval_${value}`));
  return section("settings-sync", "settings.interval_title",
    h("fieldset", { class: "field interval", id: "settings-interval" },
      said("legend", "settings.interval_legend", { class: "sr-only" }),
      h("div", { class: "interval-options" }, INTERVALS.map(option))),
    h("p", { class: "hint", id: "settings-interval-status", role: "status" }),
    notificationsToggle());
}

/** Interval radio values and their minutes (manual: 0). */
const MINUTES = { 1: 1, 5: 5, 15: 15, manual: 0 };

function showInterval(root, minutes, onChange) {
  for (const input of root.querySelectorAll("#settings-interval input")) {
    input.checked = MINUTES[input.value] === minutes;
    input.onchange = () => onChange(MINUTES[input.value]);
  }
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
    const crm = crmSection();
    const media = mediaSection();
    const exporting = exportSection();
    const backups = backupsSection({ onListed: (list) => opened.offer(list) });
    const disconnect = disconnectSection({ onFinished: () => backups.load() });
    const erase = eraseSection({ preview: erasePreview, erase: eraseCustomer });
    const opened = openArchiveSection({ openedArchive, openArchiveFile, closeArchiveFile }, {
      onChanged: () => app.refreshFrame(),
    });
    const audit = auditSection();
    root.replaceChildren(
      h("section", { class: "screen narrow", "data-screen": "settings" },
        said("h1", "settings.title", { id: "settings-title" }),
        error,
        languageSection(pick),
        usersSection(),
        audit.card,
        connectionSection(),
        intervalSection(),
        startupSection(),
        recheckSection(() => app.show("sync", { mode: kind, resume: true, full: true })),
        media.card,
        exporting.card,
        crm.card,
        backups.card,
        opened.card,
        erase.card,
        disconnect.card),
    );
    markLanguage(root);
    crm.load();
    media.load();
    exporting.load();
    backups.load();
    opened.load();
    disconnect.load();
    const fail = (failure) => {
      if (!alive) return;
      error.textContent = failure.message;
      error.hidden = false;
    };
    archiveOverview().then((overview) => {
      if (!alive) return;
      kind = overview.kind || kind;
      showConnection(root, overview);
    }).catch(fail);
    const loadPeople = () =>
      listUsers()
        .then((people) => alive && (audit.load(people.users), showPeople(root, people, {
          onSwitch: (user, pin) => switchUser(user.id, pin).then(() => {
            loadPeople();
            if (app.frame) app.frame.refresh();
          }).catch(fail),
          onAdd: (name, role) => addUser(name, role).then(() => {
            root.querySelector("#settings-user-name").value = "";
            loadPeople();
          }).catch(fail),
          onVisibility: (v) => setVisibility(v).then(loadPeople).catch((f) => {
            fail(f);
            loadPeople();
          }),
          onChanged: () => {
            error.hidden = true;
            loadPeople();
            if (app.frame) app.frame.refresh();
          },
          fail,
        })))
        .catch(fail);
    loadPeople();
    syncInterval()
      .then((minutes) => alive && showInterval(root, minutes, (m) =>
        setSyncInterval(m).then(() => {
          root.querySelector("#settings-interval-status").textContent = t("settings.interval_saved");
          if (app.frame) app.frame.rescheduleSync();
        }).catch(fail)))
      .catch(fail);
    return () => {
      alive = false;
    };
  },
  relabel: markLanguage,
};

