// The body of each step of "Move my number". Each function gets the step's recorded values
// and `act` (the screen's actions) and returns nodes; every value from outside (template
// names, the provider's name, the ticket text) goes in as text.
import { h } from "../../lib/dom.js";
import { t, said, named, language, number } from "../../lib/i18n.js";
import { formatWhen, visible, formatPhone } from "../../lib/format.js";

const at = (unix) => (unix ? formatWhen(new Date(unix * 1000).toISOString(), language()) : "—");
const now = () => Math.floor(Date.now() / 1000);

function beforeYouStart(r, act) {
  const facts = h("div", { class: "move-facts", id: "move-facts", "aria-live": "polite" }, said("p", "move.facts_loading", { class: "hint" }));
  act.loadFacts(facts);
  return [
    said("h2", "move.step.before_you_start"),
    said("h3", "move.moves_title"),
    h("ul", { class: "move-list", id: "move-moves" }, ["display_name", "quality", "official", "limits", "templates"].map((k) => said("li", `move.moves.${k}`))),
    said("h3", "move.stays_title"),
    said("p", "move.stays", { class: "notice", id: "move-stays" }),
    said("h3", "move.yours_title"),
    facts,
  ];
}

/** Step 1's facts from Twilio, or why they could not be read. */
export function renderFacts(facts) {
  const value = (v) => (v ? visible(v) : "—");
  return [
    h("dl", { class: "move-dl" },
      said("dt", "move.quality"), h("dd", { id: "move-quality" }, value(facts.quality_rating)),
      said("dt", "move.limit"), h("dd", { id: "move-limit" }, value(facts.messaging_limit)),
      said("dt", "move.display_name"), h("dd", { id: "move-display-name", dir: "auto" }, value(facts.display_name))),
    said("h4", "move.approved_templates"),
    facts.approved_templates.length
      ? h("ul", { class: "move-list", id: "move-templates" }, facts.approved_templates.map((name) => h("li", { class: "mono", dir: "auto" }, visible(name))))
      : said("p", "move.no_templates", { class: "hint", id: "move-templates" }),
    said("p", "move.template_quality", { class: "hint", id: "move-template-quality" }),
  ];
}

/** The completeness proof: verdict, totals, per month and direction, media problems. */
export function renderProof(p) {
  if (!p) return said("p", "move.proof_none", { class: "hint", id: "move-proof" });
  return h("div", { class: "move-proof", id: "move-proof", "data-passed": String(p.passed) },
    h("p", { class: p.passed ? "notice ok" : "alert", id: "move-proof-verdict" },
      p.passed ? t("move.proof_passed", { n: number(p.twilio_total), when: at(p.at) }) : t("move.proof_failed", { n: number(p.missing_total), media: number(p.media_problems.length) })),
    p.repaired > 0 && h("p", { class: "hint", id: "move-proof-repaired" }, t("move.proof_repaired", { n: number(p.repaired) })),
    h("table", { class: "move-months", ...named("move.months") },
      h("thead", {}, h("tr", {}, ["month", "direction", "twilio", "archived", "missing"].map((k) => said("th", `move.col.${k}`, { scope: "col" })))),
      h("tbody", {}, p.months.map((m) => h("tr", { "data-missing": String(m.missing) },
        h("td", {}, m.month === "unsent" ? t("move.unsent") : m.month),
        h("td", {}, t(`move.direction.${m.direction}`)),
        h("td", {}, number(m.twilio)), h("td", {}, number(m.archived)), h("td", {}, number(m.missing)))))),
    p.media_problems.length > 0 && h("ul", { class: "move-list", id: "move-media-problems" },
      p.media_problems.map((m) => h("li", { class: "mono" }, `${visible(m.media_sid || m.message_sid || "—")} · ${t(`move.media.${m.problem}`)}`))),
    h("p", { class: "hint mono", id: "move-proof-sha" }, `sha256 ${p.sids_sha256}`));
}

function archive(r, act) {
  return [
    said("h2", "move.step.archive"),
    said("p", "move.archive_what"),
    h("div", { class: "actions" }, said("button", "move.check", { type: "button", class: "button", id: "move-check", onclick: act.check })),
    h("p", { class: "hint", id: "move-check-progress", role: "status", hidden: true }, t("move.checking")),
    renderProof(r.proof),
  ];
}

function notesExports(r, act) {
  return [
    said("h2", "move.step.notes_exports"),
    said("p", "move.notes_what"),
    h("div", { class: "move-field" },
      said("h3", "move.notes_title"),
      said("p", "move.notes_how", { class: "hint" }),
      h("div", { class: "actions" },
        said("button", "move.write_notes", { type: "button", class: "button secondary", id: "move-write-notes", onclick: (e) => act.writeNotes(e.currentTarget) }),
        said("button", "move.open_notes", { type: "button", class: "button secondary", id: "move-open-notes", onclick: () => act.open("notes") })),
      h("p", { class: "hint", id: "move-notes-done", role: "status" })),
    h("div", { class: "move-field" },
      said("h3", "move.export_title"),
      said("p", "move.export_how", { class: "hint" }),
      h("div", { class: "actions" },
        said("button", "move.export_html", { type: "button", class: "button secondary", id: "move-export", onclick: (e) => act.exportArchive(e.currentTarget) })),
      h("p", { class: "hint mono", id: "move-export-done", role: "status" })),
    h("label", { class: "move-check-row" },
      h("input", { type: "checkbox", id: "move-notes-ack", checked: Boolean(r.notes_acknowledged_at), onchange: (e) => e.target.checked && act.send({ type: "notes_acknowledged", at: now() }) }),
      said("span", "move.notes_ack")),
  ];
}

