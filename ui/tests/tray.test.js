// Running in the background, against a fake backend: Settings' "start at login" switch and
// what it says closing the window does (tray or none), and the "Quit Passerelle?" question
// the tray's Quit brings up — the app quits only once the user confirmed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { catalogue, page, settingsScreen } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event } from "./fake-dom.js";
import { watchQuitRequests } from "../frame/quit.js";

const EN = catalogue("en");
const FR = catalogue("fr");

test("every background string exists in French and English", () => {
  const keys = Object.keys(EN).filter((k) => k.startsWith("startup.") || k.startsWith("quit."));
  assert.equal(keys.length, 8);
  for (const key of keys) assert.ok(FR[key] && FR[key] !== EN[key], `${key} is not translated`);
});

test("with a tray, Settings says closing keeps Passerelle running, and the switch turns the login start on", async () => {
  let enabled = false;
  const p = await settingsScreen({
    background_status: () => ({ tray: true, start_at_login: enabled }),
    set_start_at_login: ({ on }) => { enabled = on; return on; },
  });
  const box = p.$("#settings-start-at-login");
  assert.equal(box.checked, false);
  assert.equal(box.disabled, false);
  assert.equal(p.text("#settings-close-hint"), EN["startup.close_keeps"]);
  box.checked = true;
  box.dispatchEvent(new Event("change"));
  await p.settle();
  assert.deepEqual(p.backend.calls.filter((c) => c.command === "set_start_at_login").map((c) => c.args), [{ on: true }]);
  assert.equal(box.checked, true);
});

test("without a tray, Settings says closing quits; a refused change puts the switch back", async () => {
  const p = await settingsScreen({
    background_status: () => ({ tray: false, start_at_login: true }),
    set_start_at_login: () => { throw { code: "io", message: "nope" }; },
  });
  const box = p.$("#settings-start-at-login");
  assert.equal(box.checked, true);
  assert.equal(p.text("#settings-close-hint"), EN["startup.close_quits"]);
  box.checked = false;
  box.dispatchEvent(new Event("change"));
  await p.settle();
  assert.equal(box.checked, true);
});

test("the tray's Quit asks first, once; Keep running closes the question, Quit quits", async () => {
  const backend = fakeBackend({ quit_app: () => null });
  const p = await page("fr");
  await watchQuitRequests(document);
  backend.emit("quit-requested");
  backend.emit("quit-requested");
  assert.equal(document.querySelectorAll("#quit-confirm").length, 1);
  assert.equal(p.page$("#quit-text").textContent, FR["quit.text"]);
  p.page$("#quit-cancel").click();
  assert.equal(p.page$("#quit-confirm"), null);
  assert.deepEqual(backend.commands(), []);
  backend.emit("quit-requested");
  p.page$("#quit-confirm-button").click();
  await p.settle();
  assert.deepEqual(backend.commands(), ["quit_app"]);
});
