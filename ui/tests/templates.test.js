// The Templates screen against a fake backend: the list with states (unknown ones as they
// come), filters, a rejection explained, "Edit" as a copy submitted in place of the old one,
// delete only after the warning, hostile template text shown as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event, elementsNamed } from "./fake-dom.js";

const EN = catalogue("en");

const template = (sid, over = {}) => ({
  sid, account_sid: "AC1", name: `tpl_${sid.toLowerCase()}`, language: "fr", category: "UTILITY",
  body: "Bonjour {{1}}, votre commande est prête.", samples: { 1: "Marie" }, state: "approved",
  rejection_reason: "", date_created: 1709470800, date_updated: 1709470800, replaced_by: null,
  variables: ["1"], state_label: "approved", category_label: "Utility", explanation: null, replaces: null,
  preview: "Bonjour Marie, votre commande est prête.", submitted: true, ...over,
});

const REJECTED = template("HX2", {
  name: "relance_panier", state: "rejected", state_label: "rejected", body: "{{1}}, votre panier vous attend",
  rejection_reason: "INVALID_FORMAT. Variables can't be at the start or end of the template.",
  explanation: "Move the variable away from the start.\nA submitted template cannot be changed: “Edit” makes a copy.",
});

async function screen({ list = [template("HX1"), REJECTED, template("HX3", { state: "IN_APPEAL", state_label: "IN_APPEAL", language: "en" })], commands = {} } = {}) {
  const backend = fakeBackend({
    list_conversations: () => ({ overview: { kind: "demo", senders: [], messages: 0, conversations: 0 }, conversations: [] }),
    list_templates: ({ filter }) => ({
      templates: list.filter((t) => (!filter.state || t.state === filter.state) && (!filter.language || t.language === filter.language)),
      languages: [...new Set(list.map((t) => t.language))].sort(),
      delete_warning: "Deleting removes it for every number at once.",
    }),
    refresh_templates: () => list.length,
    check_template_draft: ({ draft }) => ({
      errors: draft.body.startsWith("{{") ? [{ field: "body", rule: "bad_format", message: "a variable cannot start the text." }] : [],
      variables: [...draft.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1]),
      preview: draft.body.replace(/\{\{(\d+)\}\}/g, (w, k) => draft.samples[k] || w),
    }),
    template_copy: () => ({ name: "relance_panier_v2", language: "fr", category: "utility", body: REJECTED.body, samples: { 1: "Marie" } }),
    submit_template: ({ draft }) => ({ ...template("HX9"), name: draft.name, state: "received" }),
    delete_template: () => null,
    ...commands,
  });
  const p = await page("en", { frame: true });
  p.app.show("templates");
  await p.settle();
  return { ...p, backend };
}

const rows = (p) => [...p.$$(".template-row")];

test("every template is listed with its state, unknown ones as Twilio sent them, and refreshed", async () => {
  const p = await screen();
  assert.deepEqual(rows(p).map((r) => r.dataset.state), ["approved", "rejected", "IN_APPEAL"]);
  assert.equal(rows(p)[2].querySelector(".template-state").textContent, "IN_APPEAL");
  assert.match(rows(p)[0].querySelector(".template-meta").textContent, /^fr · Utility · last change /);
  assert.equal(rows(p)[0].querySelector(".template-var").textContent, "{{1}}");
  assert.ok(p.backend.commands().includes("refresh_templates"), "the screen reads Twilio again");
  assert.equal(p.text("#templates-done"), "3 templates read from Twilio.");
  assert.deepEqual([...p.$$("#templates-filter-language option")].map((o) => o.textContent), ["All languages", "en", "fr"]);
});

test("filters by state and language ask the archive", async () => {
  const p = await screen();
  const state = p.$("#templates-filter-state");
  state.value = "rejected";
  state.dispatchEvent(new Event("change"));
  await p.settle();
  assert.deepEqual(rows(p).map((r) => r.dataset.sid), ["HX2"]);
  state.value = "";
  p.$("#templates-filter-language").value = "en";
  p.$("#templates-filter-language").dispatchEvent(new Event("change"));
  await p.settle();
  assert.deepEqual(rows(p).map((r) => r.dataset.sid), ["HX3"]);
});

test("a rejected template shows WhatsApp's reason and what to change", async () => {
  const p = await screen();
  const row = rows(p)[1];
  assert.equal(row.querySelector(".template-reason").textContent, REJECTED.rejection_reason);
  assert.deepEqual([...row.querySelectorAll(".template-explanation p")].map((e) => e.textContent), REJECTED.explanation.split("\n"));
  assert.equal(row.querySelector(".template-edit").textContent, EN["templates.edit_copy"]);
});