const QUESTIONS = ["owns_account", "has_phone", "display_name_approved"];

function question(item, answer, act) {
  const name = `move-q-${item}`;
  const choice = (yes) => h("label", { class: "move-choice" },
    h("input", { type: "radio", name, id: `${name}-${yes ? "yes" : "no"}`, checked: answer === yes, onchange: () => act.send({ type: "answer", item, yes }) }),
    said("span", yes ? "move.yes" : "move.no"));
  return h("fieldset", { class: "move-question", "data-item": item },
    said("legend", `move.q.${item}`),
    said("p", `move.q.${item}_why`, { class: "hint" }),
    h("div", { class: "actions" }, choice(true), choice(false)),
    answer === false && said("p", `move.q.${item}_no`, { class: "alert", id: `${name}-help`, role: "alert" }));
}

function checklist(r, act) {
  const input = h("input", { id: "move-bm-id", inputmode: "numeric", autocomplete: "off", value: r.business_manager_id || "", "aria-describedby": "move-bm-help" });
  return [
    said("h2", "move.step.checklist"),
    h("div", { class: "move-field" },
      said("label", "move.bm_id", { for: "move-bm-id" }),
      h("div", { class: "actions" }, input,
        said("button", "move.save", { type: "button", class: "button secondary", id: "move-bm-save", onclick: () => act.send({ type: "business_manager_id", id: input.value }) })),
      said("p", "move.bm_help", { class: "hint", id: "move-bm-help" })),
    QUESTIONS.map((item) => question(item, r.checklist[item], act)),
  ];
}

function ticket(r, act) {
  const text = h("textarea", { id: "move-ticket-text", class: "mono", readonly: true, rows: 14, ...named("move.ticket_label") });
  act.loadTicket(text);
  return [
    said("h2", "move.step.ticket"),
    said("p", "move.ticket_what"),
    text,
    h("div", { class: "actions" },
      said("button", "move.copy", { type: "button", class: "button secondary", id: "move-copy", onclick: () => act.copy(text) }),
      h("span", { class: "hint", id: "move-copied", role: "status" })),
    h("div", { class: "actions" },
      said("button", "move.ticket_sent", { type: "button", class: "button secondary", id: "move-ticket-sent", disabled: Boolean(r.ticket_sent_at), onclick: () => act.send({ type: "ticket_sent", at: now() }) }),
      said("button", "move.ticket_confirmed", { type: "button", class: "button secondary", id: "move-ticket-confirmed", disabled: !r.ticket_sent_at || Boolean(r.ticket_confirmed_at), onclick: () => act.send({ type: "ticket_confirmed", at: now() }) })),
    h("p", { class: "hint", id: "move-ticket-dates" }, t("move.ticket_dates", { sent: at(r.ticket_sent_at), confirmed: at(r.ticket_confirmed_at) })),
  ];
}

function newProvider(r, act) {
  const name = h("input", { id: "move-provider", autocomplete: "off", value: r.provider || "" });
  return [
    said("h2", "move.step.new_provider"),
    said("p", "move.pin_what"),
    said("p", "move.expect", { class: "notice" }),
    h("div", { class: "move-field" },
      said("label", "move.provider", { for: "move-provider" }),
      h("div", { class: "actions" }, name,
        said("button", "move.provider_started", { type: "button", class: "button secondary", id: "move-provider-save", onclick: () => act.send({ type: "provider", name: name.value, started_at: now() }) }))),
    r.migration_started_at && h("p", { class: "hint", id: "move-started" }, t("move.started_at", { when: at(r.migration_started_at) })),
    said("p", "move.finish_what", { class: "hint" }),
    h("div", { class: "actions" }, said("button", "move.finish", { type: "button", class: "button", id: "move-finish", disabled: !r.provider, onclick: act.finish })),
  ];
}

/** `path` with the report's extension for `format` (an .html/.pdf ending is swapped). */
export function reportPath(path, format) {
  const bare = String(path).trim().replace(/\.(html?|pdf)$/i, "");
  return `${bare}.${format}`;
}

function done(r, act) {
  const path = h("input", { id: "move-report-path", class: "mono", value: act.defaultReportPath(r.sender) });
  return [
    said("h2", "move.step.done"),
    h("p", { class: "notice ok", id: "move-done-text" }, t("move.done_text", { number: formatPhone(r.sender), when: at(r.done_at) })),
    said("p", "move.done_archive"),
    h("div", { class: "move-field" },
      said("label", "move.report_path", { for: "move-report-path" }),
      h("div", { class: "actions" }, path,
        said("button", "move.report_save", { type: "button", class: "button", id: "move-report-save", onclick: () => act.report(reportPath(path.value, "html"), "html") }),
        said("button", "move.report_save_pdf", { type: "button", class: "button secondary", id: "move-report-pdf", onclick: () => act.report(reportPath(path.value, "pdf"), "pdf") }))),
    h("p", { class: "hint", id: "move-report-done", role: "status" }),
  ];
}

/** The step bodies by step name. */
export const STEP_BODIES = {
  before_you_start: beforeYouStart,
  archive,
  notes_exports: notesExports,
  checklist,
  ticket,
  new_provider: newProvider,
  done,
};

/** The step names in order (the stepper). */
export const STEP_NAMES = Object.keys(STEP_BODIES);
