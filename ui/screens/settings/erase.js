// Settings → Erase a customer (privacy-law requests). What goes where is said before anything
// happens: the archive on this computer (messages, media files, notes, links) and, only when
// ticked, the same messages and media at Twilio — for good. Two confirmations: the counts, then
// "erase for good". Cancel stays possible until that last click; the Twilio deletions, once
// started, run to the end (a half-erased customer would be worse), and the archive is kept
// when Twilio refused some, so the request can be run again.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, named } from "../../lib/i18n.js";

/** Countries a number without its +code may be read in (the core's `Country`). */
export const ERASE_COUNTRIES = ["FR", "BE", "CH", "GB", "US", "ES"];

/** The report after erasing, in words: archive counts, then Twilio's when asked. */
export function erasedText(done) {
  const c = done.archive.counts;
  const lines = [t("settings.erase_done", { customer: done.archive.customer, messages: c.messages, media: c.media, notes: c.notes, links: c.links })];
  if (done.at_twilio) {
    const r = done.at_twilio;
    lines.push(t("settings.erase_done_twilio", { messages: r.messages_deleted, media: r.media_deleted, gone: r.already_gone }));
  }
  return lines.join(" ");
}

/** The Erase card: { card, reset() }. */
export function eraseSection({ preview, erase }) {
  const error = h("p", { class: "alert", id: "settings-erase-error", role: "alert", hidden: true });
  const status = h("p", { class: "hint", id: "settings-erase-status", role: "status" });
  const number = h("input", { type: "tel", class: "input", id: "settings-erase-number", autocomplete: "off", ...named("settings.erase_number") });
  const country = h("select", { class: "input", id: "settings-erase-country", ...named("contacts.country") },
    ERASE_COUNTRIES.map((c) => h("option", { value: c }, t(`country.${c}`))));
  const step = h("div", { class: "confirm", id: "settings-erase-confirm", hidden: true });
  const check = said("button", "settings.erase_check", { type: "button", class: "button secondary", id: "settings-erase-check" });
  const fail = (failure) => showAlert(error, failure.message, failure.code);

  const reset = () => {
    step.hidden = true;
    step.replaceChildren();
    check.disabled = false;
    number.disabled = false;
    country.disabled = false;
  };

  // First confirmation: what goes, from where; the Twilio choice.
  const first = (plan) => {
    const twilio = h("input", { type: "checkbox", id: "settings-erase-twilio", disabled: !plan.twilio_possible });
    step.replaceChildren(
      h("p", { id: "settings-erase-summary" }, plan.summary),
      h("label", { class: "checkbox", for: "settings-erase-twilio" }, twilio, said("span", "settings.erase_twilio")),
      plan.twilio_possible ? said("p", "settings.erase_twilio_what", { class: "hint", id: "settings-erase-twilio-what" })
        : said("p", "settings.erase_twilio_unavailable", { class: "hint", id: "settings-erase-twilio-reason" }),
      h("div", { class: "actions" },
        said("button", "settings.erase_continue", { type: "button", class: "button danger", id: "settings-erase-continue",
          disabled: plan.preview.counts.conversations === 0, onclick: () => second(plan, twilio.checked) }),
        said("button", "settings.cancel", { type: "button", class: "button secondary", id: "settings-erase-cancel", onclick: reset })));
    if (plan.preview.counts.conversations === 0) step.prepend(said("p", "settings.erase_nothing", { class: "hint", id: "settings-erase-nothing" }));
    step.hidden = false;
  };

  // Second confirmation: for good, and where.
  const second = (plan, atTwilio) => {
    step.replaceChildren(
      h("p", { id: "settings-erase-final", class: "notice" },
        t(atTwilio ? "settings.erase_final_twilio" : "settings.erase_final", { customer: plan.preview.customer })),
      h("div", { class: "actions" },
        said("button", "settings.erase_yes", { type: "button", class: "button danger", id: "settings-erase-yes", onclick: () => run(plan, atTwilio) }),
        said("button", "settings.cancel", { type: "button", class: "button secondary", id: "settings-erase-cancel", onclick: reset })));
  };

  const run = async (plan, atTwilio) => {
    step.replaceChildren(h("p", { id: "settings-erase-progress", role: "status" },
      t(atTwilio ? "settings.erase_running_twilio" : "settings.erase_running")));
    try {
      const done = await erase(plan.preview.customer, country.value, atTwilio);
      status.textContent = erasedText(done);
      number.value = "";
    } catch (failure) {
      fail(failure);
    } finally {
      reset();
    }
  };

  check.addEventListener("click", async () => {
    error.hidden = true;
    status.textContent = "";
    if (!number.value.trim()) {
      showAlert(error, t("settings.erase_number_missing"));
      return;
    }
    check.disabled = true;
    try {
      const plan = await preview(number.value.trim(), country.value);
      number.disabled = true;
      country.disabled = true;
      first(plan);
    } catch (failure) {
      check.disabled = false;
      fail(failure);
    }
  });

  const card = h("section", { class: "card settings-section", id: "settings-erase-card", "aria-labelledby": "settings-erase-title" },
    said("h2", "settings.erase_title", { id: "settings-erase-title" }),
    said("p", "settings.erase_what", { class: "hint", id: "settings-erase-what" }),
    h("div", { class: "erase-form" },
      h("label", { class: "field" }, said("span", "settings.erase_number"), number),
      h("label", { class: "field" }, said("span", "contacts.country"), country),
      check),
    error, step, status);
  return { card, reset };
}
