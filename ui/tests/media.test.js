// Settings → Photos and documents, against a fake backend: the folder, counts, estimate and
// free space as sentences; the room warning; "Move…" prefilled with the current folder, its
// progress, Stop, and a refusal shown where the form is. Sizes read as the core writes them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE, settingsScreen } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { formatSize } from "../lib/format.js";
import { statusLines, roomText, moveProgressText, moveDone } from "../screens/settings/media.js";

const EN = catalogue("en");
const FR = catalogue("fr");
const tick = () => new Promise((r) => setTimeout(r, 0));

const status = (over = {}) => ({
  folder: "/tmp/passerelle-test/media",
  is_default: true,
  files_present: 1200,
  bytes_present: 350_000_000,
  files_pending: 4000,
  estimate_bytes: 1_200_000_000,
  free_bytes: 45_000_000_000,
  room: "fits",
  ...over,
});

const showSettings = (commands = {}) => settingsScreen({ media_status: () => status(), ...commands });

test("sizes read in decimal units, as the core's size_text and the file manager", () => {
  const cases = [
    [0, "0 o", "0 B"],
    [999, "999 o", "999 B"],
    [12_345, "12 ko", "12 kB"],
    [1_234_567, "1,2 Mo", "1.2 MB"],
    [350_000_000, "350 Mo", "350 MB"],
    [1_200_000_000, "1,2 Go", "1.2 GB"],
  ];
  for (const [bytes, fr, en] of cases) {
    assert.equal(formatSize(bytes, "fr"), fr);
    assert.equal(formatSize(bytes, "en"), en);
  }
});

test("the status reads as lines, in both languages", async () => {
  await page("en");
  assert.deepEqual(statusLines(status(), "en"), {
    folder: "/tmp/passerelle-test/media (default, next to the archive)",
    present: "1,200 files · 350 MB",
    pending: "4,000 files · about 1.2 GB",
    free: "45 GB",
  });
  assert.equal(statusLines(status({ files_pending: 0, free_bytes: null, is_default: false }), "en").pending, EN["media.pending_none"]);
  assert.equal(statusLines(status({ free_bytes: null }), "en").free, "Unknown");
  assert.equal(roomText(status()), "");
  assert.equal(roomText(status({ room: "tight" })), EN["media.room_tight"]);
  assert.equal(roomText(status({ room: "wont_fit" })), EN["media.room_wont_fit"]);
  assert.equal(moveProgressText({ step: "copying", files_done: 25, files_total: 1200, bytes_done: 7_000_000, bytes_total: 350_000_000 }, "en"),
    "Copying 25 of 1,200 files (7.0 MB of 350 MB)…");
  assert.equal(moveProgressText({ step: "cleaning" }, "en"), EN["media.move_cleaning"]);
  assert.equal(moveDone({ from: "/a", to: "/b", files_copied: 3, files_already_there: 2, files_missing: 1, bytes: 12_000 }, "en"),
    "Moved to /b: 5 files, 12 kB. 1 files were missing from the old folder: the next sync downloads them again.");
  assert.equal(moveDone({ from: "/b", to: "/b", files_copied: 0, files_already_there: 0, files_missing: 0, bytes: 0 }, "en"),
    "The photos and documents are already in /b.");
  await page("fr");
  assert.equal(statusLines(status(), "fr").pending, `${new Intl.NumberFormat("fr-FR").format(4000)} fichiers · environ 1,2 Go`);
  for (const key of Object.keys(EN).filter((k) => k.startsWith("media."))) assert.ok(FR[key], `${key} in French`);
});

