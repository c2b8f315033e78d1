// Settings → CRM (Pipedrive): connect with an API token (kept in the keychain by the core,
// never shown back), the connected company, "Import now" with progress and Stop, the notes
// sent / waiting / failed (with the reason in plain words, and a retry), disconnect. With no
// company connected, the card teaches what the link does and where the token is.
// The same core calls as `passerelle crm …`.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, named, language } from "../../lib/i18n.js";
import { formatDate, formatNumber, formatTime, visible } from "../../lib/format.js";
import {
  crmStatus, crmConnect, crmImport, crmPush, crmCancel, crmDisconnect, onCrmProgress,
} from "../../ipc/crm.js";

/** Unix seconds → ISO (the core's CRM tables keep unix seconds). */
const iso = (unix) => (unix ? new Date(unix * 1000).toISOString() : null);

/** When the last import finished (the latest walk's end, unix seconds), or null. */
export function lastImport(walks = []) {
  const ends = walks.map((w) => w.finished_at).filter((v) => typeof v === "number");
  return ends.length ? Math.max(...ends) : null;
}

/** Whether an import was stopped and will resume where it stopped. */
export function importUnfinished(walks = []) {
  return walks.some((w) => typeof w.started_at === "number");
}

/** A failed note's Pipedrive record, in words: "person:12" → "Pipedrive person 12". */
export function targetLabel(target) {
  const [kind, ...rest] = String(target || "").split(":");
  const id = rest.join(":");
  const key = { person: "crm.target_person", deal: "crm.target_deal", lead: "crm.target_lead" }[kind];
  return key ? t(key, { id }) : visible(String(target || ""));
}

/** The progress line of an import or a push (a `crm-progress` payload). */
export function progressText(p, lang = language()) {
  if (!p) return "";
  if (p.work === "push") {
    return t("crm.push_progress", { done: formatNumber(p.done, lang), total: formatNumber(p.total, lang) });
  }
  return t("crm.import_progress", { what: t(`crm.entity_${p.entity}`), items: formatNumber(p.items, lang) });
}

/** "120 contacts, 30 deals, 8 leads" (and how many were deleted in Pipedrive). */
export function recordsLine(status, lang = language()) {
  const n = (v) => formatNumber(v || 0, lang);
  const r = status.records || {};
  const d = status.deleted || {};
  const deleted = (d.contacts || 0) + (d.deals || 0) + (d.leads || 0);
  const line = t("crm.records_counts", { contacts: n(r.contacts), deals: n(r.deals), leads: n(r.leads) });
  return deleted ? `${line} ${t("crm.records_deleted", { count: n(deleted) })}` : line;
}

/** What an import did, in one line. */
export function importDone(report, lang = language()) {
  const n = (v) => formatNumber(v || 0, lang);
  const sum = (k) => report.persons[k] + report.deals[k] + report.leads[k];
  return t("crm.import_done", { created: n(sum("created")), updated: n(sum("updated")), linked: n(report.linked_conversations) });
}

/** What a push did, in one line. */
export function pushDone(result, lang = language()) {
  const n = (v) => formatNumber(v || 0, lang);
  const r = result.report;
  return t("crm.push_done", { sent: n(r.created + r.recovered + r.updated), unchanged: n(r.unchanged), failed: n(r.failed.length) });
}

function teach() {
  return h("div", { class: "crm-teach", id: "settings-crm-teach" },
    said("p", "crm.what"),
    h("ol", { class: "crm-steps" },
      said("li", "crm.token_where_1"),
      said("li", "crm.token_where_2"),
      said("li", "crm.token_where_3")),
    said("p", "crm.admin_hint", { class: "hint" }));
}

