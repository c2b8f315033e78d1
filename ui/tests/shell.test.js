// The app shell: the sidebar and top bar around an open archive's screens, the screens still
// to come, Settings, the language switch from the user menu, and the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxCommands, page, catalogue, conversation, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { Event } from "./fake-dom.js";
import { NAV } from "../frame/sidebar.js";
import { PLANNED } from "../screens/placeholder/placeholder.js";

const EN = catalogue("en");
const FR = catalogue("fr");
const SID = "AC0123456789abcdef0123456789abcdef";


const overview = (over = {}) => ({
  kind: "demo",
  account_name: "Boutique Démo",
  account_sid: SID,
  senders: ["whatsapp:+33757000000", "whatsapp:+442079460123"],
  last_sync: { kind: "full", started_at: "2024-03-03T13:00:00Z", finished_at: "2024-03-03T13:02:00Z", outcome: "done" },
  messages: 9,
  conversations: 3,
  ...over,
});

/** A framed page on `screen`, against a fake backend with this archive. */
async function shell(screen = "conversations", { lang = "en", archive = overview(), rows = null, commands = {} } = {}) {
  const list = rows || [conversation(1, { unread_count: 2 }), conversation(2, { unread_count: 5 }), conversation(3)];
  const backend = fakeBackend({
    ...inboxCommands(list, archive),
    set_language: () => null,
    start_sync: () => null,
    ...commands,
  });
  const p = await page(lang, { frame: true });
  p.app.show(screen);
  await p.settle();
  return { ...p, backend };
}

function key(target, name, extra = {}) {
  const event = new Event("keydown", { bubbles: true, cancelable: true });
  Object.assign(event, { key: name, ctrlKey: false, metaKey: false, ...extra });
  target.dispatchEvent(event);
  return event;
}

const navLabels = (p) => [...p.page$("#sidebar").querySelectorAll(".nav-label")].map((el) => el.textContent);

test("the sidebar lists every screen in the order of SCREENS.md, the inbox first", async () => {
  const p = await shell();
  assert.deepEqual(navLabels(p), [
    "Inbox", "Contacts", "Notes", "Search", "Insights", "WhatsApp", "Templates", "Move my number", "Settings",
  ]);
  assert.equal(p.page$("#sidebar").querySelectorAll(".nav-separator").length, 2);
  assert.equal(p.page$("#nav-conversations").getAttribute("aria-current"), "page");
  assert.equal(p.page$("#nav-conversations").getAttribute("href"), "#/conversations");
  assert.equal(p.page$("#sidebar").hidden, false);
  assert.equal(p.page$("#appbar").hidden, false);
  assert.equal(p.win.document.body.dataset.frame, "app");
  assert.equal(NAV.filter(Boolean).length, 9);
});

test("the inbox badge counts the unread messages; the step badge stays empty without a move", async () => {
  const p = await shell();
  const badge = p.page$("#nav-conversations-badge");
  assert.equal(badge.hidden, false);
  assert.equal(badge.querySelector(".nav-badge-value").textContent, "7");
  assert.equal(badge.querySelector(".nav-badge-label").textContent, ", 7 unread messages");
  assert.equal(p.page$("#nav-migration-badge").hidden, true, "no wizard yet: no made-up step");
});

test("nothing unread: no badge", async () => {
  const p = await shell("conversations", { rows: [conversation(1)] });
  assert.equal(p.page$("#nav-conversations-badge").hidden, true);
});

test("the top bar shows the last copy, the demo badge and the owner", async () => {
  const p = await shell();
  const state = p.page$("#sync-state");
  assert.match(p.page$("#sync-state-text").textContent, /^(Up to date|Last copy) · /);
  assert.equal(state.dataset.tone, "ok");
  assert.equal(p.page$("#appbar-demo").hidden, false);
  assert.equal(p.page$("#appbar-demo").textContent, EN["common.demo_badge"]);
  assert.equal(p.page$("#user-role").textContent, "Owner");
  assert.equal(p.page$("#user-menu-button").getAttribute("aria-expanded"), "false");
});

