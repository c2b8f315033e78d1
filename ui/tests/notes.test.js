// The Notes screen and Settings → Backups / Disconnect Twilio, against a fake backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { recordLabel } from "../screens/notes/notes.js";

const EN = catalogue("en");
const FR = catalogue("fr");

const note = (id, over = {}) => ({
  id,
  conversation_id: id,
  day: null,
  record: { kind: "contact", id: 3 },
  title: `WhatsApp — Client ${id} — 2024-05-01`,
  html: "<p>ignored by the screen</p>",
  text: `WhatsApp conversation\nContact: Client ${id}\n\n2024-05-01 11:30 · Received\n  Bonjour`,
  message_count: 4,
  first_message_at: "2024-05-01T09:30:00Z",
  last_message_at: "2024-05-01T10:30:00Z",
  created_at: "2024-06-01T00:00:00Z",
  updated_at: "2024-06-01T00:00:00Z",
  remote_id: null,
  remote_pushed_at: null,
  ...over,
});

async function showNotes(notes, commands = {}) {
  const backend = fakeBackend({
    list_notes: () => notes,
    get_note: ({ id }) => notes.find((n) => n.id === id),
    convert_notes: () => ({ conversations: 2, added: 2, updated: 0, unchanged: 0, removed: 0 }),
    ...commands,
  });
  const p = await page("en");
  p.app.show("notes");
  await p.settle();
  return { ...p, backend };
}

test("every locale has the same keys", () => {
  assert.deepEqual(Object.keys(EN).sort(), Object.keys(FR).sort());
});

test("the notes route is the Notes screen, no longer a placeholder", async () => {
  const { $ } = await showNotes([]);
  assert.equal($("[data-screen='notes']").dataset.placeholder, undefined);
  assert.equal($("#notes-empty").hidden, false);
  assert.equal($("#notes-panes").hidden, true, "no empty list box");
  assert.equal($("#notes-list").dataset.loaded, "true");
});

test("a note opens as text: hostile markup stays text, lines stay lines", async () => {
  const hostile = note(1, { title: HOSTILE.img, text: `Line 1\n${HOSTILE.script}\n${HOSTILE.terminal}` });
  const { $, $$, backend } = await showNotes([hostile, note(2)]);
  assert.equal($$(".note-row").length, 2);
  assert.equal($("#note-1 .note-title").textContent, HOSTILE.img);
  assert.equal($("#note-1 .note-meta").textContent.includes("Contact 3"), true);
  $("#note-1").click();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(backend.calls.at(-1), { command: "get_note", args: { id: 1 } });
  assert.equal($("#note-reader").hidden, false);
  const lines = [...$$("#note-text .note-line")].map((l) => l.textContent);
  assert.equal(lines[0], "Line 1");
  assert.equal(lines[1], HOSTILE.script, "a script tag is shown as text");
  assert.equal(lines[2].includes("\u001b"), false, "terminal escapes are made visible");
  assert.equal($("#note-text").querySelector("script"), null);
  assert.equal($("#note-text").querySelector("img"), null);
  assert.equal($(".note-row[data-id='1']").getAttribute("aria-current"), "true");
});

test("converting says what it did, per day when asked", async () => {
  const { $, backend } = await showNotes([note(1)]);
  $("#notes-per-day").checked = true;
  $("#notes-convert").click();
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  const call = backend.calls.find((c) => c.command === "convert_notes");
  assert.deepEqual(call.args, { perDay: true });
  assert.equal(
    $("#notes-status").textContent,
    "2 linked conversations: 2 notes added, 0 updated, 0 unchanged, 0 removed.",
  );
});

test("record labels name the kind of record", () => {
  assert.equal(recordLabel({ kind: "lead", id: 4 }), "Lead 4");
  assert.equal(recordLabel({ kind: "deal", id: 5 }), "Deal 5");
  assert.equal(recordLabel(null), "");
});

