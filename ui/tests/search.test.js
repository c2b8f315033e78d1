// The Search screen against a fake backend: filters as the core takes them, matches marked
// with text nodes (never markup), empty states that teach, a hit opening its conversation at
// that message. (The Insights screen: insights.test.js.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE, inboxCommands, conversation } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event } from "./fake-dom.js";
import { customerAddress, dayBound, emptyKind, filterOf } from "../screens/search/search.js";

const EN = catalogue("en");

const hit = (n, over = {}) => ({
  sid: `SM${n}`, conversation: 7, customer: "whatsapp:+33612345678", profile_name: "Alice",
  sender: "whatsapp:+33100000000", direction: "inbound", status: "received", num_media: 0,
  date_sent: "2024-05-01T10:00:00Z", body: `merci ${n}`,
  snippet: [{ text: "Un grand ", hit: false }, { text: "merci", hit: true }, { text: ` ${n}`, hit: false }],
  ...over,
});

async function showSearch({ messages = 10, hits = [], next = null, notes = [], commands = {} } = {}) {
  const backend = fakeBackend({
    ...inboxCommands([conversation(7)], { messages }),
    search_archive: () => ({ hits, next }),
    search_notes: () => notes,
    ...commands,
  });
  const p = await page("en");
  p.app.show("search");
  await p.settle();
  return { ...p, backend };
}

async function type(p, text) {
  const box = p.$("#search-text");
  box.value = text;
  box.dispatchEvent(new Event("input"));
  await new Promise((r) => setTimeout(r, 260));
  await p.settle();
}

test("a form's values become the core's filter", () => {
  const cases = [
    [{}, {}],
    [{ direction: "inbound" }, { inbound: true }],
    [{ direction: "outbound", media: true }, { inbound: false, has_media: true }],
    [{ sender: "whatsapp:+1", status: "failed" }, { sender: "whatsapp:+1", status: "failed" }],
    [{ customer: "+33 6 12 34 56 78" }, { customer: "whatsapp:+33612345678" }],
    [{ customer: "bob" }, {}],
    [{ since: "2024-03-01", until: "2024-03-31" }, { since: dayBound("2024-03-01"), until: dayBound("2024-03-31", true) }],
  ];
  for (const [values, want] of cases) assert.deepEqual(filterOf(values), want, JSON.stringify(values));
  assert.equal(dayBound("2024-03-31", true) - dayBound("2024-03-31"), 86399, "a whole local day");
  assert.equal(dayBound("31/03/2024"), null);
  assert.equal(customerAddress("0033612345678"), "whatsapp:+33612345678");
  assert.equal(customerAddress("whatsapp:+33612345678"), "whatsapp:+33612345678");
});

test("which empty state teaches what, as a table", () => {
  const cases = [
    [{ messagesInArchive: 0, text: "merci", hits: 0, notes: 0 }, "no_archive"],
    [{ messagesInArchive: 5, text: "  ", hits: 0, notes: 0 }, "start"],
    [{ messagesInArchive: 5, text: "zzz", hits: 0, notes: 0 }, "no_result"],
    [{ messagesInArchive: 5, text: "merci", hits: 0, notes: 1 }, null],
    [{ messagesInArchive: 5, text: "merci", hits: 3, notes: 0 }, null],
    [{ messagesInArchive: null, text: "", hits: 0, notes: 0 }, "start"],
  ];
  for (const [input, want] of cases) assert.equal(emptyKind(input), want, JSON.stringify(input));
});

test("an empty archive says to copy the history first; an empty box gives tips", async () => {
  const empty = await showSearch({ messages: 0 });
  assert.equal(empty.$("#search-empty").dataset.kind, "no_archive");
  assert.equal(empty.$("#search-empty .empty-what").textContent, EN["search.empty_no_archive"]);
  const p = await showSearch();
  assert.equal(p.$("#search-empty").dataset.kind, "start");
  assert.equal(p.$$(".search-tips li").length, 4);
  assert.equal(p.backend.commands().includes("search_archive"), false, "nothing searched before a word is typed");
});