test("the top bar follows a copy's events whatever screen is shown", async () => {
  const p = await shell("notes", { archive: overview({ kind: "own", last_sync: null }) });
  assert.equal(p.page$("#sync-state-text").textContent, EN["sync_state.never"]);
  assert.equal(p.page$("#appbar-demo").hidden, true, "an own archive is not demo data");
  p.backend.emit("sync-progress", { phase: "messages", fraction: 0.45 });
  assert.equal(p.page$("#sync-state-text").textContent, "Copying… 45\u00a0%");
  assert.equal(p.page$("#sync-state").dataset.tone, "busy");
  p.backend.emit("sync-failed", { code: "network", message: "down" });
  assert.equal(p.page$("#sync-state-text").textContent, EN["sync_state.offline"]);
  p.backend.emit("sync-failed", { code: "bad_credentials", message: "no" });
  assert.equal(p.page$("#sync-state-text").textContent, EN["sync_state.disconnected"]);
  p.win.fire("offline");
  assert.equal(p.page$("#sync-state-text").textContent, EN["sync_state.offline"]);
});

test("clicking the sync state opens the copy inside the frame", async () => {
  const p = await shell();
  p.page$("#sync-state").click();
  await p.settle();
  assert.equal(p.app.current().name, "sync");
  assert.deepEqual(p.app.current().params, { mode: "demo", resume: true });
  assert.equal(p.page$("#sidebar").hidden, false, "a later copy stays inside the frame");
  assert.ok(p.backend.commands().includes("start_sync"));
});

test("onboarding screens show without the frame", async () => {
  fakeBackend(inboxCommands([], overview()));
  const p = await page("en", { frame: true });
  p.app.show("welcome");
  assert.equal(p.page$("#sidebar").hidden, true);
  assert.equal(p.page$("#appbar").hidden, true);
  assert.equal(p.win.document.body.dataset.frame, undefined);
  p.app.show("conversations");
  assert.equal(p.page$("#sidebar").hidden, false);
  p.app.show("sync", { mode: "demo" });
  assert.equal(p.page$("#sidebar").hidden, true, "the first copy is part of onboarding");
});

test("each screen to come says what it will do and what works today, with no data", async () => {
  for (const name of Object.keys(PLANNED)) {
    const p = await shell("conversations");
    p.page$(`#nav-${name}`).click();
    await p.settle();
    assert.equal(p.app.current().name, name);
    assert.equal(p.text(`#${name}-title`), EN[`placeholder.${name}.title`], name);
    assert.equal(p.text(`#${name}-what`), EN[`placeholder.${name}.what`], name);
    assert.equal(p.text(`#${name}-coming`), EN["placeholder.coming"], name);
    assert.equal(p.page$(`#nav-${name}`).getAttribute("aria-current"), "page");
    assert.equal(p.$$("li").length, 0, `${name} shows no list of made-up data`);
    p.$(`#${name}-open-inbox`).click();
    await p.settle();
    assert.equal(p.app.current().name, "conversations");
  }
});

test("Settings shows the connection with the SID masked and the numbers formatted", async () => {
  const p = await shell("settings");
  assert.equal(p.text("#settings-title"), EN["settings.title"]);
  assert.equal(p.text("#settings-account-name"), "Boutique Démo");
  assert.equal(p.text("#settings-account-sid"), "AC01••••••••cdef");
  assert.ok(!p.root.textContent.includes(SID), "the full SID is not shown");
  assert.deepEqual([...p.$$("#settings-senders li")].map((li) => li.textContent), ["+33 7 57 00 00 00", "+44 20 7946 0123"]);
  assert.equal(p.$("#settings-demo").hidden, false);
  assert.equal(p.$("#settings-add-user").disabled, false, "the owner adds users");
  assert.equal(p.$("#settings-add-user").getAttribute("aria-describedby"), "settings-users-reason");
  assert.equal(p.$("#settings-visibility").disabled, false, "the owner changes the visibility");
});

