// Settings → Export, against a fake backend: the form's values become the core's request
// (a day is local midnight, a PDF is one conversation), the path prefilled and following the
// format until the user types one, progress and Stop, the result with its path, a refusal
// shown in the card. Names from customers stay text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE, settingsScreen } from "./helpers.js";
import { Event } from "./fake-dom.js";
import { scopesFor, dayToUnix, exportAsk, progressText, resultText } from "../screens/settings/export.js";

const EN = catalogue("en");
const FR = catalogue("fr");
const tick = () => new Promise((r) => setTimeout(r, 0));
const change = (el, value) => {
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
};

const CHOICES = [
  { id: 7, who: "Zoé (+33612345678)", messages: 120, last_at: 1764720000 },
  { id: 9, who: HOSTILE.img, messages: 3, last_at: 1764000000 },
];

const showSettings = (commands = {}) => settingsScreen({ export_choices: () => CHOICES, ...commands });

test("the form's values become the core's request, or say what is missing", () => {
  const base = { format: "csv", scope: "all", conversation: "7", since: "", until: "", path: " /tmp/out.csv " };
  const cases = [
    ["everything", base, { format: "csv", conversation: null, since: null, until: null, path: "/tmp/out.csv" }],
    ["one conversation", { ...base, scope: "conversation" }, { format: "csv", conversation: 7, since: null, until: null, path: "/tmp/out.csv" }],
    ["a PDF is always one conversation", { ...base, format: "pdf", scope: "all" }, { format: "pdf", conversation: 7, since: null, until: null, path: "/tmp/out.csv" }],
    ["a range", { ...base, scope: "range", since: "2026-01-02", until: "2026-01-31" },
      { format: "csv", conversation: null, since: dayToUnix("2026-01-02"), until: dayToUnix("2026-01-31", true), path: "/tmp/out.csv" }],
    ["an open-ended range", { ...base, scope: "range", since: "2026-01-02" },
      { format: "csv", conversation: null, since: dayToUnix("2026-01-02"), until: null, path: "/tmp/out.csv" }],
    ["no path", { ...base, path: "  " }, { problem: "export.need_path" }],
    ["no conversation to choose", { ...base, scope: "conversation", conversation: "" }, { problem: "export.need_conversation" }],
    ["a range without dates", { ...base, scope: "range" }, { problem: "export.need_dates" }],
    ["a range backwards", { ...base, scope: "range", since: "2026-02-01", until: "2026-01-01" }, { problem: "export.dates_backwards" }],
  ];
  for (const [name, values, want] of cases) assert.deepEqual(exportAsk(values), want, name);
  assert.deepEqual(scopesFor("pdf"), ["conversation"]);
  assert.deepEqual(scopesFor("html"), ["all", "conversation", "range"]);
  const day = new Date(dayToUnix("2026-03-29") * 1000);
  assert.deepEqual([day.getFullYear(), day.getMonth(), day.getDate(), day.getHours()], [2026, 2, 29, 0], "local midnight");
  assert.equal(dayToUnix("2026-01-15", true) - dayToUnix("2026-01-15"), 86_399, "the whole day, its last second included");
  assert.equal(dayToUnix("29/03/2026"), null);
});

test("progress and the result read as sentences, in both languages", async () => {
  await page("en");
  assert.equal(progressText({ messages_done: 1000, messages_total: 12_500 }, "en"), "1,000 of 12,500 messages written…");
  assert.equal(progressText(null, "en"), EN["export.starting"]);
  assert.equal(resultText({ files: ["/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03"], conversations: 12, messages: 1500, bytes: 2_400_000, cancelled: false }, "en"),
    "Exported to /tmp/passerelle-test/Documents/Passerelle-export-2026-12-03: 12 conversations, 1,500 messages, 2.4 MB.");
  assert.equal(resultText({ files: [], conversations: 0, messages: 10, bytes: 0, cancelled: true }, "en"), EN["export.stopped"]);
  for (const key of Object.keys(EN).filter((k) => k.startsWith("export."))) {
    assert.ok(FR[key], `${key} in French`);
    assert.deepEqual(FR[key].match(/\{\w+\}/g), EN[key].match(/\{\w+\}/g), `${key}: same placeholders`);
  }
});