async function showSettings(commands = {}) {
  const backend = fakeBackend({
    list_conversations: () => ({ overview: { kind: "own", account_name: "Shop", account_sid: null, senders: [] }, conversations: [] }),
    list_backups: () => [
      { name: "passerelle-manual-20240501-093000.db", path: "/x", size_bytes: 2_500_000, made_at: "2024-05-01T09:30:00Z", reason: "manual" },
      { name: "passerelle-schema1-20240401-093000.db", path: "/y", size_bytes: 2048, made_at: "2024-04-01T09:30:00Z", reason: "schema1" },
    ],
    make_backup: () => ({ name: "passerelle-manual-20240601-000000.db", path: "/z", size_bytes: 1, made_at: "2024-06-01T00:00:00Z", reason: "manual" }),
    restore_backup: ({ name }) => ({ restored: name, previous: { name: "passerelle-before-restore-20240601-000000.db" } }),
    disconnect_status: () => ({ disconnected: false, latest: null }),
    ...commands,
  });
  const p = await page("en");
  p.app.show("settings");
  await p.settle();
  return { ...p, backend };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("backups are listed, made and restored only after a confirmation", async () => {
  const { $, $$, backend } = await showSettings();
  const rows = $$(".backup-row");
  assert.equal(rows.length, 2);
  assert.equal(rows[0].querySelector(".backup-reason").textContent, EN["settings.backup_reason_manual"]);
  assert.equal(rows[1].querySelector(".backup-reason").textContent, EN["settings.backup_reason_other"]);
  $("#settings-backup-make").click();
  await tick();
  await tick();
  assert.equal($("#settings-backups-status").textContent, "Backup made: passerelle-manual-20240601-000000.db");
  $("#settings-restore-0").click();
  assert.equal(backend.commands().includes("restore_backup"), false, "nothing before the confirmation");
  assert.equal($("#settings-restore-confirm").hidden, false);
  assert.match($("#settings-restore-text").textContent, /passerelle-manual-20240501-093000\.db/);
  $("#settings-restore-yes").click();
  await tick();
  await tick();
  assert.deepEqual(backend.calls.find((c) => c.command === "restore_backup").args, { name: "passerelle-manual-20240501-093000.db" });
  assert.match($("#settings-backups-status").textContent, /before-restore/);
});

test("disconnecting asks first, then ticks off each step the backend reports", async () => {
  let finish;
  const { $, $$, backend } = await showSettings({
    disconnect_twilio: () => new Promise((resolve) => { finish = resolve; }),
  });
  const steps = () => [...$$("#settings-disconnect-steps li")].map((li) => li.dataset.state);
  assert.deepEqual(steps(), ["pending", "pending", "pending", "pending", "pending"]);
  $("#settings-disconnect").click();
  assert.equal($("#settings-disconnect-confirm").hidden, false);
  assert.equal(backend.commands().includes("disconnect_twilio"), false);
  $("#settings-disconnect-yes").click();
  await tick();
  backend.emit("disconnect-progress", { step: { type: "notes" } });
  assert.deepEqual(steps(), ["done", "next", "pending", "pending", "pending"]);
  backend.emit("disconnect-progress", { step: { type: "remove_secret" } });
  assert.deepEqual(steps(), ["done", "done", "done", "next", "pending"]);
  finish({ step: { type: "done" } });
  await tick();
  await tick();
  assert.deepEqual(steps(), ["done", "done", "done", "done", "done"]);
  assert.equal($("#settings-disconnect-done").hidden, false);
  assert.equal($("#settings-disconnect").hidden, true);
  assert.equal(backend.listening("disconnect-progress"), 0, "the screen stops listening");
  assert.equal(backend.commands().filter((c) => c === "list_backups").length, 2, "its backup is listed");
});

test("a refused disconnect shows the backend's message", async () => {
  const { $ } = await showSettings({
    disconnect_twilio: () => { throw { code: "permission_denied", message: "only the owner disconnects the Twilio account." }; },
  });
  $("#settings-disconnect").click();
  $("#settings-disconnect-yes").click();
  await tick();
  await tick();
  assert.equal($("#settings-disconnect-error").hidden, false);
  assert.equal($("#settings-disconnect-error").dataset.code, "permission_denied");
});

test("an interrupted disconnect offers to finish it", async () => {
  const { $, $$ } = await showSettings({
    disconnect_status: () => ({ disconnected: false, latest: { step: { type: "crm_push" } } }),
  });
  assert.equal($("#settings-disconnect").textContent, EN["settings.disconnect_resume"]);
  assert.equal($$("#settings-disconnect-steps li[data-state='done']").length, 2);
});
