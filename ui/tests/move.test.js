// "Move my number" against a fake backend: the stepper resumes at the saved step and the
// sidebar shows it; Back and Continue send events; a "no" in the checklist explains what to do
// and keeps the wizard there; the ticket text is copied (clipboard, else selected); hostile
// names stay text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { badgeStep } from "../screens/move/move.js";
import { reportPath } from "../screens/move/steps.js";

const EN = catalogue("en");
const SENDER = "whatsapp:+33612345678";
const STEPS = ["before_you_start", "archive", "notes_exports", "checklist", "ticket", "new_provider", "done"];
const TICKET = "Subject: Please disable two-step verification\n\nAccount SID: AC0123456789abcdef0123456789abcdef\nWhatsApp number: +33612345678\n";

const recorded = (over = {}) => ({
  sender: SENDER, proof: null, notes_acknowledged_at: null, business_manager_id: null,
  checklist: { owns_account: null, has_phone: null, display_name_approved: null },
  ticket_sent_at: null, ticket_confirmed_at: null, provider: null, migration_started_at: null,
  final_proof: null, done_at: null, entered: {}, ...over,
});

/** A fake wizard: one number, the step and what is recorded; events change them loosely. */
function wizard(step, over = {}, blocker = null) {
  const w = { step, state: recorded(over), blocker, events: [] };
  const status = () => [{ sender: SENDER, step: w.step, started: true, blocker: w.blocker, state: { type: STEPS[w.step - 1], ...w.state } }];
  const commands = {
    list_conversations: () => ({ overview: { kind: "demo", senders: [], messages: 0, conversations: 0 }, conversations: [] }),
    move_status: status,
    move_facts: () => ({ quality_rating: "HIGH", messaging_limit: "10K Customers/24hr", display_name: HOSTILE.script, approved_templates: [HOSTILE.img, "order_ready"] }),
    move_ticket: () => TICKET,
    move_event: ({ event }) => {
      w.events.push(event);
      if (event.type === "back") w.step -= 1;
      else if (event.type === "continue") w.step += 1;
      else if (event.type === "answer") {
        w.state.checklist = { ...w.state.checklist, [event.item]: event.yes };
        w.blocker = event.yes ? null : "no_phone";
      } else if (event.type === "ticket_sent") w.state.ticket_sent_at = event.at;
      return status();
    },
  };
  return { w, commands };
}

async function screen(step, over = {}, blocker = null, extra = {}) {
  const { w, commands } = wizard(step, over, blocker);
  const backend = fakeBackend({ ...commands, ...extra });
  const p = await page("en", { frame: true });
  p.app.show("migration");
  await p.settle();
  await p.settle();
  return { ...p, backend, w };
}

test("the wizard resumes at the saved step, and the sidebar's badge shows it", async () => {
  const p = await screen(4, { business_manager_id: "123456789012345" }, "checklist_unanswered");
  const current = p.$("[aria-current=step]");
  assert.equal(current.dataset.step, "checklist");
  assert.equal(p.$("#move-body").dataset.step, "checklist");
  assert.equal(p.$("#move-bm-id").value, "123456789012345");
  assert.equal(p.$("#move-continue").disabled, true);
  assert.equal(p.text("#move-blocker"), EN["move.blocker.checklist_unanswered"]);
  const badge = p.page$("#nav-migration-badge");
  assert.equal(badge.hidden, false);
  assert.equal(badge.querySelector(".nav-badge-value").textContent, "4");
  assert.equal(badge.querySelector(".nav-badge-label").textContent, ", step 4 of 7");
});

test("a no keeps the wizard on the checklist and says what to do", async () => {
  const p = await screen(4, { business_manager_id: "123456789012345" });
  p.$("#move-q-has_phone-no").click();
  await p.settle();
  assert.deepEqual(p.w.events.at(-1), { type: "answer", item: "has_phone", yes: false });
  assert.equal(p.text("#move-q-has_phone-help"), EN["move.q.has_phone_no"]);
  assert.equal(p.$("#move-continue").disabled, true);
  assert.equal(p.$("[aria-current=step]").dataset.step, "checklist");
});

test("back and continue move one step", async () => {
  const p = await screen(3, { notes_acknowledged_at: 5 });
  p.$("#move-continue").click();
  await p.settle();
  assert.equal(p.w.events.at(-1).type, "continue");
  assert.equal(p.$("[aria-current=step]").dataset.step, "checklist");
  p.$("#move-back").click();
  await p.settle();
  assert.equal(p.$("[aria-current=step]").dataset.step, "notes_exports");
  assert.equal(p.$("#move-notes-ack").checked, true);
});

