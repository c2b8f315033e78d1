// The conversation list: empty, hostile, and 20,000 conversations drawn a screenful at a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxCommands, page, catalogue, conversation, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { elementsNamed } from "./fake-dom.js";
import { initials } from "../screens/conversations/conversations.js";

const EN = catalogue("en");
const FR = catalogue("fr");
const NNBSP = "\u202f";


async function showList(conversations, { lang = "en", kind = "own", commands = {} } = {}) {
  const backend = fakeBackend({
    ...inboxCommands(conversations, { kind, account_name: "Shop", messages: conversations.length * 3, conversations: conversations.length }),
    start_sync: () => null,
    ...commands,
  });
  const p = await page(lang);
  p.app.show("conversations");
  await p.settle();
  return { ...p, backend, list: p.$("#conversation-list") };
}

test("initials: two letters of the words that start with one", () => {
  const cases = [
    ["Camille Martin", "CM"],
    ["élodie", "É"],
    ["Jean Paul Sartre", "JP"],
    ["🙂 Bob", "B"],
    ["+33 6", "#"],
    ["", "#"],
  ];
  for (const [name, want] of cases) assert.equal(initials(name), want, name);
});

test("an empty archive says so and still marks the list loaded", async () => {
  const { $, list, text } = await showList([]);
  assert.equal($("#conversations-empty").hidden, false);
  assert.equal(text("#conversations-empty"), EN["conversations.empty"]);
  assert.equal(list.dataset.loaded, "true");
  assert.equal(list.children.length, 0);
  assert.equal(text("#conversations-summary"), "0 conversations, 0 messages in the archive");
});

test("a row shows who, the number, when, the last message and the unread count", async () => {
  const rows = [
    conversation(1, { unread_count: 2 }),
    conversation(2, { profile_name: null, last_message_direction: "outbound-api", last_message_body: null }),
  ];
  const { list, $ } = await showList(rows);
  assert.equal($("#conversations-empty").hidden, true);
  const [first, second] = list.children;
  assert.equal(first.querySelector(".conversation-name").textContent, "Client 1");
  assert.equal(first.querySelector(".conversation-number").textContent, "+33 6 00 00 00 01");
  assert.equal(first.querySelector(".conversation-when").getAttribute("datetime"), "2024-03-03T13:02:00Z");
  assert.equal(first.querySelector(".conversation-preview").textContent, "Message 1");
  assert.equal(first.querySelector(".unread").textContent, "2");
  assert.equal(first.querySelector(".unread").getAttribute("aria-label"), "2 unread");
  assert.equal(first.querySelector(".avatar").textContent, "C");
  assert.equal(first.dataset.unread, "2");
  // No name: the number stands in, and a media-only message says so.
  assert.equal(second.querySelector(".conversation-name").textContent, "+33 6 00 00 00 02");
  assert.equal(second.querySelector(".conversation-number").textContent, "");
  assert.equal(second.querySelector(".conversation-preview").textContent, EN["conversations.you"] + EN["conversations.no_text"]);
  assert.equal(second.querySelector(".unread"), null);
  assert.equal(second.getAttribute("aria-posinset"), "2");
  assert.equal(second.getAttribute("aria-setsize"), "2");
});

test("hostile names and messages stay text; names show their hidden characters", async () => {
  const rows = [
    conversation(1, { profile_name: HOSTILE.img, last_message_body: HOSTILE.script }),
    conversation(2, { profile_name: HOSTILE.bidi, last_message_body: HOSTILE.terminal }),
    conversation(3, { profile_name: HOSTILE.terminal, last_message_body: "line one\nline two" }),
  ];
  const { root, list } = await showList(rows);
  assert.deepEqual(elementsNamed(root, "img"), []);
  assert.deepEqual(elementsNamed(root, "script"), []);
  const name = (i) => list.children[i].querySelector(".conversation-name");
  const preview = (i) => list.children[i].querySelector(".conversation-preview").textContent;
  assert.equal(name(0).textContent, HOSTILE.img);
  assert.equal(preview(0), HOSTILE.script);
  assert.equal(name(1).textContent, "Bob⟨U+202E⟩gnp.exe");
  assert.equal(name(1).getAttribute("dir"), "auto", "isolated from the text around it");
  assert.equal(preview(1), "␛[31mred␛[0m alert␇");
  assert.equal(name(2).textContent, "␛[31mred␛[0m alert␇");
  assert.equal(preview(2), "line one line two");
  assert.deepEqual(root.ownerDocument.violations, [], "no style attribute anywhere");
});

