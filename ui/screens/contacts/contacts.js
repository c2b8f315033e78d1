// Contacts, in three tabs — contacts, leads, deals — each record opening its page (record.js:
// its linked conversations). The contacts tab: the local contacts (name, numbers, email,
// organisation), a form to add one, and an import from a CRM's CSV export in two steps — a preview that maps each column to a field
// (guessed, changeable), lists the bad rows with their reason and says what will be created or
// updated — then the import itself (importing again updates, never doubles). CSV cells are
// untrusted: text only.
import { h } from "../../lib/dom.js";
import { t, said, named, number } from "../../lib/i18n.js";
import { formatPhone, visible } from "../../lib/format.js";
import { createContact, importRecords, listContacts, previewImport } from "../../ipc/people.js";
import { mountOpportunities } from "./opportunities.js";
import { mountRecord } from "./record.js";
import { countrySelect as countryList } from "./country.js";

/** The tabs, in order: route parameter → the record kind it lists. */
export const TABS = { contacts: "contact", leads: "lead", deals: "deal" };

/** Fields a column can be read as (the core's `records::Field`). */
export const FIELDS = ["crm_id", "name", "phone", "email", "organisation", "title", "value", "currency", "source", "stage", "status", "contact_name"];

function contactItem(c, onOpen) {
  return h("li", { class: "contact", "data-id": c.id },
    h("button", { type: "button", class: "link contact-name", dir: "auto", onclick: () => onOpen({ kind: "contact", id: c.id }) }, visible(c.name)),
    h("span", { class: "contact-phones" }, c.phones.map(formatPhone).join(", ")),
    c.organisation ? h("span", { class: "hint" }, visible(c.organisation)) : null,
    c.email ? h("span", { class: "hint" }, visible(c.email)) : null);
}

const countrySelect = (id) => countryList({ id });

function tabBar(current, go) {
  return h("div", { class: "tabs", role: "tablist", ...named("contacts.title") },
    Object.keys(TABS).map((tab) => said("button", `records.tab_${tab}`, {
      type: "button", role: "tab", class: "tab", id: `tab-${tab}`, "aria-selected": String(tab === current),
      onclick: () => tab !== current && go(tab),
    })));
}

function render(tab, go) {
  return h("section", { class: "screen narrow", "data-screen": "contacts", "data-tab": tab },
    said("h1", "contacts.title", { id: "contacts-title" }),
    tabBar(tab, go),
    h("p", { class: "alert", id: "contacts-error", role: "alert", hidden: true }),
    tab === "contacts" ? contactsPanel() : h("div", { class: "tab-panel", id: `panel-${tab}`, role: "tabpanel" }));
}

function contactsPanel() {
  return h("div", { class: "tab-panel", id: "panel-contacts", role: "tabpanel" },
    h("section", { class: "card" },
      said("h2", "contacts.list_title"),
      h("input", { type: "search", class: "input", id: "contacts-filter", ...named("contacts.filter"), placeholder: t("contacts.filter") }),
      said("p", "contacts.empty", { class: "hint", id: "contacts-empty", hidden: true }),
      h("ul", { class: "contact-list", id: "contact-list" })),
    h("form", { class: "card contact-form", id: "contact-form" },
      said("h2", "contacts.add_title"),
      h("label", { class: "field" }, said("span", "contacts.name"), h("input", { class: "input", id: "contact-name", required: true })),
      h("label", { class: "field" }, said("span", "contacts.phone"), h("input", { class: "input", id: "contact-phone", type: "tel", placeholder: "+33612345678" })),
      h("label", { class: "field" }, said("span", "contacts.email"), h("input", { class: "input", id: "contact-email", type: "email" })),
      h("label", { class: "field" }, said("span", "contacts.organisation"), h("input", { class: "input", id: "contact-organisation" })),
      h("label", { class: "field" }, said("span", "contacts.country"), countrySelect("contact-country")),
      h("div", { class: "actions" }, said("button", "contacts.add", { type: "submit", class: "button primary", id: "contact-add" }))),
    h("section", { class: "card import", id: "import" },
      said("h2", "contacts.import_title"),
      said("p", "contacts.import_help", { class: "hint" }),
      h("label", { class: "field" }, said("span", "contacts.import_file"), h("input", { type: "file", id: "import-file", accept: ".csv,text/csv" })),
      h("label", { class: "field" }, said("span", "contacts.import_text"), h("textarea", { class: "input", id: "import-text", rows: 4 })),
      h("label", { class: "field" }, said("span", "contacts.country"), countrySelect("import-country")),
      h("label", { class: "field" }, said("span", "records.import_kind"),
        h("select", { class: "input", id: "import-kind", ...named("records.import_kind") },
          ["people", "leads", "deals"].map((k) => h("option", { value: k, selected: k === "people" }, t(`records.import_${k}`))))),
      h("div", { class: "actions" }, said("button", "contacts.preview", { type: "button", class: "button secondary", id: "import-preview" })),
      h("div", { id: "import-result" })));
}