test("Settings: a member sees users and visibility disabled with the reason", async () => {
  const member = { id: 2, name: "Morgan", email: null, role: "member", is_owner: false, has_pin: false };
  const p = await shell("settings", {
    commands: { list_users: () => ({ users: [member], current: member, visibility: "private", may_manage: false, may_change_visibility: false }) },
  });
  assert.equal(p.$("#settings-add-user").disabled, true);
  assert.equal(p.$("#settings-users-reason").hidden, false);
  assert.equal(p.$("#settings-visibility").disabled, true);
  assert.equal(p.text("#settings-visibility-reason"), EN["settings.visibility_reason"]);
  assert.equal(p.$("#settings-visibility-reason").hidden, false);
});

test("Settings shows the stored sync interval and saves a new one", async () => {
  const p = await shell("settings", { commands: { set_sync_interval: () => null } });
  const radios = [...p.$$("input[name=interval]")];
  assert.deepEqual(radios.map((r) => r.value), ["1", "5", "15", "manual"]);
  assert.ok(radios.every((r) => !r.disabled));
  assert.equal(p.$("#settings-interval-1").checked, true, "every minute by default");
  p.$("#settings-interval-manual").onchange();
  await p.settle();
  assert.deepEqual(p.backend.calls.find((c) => c.command === "set_sync_interval"), { command: "set_sync_interval", args: { minutes: 0 } });
});

test("Settings' “Check every status again” says when it is worth it and starts a full sync", async () => {
  const p = await shell("settings", { commands: { check_all_statuses: () => null } });
  assert.equal(p.text("#settings-recheck-hint"), EN["settings.recheck_hint"]);
  assert.match(EN["settings.recheck_hint"], /7 days/);
  assert.match(FR["settings.recheck_hint"], /7 derniers jours/);
  assert.equal(p.$("#settings-recheck").getAttribute("aria-describedby"), "settings-recheck-hint");
  p.$("#settings-recheck").click();
  await p.settle();
  assert.equal(p.app.current().name, "sync");
  assert.ok(p.backend.commands().includes("check_all_statuses"), "a full sync, not a normal one");
  assert.ok(!p.backend.commands().includes("start_sync"));
});

test("switching the language in Settings relabels the frame and the screen at once", async () => {
  const p = await shell("settings", { lang: "fr" });
  assert.equal(p.page$("#nav-conversations .nav-label").textContent, FR["nav.inbox"]);
  p.$("#settings-lang-en").click();
  await p.settle();
  assert.equal(p.text("#settings-title"), EN["settings.title"]);
  assert.equal(p.text("#settings-sync-title"), EN["settings.interval_title"]);
  assert.equal(p.$("#settings-lang-en").getAttribute("aria-pressed"), "true");
  assert.deepEqual(navLabels(p), NAV.filter(Boolean).map((e) => EN[e.key]));
  assert.equal(p.page$("#user-role").textContent, "Owner");
  assert.match(p.page$("#sync-state-text").textContent, /^(Up to date|Last copy) · /);
  assert.equal(p.page$("#nav-conversations-badge .nav-badge-label").textContent, ", 7 unread messages");
  assert.equal(p.win.document.documentElement.lang, "en");
  assert.deepEqual(p.backend.calls.at(-1), { command: "set_language", args: { language: "en" } });
  p.$("#settings-lang-fr").click();
  await p.settle();
  assert.equal(p.page$("#user-role").textContent, "Propriétaire");
  assert.equal(p.text("#settings-title"), FR["settings.title"]);
});

test("switching the language from the user menu relabels the inbox's figures too", async () => {
  const p = await shell("conversations", { lang: "fr" });
  assert.equal(p.text("#conversations-summary"), "3 conversations, 9 messages dans l'archive");
  p.page$("#user-menu-button").click();
  assert.equal(p.page$("#user-menu").hidden, false);
  assert.equal(p.page$("#user-menu-lang-fr").getAttribute("aria-checked"), "true");
  p.page$("#user-menu-lang-en").click();
  await p.settle();
  assert.equal(p.text("#conversations-summary"), "3 conversations, 9 messages in the archive");
  assert.equal(p.text("#conversations-title"), EN["conversations.title"]);
  assert.equal(p.page$("#user-menu-lang-en").getAttribute("aria-checked"), "true");
  assert.equal(p.page$("#user-menu-switch").textContent, EN["user.switch"]);
  assert.equal(p.page$("#user-menu").getAttribute("aria-label"), EN["user.menu_label"]);
});

