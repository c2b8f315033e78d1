// Settings → CRM (Pipedrive), against a fake backend: the empty state teaches, a wrong token
// shows the backend's message, the connected card shows the company, counts and failed notes,
// an import reports its progress and can be stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE, settingsScreen } from "./helpers.js";
import { lastImport, importUnfinished, targetLabel, progressText, recordsLine, importDone, pushDone } from "../screens/settings/crm.js";

const EN = catalogue("en");
const FR = catalogue("fr");
const tick = () => new Promise((r) => setTimeout(r, 0));

const empty = () => ({
  status: { connection: null, walks: [], records: { contacts: 0, deals: 0, leads: 0 }, deleted: { contacts: 0, deals: 0, leads: 0 }, notes_pushed: 0, notes_failed: 0, notes_pending: 0 },
  failures: [],
  busy: false,
});

const connected = (over = {}) => ({
  ...empty(),
  status: {
    connection: { company_domain: "atelier-lumiere", base_url: null, user_id: 1, user_name: "Élise Moreau", company_name: "Atelier Lumière", is_admin: true, connected_at: 1_717_000_000 },
    walks: [{ entity: "persons", finished_at: 1_717_200_000, started_at: null, items: 200 }],
    records: { contacts: 1200, deals: 150, leads: 60 },
    deleted: { contacts: 1, deals: 2, leads: 0 },
    notes_pushed: 40,
    notes_failed: 1,
    notes_pending: 3,
  },
  failures: [{ note_key: "conversation-3-whole", target: "deal:7", state: "failed", error_code: "crm_gone", error_message: "Pipedrive deleted this record for good.", attempts: 1 }],
  ...over,
});

const showSettings = (commands = {}) => settingsScreen({ crm_status: () => empty(), ...commands });

test("walks give the last import, and a stopped one is told", () => {
  assert.equal(lastImport([]), null);
  assert.equal(lastImport([{ finished_at: 5 }, { finished_at: 9 }, { finished_at: null }]), 9);
  assert.equal(importUnfinished([{ started_at: null }]), false);
  assert.equal(importUnfinished([{ started_at: 3 }]), true);
});

test("records, progress and reports read as sentences", async () => {
  await page("en");
  assert.equal(targetLabel("person:12"), "Pipedrive person 12");
  assert.equal(targetLabel("lead:0b1c-2d"), "Pipedrive lead 0b1c-2d");
  assert.equal(targetLabel("odd"), "odd");
  assert.equal(progressText({ work: "import", entity: "persons", items: 1500 }, "en"), "Importing persons: 1,500 read…");
  assert.equal(progressText({ work: "push", done: 3, total: 40 }, "en"), "Sending notes: 3 of 40…");
  assert.equal(recordsLine(connected().status, "en"), "1,200 contacts, 150 deals, 60 leads (3 deleted in Pipedrive, kept here)");
  const counts = { created: 1, updated: 2, marked_deleted: 0 };
  assert.equal(importDone({ persons: counts, deals: counts, leads: counts, linked_conversations: 4 }, "en"),
    "Import finished: 3 new, 6 updated, 4 conversations linked by number.");
  assert.equal(pushDone({ notes: 5, report: { created: 2, recovered: 1, updated: 0, unchanged: 2, failed: [{}] } }, "en"),
    "Notes: 3 sent, 2 already in Pipedrive, 1 failed.");
  await page("fr");
  assert.equal(targetLabel("deal:7"), "affaire Pipedrive 7");
  assert.equal(progressText({ work: "import", entity: "leads", items: 2 }, "fr"), "Import des prospects : 2 lus…");
});

test("the empty state teaches what the link does and where the token is", async () => {
  const { $ } = await showSettings();
  assert.equal($("#settings-crm-body").dataset.loaded, "empty");
  assert.match($("#settings-crm-teach").textContent, /Personal preferences/);
  assert.equal($("#settings-crm-token").getAttribute("type"), "password");
  assert.ok(EN["crm.what"] && FR["crm.what"]);
});

