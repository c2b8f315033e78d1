// Editing a record from its page: a contact's name, numbers (one per line or separated by
// commas, read with the chosen country), email and organisation; a lead's or deal's title,
// contact, value and what its kind adds. The core checks every field again; a refusal shows
// in the page's alert. What the user typed is text only.
import { h } from "../../lib/dom.js";
import { said } from "../../lib/i18n.js";
import { updateContact, updateOpportunity } from "../../ipc/people.js";
import { fillContacts, formFields, opportunityFields } from "./opportunities.js";
import { countrySelect } from "./country.js";

/** The numbers typed in the box: split on lines and commas, blanks dropped. */
export const phonesOf = (text) => String(text).split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean);

function contactFields(c) {
  const field = (key, name, value, attrs = {}) => h("label", { class: "field" }, said("span", key),
    h("input", { class: "input", name, id: `edit-${name}`, value: value || null, ...attrs }));
  return [
    field("contacts.name", "name", c.name, { required: true }),
    h("label", { class: "field" }, said("span", "record.phones"),
      h("textarea", { class: "input", name: "phones", id: "edit-phones", rows: 2 }, c.phones.join("\n"))),
    field("contacts.email", "email", c.email, { type: "email" }),
    field("contacts.organisation", "organisation", c.organisation),
    h("label", { class: "field" }, said("span", "contacts.country"),
      countrySelect({ name: "country", id: "edit-country" })),
  ];
}

/** The edit form of a record's page; `onSaved()` after a save, `fail(error)` on a refusal. */
export function editForm(page, { onSaved, fail, onCancel }) {
  const kind = page.record.kind;
  const fields = kind === "contact" ? contactFields(page.contact) : opportunityFields(kind, "edit", page.opportunity);
  const form = h("form", { class: "card contact-form record-edit", id: "record-edit" },
    said("h2", "record.edit_title"),
    fields,
    h("div", { class: "actions" },
      said("button", "record.save", { type: "submit", class: "button primary", id: "record-save" }),
      said("button", "thread.media_cancel", { type: "button", class: "button secondary", id: "record-cancel", onclick: onCancel })));
  if (kind !== "contact") fillContacts(form.querySelector("select[name=contact_id]")).catch(fail);
  else form.querySelector("#edit-country").value = "FR";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`[name=${name}]`).value;
    try {
      if (kind === "contact") {
        await updateContact(page.contact.id, {
          name: value("name").trim(), phones: phonesOf(value("phones")), email: value("email").trim() || null,
          organisation: value("organisation").trim() || null, country: value("country"),
        });
      } else {
        await updateOpportunity(kind, page.opportunity.id, formFields(form, kind));
      }
      onSaved();
    } catch (e) {
      fail(e);
    }
  });
  return form;
}