test("the card prefills a free path that follows the format; a PDF allows one conversation only", async () => {
  const { $, $$ } = await showSettings();
  assert.equal($("#settings-export").dataset.loaded, "true");
  assert.equal($("#settings-export-title").textContent, "Export");
  assert.equal($("#settings-export-path").value, "/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03");
  assert.equal($$("#settings-export-conversation option").length, 2);
  assert.equal($$("#settings-export-conversation option")[1].textContent.startsWith(HOSTILE.img), true);
  assert.equal($$("#settings-export-conversation option *").length, 0, "a customer's name is never markup");
  assert.equal($("#settings-export-one").hidden, true);
  change($("#settings-export-format"), "pdf");
  await tick();
  await tick();
  assert.equal($("#settings-export-path").value, "/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03.pdf");
  assert.equal($("#settings-export-scope").value, "conversation");
  assert.equal($("#settings-export-one").hidden, false);
  assert.equal($("#settings-export-scope option[value=all]").disabled, true);
  $("#settings-export-path").value = "/mnt/usb/mine.pdf";
  change($("#settings-export-format"), "json");
  await tick();
  await tick();
  assert.equal($("#settings-export-path").value, "/mnt/usb/mine.pdf", "a typed path is the user's: kept");
  change($("#settings-export-scope"), "range");
  assert.equal($("#settings-export-range").hidden, false);
  assert.equal($("#settings-export-one").hidden, true);
});

test("an export shows its progress, can be stopped, then shows where it went", async () => {
  let finish;
  const { $, backend } = await showSettings({
    start_export: () => new Promise((resolve) => { finish = resolve; }),
    cancel_export: () => true,
  });
  $("#settings-export-start").click();
  await tick();
  await tick();
  assert.deepEqual(backend.calls.find((c) => c.command === "start_export").args,
    { ask: { format: "html", conversation: null, since: null, until: null, path: "/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03" } });
  assert.equal($("#settings-export-stop").hidden, false);
  assert.equal($("#settings-export-start").disabled, true);
  backend.emit("export-progress", { messages_done: 500, messages_total: 2000 });
  assert.equal($("#settings-export-status").textContent, "500 of 2,000 messages written…");
  assert.equal($("#settings-export-progress").value, 250);
  $("#settings-export-stop").click();
  await tick();
  assert.ok(backend.commands().includes("cancel_export"));
  finish({ files: [], conversations: 0, messages: 500, bytes: 0, cancelled: true });
  await tick();
  await tick();
  assert.equal($("#settings-export-status").textContent, EN["export.stopped"]);
  assert.equal($("#settings-export").dataset.result, "cancelled");
  assert.equal($("#settings-export-error").hidden, true, "a stop is not an error");
  assert.equal($("#settings-export-stop").hidden, true);
  assert.equal(backend.listening("export-progress"), 0, "unsubscribed");

  $("#settings-export-start").click();
  await tick();
  await tick();
  finish({ files: ["/tmp/passerelle-test/Documents/Passerelle-export-2026-12-03"], conversations: 2, messages: 123, bytes: 45_000, cancelled: false });
  await tick();
  await tick();
  assert.equal($("#settings-export-status").textContent,
    "Exported to /tmp/passerelle-test/Documents/Passerelle-export-2026-12-03: 2 conversations, 123 messages, 45 kB.");
  assert.equal($("#settings-export").dataset.result, "done");
});

test("a refusal (unwritable folder, missing input) is shown in the card, and nothing is asked", async () => {
  const refusal = "Invalid value for “destination”: cannot write in /srv/locked: choose a folder of yours (Documents, for example)";
  const { $, backend } = await showSettings({
    start_export: () => { throw { code: "invalid_input", message: refusal }; },
  });
  $("#settings-export-path").value = "/srv/locked/x";
  $("#settings-export-start").click();
  await tick();
  await tick();
  await tick();
  assert.equal($("#settings-export-error").hidden, false);
  assert.equal($("#settings-export-error").textContent, refusal);
  assert.equal($("#settings-export-path").value, "/srv/locked/x", "kept to correct it");
  assert.equal($("#settings-export-start").disabled, false);

  const before = backend.calls.length;
  change($("#settings-export-scope"), "range");
  $("#settings-export-start").click();
  await tick();
  assert.equal($("#settings-export-error").textContent, EN["export.need_dates"]);
  assert.equal(backend.calls.slice(before).some((c) => c.command === "start_export"), false);
});