test("a wrong token shows the backend's message where the form is, and the call carries the token once", async () => {
  const { $, backend } = await showSettings({
    crm_connect: () => { throw { code: "crm_bad_token", message: "Pipedrive refused this API token." }; },
  });
  $("#settings-crm-domain").value = "atelier-lumiere";
  $("#settings-crm-token").value = "wrong";
  $("#settings-crm-connect").click();
  await tick();
  await tick();
  assert.equal($("#settings-crm-error").hidden, false);
  assert.equal($("#settings-crm-error").dataset.code, "crm_bad_token");
  assert.equal($("#settings-crm-error").textContent, "Pipedrive refused this API token.");
  const call = backend.calls.find((c) => c.command === "crm_connect");
  assert.deepEqual(call.args, { domain: "atelier-lumiere", token: "wrong" });
});

test("connected: company, counts and failed notes with their reasons, as text", async () => {
  const state = connected();
  state.status.connection.company_name = HOSTILE.img;
  const { $, $$ } = await showSettings({ crm_status: () => state });
  assert.equal($("#settings-crm-body").dataset.loaded, "connected");
  assert.ok($("#settings-crm-company").textContent.startsWith(HOSTILE.img));
  assert.equal($$("#settings-crm-company *").length, 0, "never markup");
  assert.equal($("#settings-crm-notes").textContent, "40 sent · 3 waiting · 1 failed");
  assert.equal($(".crm-failure-target").textContent, "Pipedrive deal 7");
  assert.equal($(".crm-failure-reason").textContent, "Pipedrive deleted this record for good.");
  assert.equal($("#settings-crm-push").textContent, EN["crm.push_retry"]);
  assert.doesNotMatch($("#settings-crm-body").textContent, /null|undefined/);
});

test("with no failed note, nothing stands for the empty list", async () => {
  const { $ } = await showSettings({ crm_status: () => connected({ failures: [] }) });
  assert.equal($("#settings-crm-failures"), null);
  assert.doesNotMatch($("#settings-crm-body").textContent, /null|undefined/);
  assert.equal($("#settings-crm-push").textContent, EN["crm.push_now"]);
});

test("an import shows its progress, can be stopped, and says what it did", async () => {
  let finish;
  const { $, backend } = await showSettings({
    crm_status: () => connected(),
    crm_import: () => new Promise((resolve) => { finish = resolve; }),
    crm_cancel: () => true,
  });
  $("#settings-crm-import").click();
  await tick();
  assert.equal($("#settings-crm-stop").hidden, false);
  assert.equal($("#settings-crm-import").disabled, true);
  backend.emit("crm-progress", { work: "import", entity: "persons", items: 500 });
  assert.equal($("#settings-crm-status").textContent, "Importing persons: 500 read…");
  $("#settings-crm-stop").click();
  await tick();
  assert.ok(backend.commands().includes("crm_cancel"));
  const counts = { created: 0, updated: 1, marked_deleted: 0 };
  finish({ persons: counts, deals: counts, leads: counts, linked_conversations: 0, resumed: false });
  await tick();
  await tick();
  await tick();
  assert.match($("#settings-crm-status").textContent, /Import finished/);
  assert.equal(backend.listening("crm-progress"), 0, "the card stops listening");
});

test("an import started before the card was drawn can be stopped from it", async () => {
  const { $, backend } = await showSettings({ crm_status: () => connected({ busy: true }), crm_cancel: () => true });
  assert.equal($("#settings-crm-import").disabled, true);
  assert.equal($("#settings-crm-stop").hidden, false);
  assert.equal($("#settings-crm-status").textContent, EN["crm.busy"]);
  $("#settings-crm-stop").click();
  await tick();
  assert.ok(backend.commands().includes("crm_cancel"));
});