test("20,000 conversations: only a screenful of rows is drawn, and scrolling draws the next ones", async () => {
  const rows = Array.from({ length: 20000 }, (_, i) => conversation(i));
  const { list, win, text } = await showList(rows, { lang: "fr" });
  const summary = FR["conversations.summary"].replace("{conversations}", `20${NNBSP}000`).replace("{messages}", `60${NNBSP}000`);
  assert.equal(text("#conversations-summary"), summary);
  const drawn = list.children.length;
  assert.ok(drawn >= 10 && drawn <= 100, `${drawn} rows drawn`);
  assert.equal(list.firstElementChild.querySelector(".conversation-name").textContent, "Client 0");
  assert.equal(list.style.paddingTop, "0px");
  assert.ok(parseInt(list.style.paddingBottom, 10) > 0, "the rows not drawn keep their place");

  // Scroll the list 10,000 rows down (rows are 64 px until one is measured).
  list.rect.top = -64 * 10000;
  win.fire("scroll");
  win.fire("scroll");
  assert.equal(win.frames.length, 1, "one redraw per frame, however many scroll events");
  win.flushFrames();
  const names = list.children.map((li) => li.querySelector(".conversation-name").textContent);
  assert.ok(names.includes("Client 10000"), names.slice(0, 3).join());
  assert.ok(list.children.length <= 100, `${list.children.length} rows drawn`);
  const first = Number(list.firstElementChild.getAttribute("aria-posinset")) - 1;
  assert.equal(list.style.paddingTop, `${first * 64}px`);

  // To the very end.
  list.rect.top = -64 * 20000;
  win.fire("resize");
  win.flushFrames();
  assert.equal(list.children.at(-1).querySelector(".conversation-name").textContent, "Client 19999");
  assert.equal(list.style.paddingBottom, "0px");
});

test("rows take the measured height once one is drawn", async () => {
  const backend = fakeBackend({
    ...inboxCommands(Array.from({ length: 5000 }, (_, i) => conversation(i)), { kind: "own", messages: 0, conversations: 5000 }),
  });
  const p = await page("en");
  // The fake DOM lays nothing out: give every row a height as a browser would.
  const create = p.win.document.createElement.bind(p.win.document);
  p.win.document.createElement = (tag) => {
    const el = create(tag);
    if (tag === "li") el.rect = { top: 0, height: 100 };
    return el;
  };
  p.app.show("conversations");
  await p.settle();
  const list = p.$("#conversation-list");
  assert.equal(list.children.length, Math.ceil(720 / 100) + 20);
  assert.equal(list.style.paddingBottom, `${(5000 - list.children.length) * 100}px`);
  assert.equal(backend.calls.filter((c) => c.command === "list_conversations").length, 1, "the list is read once, not per scroll");
});

test("the demo archive says it is demo data; 'check for new messages' resumes its sync", async () => {
  const { $, app } = await showList([conversation(1)], { kind: "demo" });
  assert.equal($("#conversations-demo").hidden, false);
  $("#conversations-sync").click();
  assert.deepEqual(app.current(), { name: "sync", params: { mode: "demo", resume: true } });
});

test("an archive that cannot be read says why, where the list would be", async () => {
  const { $, list } = await showList([], { commands: { archive_overview: () => failure("store_locked", HOSTILE.img), list_conversations: () => failure("store_locked", HOSTILE.img) } });
  assert.equal($("#conversations-error").hidden, false);
  assert.equal($("#conversations-error").textContent, HOSTILE.img);
  assert.equal($("#conversations-error").dataset.code, "store_locked");
  assert.equal(list.dataset.loaded, undefined);
});

test("leaving the screen stops following the window's scrolling", async () => {
  const { win, app, settle } = await showList([conversation(1)]);
  assert.ok(win.listenerCount("scroll") >= 1);
  app.show("sync", { mode: "own", resume: true });
  await settle();
  assert.equal(win.listenerCount("scroll"), 0);
});
