// The Templates screen: every template of the account from the archive (works offline) with
// its language, category, body and variables, approval state (unknown ones as they come) and
// last change; filters by state and language; a refresh from Twilio; a rejected template's
// reason and what to change; "Edit" as a new submission; delete behind a warning. Template
// bodies and names are untrusted: text only.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named, language } from "../../lib/i18n.js";
import { formatWhen, visible } from "../../lib/format.js";
import { listTemplates, refreshTemplates, templateCopy, deleteTemplate } from "../../ipc/templates.js";
import { createEditor } from "./template-editor.js";
import { offlineBanner, showOffline, needTwilio } from "../whatsapp/offline.js";

/** The states a filter offers (others still show in the list, as Twilio sent them). */
export const STATES = ["approved", "pending", "received", "rejected", "paused", "disabled", "unsubmitted"];

/** A body with its `{{n}}` variables marked, as text nodes and <mark> elements only. */
export function bodyWithVariables(body) {
  return String(body).split(/(\{\{[^{}]*\}\})/).filter(Boolean)
    .map((part) => (/^\{\{[^{}]*\}\}$/.test(part) ? h("mark", { class: "template-var" }, part) : visible(part)));
}

const whenOf = (unix) => (unix ? formatWhen(new Date(unix * 1000).toISOString(), language()) : "—");

function row(tpl, byId, actions) {
  const s = tpl;
  const nameOf = (sid) => (byId.get(sid) ? byId.get(sid).name : sid);
  return h("li", { class: "card template-row", "data-sid": s.sid, "data-state": s.state },
    h("div", { class: "template-head" },
      h("h3", { class: "template-name mono", dir: "auto" }, visible(s.name)),
      h("span", { class: "badge template-state", "data-state": s.state }, visible(tpl.state_label))),
    h("p", { class: "template-meta hint" },
      t("templates.meta", { language: visible(s.language), category: visible(tpl.category_label || "—"), when: whenOf(s.date_updated) })),
    h("p", { class: "template-body", dir: "auto" }, bodyWithVariables(s.body)),
    tpl.variables.length > 0 && h("p", { class: "hint template-variables" }, t("templates.variables", { list: tpl.variables.map((v) => `{{${v}}}`).join(", ") })),
    s.rejection_reason && h("div", { class: "template-rejection" },
      said("h4", "templates.reason_title"),
      h("p", { class: "template-reason mono", dir: "auto" }, visible(s.rejection_reason)),
      tpl.explanation && h("div", { class: "template-explanation" },
        said("h4", "templates.explanation_title"),
        tpl.explanation.split("\n").map((line) => h("p", {}, line)))),
    s.replaced_by && h("p", { class: "notice template-replaced" }, t("templates.replaced_by", { name: visible(nameOf(s.replaced_by)) })),
    tpl.replaces && h("p", { class: "hint template-replaces" }, t("templates.replaces", { name: visible(nameOf(tpl.replaces)) })),
    h("div", { class: "actions" },
      said("button", tpl.submitted ? "templates.edit_copy" : "templates.edit", { type: "button", class: "button secondary template-edit", onclick: () => actions.edit(tpl) }),
      said("button", "templates.delete", { type: "button", class: "button secondary template-delete", onclick: () => actions.remove(tpl) })));
}

function skeleton(handlers) {
  const select = (id, labelKey, onchange) => h("label", { class: "template-filter" }, said("span", labelKey), h("select", { id, onchange }));
  return h("section", { class: "screen templates-screen", "data-screen": "templates" },
    h("div", { class: "list-header" },
      h("div", { class: "list-title" },
        said("h1", "templates.title", { id: "templates-title" }),
        h("p", { class: "lead-muted", id: "templates-summary" })),
      h("div", { class: "actions" },
        said("button", "templates.refresh", { type: "button", class: "button secondary", id: "templates-refresh", onclick: handlers.refresh }),
        said("button", "templates.new", { type: "button", class: "button", id: "templates-new", onclick: handlers.create }))),
    h("div", { class: "template-filters", role: "group", ...named("templates.filters") },
      select("templates-filter-state", "templates.filter_state", handlers.filter),
      select("templates-filter-language", "templates.filter_language", handlers.filter)),
    h("p", { class: "alert", id: "templates-error", role: "alert", hidden: true }),
    offlineBanner("templates", handlers.refresh),
    h("p", { class: "notice ok", id: "templates-done", role: "status", hidden: true }),
    h("div", { class: "notice template-delete-warning", id: "template-delete-warning", role: "alertdialog", hidden: true,
      onkeydown: (event) => event.key === "Escape" && handlers.cancelDelete() },
      h("p", { id: "template-delete-text" }),
      h("div", { class: "actions" },
        said("button", "templates.delete_confirm", { type: "button", class: "button", id: "template-delete-confirm" }),
        said("button", "templates.cancel", { type: "button", class: "button secondary", id: "template-delete-cancel", onclick: handlers.cancelDelete }))),
    h("section", { class: "card template-editor", id: "template-editor", hidden: true }),
    said("p", "templates.empty", { class: "hint", id: "templates-empty", hidden: true }),
    h("ul", { class: "template-list", id: "template-list", ...named("templates.title") }));
}

