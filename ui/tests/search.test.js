// The Search and Insights screens against a fake backend: filters as the core takes them,
// matches marked with text nodes (never markup), empty states that teach, a hit opening its
// conversation at that message; the chart's layout as a table of cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE, inboxCommands, conversation } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event } from "./fake-dom.js";
import { customerAddress, dayBound, emptyKind, filterOf } from "../screens/search/search.js";
import { barLayout, niceMax } from "../screens/insights/chart.js";
import { duration, money, monthLabel, percent, spendTotals, totals } from "../screens/insights/insights.js";

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

test("the month chart's layout, as a table", () => {
  assert.deepEqual([0, 1, 3, 10, 11, 260, 999].map(niceMax), [1, 1, 5, 10, 20, 500, 1000]);
  const layout = barLayout([
    { key: "2024-01", inbound: 10, outbound: 5 },
    { key: "2024-02", inbound: 0, outbound: 20 },
  ], { width: 200, height: 100, labels: 8 });
  assert.equal(layout.top, 20);
  const [jan, feb] = layout.bars;
  assert.deepEqual([jan.inbound.height, jan.outbound.height, feb.inbound.height, feb.outbound.height], [50, 25, 0, 100]);
  assert.equal(jan.inbound.y + jan.inbound.height, 100, "bars stand on the axis");
  assert.ok(feb.x > jan.x + 2 * jan.width, "months do not overlap");
  const many = barLayout(Array.from({ length: 36 }, (_, i) => ({ key: `m${i}`, inbound: 1, outbound: 1 })), { width: 700, height: 100, labels: 8 });
  assert.ok(many.bars.filter((b) => b.label).length <= 8);
  assert.equal(many.bars.at(-1).label, true, "the latest month is always named");
});

test("waits in words, as a table", async () => {
  await page("en");
  const cases = [[0, "0 s"], [45, "45 s"], [60, "1 min"], [719, "12 min"], [3600, "1 h 00"], [11100, "3 h 05"], [86400, "1 d 0 h"], [187200, "2 d 4 h"]];
  for (const [seconds, want] of cases) assert.equal(duration(seconds), want, String(seconds));
});

test("insights: totals, percentages and month names", () => {
  assert.deepEqual(totals([{ inbound: 2, outbound: 3 }, { inbound: 1, outbound: 0 }]), { inbound: 3, outbound: 3, all: 6 });
  assert.equal(percent(1, 0, "en"), "—");
  assert.equal(percent(1, 40, "en"), "2.5%");
  assert.match(percent(1, 40, "fr"), /^2,5\s%$/u);
  assert.equal(monthLabel("2024-03", "en"), "Mar 2024");
  assert.equal(monthLabel("unknown", "en"), "unknown");
  assert.equal(money(12_345_000, "USD", "en"), "US$12.35");
  assert.match(money(5_000, "EUR", "fr"), /^0,01\s€$/u);
  assert.equal(money(1_500_000, "XYZ1", "en"), "1.50 XYZ1", "an odd code is written after");
  assert.deepEqual(spendTotals([
    { month: "2024-01", currency: "USD", micros: 5, messages: 1 },
    { month: "2024-01", currency: "EUR", micros: 9, messages: 2 },
    { month: "2024-02", currency: "USD", micros: 7, messages: 3 },
  ]), [{ currency: "USD", micros: 12, messages: 4 }, { currency: "EUR", micros: 9, messages: 2 }]);
});

test("the Insights screen draws the chart, its table, failures explained and busiest conversations", async () => {
  const data = {
    linked_only: true,
    months: [{ key: "2024-01", inbound: 10, outbound: 5 }, { key: "2024-02", inbound: 4, outbound: 8 }],
    senders: [{ key: "whatsapp:+33100000000", inbound: 14, outbound: 13 }],
    busiest: [{ id: 7, customer: "whatsapp:+33612345678", profile_name: HOSTILE.img, messages: 12 }],
    spend: [{ month: "2024-01", currency: "USD", micros: 75_000, messages: 15 }],
    response: [{ month: "2024-01", replies: 4, median_seconds: 300 }, { month: "2024-02", replies: 2, median_seconds: 4000 }],
    failures: [{ code: 63016, count: 2, meaning: "Outside the 24-hour window.", what_to_do: "Send a template." }],
    sent: 13,
  };
  const backend = fakeBackend({ archive_insights: () => data, save_insights_csv: () => "/tmp/x.csv" });
  const p = await page("en");
  p.app.show("insights");
  await p.settle();
  assert.equal(p.$("#insights-body").dataset.loaded, "true");
  assert.equal(p.$("#insights-linked-only").textContent, EN["insights.linked_only"]);
  const chart = p.$("#insights-month-chart");
  assert.equal(chart.namespaceURI, "http://www.w3.org/2000/svg");
  assert.equal(chart.getAttribute("role"), "img");
  assert.equal(p.$$("#insights-month-chart rect").length, 4);
  assert.equal(p.$$("#insights-months-table tbody tr").length, 2);
  assert.equal(p.text("#insights-spend-total"), "US$0.08 for 15 priced messages");
  assert.deepEqual([...p.$$("#insights-response-table tbody tr")].map((tr) => tr.textContent), ["Feb 202421 h 07", "Jan 202445 min"], "newest month first");
  assert.equal(p.$("#insights-failures-table tbody tr").textContent.includes("15.4%"), true);
  assert.equal(p.$("#insights-open-7").textContent, HOSTILE.img);
  p.$("#insights-export").click();
  await p.settle();
  assert.equal(p.$("#insights-saved").textContent, "Saved: /tmp/x.csv");
  assert.deepEqual(backend.commands(), ["archive_insights", "save_insights_csv"]);
  p.$("#insights-open-7").click();
  await p.settle();
  assert.deepEqual(p.app.current(), { name: "conversations", params: { open: 7 } });
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
