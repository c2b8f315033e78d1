// The sender profile's edit form. Counters count as the core does — UTF-16 code units, which is
// exactly JavaScript's String.length (core/src/field.rs, `whatsapp_len`) — against the limits
// the core sends; the wrong fields and their reasons come from the core's own check, so what
// the user sees and what the core refuses always agree.
import { h } from "../../lib/dom.js";
import { t, said } from "../../lib/i18n.js";

/** The length WhatsApp counts for `text` (UTF-16 code units, like the core's `whatsapp_len`). */
export const whatsappLength = (text) => String(text ?? "").length;

/** A counter's state: {count, max, over}. */
export function countOf(text, max) {
  const count = whatsappLength(text);
  return { count, max, over: count > max };
}

/** The text fields of the form, in order, with their control. */
export const TEXT_FIELDS = [
  { field: "display_name", tag: "input" },
  { field: "about", tag: "textarea", rows: 2 },
  { field: "description", tag: "textarea", rows: 4 },
  { field: "address", tag: "input" },
  { field: "email", tag: "input", type: "email" },
];

/** An element id for a field name as the core spells it (`websites[1]` → `websites-1`). */
export const idOf = (field) => field.replace(/\[(\d+)\]/, "-$1").replace(/\./g, "-");

/** The draft the form holds; websites left empty are dropped (`order` maps draft → input). */
export function readDraft(root) {
  const value = (id) => root.querySelector(`#wa-field-${id}`).value;
  const order = [0, 1].filter((i) => value(`websites-${i}`).trim() !== "");
  return {
    draft: {
      display_name: value("display_name"),
      about: value("about"),
      description: value("description"),
      address: value("address"),
      email: value("email"),
      websites: order.map((i) => value(`websites-${i}`)),
      vertical: value("vertical"),
      logo_url: value("logo_url"),
    },
    order,
  };
}

function counted(field, max, attrs, onInput) {
  const control = h(attrs.tag, {
    id: `wa-field-${idOf(field)}`,
    name: field,
    type: attrs.type,
    rows: attrs.rows,
    dir: "auto",
    "aria-describedby": `wa-count-${idOf(field)} wa-error-${idOf(field)}`,
    oninput: onInput,
  });
  return { control, counter: h("span", { class: "wa-counter", id: `wa-count-${idOf(field)}`, "aria-live": "polite", "data-max": max }) };
}

function fieldBlock(labelKey, field, control, counter) {
  return h("div", { class: "field wa-field" },
    h("div", { class: "wa-label-row" },
      said("label", labelKey, { for: control.getAttribute("id") }),
      counter),
    control,
    h("p", { class: "field-error", id: `wa-error-${idOf(field)}`, hidden: true }));
}

/** The form for `form` (the core's limits and categories); `onInput` runs on every change. */
export function renderForm(form, onInput) {
  const max = (field) => (form.limits.find((l) => l.field === field) || { max: 0 }).max;
  const blocks = TEXT_FIELDS.map((spec) => {
    const { control, counter } = counted(spec.field, max(spec.field), spec, onInput);
    return fieldBlock(`whatsapp.field.${spec.field}`, spec.field, control, counter);
  });
  const sites = [0, 1].map((i) => {
    const { control, counter } = counted(`websites[${i}]`, max("websites"), { tag: "input", type: "url" }, onInput);
    return fieldBlock(`whatsapp.field.website_${i + 1}`, `websites[${i}]`, control, counter);
  });
  const vertical = h("select", { id: "wa-field-vertical", name: "vertical", onchange: onInput, "aria-describedby": "wa-error-vertical" },
    said("option", "whatsapp.no_category", { value: "" }),
    form.verticals.map(([value, label]) => h("option", { value }, label)));
  const logo = h("input", { id: "wa-field-logo_url", name: "logo_url", type: "url", oninput: onInput, "aria-describedby": "wa-logo-hint wa-error-logo_url" });
  return h("div", { class: "form wa-form" },
    ...blocks,
    ...sites,
    h("div", { class: "field wa-field" }, said("label", "whatsapp.field.vertical", { for: "wa-field-vertical" }), vertical,
      h("p", { class: "field-error", id: "wa-error-vertical", hidden: true })),
    h("div", { class: "field wa-field" }, said("label", "whatsapp.field.logo_url", { for: "wa-field-logo_url" }), logo,
      said("p", "whatsapp.logo_hint", { class: "field-hint", id: "wa-logo-hint" }),
      h("p", { class: "field-error", id: "wa-error-logo_url", hidden: true })));
}

/** Puts `profile` (a draft from the core) in the form. */
export function fillForm(root, profile) {
  const set = (id, v) => (root.querySelector(`#wa-field-${id}`).value = v || "");
  for (const { field } of TEXT_FIELDS) set(field, profile[field]);
  set("websites-0", profile.websites[0]);
  set("websites-1", profile.websites[1]);
  set("vertical", profile.vertical);
  set("logo_url", profile.logo_url);
}

/** Writes every counter from the form's values. */
export function showCounters(root) {
  for (const counter of root.querySelectorAll(".wa-counter")) {
    const id = counter.getAttribute("id").replace("wa-count-", "");
    const { count, max, over } = countOf(root.querySelector(`#wa-field-${id}`).value, Number(counter.dataset.max));
    counter.textContent = t("whatsapp.counter", { count, max });
    counter.classList[over ? "add" : "remove"]("over");
    counter.dataset.over = String(over);
  }
}

/** Shows the core's verdict: each wrong field's reason under it, the others cleared. */
export function showErrors(root, errors, order) {
  for (const el of root.querySelectorAll(".wa-form .field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const control of root.querySelectorAll(".wa-form [aria-invalid]")) control.removeAttribute("aria-invalid");
  for (const error of errors) {
    // A website's index in the draft is not its input's when the first input is empty.
    const site = /^websites\[(\d+)\]$/.exec(error.field);
    const id = site ? `websites-${order[Number(site[1])] ?? site[1]}` : idOf(error.field);
    const el = root.querySelector(`#wa-error-${id}`) || root.querySelector("#wa-error-websites-0");
    if (!el) continue;
    el.textContent = error.message;
    el.hidden = false;
    el.dataset.field = error.field;
    const control = root.querySelector(`#wa-field-${id}`);
    if (control) control.setAttribute("aria-invalid", "true");
  }
}
