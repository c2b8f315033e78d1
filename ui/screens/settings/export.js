// Settings → Export: the archive as files a person opens without Passerelle — an HTML folder,
// CSV, JSON or a PDF of one conversation — of everything, one conversation or a date range,
// to a path prefilled with a free name in Documents (typed: no folder picker in this
// version), with progress and Stop, then where it went. The core exports as the current
// user: a member of a Private inbox gets only what they may read. `passerelle export`.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, named, language } from "../../lib/i18n.js";
import { formatNumber, formatSize, formatDate, visible } from "../../lib/format.js";
import {
  exportChoices, exportSuggestedPath, startExport, cancelExport, onExportProgress,
} from "../../ipc/export.js";

/** The formats, in the order offered. */
export const FORMATS = ["html", "csv", "json", "pdf"];

/** The scopes a format allows: a PDF holds one conversation. */
export function scopesFor(format) {
  return format === "pdf" ? ["conversation"] : ["all", "conversation", "range"];
}

/** Unix seconds of a `YYYY-MM-DD` day's local start (or its last second), null when empty. */
export function dayToUnix(day, endOfDay = false) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day || "").trim());
  if (!m) return null;
  const date = endOfDay
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.floor(date.getTime() / 1000);
}

/**
 * What to send to `start_export` from the form's values, or `{problem}` (an i18n key) when
 * something is missing: {format, scope, conversation, since, until, path}.
 */
export function exportAsk({ format, scope, conversation, since, until, path }) {
  if (!scopesFor(format).includes(scope)) scope = scopesFor(format)[0];
  const target = String(path || "").trim();
  if (!target) return { problem: "export.need_path" };
  const ask = { format, conversation: null, since: null, until: null, path: target };
  if (scope === "conversation") {
    const id = Number(conversation);
    if (!conversation || !Number.isInteger(id)) return { problem: "export.need_conversation" };
    ask.conversation = id;
  }
  if (scope === "range") {
    ask.since = dayToUnix(since);
    ask.until = dayToUnix(until, true);
    if (ask.since === null && ask.until === null) return { problem: "export.need_dates" };
    if (ask.since !== null && ask.until !== null && ask.until < ask.since) return { problem: "export.dates_backwards" };
  }
  return ask;
}

/** The progress line (an `export-progress` payload). */
export function progressText(p, lang = language()) {
  if (!p || !p.messages_total) return t("export.starting");
  return t("export.progress", { done: formatNumber(p.messages_done, lang), total: formatNumber(p.messages_total, lang) });
}

/** What an export wrote, in one line (or that it was stopped). */
export function resultText(report, lang = language()) {
  if (report.cancelled) return t("export.stopped");
  return t("export.done", {
    path: visible(String((report.files || [])[0] || "")),
    conversations: formatNumber(report.conversations, lang),
    messages: formatNumber(report.messages, lang),
    size: formatSize(report.bytes, lang),
  });
}

/** A conversation's line in the list: who, how many messages, the last one's day. */
export function choiceLabel(c, lang = language()) {
  const when = c.last_at ? formatDate(new Date(c.last_at * 1000).toISOString(), lang) : "";
  return t("export.choice", { who: visible(String(c.who || "")), messages: formatNumber(c.messages, lang), when });
}

const option = (value, key) => h("option", { value, "data-i18n": key }, t(key));

const labelled = (key, control, attrs = {}) => h("label", { class: "field", ...attrs }, said("span", key), control);