test("hits show the match marked, hostile text as text; a hit opens its thread at the message", async () => {
  const hostile = hit(2, { profile_name: HOSTILE.img, snippet: [{ text: HOSTILE.script, hit: false }, { text: "merci", hit: true }] });
  const p = await showSearch({ hits: [hit(1), hostile], notes: [] });
  await type(p, "merci");
  const call = p.backend.calls.find((c) => c.command === "search_archive");
  assert.deepEqual(call.args.query, { text: "merci", filter: {}, cursor: null, page_size: 100 });
  assert.equal(p.$$(".search-hit").length, 2);
  assert.equal(p.$("#hit-SM1 mark").textContent, "merci");
  assert.equal(p.$("#hit-SM1 .search-hit-snippet").textContent, "Un grand merci 1");
  assert.equal(p.$("#hit-SM2 .search-hit-who").textContent, HOSTILE.img);
  assert.equal(p.$$("#hit-SM2 img, #hit-SM2 script").length, 0, "no markup from a message");
  assert.equal(p.$("#search-status").textContent, "2 messages found");
  assert.equal(p.$("#search-people-section").hidden, false, "the conversation named in the list is offered");
  p.$("#hit-SM1").click();
  await p.settle();
  assert.deepEqual(p.app.current(), { name: "conversations", params: { open: 7, message: "SM1" } });
});

test("nothing found: what to try, and clearing the filters when some narrow it", async () => {
  const p = await showSearch({ hits: [], commands: { list_conversations: () => ({ rows: [], next: null }) } });
  p.$("#search-media").checked = true;
  p.$("#search-media").dispatchEvent(new Event("change"));
  await type(p, "zzz");
  assert.equal(p.$("#search-empty").dataset.kind, "no_result");
  assert.equal(p.$("#search-no-result").textContent, "Nothing found for “zzz”.");
  const last = p.backend.calls.filter((c) => c.command === "search_archive").at(-1);
  assert.deepEqual(last.args.query.filter, { has_media: true });
  p.$("#search-clear-empty").click();
  await p.settle();
  assert.equal(p.$("#search-media").checked, false);
  const after = p.backend.calls.filter((c) => c.command === "search_archive").at(-1);
  assert.deepEqual(after.args.query.filter, {});
});

test("notes found are listed above the messages and open in the Notes screen", async () => {
  const note = { id: 4, conversation: 7, record: { kind: "contact", id: 1 }, title: "WhatsApp — Alice",
    last_message_at: "2024-05-01T10:00:00Z", message_count: 3, snippet: [{ text: "Client ", hit: false }, { text: "Alice", hit: true }] };
  const p = await showSearch({ hits: [], notes: [note] });
  await type(p, "alice");
  assert.equal(p.$("#search-notes-section").hidden, false);
  assert.equal(p.$("#note-hit-4 mark").textContent, "Alice");
  assert.equal(p.$("#search-empty-slot").textContent, "", "results: no empty state");
  p.$("#note-hit-4").click();
  await p.settle();
  assert.deepEqual(p.app.current(), { name: "notes", params: { open: 4 } });
});

test("the inbox's box hands its words to the Search screen (whole archive)", async () => {
  const backend = fakeBackend({
    ...inboxCommands([conversation(7)], { messages: 10 }),
    search_archive: () => ({ hits: [hit(1)], next: null }),
    search_notes: () => [],
  });
  const p = await page("en");
  p.app.show("conversations");
  await p.settle();
  assert.equal(p.$("#inbox-search-archive").hidden, true, "nothing typed: no offer");
  p.$("#inbox-filter").value = "merci";
  p.$("#inbox-filter").dispatchEvent(new Event("input"));
  await new Promise((r) => setTimeout(r, 200));
  await p.settle();
  assert.equal(p.text("#inbox-search-archive"), "Search all messages for “merci”");
  p.$("#inbox-search-archive").click();
  await p.settle();
  await p.settle();
  assert.equal(p.app.current().name, "search");
  assert.equal(p.$("#search-text").value, "merci");
  assert.equal(backend.calls.find((c) => c.command === "search_archive").args.query.text, "merci");
  assert.equal(p.$$(".search-hit").length, 1);
});