test("step 1 shows the user's own values, hostile names as text, and says Twilio has no quality per template", async () => {
  const p = await screen(1);
  await p.settle();
  assert.equal(p.text("#move-quality"), "HIGH");
  assert.equal(p.text("#move-limit"), "10K Customers/24hr");
  assert.equal(p.text("#move-display-name"), HOSTILE.script);
  assert.equal(p.$("#move-templates").querySelectorAll("li")[0].textContent, HOSTILE.img);
  assert.equal(p.$$("img").length, 0);
  assert.equal(p.$$("script").length, 0);
  assert.equal(p.text("#move-template-quality"), EN["move.template_quality"]);
  assert.equal(p.$("#move-back").disabled, true);
});

test("the ticket text is shown and copied to the clipboard, else selected for Ctrl+C", async () => {
  const p = await screen(5, {}, "ticket_not_sent");
  await p.settle();
  const text = p.$("#move-ticket-text").value;
  assert.match(text, /AC0123456789abcdef0123456789abcdef/);
  assert.match(text, /\+33612345678/);
  let copied = null;
  p.win.navigator.clipboard = { writeText: async (v) => { copied = v; } };
  globalThis.navigator = p.win.navigator;
  p.$("#move-copy").click();
  await p.settle();
  assert.equal(copied, TICKET);
  assert.equal(p.text("#move-copied"), EN["move.copied"]);
  delete p.win.navigator.clipboard;
  p.$("#move-copy").click();
  await p.settle();
  assert.equal(p.$("#move-ticket-text").selectedAll, true);
  assert.equal(p.text("#move-copied"), EN["move.copy_select"]);
  assert.equal(p.$("#move-ticket-confirmed").disabled, true, "confirmed only after sent");
  p.$("#move-ticket-sent").click();
  await p.settle();
  assert.equal(p.$("#move-ticket-confirmed").disabled, false);
});

test("a failing check shows the backend's message where the action was", async () => {
  const p = await screen(2, {}, "check_not_run", {
    move_check: () => { throw { code: "network", message: "Twilio cannot be reached." }; },
  });
  p.$("#move-check").click();
  await p.settle();
  assert.equal(p.text("#move-error"), "Twilio cannot be reached.");
  assert.equal(p.$("#move-error").dataset.code, "network");
  assert.equal(p.$("#move-check").disabled, false);
});

test("the badge shows the furthest started wizard only", () => {
  assert.equal(badgeStep([]), null);
  assert.equal(badgeStep([{ step: 1, started: false }]), null);
  assert.equal(badgeStep([{ step: 2, started: true }, { step: 5, started: true }, { step: 7, started: false }]), 5);
});

test("step 3 writes the notes and exports the archive for real, and says where it went", async () => {
  const p = await screen(3, {}, "notes_not_acknowledged", {
    convert_notes: () => ({ conversations: 3, added: 2, updated: 1, unchanged: 0, removed: 0 }),
    move_export: () => ({ files: ["/tmp/passerelle-archive-2026-12-03"], conversations: 3, messages: 120, bytes: 1, cancelled: false }),
  });
  p.$("#move-write-notes").click();
  await p.settle();
  assert.ok(p.backend.commands().includes("convert_notes"));
  assert.equal(p.text("#move-notes-done"), "3 linked conversations: 2 notes added, 1 updated, 0 unchanged, 0 removed.");
  p.$("#move-export").click();
  await p.settle();
  assert.ok(p.backend.commands().includes("move_export"));
  assert.equal(p.text("#move-export-done"), "120 messages exported to /tmp/passerelle-archive-2026-12-03");
  p.$("#move-open-notes").click();
  await p.settle();
  assert.equal(p.$("[data-screen]").dataset.screen, "notes");
});

test("step 7 saves the report as an HTML page or a PDF", async () => {
  const p = await screen(7, { done_at: 1764770000 }, "finished", {
    move_report: ({ path }) => path,
  });
  p.$("#move-report-pdf").click();
  await p.settle();
  const call = p.backend.calls.find((c) => c.command === "move_report");
  assert.equal(call.args.format, "pdf");
  assert.equal(call.args.path, "passerelle-handover-33612345678.pdf");
  assert.equal(p.text("#move-report-done"), "Report saved: passerelle-handover-33612345678.pdf");
});

test("the report's extension follows the format chosen", () => {
  for (const [path, format, want] of [
    ["report", "pdf", "report.pdf"],
    ["report.html", "pdf", "report.pdf"],
    ["report.PDF", "html", "report.html"],
    [" /tmp/a.htm ", "pdf", "/tmp/a.pdf"],
    ["notes.txt", "html", "notes.txt.html"],
  ]) assert.equal(reportPath(path, format), want, path);
});