/** The card: `{card, load}`. */
export function exportSection() {
  const error = h("p", { class: "alert", id: "settings-export-error", role: "alert", hidden: true });
  const status = h("p", { class: "hint", id: "settings-export-status", role: "status", "aria-live": "polite" });
  const bar = h("progress", { id: "settings-export-progress", max: 1000, hidden: true, ...named("export.progress_label") });
  const format = h("select", { class: "input", id: "settings-export-format" }, ...FORMATS.map((f) => option(f, `export.format_${f}`)));
  const scope = h("select", { class: "input", id: "settings-export-scope" },
    ...["all", "conversation", "range"].map((s) => option(s, `export.scope_${s}`)));
  const conversation = h("select", { class: "input", id: "settings-export-conversation" });
  const since = h("input", { class: "input", type: "date", id: "settings-export-since" });
  const until = h("input", { class: "input", type: "date", id: "settings-export-until" });
  const path = h("input", { class: "input", id: "settings-export-path", autocomplete: "off", spellcheck: "false" });
  const go = said("button", "export.start", { type: "submit", class: "button", id: "settings-export-start" });
  const stop = said("button", "export.stop", { type: "button", class: "button secondary", id: "settings-export-stop", hidden: true });
  const oneField = labelled("export.conversation", conversation, { id: "settings-export-one", hidden: true });
  const rangeFields = h("div", { class: "field-group", id: "settings-export-range", hidden: true },
    labelled("export.since", since), labelled("export.until", until));
  const form = h("form", { class: "field-group", id: "settings-export-form" },
    labelled("export.format", format),
    labelled("export.scope", scope),
    oneField, rangeFields,
    labelled("export.path", path),
    said("p", "export.path_hint", { class: "hint", id: "settings-export-path-hint" }),
    h("div", { class: "actions" }, go, stop));
  const card = h("section", { class: "card settings-section", id: "settings-export", "aria-labelledby": "settings-export-title" },
    said("h2", "export.title", { id: "settings-export-title" }),
    said("p", "export.what", { class: "hint" }),
    form, bar, status, error);
  format.value = "html";
  scope.value = "all";
  // The path follows the format until the user types one of their own.
  let suggested = "";
  let running = false;

  const fail = (failure) => showAlert(error, failure.message, failure.code);
  const suggest = async () => {
    const next = await exportSuggestedPath(format.value);
    if (!path.value.trim() || path.value === suggested) path.value = next;
    suggested = next;
  };
  const shape = () => {
    const allowed = scopesFor(format.value);
    for (const o of scope.querySelectorAll("option")) o.disabled = !allowed.includes(o.value);
    if (!allowed.includes(scope.value)) scope.value = allowed[0];
    oneField.hidden = scope.value !== "conversation";
    rangeFields.hidden = scope.value !== "range";
  };
  const load = async () => {
    try {
      const choices = await exportChoices();
      conversation.replaceChildren(...choices.map((c) => h("option", { value: String(c.id) }, choiceLabel(c))));
      if (choices.length) conversation.value = String(choices[0].id);
      card.dataset.choices = String(choices.length);
      await suggest();
      card.dataset.loaded = "true";
    } catch (failure) {
      fail(failure);
    }
  };

  format.addEventListener("change", () => {
    shape();
    suggest().catch(fail);
  });
  scope.addEventListener("change", shape);
  stop.addEventListener("click", () => cancelExport().catch(fail));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running) return;
    error.hidden = true;
    delete error.dataset.code;
    const ask = exportAsk({
      format: format.value, scope: scope.value, conversation: conversation.value,
      since: since.value, until: until.value, path: path.value,
    });
    if (ask.problem) {
      showAlert(error, t(ask.problem), "invalid_input");
      return;
    }
    running = true;
    go.disabled = true;
    stop.hidden = false;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = progressText(null);
    const unsubscribe = await onExportProgress((p) => {
      status.textContent = progressText(p);
      if (p.messages_total) bar.value = Math.round((p.messages_done / p.messages_total) * 1000);
    });
    try {
      const report = await startExport(ask);
      status.textContent = resultText(report);
      card.dataset.result = report.cancelled ? "cancelled" : "done";
      // The next export never lands on the one just written.
      if (!report.cancelled) path.value = "";
    } catch (failure) {
      status.textContent = "";
      fail(failure);
    } finally {
      unsubscribe();
      running = false;
      go.disabled = false;
      stop.hidden = true;
      bar.hidden = true;
      await suggest().catch(fail);
    }
  });
  shape();
  return { card, load };
}