function fillFilters(root, languages) {
  const state = root.querySelector("#templates-filter-state");
  const lang = root.querySelector("#templates-filter-language");
  const keep = (select) => select.value;
  const [s, l] = [keep(state), keep(lang)];
  state.replaceChildren(said("option", "templates.all_states", { value: "" }), ...STATES.map((v) => said("option", `templates.state.${v}`, { value: v })));
  lang.replaceChildren(said("option", "templates.all_languages", { value: "" }), ...languages.map((v) => h("option", { value: v }, visible(v))));
  state.value = s;
  lang.value = l;
}

export const templates = {
  framed: true,
  mount(root) {
    let alive = true;
    let pendingDelete = null;
    let offline = null; // {as_of, reason} while Twilio cannot be reached
    let refreshedAt = null; // when the archive's list was last read from Twilio
    const el = (id) => root.querySelector(`#${id}`);
    const fail = (error) => alive && showAlert(el("templates-error"), error.message, error.code);
    const done = (text) => {
      el("templates-done").textContent = text;
      el("templates-done").hidden = false;
    };

    async function load() {
      const filter = {};
      if (el("templates-filter-state").value) filter.state = el("templates-filter-state").value;
      if (el("templates-filter-language").value) filter.language = el("templates-filter-language").value;
      const list = await listTemplates(filter);
      if (!alive) return;
      fillFilters(root, list.languages);
      el("template-delete-text").textContent = list.delete_warning;
      const byId = new Map(list.templates.map((x) => [x.sid, x]));
      el("templates-summary").textContent = t("templates.summary", { n: list.templates.length });
      el("templates-empty").hidden = list.templates.length > 0;
      el("template-list").replaceChildren(...list.templates.map((x) => row(x, byId, actions)));
      refreshedAt = list.refreshed_at || null;
      showOfflineState();
      el("template-list").dataset.loaded = "true";
    }

    /** The banner and every Twilio-only button (refresh, new, edit-as-copy, delete). */
    function showOfflineState() {
      showOffline(root, "templates", offline);
      const buttons = [el("templates-refresh"), el("templates-new"), el("template-submit"), ...root.querySelectorAll(".template-edit, .template-delete")];
      needTwilio(buttons, Boolean(offline));
      el("template-list").dataset.offline = String(Boolean(offline));
      if (offline) el("template-delete-warning").hidden = true;
    }

    /** A refresh that failed because Twilio cannot be reached: the archive's list stays, said so. */
    function wentOffline(error) {
      offline = { as_of: refreshedAt, reason: { code: error.code, message: error.message } };
      showOfflineState();
    }

    async function refresh() {
      el("templates-error").hidden = true;
      el("templates-refresh").disabled = true;
      try {
        const n = await refreshTemplates();
        offline = null;
        await load();
        done(t("templates.refreshed", { n }));
      } catch (error) {
        if (!alive) return;
        if (error.code === "network") wentOffline(error);
        else fail(error);
      } finally {
        if (alive) el("templates-refresh").disabled = Boolean(offline);
      }
    }

    let editor = null;

    const actions = {
      edit: (tpl) => {
        el("templates-done").hidden = true;
        // Always a copy under a new name: a submitted template cannot change (92009).
        const open = templateCopy(tpl.sid).then((d) => editor.open(d, tpl));
        Promise.resolve(open).catch(fail);
      },
      remove: (tpl) => {
        pendingDelete = tpl;
        el("template-delete-warning").hidden = false;
        el("template-delete-confirm").focus();
      },
    };

    root.replaceChildren(skeleton({
      refresh: () => refresh(),
      create: () => editor.open({}).catch(fail),
      filter: () => load().catch(fail),
      cancelDelete: () => {
        pendingDelete = null;
        el("template-delete-warning").hidden = true;
      },
    }));
    editor = createEditor(el("template-editor"), {
      onDone: (created) => {
        done(t("templates.submitted", { name: created.name }));
        load().catch(fail);
      },
      onClose: () => {},
    });
    el("template-delete-confirm").addEventListener("click", async () => {
      const tpl = pendingDelete;
      el("template-delete-warning").hidden = true;
      if (!tpl) return;
      try {
        await deleteTemplate(tpl.sid);
        done(t("templates.deleted", { name: tpl.name }));
        await load();
      } catch (error) {
        fail(error);
      }
    });
    fillFilters(root, []);
    load().then(() => alive && refresh()).catch(fail);
    return () => {
      alive = false;
    };
  },
};
