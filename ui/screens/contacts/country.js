// The country national numbers are read with (a contact's form, the CSV import, the edit form).
import { h } from "../../lib/dom.js";
import { t, named } from "../../lib/i18n.js";

/** Default countries for national numbers. */
export const COUNTRIES = ["FR", "BE", "CH", "GB", "US", "ES"];

/** The country list, with `attrs` (an id, a name). */
export const countrySelect = (attrs) =>
  h("select", { class: "input", ...attrs, ...named("contacts.country") }, COUNTRIES.map((c) => h("option", { value: c }, t(`country.${c}`))));