test("a language that could not be saved says why in Settings, as text", async () => {
  const p = await shell("settings", { commands: { set_language: () => failure("io", HOSTILE.img) } });
  p.$("#settings-lang-fr").click();
  await p.settle();
  assert.equal(p.$("#settings-error").hidden, false);
  assert.equal(p.text("#settings-error"), HOSTILE.img);
  assert.equal(p.$("#settings-error").children.length, 0);
});

test("hostile names stay text in the frame and in Settings", async () => {
  const p = await shell("settings", {
    archive: overview({ account_name: HOSTILE.bidi + HOSTILE.img, senders: [HOSTILE.script] }),
    rows: [conversation(1, { profile_name: HOSTILE.terminal, unread_count: 1 })],
  });
  const name = p.$("#settings-account-name");
  assert.equal(name.children.length, 0);
  assert.ok(name.textContent.includes("⟨U+202E⟩"), "a bidi override is spelt out");
  assert.ok(name.textContent.includes("<img src=x onerror=alert(1)>"));
  assert.equal(p.$("#settings-senders li").textContent, HOSTILE.script);
  assert.equal(p.$("#settings-senders li").children.length, 0);
  assert.deepEqual(p.win.document.violations, []);
  p.page$("#nav-conversations").click();
  await p.settle();
  assert.equal(p.$(".conversation-name").textContent, "␛[31mred␛[0m alert␇");
});

test("keyboard: the menu opens on its first item, arrows move, Escape closes it and returns the focus", async () => {
  const p = await shell();
  const doc = p.win.document;
  const button = p.page$("#user-menu-button");
  key(button, "ArrowDown");
  assert.equal(p.page$("#user-menu").hidden, false);
  assert.equal(button.getAttribute("aria-expanded"), "true");
  assert.equal(doc.activeElement.id, "user-menu-lang-fr", "the first item that can be used (switching user cannot)");
  key(doc.activeElement, "ArrowDown");
  assert.equal(doc.activeElement.id, "user-menu-lang-en");
  key(doc.activeElement, "ArrowDown");
  assert.equal(doc.activeElement.id, "user-menu-settings");
  key(doc.activeElement, "Escape");
  assert.equal(p.page$("#user-menu").hidden, true);
  assert.equal(button.getAttribute("aria-expanded"), "false");
  assert.equal(doc.activeElement, button);
});

test("keyboard: Escape anywhere closes an open menu; a click elsewhere too", async () => {
  const p = await shell();
  const button = p.page$("#user-menu-button");
  button.click();
  assert.equal(p.page$("#user-menu").hidden, false);
  key(p.win.document.body, "Escape");
  assert.equal(p.page$("#user-menu").hidden, true);
  button.click();
  p.$("#conversations-title").click();
  assert.equal(p.page$("#user-menu").hidden, true);
});

test("the menu's Settings item opens Settings; switching user is disabled with its reason", async () => {
  const p = await shell();
  p.page$("#user-menu-button").click();
  const item = p.page$("#user-menu-switch");
  assert.equal(item.getAttribute("aria-disabled"), "true");
  assert.equal(p.page$(`#${item.getAttribute("aria-describedby")}`).textContent, EN["user.switch_reason"]);
  item.click();
  assert.equal(p.page$("#user-menu").hidden, false, "a disabled item does nothing");
  p.page$("#user-menu-settings").click();
  await p.settle();
  assert.equal(p.app.current().name, "settings");
  assert.equal(p.page$("#user-menu").hidden, true);
});

test("keyboard: Ctrl+K and Cmd+K open Search and put the focus in its box", async () => {
  for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
    const p = await shell();
    const event = key(p.win.document.body, "k", modifier);
    await p.settle();
    assert.equal(event.defaultPrevented, true);
    assert.equal(p.app.current().name, "search");
    assert.equal(p.win.document.activeElement.id, "search-text");
  }
});

test("Ctrl+K does nothing on onboarding screens", async () => {
  fakeBackend();
  const p = await page("en", { frame: true });
  p.app.show("welcome");
  key(p.win.document.body, "k", { ctrlKey: true });
  assert.equal(p.app.current().name, "welcome");
});