export const contacts = {
  framed: true,
  mount(root, app, params = {}) {
    if (params.record) return mountRecord(root, app, params.record);
    const tab = Object.hasOwn(TABS, params.tab) ? params.tab : "contacts";
    const openRecord = (record) => app.show("contacts", { record });
    let alive = true;
    let mapping = null;
    root.replaceChildren(render(tab, (next) => app.show("contacts", { tab: next })));
    const el = (id) => root.querySelector(`#${id}`);
    const fail = (e) => {
      if (!alive) return;
      el("contacts-error").textContent = e.message;
      el("contacts-error").dataset.code = e.code;
      el("contacts-error").hidden = false;
    };
    if (tab !== "contacts") {
      mountOpportunities(el(`panel-${tab}`), TABS[tab], { onOpen: openRecord, fail });
      return () => {
        alive = false;
      };
    }

    async function refresh() {
      try {
        const list = await listContacts(el("contacts-filter").value.trim());
        if (!alive) return;
        el("contact-list").replaceChildren(...list.map((c) => contactItem(c, openRecord)));
        el("contacts-empty").hidden = list.length > 0;
        el("contact-list").dataset.loaded = "true";
      } catch (e) {
        fail(e);
      }
    }
    el("contacts-filter").addEventListener("input", refresh);

    el("contact-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      el("contacts-error").hidden = true;
      try {
        const phone = el("contact-phone").value.trim();
        await createContact({
          name: el("contact-name").value.trim(),
          phones: phone ? [phone] : [],
          email: el("contact-email").value.trim() || null,
          organisation: el("contact-organisation").value.trim() || null,
          country: el("contact-country").value,
        });
        el("contact-form").reset();
        refresh();
      } catch (e) {
        fail(e);
      }
    });

    el("import-file").addEventListener("change", async (event) => {
      const file = event.target.files && event.target.files[0];
      if (file) el("import-text").value = await file.text();
    });

    const request = () => ({ csv_text: el("import-text").value, kind: el("import-kind").value, country: el("import-country").value, mapping });

    function showPreview(preview) {
      mapping = preview.columns.map((c) => c.field);
      const table = h("table", { class: "import-mapping", id: "import-mapping" },
        h("thead", {}, h("tr", {}, said("th", "contacts.column"), said("th", "contacts.field"))),
        h("tbody", {}, preview.columns.map((c, i) => h("tr", {},
          h("td", {}, visible(c.header)),
          h("td", {}, h("select", {
            class: "input", "data-column": i, ...named("contacts.field"),
            onchange: (e) => {
              mapping[i] = e.target.value || null;
              runPreview();
            },
          }, h("option", { value: "" }, t("contacts.field_ignore")),
          FIELDS.map((f) => h("option", { value: f, selected: f === c.field }, t(`field.${f}`)))))))));
      const bad = preview.bad.length
        ? h("ul", { class: "import-bad", id: "import-bad" }, preview.bad.map((b) => h("li", {}, t("contacts.bad_row", { line: b.line }), " ", b.reason)))
        : null;
      el("import-result").replaceChildren(
        table,
        h("p", { id: "import-summary" }, t("contacts.preview_summary", { creates: number(preview.creates), updates: number(preview.updates), bad: number(preview.bad.length) })),
        bad,
        h("div", { class: "actions" }, said("button", "contacts.import", { type: "button", class: "button primary", id: "import-run", onclick: runImport })));
    }

    async function runPreview() {
      el("contacts-error").hidden = true;
      try {
        showPreview(await previewImport(request()));
      } catch (e) {
        fail(e);
      }
    }
    el("import-kind").value = "people";
    el("import-kind").addEventListener("change", () => {
      mapping = null;
    });
    el("import-preview").addEventListener("click", () => {
      mapping = null;
      runPreview();
    });

    async function runImport() {
      try {
        const report = await importRecords(request());
        el("import-result").replaceChildren(h("p", { id: "import-done", role: "status" },
          t("contacts.import_done", { created: number(report.created), updated: number(report.updated), bad: number(report.bad.length) })));
        refresh();
      } catch (e) {
        fail(e);
      }
    }

    refresh();
    return () => {
      alive = false;
    };
  },
};