test("the card shows the folder, counts, estimate and free space; a hostile path stays text", async () => {
  const { $, $$ } = await showSettings({ media_status: () => status({ folder: HOSTILE.img, is_default: false, room: "wont_fit" }) });
  assert.equal($("#settings-media").dataset.loaded, "true");
  assert.equal($("#settings-media-title").textContent, "Photos and documents");
  assert.equal($("#settings-media-folder").textContent, HOSTILE.img);
  assert.equal($$("#settings-media-folder *").length, 0, "never markup");
  assert.equal($("#settings-media-pending").textContent, "4,000 files · about 1.2 GB");
  assert.equal($("#settings-media-free").textContent, "45 GB");
  assert.equal($("#settings-media-room").hidden, false);
  assert.equal($("#settings-media-room").textContent, EN["media.room_wont_fit"]);
});

test("Move… is prefilled with the current folder, shows progress, can be stopped", async () => {
  let finish;
  const { $, backend } = await showSettings({
    move_media: () => new Promise((resolve, reject) => { finish = { resolve, reject }; }),
    cancel_media_move: () => true,
  });
  assert.equal($("#settings-media-form").hidden, true);
  $("#settings-media-move").click();
  assert.equal($("#settings-media-form").hidden, false);
  assert.equal($("#settings-media-dir").value, status().folder);
  $("#settings-media-dir").value = "  /mnt/big disk/Passerelle  ";
  $("#settings-media-confirm").click();
  await tick();
  await tick();
  assert.deepEqual(backend.calls.find((c) => c.command === "move_media").args, { dir: "/mnt/big disk/Passerelle" });
  assert.equal($("#settings-media-stop").hidden, false);
  assert.equal($("#settings-media-progress").hidden, false);
  backend.emit("media-move-progress", { step: "copying", files_done: 600, files_total: 1200, bytes_done: 175_000_000, bytes_total: 350_000_000 });
  assert.equal($("#settings-media-status").textContent, "Copying 600 of 1,200 files (175 MB of 350 MB)…");
  assert.equal($("#settings-media-progress").value, 500);
  $("#settings-media-stop").click();
  await tick();
  assert.ok(backend.commands().includes("cancel_media_move"));
  finish.reject({ code: "cancelled", message: "Cancelled." });
  await tick();
  await tick();
  assert.equal($("#settings-media-status").textContent, EN["media.move_stopped"]);
  assert.equal($("#settings-media-error").hidden, true, "a stop is not an error");
  assert.equal($("#settings-media-stop").hidden, true);
  assert.equal(backend.listening("media-move-progress"), 0, "unsubscribed");
});

test("a refused move shows the core's message and keeps the form to correct the path", async () => {
  const { $ } = await showSettings({
    move_media: () => { throw { code: "invalid_input", message: "Invalid value for “folder”: /m/sub is inside the current media folder (/m): choose a folder elsewhere" }; },
  });
  $("#settings-media-move").click();
  $("#settings-media-dir").value = "/m/sub";
  $("#settings-media-confirm").click();
  await tick();
  await tick();
  await tick();
  assert.equal($("#settings-media-error").hidden, false);
  assert.equal($("#settings-media-error").dataset.code, "invalid_input");
  assert.match($("#settings-media-error").textContent, /inside the current media folder/);
  assert.equal($("#settings-media-form").hidden, false);
});

test("while media download, the sync screen says about how much is left to fetch", async () => {
  const backend = fakeBackend({ start_sync: () => null, list_conversations: () => ({ overview: { kind: "own" }, conversations: [] }) });
  const p = await page("en");
  p.app.show("sync", { mode: "own" });
  await p.settle();
  const base = { messages_fetched: 10, messages_new: 10, rate_per_sec: 0, eta_secs: null, fraction: 0.5 };
  backend.emit("sync-progress", { ...base, phase: "messages" });
  assert.equal(p.$("#sync-media-estimate").hidden, true, "no estimate before the media phase");
  backend.emit("sync-progress", { ...base, phase: "media_files", media_estimate_bytes: 1_200_000_000 });
  assert.equal(p.$("#sync-media-estimate").hidden, false);
  assert.equal(p.$("#sync-media-estimate").textContent, "About 1.2 GB to download");
});
