// The first-run screen: its strings, the language switch, and the two ways to start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";

const FR = catalogue("fr");
const EN = catalogue("en");

test("the first-run screen reads the locale's strings", async () => {
  fakeBackend();
  const { app, text, $$ } = await page("fr");
  app.show("welcome");
  assert.equal(text("#welcome-title"), FR["welcome.title"]);
  assert.equal(text("#choice-connect .choice-title"), FR["welcome.connect_title"]);
  assert.equal(text("#choice-demo .choice-text"), FR["welcome.demo_text"]);
  assert.equal(text("#language-hint"), FR["welcome.language_hint"]);
  const pressed = Object.fromEntries($$("[data-lang]").map((b) => [b.dataset.lang, b.getAttribute("aria-pressed")]));
  assert.deepEqual(pressed, { fr: "true", en: "false" });
});

test("switching the language relabels the screen at once and remembers the choice", async () => {
  const backend = fakeBackend({ set_language: () => null });
  const { app, $, text, win, settle } = await page("fr");
  app.show("welcome");
  $("#lang-en").click();
  await settle();
  assert.equal(text("#welcome-title"), EN["welcome.title"]);
  assert.equal($(".segmented").getAttribute("aria-label"), EN["welcome.language_heading"]);
  assert.equal($("#lang-en").getAttribute("aria-pressed"), "true");
  assert.equal(win.document.documentElement.lang, "en");
  assert.deepEqual(backend.calls.at(-1), { command: "set_language", args: { language: "en" } });
});

test("a language that could not be saved says why, as text", async () => {
  fakeBackend({ set_language: () => failure("io", HOSTILE.img) });
  const { app, $, settle } = await page("en");
  app.show("welcome");
  $("#lang-fr").click();
  await settle();
  assert.equal($("#language-hint").textContent, HOSTILE.img);
  assert.equal($("#language-hint").children.length, 0);
});

test("the two choices lead to the form and to the demo sync", async () => {
  fakeBackend({ start_demo: () => ({}), start_sync: () => null });
  const { app, $ } = await page("en");
  app.show("welcome");
  $("#choice-connect").click();
  assert.equal(app.current().name, "connect");
  app.back();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(app.current().name, "welcome");
  $("#choice-demo").click();
  assert.deepEqual(app.current(), { name: "sync", params: { mode: "demo" } });
});

test("the screen's heading takes the focus, for screen readers and the keyboard", async () => {
  fakeBackend();
  const { app, win, $ } = await page("en");
  app.show("welcome");
  assert.equal(win.document.activeElement, $("#welcome-title"));
});
