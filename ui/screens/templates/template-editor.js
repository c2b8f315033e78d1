// The template form: a new template, or "Edit" of a submitted one — which is a copy under a
// new name, since WhatsApp never lets a submitted template change (Twilio answers 92009). The
// core checks the draft as the user types and renders the message a customer gets.
import { h, showAlert } from "../../lib/dom.js";
import { t, said } from "../../lib/i18n.js";
import { visible } from "../../lib/format.js";
import { checkTemplateDraft, submitTemplate } from "../../ipc/templates.js";
import { countOf } from "../whatsapp/profile-form.js";

/** Template text plus parameters: at most 1,024 characters (63021), counted like the core. */
const BODY_MAX = 1024;
const CATEGORIES = ["utility", "marketing", "authentication"];

const idOf = (field) => field.replace(/\./g, "-");

function field(labelKey, id, control, extra = null) {
  return h("div", { class: "field" },
    h("div", { class: "wa-label-row" }, said("label", labelKey, { for: id }), extra),
    control,
    h("p", { class: "field-error", id: `tpl-error-${idOf(id.replace("tpl-", ""))}`, hidden: true }));
}

/** The editor over `card` (an empty element); `onDone(template)` after a submission. */
export function createEditor(card, { onDone, onClose }) {
  let replaces = null;
  let samples = {};
  let checking = 0;
  const el = (id) => card.querySelector(`#${id}`);

  const input = (id, attrs = {}) => h("input", { id, dir: "auto", oninput: () => check(), ...attrs });
  card.replaceChildren(
    h("h2", { id: "template-editor-title" }),
    h("p", { class: "hint", id: "template-copy-note", hidden: true }),
    h("div", { class: "template-editor-grid" },
      h("div", { class: "form" },
        field("templates.field.name", "tpl-name", input("tpl-name", { class: "mono", spellcheck: "false" })),
        field("templates.field.language", "tpl-language", input("tpl-language", { class: "mono" })),
        field("templates.field.category", "tpl-category",
          h("select", { id: "tpl-category", onchange: () => check() },
            CATEGORIES.map((c) => said("option", `templates.category.${c}`, { value: c })))),
        field("templates.field.body", "tpl-body",
          h("textarea", { id: "tpl-body", rows: 5, dir: "auto", oninput: () => check() }),
          h("span", { class: "wa-counter", id: "tpl-count-body", "aria-live": "polite" })),
        h("fieldset", { class: "field", id: "tpl-samples" }, said("legend", "templates.field.samples")),
        h("p", { class: "alert", id: "template-submit-error", role: "alert", hidden: true }),
        h("div", { class: "actions" },
          said("button", "templates.submit", { type: "button", class: "button", id: "template-submit", onclick: () => submit() }),
          said("button", "templates.cancel", { type: "button", class: "button secondary", id: "template-cancel", onclick: () => close() }))),
      h("div", { class: "template-preview-card" },
        said("h3", "templates.preview_title"),
        h("div", { class: "wa-chat" }, h("p", { class: "wa-bubble", id: "template-preview", dir: "auto" })))));

  function draft() {
    return {
      name: el("tpl-name").value.trim(),
      language: el("tpl-language").value.trim(),
      category: el("tpl-category").value,
      body: el("tpl-body").value,
      samples: { ...samples },
    };
  }

  function sampleInputs(variables) {
    const box = el("tpl-samples");
    const kept = Object.fromEntries(variables.map((v) => [v, samples[v] ?? ""]));
    samples = kept;
    const existing = [...box.querySelectorAll("input")].map((i) => i.dataset.key).join(",");
    if (existing === variables.join(",")) return;
    const none = variables.length === 0 ? [said("p", "templates.no_variables", { class: "hint" })] : [];
    box.replaceChildren(said("legend", "templates.field.samples"), ...none,
      ...variables.map((v) => h("div", { class: "field template-sample" },
        h("label", { for: `tpl-sample-${idOf(v)}` }, t("templates.sample_for", { variable: `{{${v}}}` })),
        h("input", { id: `tpl-sample-${idOf(v)}`, "data-key": v, value: samples[v], dir: "auto", oninput: (e) => { samples[v] = e.target.value; check(); } }),
        h("p", { class: "field-error", id: `tpl-error-samples-${idOf(v)}`, hidden: true }))));
  }

  async function check() {
    const d = draft();
    const { count, over } = countOf(d.body, BODY_MAX);
    el("tpl-count-body").textContent = t("whatsapp.counter", { count, max: BODY_MAX });
    el("tpl-count-body").classList[over ? "add" : "remove"]("over");
    const mine = ++checking;
    const verdict = await checkTemplateDraft(d);
    if (mine !== checking) return verdict;
    sampleInputs(verdict.variables);
    el("template-preview").textContent = visible(verdict.preview);
    for (const e of card.querySelectorAll(".field-error")) e.hidden = true;
    for (const error of verdict.errors) {
      const target = el(`tpl-error-${idOf(error.field)}`);
      if (!target) continue;
      target.textContent = error.message;
      target.hidden = false;
    }
    el("template-submit").dataset.invalid = String(verdict.errors.length > 0);
    return verdict;
  }

  async function submit() {
    el("template-submit-error").hidden = true;
    const verdict = await check();
    if (verdict.errors.length > 0) return;
    el("template-submit").disabled = true;
    try {
      const created = await submitTemplate(draft(), replaces);
      close();
      onDone(created);
    } catch (error) {
      showAlert(el("template-submit-error"), error.message, error.code);
    } finally {
      // Still disabled while the screen is offline (Twilio cannot be reached).
      el("template-submit").disabled = el("template-submit").dataset.offline === "true";
    }
  }

  function close() {
    card.hidden = true;
    onClose();
  }

  return {
    /** Opens the form on `d` (a draft); `original` is the template it replaces, if any. */
    open(d, original = null) {
      replaces = original ? original.sid : null;
      samples = { ...(d.samples || {}) };
      el("template-editor-title").textContent = original ? t("templates.edit_title", { name: original.name }) : t("templates.new_title");
      el("template-copy-note").textContent = original ? t("templates.copy_note", { name: original.name }) : "";
      el("template-copy-note").hidden = !original;
      el("tpl-name").value = d.name || "";
      el("tpl-language").value = d.language || "fr";
      el("tpl-category").value = d.category || "utility";
      el("tpl-body").value = d.body || "";
      el("tpl-samples").replaceChildren(said("legend", "templates.field.samples"));
      card.hidden = false;
      el("tpl-name").focus();
      return check().catch((error) => showAlert(el("template-submit-error"), error.message, error.code));
    },
  };
}
