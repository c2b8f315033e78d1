// The Leads and Deals tabs of Contacts: a list filtered by title (each opens its record's
// page) and a form to add one (title required; the contact chosen among the contacts).
// Titles and values are untrusted text.
import { h } from "../../lib/dom.js";
import { t, said, named } from "../../lib/i18n.js";
import { visible } from "../../lib/format.js";
import { createOpportunity, listContacts, listOpportunities } from "../../ipc/people.js";

/** The fields of the form for `kind` beyond title, contact, value and currency. */
export const EXTRA_FIELDS = { lead: ["source"], deal: ["stage", "status"] };

/** One row: the title, then value and what the kind adds (stage and status, or source). */
export function opportunityItem(o, kind, onOpen) {
  const money = o.value ? `${o.value}${o.currency ? ` ${o.currency}` : ""}` : "";
  const extra = EXTRA_FIELDS[kind].map((f) => o[f]).filter(Boolean).map(visible);
  return h("li", { class: "contact opportunity", "data-id": o.id },
    h("button", { type: "button", class: "link contact-name", dir: "auto", onclick: () => onOpen({ kind, id: o.id }) }, visible(o.title)),
    money ? h("span", { class: "contact-phones" }, visible(money)) : null,
    extra.length ? h("span", { class: "hint" }, extra.join(" · ")) : null);
}

/** The form's values as the core's fields (empty text as null). */
export function formFields(form, kind) {
  const value = (name) => {
    const el = form.querySelector(`[name=${name}]`);
    const text = el ? el.value.trim() : "";
    return text || null;
  };
  const fields = { title: value("title") || "", contact_id: value("contact_id") ? Number(value("contact_id")) : null, value: value("value"), currency: value("currency") };
  for (const f of EXTRA_FIELDS[kind]) fields[f] = value(f);
  return fields;
}

/**
 * The fields of a lead or deal form (ids start with `prefix`), filled with `values` (an
 * opportunity being edited). The contact list is filled by [fillContacts].
 */
export function opportunityFields(kind, prefix, values = {}) {
  const field = (key, name, attrs = {}) => h("label", { class: "field" }, said("span", key),
    h("input", { class: "input", name, id: `${prefix}-${name}`, value: values[name] || null, ...attrs }));
  const contact = h("select", { class: "input", name: "contact_id", id: `${prefix}-contact`, "data-chosen": values.contact_id || "", ...named("record.contact") },
    h("option", { value: "" }, t("records.no_contact")));
  return [
    field("records.title", "title", { required: true }),
    h("label", { class: "field" }, said("span", "record.contact"), contact),
    field("record.value", "value", { inputmode: "decimal", placeholder: "1200.00" }),
    field("records.currency", "currency", { placeholder: "EUR", maxlength: 3 }),
    EXTRA_FIELDS[kind].map((f) => field(`record.${f}`, f)),
  ];
}

/** Fills a form's contact list, choosing the contact it was made with. */
export async function fillContacts(select) {
  const people = await listContacts("");
  const chosen = select.dataset.chosen;
  select.append(...people.map((p) => h("option", { value: p.id, selected: String(p.id) === chosen }, visible(p.name))));
  if (chosen) select.value = chosen;
}

/** Mounts the tab of `kind` ("lead" | "deal") in `panel`; `onOpen(record)` opens a page. */
export function mountOpportunities(panel, kind, { onOpen, fail }) {
  const list = h("ul", { class: "contact-list", id: `${kind}-list` });
  const empty = said("p", `records.${kind}s_empty`, { class: "hint", id: `${kind}s-empty`, hidden: true });
  const filter = h("input", { type: "search", class: "input", id: `${kind}s-filter`, ...named("records.filter"), placeholder: t("records.filter") });
  const form = h("form", { class: "card contact-form", id: `${kind}-form` },
    said("h2", `records.add_${kind}`),
    opportunityFields(kind, kind),
    h("div", { class: "actions" }, said("button", `records.add_${kind}`, { type: "submit", class: "button primary", id: `${kind}-add` })));
  panel.replaceChildren(
    h("section", { class: "card" }, said("h2", `records.${kind}s_title`), filter, empty, list),
    form);

  async function refresh() {
    try {
      const items = await listOpportunities(kind, filter.value.trim());
      list.replaceChildren(...items.map((o) => opportunityItem(o, kind, onOpen)));
      empty.hidden = items.length > 0;
      list.dataset.loaded = "true";
    } catch (e) {
      fail(e);
    }
  }
  filter.addEventListener("input", refresh);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const created = await createOpportunity(kind, formFields(form, kind));
      form.reset();
      await refresh();
      list.dataset.created = String(created.id);
    } catch (e) {
      fail(e);
    }
  });
  fillContacts(form.querySelector("select[name=contact_id]")).catch(fail);
  refresh();
}