test("Edit opens a copy under a new name, checks it, and submits it in place of the old one", async () => {
  const p = await screen();
  rows(p)[1].querySelector(".template-edit").click();
  await p.settle();
  assert.equal(p.$("#template-editor").hidden, false);
  assert.equal(p.$("#tpl-name").value, "relance_panier_v2");
  assert.match(p.text("#template-copy-note"), /relance_panier is kept and marked as replaced/);
  assert.equal(p.$("#template-submit-error").textContent, "");
  assert.equal(p.$("#tpl-error-body").hidden, false, "the variable at the start is refused");
  p.$("#template-submit").click();
  await p.settle();
  assert.ok(!p.backend.commands().includes("submit_template"), "nothing sent while the text is wrong");

  const body = p.$("#tpl-body");
  body.value = "Bonjour {{1}}, votre panier vous attend.";
  body.dispatchEvent(new Event("input"));
  await p.settle();
  assert.equal(p.text("#template-preview"), "Bonjour Marie, votre panier vous attend.");
  assert.equal(p.$("#tpl-sample-1").value, "Marie");
  p.$("#template-submit").click();
  await p.settle();
  const call = p.backend.calls.find((c) => c.command === "submit_template");
  assert.equal(call.args.replaces, "HX2");
  assert.equal(call.args.draft.name, "relance_panier_v2");
  assert.equal(call.args.draft.category, "utility");
  assert.equal(p.$("#template-editor").hidden, true);
  assert.equal(p.text("#templates-done"), "relance_panier_v2 was created and submitted to WhatsApp.");
});

test("delete asks first, with the warning, and only then deletes", async () => {
  const p = await screen();
  rows(p)[0].querySelector(".template-delete").click();
  await p.settle();
  assert.equal(p.$("#template-delete-warning").hidden, false);
  assert.equal(p.text("#template-delete-text"), "Deleting removes it for every number at once.");
  assert.ok(!p.backend.commands().includes("delete_template"));
  const escape = new Event("keydown", { bubbles: true });
  escape.key = "Escape";
  p.$("#template-delete-confirm").dispatchEvent(escape);
  assert.equal(p.$("#template-delete-warning").hidden, true, "Escape closes the warning");
  rows(p)[0].querySelector(".template-delete").click();
  p.$("#template-delete-cancel").click();
  assert.equal(p.$("#template-delete-warning").hidden, true);
  rows(p)[0].querySelector(".template-delete").click();
  p.$("#template-delete-confirm").click();
  await p.settle();
  assert.deepEqual(p.backend.calls.find((c) => c.command === "delete_template").args, { sid: "HX1" });
});

test("hostile template names and bodies are shown as text, never as markup", async () => {
  const p = await screen({ list: [template("HX1", { name: HOSTILE.script, body: `${HOSTILE.img} {{1}} ${HOSTILE.terminal}`, rejection_reason: HOSTILE.img, state: "rejected", explanation: "x" })] });
  assert.equal(elementsNamed(p.root, "img").length, 0);
  assert.equal(elementsNamed(p.root, "script").length, 0);
  const row = rows(p)[0];
  assert.equal(row.querySelector(".template-name").textContent, HOSTILE.script);
  assert.ok(row.querySelector(".template-body").textContent.startsWith(HOSTILE.img));
  assert.ok(row.querySelector(".template-body").textContent.includes("␛[31mred"), "terminal escapes made visible");
  assert.equal(row.querySelector(".template-reason").textContent, HOSTILE.img);
});

test("offline: the archive's list under a dated banner; refresh, new, edit and delete disabled and why", async () => {
  let down = true;
  const p = await screen({
    commands: {
      refresh_templates: () => {
        if (down) throw { code: "network", message: "Twilio has not answered for 30 s." };
        return 3;
      },
    },
  });
  assert.equal(rows(p).length, 3, "the archive's templates are still listed");
  assert.equal(p.$("#templates-offline").hidden, false);
  assert.match(p.text("#templates-offline-title"), /^Offline: Twilio cannot be reached\. Shown as last read from Twilio, on /);
  assert.equal(p.text("#templates-offline-reason"), "Twilio has not answered for 30 s.");
  assert.equal(p.$("#templates-error").hidden, true, "offline is not shown as a failure");
  assert.equal(p.text("#templates-offline-why"), EN["whatsapp.offline_why"]);
  const twilioOnly = () => [p.$("#templates-refresh"), p.$("#templates-new"), ...p.$$(".template-edit"), ...p.$$(".template-delete")];
  for (const button of twilioOnly()) {
    assert.equal(button.disabled, true, button.id || button.className);
    assert.equal(button.title, EN["whatsapp.offline_why"]);
  }
  p.$("#templates-filter-state").value = "rejected";
  p.$("#templates-filter-state").dispatchEvent(new Event("change", { bubbles: true }));
  await p.settle();
  assert.ok(twilioOnly().every((b) => b.disabled), "rows drawn again stay disabled");

  down = false;
  p.$("#templates-offline-retry").click();
  await p.settle();
  assert.equal(p.$("#templates-offline").hidden, true);
  assert.ok(twilioOnly().every((b) => !b.disabled && b.title === ""));
});
