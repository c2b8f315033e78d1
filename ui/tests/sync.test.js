// The sync screen shows what the core sends (the fraction and the time left included), never
// works them out itself; it can be stopped and resumed, and failures are shown as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxCommands, page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { barValue, duration } from "../screens/sync/sync.js";

const FR = catalogue("fr");
const NNBSP = "\u202f";

const progress = (over = {}) => ({
  phase: "messages",
  messages_fetched: 1500,
  messages_new: 1200,
  messages_updated: 0,
  pages: 3,
  shards_done: 1,
  shards_total: 4,
  media_done: 0,
  media_total: 0,
  rate_per_sec: 250.4,
  eta_secs: 185,
  elapsed_secs: 6,
  concurrency: 4,
  fraction: 0.375,
  ...over,
});

async function syncScreen(params, commands = {}) {
  const backend = fakeBackend({ start_sync: () => null, start_demo: () => ({}), cancel_sync: () => null, ...inboxCommands([], { kind: "own", messages: 0, conversations: 0 }), ...commands });
  const p = await page("fr");
  p.app.show("sync", params);
  await p.settle();
  return { ...p, backend };
}

test("the bar shows the core's fraction, 0 when it is missing", () => {
  const cases = [
    [0, 0],
    [0.375, 375],
    [1, 1000],
    [1.2, 1000],
    [-1, 0],
    [undefined, 0],
    [null, 0],
    [Number.NaN, 0],
  ];
  for (const [fraction, want] of cases) assert.equal(barValue(fraction), want, String(fraction));
});

test("time left, as the core estimates it", async () => {
  await page("fr");
  const cases = [
    [null, "–"],
    [undefined, "–"],
    [Infinity, "–"],
    [0, "0 s"],
    [42.4, "42 s"],
    [185, "3 min 05 s"],
    [3725, "1 h 02 min"],
  ];
  for (const [seconds, want] of cases) assert.equal(duration(seconds), want, String(seconds));
});

test("a progress event fills the bar and the figures, in the user's language", async () => {
  const { backend, $, text } = await syncScreen({ mode: "own" });
  assert.deepEqual(backend.commands(), ["start_sync"]);
  assert.equal(text("#sync-title"), FR["sync.title"]);
  assert.equal($("#sync-demo-badge").hidden, true);
  backend.emit("sync-progress", progress());
  assert.equal($("#sync-bar").value, 375);
  assert.equal($("#sync-phase").dataset.phase, "sync.phase_messages");
  assert.equal(text("#sync-phase"), FR["sync.phase_messages"]);
  assert.equal(text("#sync-fetched"), `1${NNBSP}500`);
  assert.equal(text("#sync-new"), `1${NNBSP}200`);
  assert.equal(text("#sync-rate"), "250 par seconde");
  assert.equal(text("#sync-eta"), "3 min 05 s");
  backend.emit("sync-progress", progress({ phase: "media_files", fraction: undefined, eta_secs: null, rate_per_sec: 0 }));
  assert.equal($("#sync-bar").value, 0, "no fraction: an empty bar, not arithmetic of our own");
  assert.equal(text("#sync-eta"), "–");
  assert.equal(text("#sync-rate"), "–");
});

test("the demo starts the simulator first and says it is demo data", async () => {
  const { backend, $, text } = await syncScreen({ mode: "demo" });
  assert.deepEqual(backend.commands(), ["start_demo", "start_sync"]);
  assert.equal(text("#sync-title"), FR["sync.title_demo"]);
  assert.equal($("#sync-demo-badge").hidden, false);
});

test("stopping says what was kept and offers to resume", async () => {
  const { backend, $, text, settle } = await syncScreen({ mode: "demo" });
  $("#sync-cancel").click();
  assert.equal($("#sync-phase").dataset.phase, "sync.phase_cancelling");
  await settle();
  assert.ok(backend.commands().includes("cancel_sync"));
  backend.emit("sync-finished", { cancelled: true, messages_fetched: 10, messages_new: 3000 });
  assert.equal(text("#sync-phase"), FR["sync.phase_cancelled"]);
  assert.equal($("#sync-outcome").hidden, false);
  assert.equal(text("#sync-outcome"), FR["sync.cancelled"].replace("{n}", `3${NNBSP}000`));
  assert.equal(text("#sync-retry"), FR["sync.resume"]);
  assert.equal($("#sync-cancel").hidden, true);
  $("#sync-retry").click();
  await settle();
  assert.deepEqual(backend.commands().filter((c) => c.startsWith("start")), ["start_demo", "start_sync", "start_sync"], "the simulator is not started twice");
});

test("a failure is shown as text with its code, and can be retried", async () => {
  const { backend, $, text, root } = await syncScreen({ mode: "own" });
  backend.emit("sync-failed", { code: "network", message: HOSTILE.img });
  assert.equal($("#sync-error").hidden, false);
  assert.equal($("#sync-error").dataset.code, "network");
  assert.equal(text("#sync-error"), HOSTILE.img);
  assert.equal(root.querySelectorAll("img").length, 0);
  assert.equal(text("#sync-retry"), FR["sync.retry"]);
  assert.equal($("#sync-open").hidden, false, "an own archive may already have something to show");
  assert.equal($("#sync-bar").hasAttribute("value"), false);
});

test("a demo that could not start offers no conversations to open", async () => {
  const { $, text } = await syncScreen({ mode: "demo" }, { start_demo: () => failure("demo_unavailable", "No simulator") });
  assert.equal(text("#sync-error"), "No simulator");
  assert.equal($("#sync-open").hidden, true);
});

test("a finished sync opens the conversations; leaving the screen stops listening", async () => {
  const { backend, app, settle } = await syncScreen({ mode: "own" });
  assert.equal(backend.listening("sync-progress"), 1);
  backend.emit("sync-finished", { cancelled: false, messages_fetched: 10, messages_new: 10 });
  await settle();
  assert.equal(app.current().name, "conversations");
  assert.equal(backend.listening("sync-progress"), 0);
  assert.equal(backend.listening("sync-finished"), 1, "only the inbox listens now, to show new messages");
});

