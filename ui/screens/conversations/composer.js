// The composer under a thread: free text while the 24-hour window is open (time left, the
// 1,600-character counter, "no calls" in its help), else a template picker — approved
// templates only, the conversation's language first, each variable required, a live preview.
// The same picker serves "New conversation" (a template to a number). The core checks every
// rule again; what it refuses is shown here, in the user's language.
import { h } from "../../lib/dom.js";
import { t, said, number, named } from "../../lib/i18n.js";
import { approvedTemplates, sendText, sendTemplate } from "../../ipc/inbox.js";

/** Twilio's body limit, counted in UTF-16 units as the core does (error 21617). */
export const BODY_LIMIT = 1600;

/** Characters counted against the limit. */
export const bodyLength = (text) => String(text).length;

/** "5 h 12 min" / "12 min" left, from seconds. */
export function timeLeft(seconds) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? t("composer.left_hours", { h: hours, m: minutes % 60 }) : t("composer.left_minutes", { m: minutes });
}

/** Every `{{key}}` replaced by its value; a key without a value stays as written. */
export function renderTemplate(body, values) {
  return String(body).replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key) => (values[key] ? values[key] : whole));
}

/** The templates in the conversation's language first (then by name). */
export function orderTemplates(templates, lang) {
  const score = (tpl) => (String(tpl.language || "").toLowerCase().startsWith(lang) ? 0 : 1);
  return [...templates].sort((a, b) => score(a) - score(b) || String(a.name).localeCompare(String(b.name)));
}

/** A customer's likely language from their number (French-speaking codes → fr). */
export const languageOfNumber = (address) => (/^(whatsapp:)?\+(33|32|41|352|377)/.test(address) ? "fr" : "en");

/**
 * A template picker; `onSent(outcome)` after a send. `to()` and `from()` give the number and
 * sender at send time. Returns the element.
 */
export function templatePicker({ to, from, lang, onSent, idPrefix = "template" }) {
  const select = h("select", { id: `${idPrefix}-select`, class: "input", ...named("composer.template_label") });
  const vars = h("div", { class: "template-vars", id: `${idPrefix}-vars` });
  const preview = h("p", { class: "template-preview", id: `${idPrefix}-preview`, dir: "auto" });
  const error = h("p", { class: "alert", id: `${idPrefix}-error`, role: "alert", hidden: true });
  const send = said("button", "composer.send_template", { type: "submit", class: "button primary", id: `${idPrefix}-send`, disabled: true });
  let templates = [];
  let values = {};

  const current = () => templates.find((tpl) => tpl.sid === select.value);
  function draw() {
    const tpl = current();
    vars.replaceChildren();
    values = {};
    if (!tpl) {
      preview.textContent = "";
      send.disabled = true;
      return;
    }
    for (const key of tpl.variables) {
      const input = h("input", {
        class: "input", id: `${idPrefix}-var-${key}`, required: true, "data-var": key,
        placeholder: tpl.examples && tpl.examples[key] ? tpl.examples[key] : "",
        oninput: (event) => { values[key] = event.target.value; update(); },
      });
      vars.append(h("label", { class: "field" }, h("span", {}, t("composer.variable", { key })), input));
    }
    update();
  }
  function update() {
    const tpl = current();
    preview.textContent = tpl ? renderTemplate(tpl.body, values) : "";
    send.disabled = !tpl || tpl.variables.some((k) => !String(values[k] || "").trim());
  }
  select.addEventListener("change", draw);

  const form = h("form", { class: "template-picker", id: `${idPrefix}-picker`, onsubmit: submit },
    said("p", "composer.closed_help", { class: "hint" }),
    h("label", { class: "field" }, said("span", "composer.template_label"), select),
    vars,
    said("p", "composer.preview", { class: "caption" }),
    preview,
    error,
    h("div", { class: "actions" }, send));

  async function submit(event) {
    event.preventDefault();
    error.hidden = true;
    send.disabled = true;
    try {
      const outcome = await sendTemplate(to(), from(), select.value, { ...values });
      onSent(outcome);
    } catch (e) {
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    } finally {
      update();
    }
  }

  approvedTemplates()
    .then((list) => {
      templates = orderTemplates(list, lang);
      if (templates.length === 0) {
        select.replaceChildren(h("option", { value: "" }, t("composer.no_templates")));
        return;
      }
      select.replaceChildren(...templates.map((tpl) => h("option", { value: tpl.sid }, `${tpl.name} (${tpl.language || "?"})`)));
      select.value = templates[0].sid;
      draw();
      form.dataset.loaded = "true";
    })
    .catch((e) => {
      error.textContent = e.message;
      error.hidden = false;
    });
  return form;
}

/** The free-text composer while the window is open. */
function textComposer({ conversation, onSent }) {
  const area = h("textarea", { id: "composer-body", class: "input", rows: 3, dir: "auto", ...named("composer.placeholder"), placeholder: t("composer.placeholder") });
  const count = h("span", { id: "composer-count", class: "caption" });
  const error = h("p", { class: "alert", id: "composer-error", role: "alert", hidden: true });
  const send = said("button", "composer.send", { type: "submit", class: "button primary", id: "composer-send", disabled: true });
  function update() {
    const n = bodyLength(area.value);
    count.textContent = `${number(n)} / ${number(BODY_LIMIT)}`;
    count.dataset.over = String(n > BODY_LIMIT);
    send.disabled = n === 0 || n > BODY_LIMIT || !area.value.trim();
  }
  area.addEventListener("input", update);
  async function submit(event) {
    event.preventDefault();
    error.hidden = true;
    send.disabled = true;
    try {
      const outcome = await sendText(conversation.customer, conversation.sender, area.value);
      area.value = "";
      onSent(outcome);
    } catch (e) {
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    } finally {
      update();
    }
  }
  update();
  return h("form", { class: "composer", id: "composer", onsubmit: submit },
    h("p", { class: "composer-window", id: "composer-window" }, t("composer.window_open", { left: timeLeft(conversation.window.remaining_secs) })),
    area,
    h("div", { class: "composer-bar" }, count, send),
    error,
    said("p", "composer.help", { class: "hint composer-help", id: "composer-help" }));
}

/** The composer for a conversation: text when the window is open, else templates. */
export function composer({ conversation, lang, onSent }) {
  if (conversation.window.state === "open") return textComposer({ conversation, onSent });
  return h("div", { class: "composer closed", id: "composer-closed" },
    h("p", { class: "composer-window", id: "composer-window" }, t("composer.window_closed")),
    templatePicker({ to: () => conversation.customer, from: () => conversation.sender, lang: languageOfNumber(conversation.customer) || lang, onSent }),
    said("p", "composer.help", { class: "hint" }));
}
