// The top bar's sync state, as a table: what the app has heard → what the bar says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page } from "./helpers.js";
import * as i18n from "../lib/i18n.js";
import { initial, next, describe, runOfFailure } from "../lib/sync-state.js";
import { syncLabel } from "../frame/topbar.js";

const AT = "2024-03-03T13:02:00Z";
const run = (...events) => events.reduce(next, initial);
const progress = (fraction) => ({ type: "progress", progress: { phase: "messages", fraction } });

test("the sync state follows the events, as a table", () => {
  const cases = [
    ["nothing known", [], { key: "sync_state.never", tone: "off" }],
    ["an archive never copied", [{ type: "archive", last_sync: null }], { key: "sync_state.never", tone: "off" }],
    ["refused while a terminal copies the archive", [{ type: "failed", code: "sync_running", at: AT }],
      { key: "sync_state.copying", tone: "busy" }],
    ["the archive's last run done", [{ type: "archive", last_sync: { outcome: "done", finished_at: AT } }],
      { key: "sync_state.up_to_date", at: AT, tone: "ok" }],
    ["the archive's last run stopped", [{ type: "archive", last_sync: { outcome: "cancelled", finished_at: AT } }],
      { key: "sync_state.stopped", at: AT, tone: "warn" }],
    ["the archive's last run failed", [{ type: "archive", last_sync: { outcome: "failed", started_at: AT } }],
      { key: "sync_state.failed", at: AT, tone: "warn" }],
    ["a run that never finished", [{ type: "archive", last_sync: { outcome: null, started_at: AT } }],
      { key: "sync_state.never", tone: "off" }],
    ["Twilio disconnected by the owner, last run done", [{ type: "archive", last_sync: { outcome: "done", finished_at: AT }, disconnected: true }],
      { key: "sync_state.disconnected", tone: "off" }],
    ["copying, 45 %", [progress(0.456)], { key: "sync_state.copying_percent", percent: 45, tone: "busy" }],
    ["copying, no fraction from the core", [progress(undefined)], { key: "sync_state.copying", tone: "busy" }],
    ["copying, a fraction out of range", [progress(1.7)], { key: "sync_state.copying_percent", percent: 100, tone: "busy" }],
    ["a copy beats the archive's older record", [progress(0.2), { type: "archive", last_sync: { outcome: "done", finished_at: AT } }],
      { key: "sync_state.copying_percent", percent: 20, tone: "busy" }],
    ["finished", [progress(0.5), { type: "finished", report: { cancelled: false }, at: AT }],
      { key: "sync_state.up_to_date", at: AT, tone: "ok" }],
    ["stopped by the user", [progress(0.5), { type: "finished", report: { cancelled: true }, at: AT }],
      { key: "sync_state.stopped", at: AT, tone: "warn" }],
    ["network down", [progress(0.5), { type: "failed", code: "network", at: AT }], { key: "sync_state.offline", tone: "warn" }],
    ["bad credentials", [{ type: "failed", code: "bad_credentials", at: AT }], { key: "sync_state.disconnected", tone: "off" }],
    ["no saved connection", [{ type: "failed", code: "not_connected", at: AT }], { key: "sync_state.disconnected", tone: "off" }],
    ["another failure", [{ type: "failed", code: "database", at: AT }], { key: "sync_state.failed", at: AT, tone: "warn" }],
    ["the system goes offline", [{ type: "finished", report: {}, at: AT }, { type: "offline" }], { key: "sync_state.offline", tone: "warn" }],
    ["and back online", [{ type: "finished", report: {}, at: AT }, { type: "offline" }, { type: "online" }],
      { key: "sync_state.up_to_date", at: AT, tone: "ok" }],
    ["a copy while offline still shows its progress", [{ type: "offline" }, progress(0.3)],
      { key: "sync_state.copying_percent", percent: 30, tone: "busy" }],
    ["an unknown event changes nothing", [{ type: "finished", report: {}, at: AT }, { type: "weather" }],
      { key: "sync_state.up_to_date", at: AT, tone: "ok" }],
  ];
  for (const [name, events, want] of cases) assert.deepEqual(describe(run(...events)), want, name);
});

test("failure codes sort into offline, disconnected, a copy running elsewhere, or failed", () => {
  const cases = [
    ["sync_running", "copying"],
    ["network", "offline"],
    ["rate_limited", "offline"],
    ["bad_credentials", "disconnected"],
    ["account_suspended", "disconnected"],
    ["account_closed", "disconnected"],
    ["keychain_unavailable", "disconnected"],
    ["not_connected", "disconnected"],
    ["internal", "failed"],
    ["twilio", "failed"],
    [undefined, "failed"],
  ];
  for (const [code, want] of cases) assert.equal(runOfFailure(code), want, String(code));
});

test("the label says the time today, the date for an earlier copy, in the language", async () => {
  await page("en");
  const done = run({ type: "finished", report: {}, at: AT });
  const sameDay = { now: new Date("2024-03-03T18:00:00Z"), timeZone: "Europe/Paris" };
  const later = { now: new Date("2024-03-05T09:00:00Z"), timeZone: "Europe/Paris" };
  assert.equal(syncLabel(done, "en", sameDay).text, "Up to date · 14:02");
  assert.equal(syncLabel(done, "en", later).text, "Last copy · 3 Mar 2024");
  assert.equal(syncLabel(run(progress(0.45)), "en").text, "Copying… 45\u00a0%");
  assert.equal(syncLabel(run({ type: "offline" }), "en").text, "Offline — your archive still works");
  assert.equal(syncLabel(run({ type: "failed", code: "bad_credentials" }), "en").text, "Twilio disconnected — archive only");
  await i18n.use("fr");
  assert.equal(syncLabel(done, "fr", sameDay).text, "À jour · 14:02");
  assert.equal(syncLabel(done, "fr", later).text, "Dernière copie · 3 mars 2024");
  assert.equal(syncLabel(run(progress(0.45)), "fr").text, "Copie… 45\u00a0%");
});