function connectForm(onConnect) {
  const domain = h("input", {
    class: "input", id: "settings-crm-domain", autocomplete: "off", spellcheck: "false",
    placeholder: t("crm.domain_placeholder"), ...named("crm.domain"),
  });
  const token = h("input", {
    class: "input", id: "settings-crm-token", type: "password", autocomplete: "off", spellcheck: "false", ...named("crm.token"),
  });
  const submit = said("button", "crm.connect", { type: "submit", class: "button", id: "settings-crm-connect" });
  const form = h("form", { class: "crm-connect field-group", id: "settings-crm-form" },
    h("label", { class: "field" }, said("span", "crm.domain"), domain),
    h("label", { class: "field" }, said("span", "crm.token"), token),
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      // Kept in the field after a refusal (to correct it), gone from the page once connected.
      if (await onConnect(domain.value.trim(), token.value)) token.value = "";
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The CRM card: `{card, load}`. */
export function crmSection() {
  const error = h("p", { class: "alert", id: "settings-crm-error", role: "alert", hidden: true });
  const status = h("p", { class: "hint", id: "settings-crm-status", role: "status", "aria-live": "polite" });
  const body = h("div", { class: "settings-section", id: "settings-crm-body" });
  let running = false;
  const fail = (failure) => showAlert(error, failure.message, failure.code);
  const clear = () => {
    error.hidden = true;
    delete error.dataset.code;
  };

  const load = async () => {
    try {
      const screen = await crmStatus();
      body.replaceChildren(...(screen.status.connection ? connected(screen) : notConnected()).filter(Boolean));
      body.dataset.loaded = screen.status.connection ? "connected" : "empty";
    } catch (failure) {
      fail(failure);
    }
  };

  const notConnected = () => [teach(), connectForm(async (domain, token) => {
    clear();
    try {
      const c = await crmConnect(domain, token);
      status.textContent = t("crm.connected_as", { company: visible(c.company_name || c.company_domain), user: visible(c.user_name || "") });
      await load();
      return true;
    } catch (failure) {
      fail(failure);
      return false;
    }
  })];

  /** Runs an import or a push with its progress and Stop; `done(result)` says what it did. */
  const work = async (run, done, buttons) => {
    if (running) return;
    running = true;
    clear();
    buttons.forEach((b) => { b.disabled = true; });
    const stop = body.querySelector("#settings-crm-stop");
    stop.hidden = false;
    status.textContent = t("crm.starting");
    const unsubscribe = await onCrmProgress((p) => { status.textContent = progressText(p); });
    try {
      status.textContent = done(await run());
    } catch (failure) {
      // Stopped by the user: said as a status (what was done stays), not as an error.
      status.textContent = failure.code === "cancelled" ? failure.message : "";
      if (failure.code !== "cancelled") fail(failure);
    } finally {
      unsubscribe();
      running = false;
      stop.hidden = true;
      buttons.forEach((b) => { b.disabled = false; });
      await load();
    }
  };

  const connected = (screen) => {
    const s = screen.status;
    const c = s.connection;
    const row = (key, id, value) => h("div", { class: "settings-row" }, said("dt", key), h("dd", { id }, value));
    const last = lastImport(s.walks);
    const user = `${visible(c.user_name || "—")}${c.is_admin ? ` · ${t("crm.admin")}` : ""}`;
    const importButton = said("button", "crm.import_now", { type: "button", class: "button", id: "settings-crm-import" });
    const pushButton = said("button", screen.failures.length ? "crm.push_retry" : "crm.push_now", {
      type: "button", class: "button secondary", id: "settings-crm-push",
    });
    const stop = said("button", "crm.stop", { type: "button", class: "button secondary", id: "settings-crm-stop", hidden: true });
    const buttons = [importButton, pushButton];
    importButton.addEventListener("click", () => work(crmImport, importDone, buttons));
    pushButton.addEventListener("click", () => work(crmPush, pushDone, buttons));
    stop.addEventListener("click", () => crmCancel().catch(fail));
    if (screen.busy && !running) {
      // Started before this card was drawn (the user came back to Settings): it can be
      // stopped from here; the card reads the outcome again once it has stopped.
      buttons.forEach((b) => { b.disabled = true; });
      stop.hidden = false;
      status.textContent = t("crm.busy");
      stop.addEventListener("click", () => setTimeout(load, 1000));
    }
    const failures = screen.failures.map((f) => h("li", { class: "crm-failure", "data-note": f.note_key },
      h("span", { class: "crm-failure-target" }, targetLabel(f.target)), " — ",
      h("span", { class: "crm-failure-reason" }, visible(f.error_message || ""))));
    const confirm = h("div", { class: "confirm", id: "settings-crm-disconnect-confirm", hidden: true },
      said("p", "crm.disconnect_confirm"),
      h("div", { class: "actions" },
        said("button", "crm.disconnect_yes", {
          type: "button", class: "button danger", id: "settings-crm-disconnect-yes",
          onclick: async () => {
            clear();
            try {
              await crmDisconnect();
              status.textContent = t("crm.disconnected");
              await load();
            } catch (failure) {
              fail(failure);
            }
          },
        }),
        said("button", "settings.cancel", {
          type: "button", class: "button secondary", id: "settings-crm-disconnect-cancel", onclick: () => { confirm.hidden = true; },
        })));
    return [
      h("dl", { class: "settings-list", id: "settings-crm-facts" },
        row("crm.company", "settings-crm-company", `${visible(c.company_name || "—")} (${c.company_domain}.pipedrive.com)`),
        row("crm.user", "settings-crm-user", user),
        row("crm.last_import", "settings-crm-last-import",
          last ? `${formatDate(iso(last), language())} ${formatTime(iso(last), language())}` : t(importUnfinished(s.walks) ? "crm.import_unfinished" : "crm.never")),
        row("crm.records", "settings-crm-records", recordsLine(s))),
      said("p", "crm.import_hint", { class: "hint" }),
      h("div", { class: "actions" }, importButton, stop),
      said("h3", "crm.notes_title"),
      h("p", { id: "settings-crm-notes" }, t("crm.notes_counts", {
        pushed: formatNumber(s.notes_pushed, language()),
        pending: formatNumber(s.notes_pending, language()),
        failed: formatNumber(s.notes_failed, language()),
      })),
      said("p", c.is_admin ? "crm.notes_hint" : "crm.notes_hint_member", { class: "hint" }),
      failures.length ? h("ul", { class: "crm-failures", id: "settings-crm-failures", ...named("crm.failures") }, failures) : null,
      h("div", { class: "actions" }, pushButton,
        said("button", "crm.disconnect", {
          type: "button", class: "button secondary", id: "settings-crm-disconnect", onclick: () => { confirm.hidden = false; },
        })),
      confirm,
    ];
  };

  const card = h("section", { class: "card settings-section", id: "settings-crm", "aria-labelledby": "settings-crm-title" },
    said("h2", "crm.title", { id: "settings-crm-title" }),
    body,
    error,
    status);
  return { card, load };
}
