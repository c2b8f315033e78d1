// The inbox beyond the list: a thread grouped by day with statuses in plain words and
// failures explained, the composer (counter, window, template picker with a live preview),
// a member of a Private inbox seeing it empty with the reason, and the contacts import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxCommands, page, catalogue, conversation, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { elementsNamed, Event } from "./fake-dom.js";
import { renderTemplate, orderTemplates, bodyLength, BODY_LIMIT } from "../screens/conversations/composer.js";
import { byDay, statusOf } from "../screens/conversations/thread.js";

const EN = catalogue("en");

const message = (i, over = {}) => ({
  sid: `SM${i}`, inbound: false, direction: "outbound-api", from: "whatsapp:+33100000000", to: "whatsapp:+33600000001",
  body: `Body ${i}`, status: "delivered", at: "2024-03-03T13:02:00Z", error_code: null, error_message: null, failure: null,
  price: null, price_unit: null, num_media: 0, media: [], ...over,
});

const TEMPLATE = { sid: "HX1", name: "suivi", language: "fr", body: "Bonjour {{1}}, commande {{2}}", variables: ["1", "2"], examples: { 1: "Marie" } };

async function openInbox({ row, messages, commands = {} }) {
  const backend = fakeBackend({
    ...inboxCommands([row], { messages: 3 }),
    open_thread: () => ({ conversation: row, messages, older: null }),
    mark_read: () => null,
    approved_templates: () => [TEMPLATE],
    suggest_links: () => [],
    list_contacts: () => [],
    send_message: () => ({ conversation: row.id, sid: "SM9", status: "queued" }),
    ...commands,
  });
  const p = await page("en");
  p.app.show("conversations");
  await p.settle();
  p.$("#conversation-list .conversation").click();
  for (let i = 0; i < 4; i++) await p.settle();
  return { ...p, backend };
}

test("pure helpers: template preview, language order, the body counter, days, statuses", async () => {
  await page("en");
  assert.equal(renderTemplate("Bonjour {{1}}, {{2}}", { 1: "Léa" }), "Bonjour Léa, {{2}}");
  assert.deepEqual(orderTemplates([{ name: "b", language: "en" }, { name: "a", language: "fr" }], "fr").map((x) => x.name), ["a", "b"]);
  assert.equal(bodyLength("a😀"), 3, "UTF-16 units, as the core counts");
  assert.equal(BODY_LIMIT, 1600);
  const days = byDay([message(1, { at: "2024-03-03T10:00:00Z" }), message(2, { at: "2024-03-03T11:00:00Z" }), message(3, { at: "2024-03-05T10:00:00Z" })], "en", { timeZone: "UTC" });
  assert.deepEqual(days.map((d) => d.messages.length), [2, 1]);
  assert.equal(statusOf("unknown").words, EN["status.unknown"]);
  assert.equal(statusOf("read").icon, "✓✓");
});

test("an open window: the thread by day, statuses in words, the counter and one send", async () => {
  const row = conversation(1, { window: { state: "open", closes_at: 0, remaining_secs: 5 * 3600 + 60 } });
  const failed = message(2, { status: "failed", error_code: 63016, failure: { code: 63016, known: true, meaning: "Window closed", what_to_do: "Send a template", offer_template: true } });
  const { $, $$, backend, root } = await openInbox({ row, messages: [failed, message(1, { body: HOSTILE.img })] });
  assert.equal($("#thread-pane").hidden, false);
  assert.equal($("#thread-no-calls").textContent, EN["thread.no_calls"]);
  assert.equal($$(".message").length, 2);
  assert.equal($(".message[data-sid=SM1] .message-body").textContent, HOSTILE.img);
  assert.deepEqual(elementsNamed(root, "img"), []);
  assert.ok($(".message[data-sid=SM1] .message-status").textContent.includes(EN["status.delivered"]));
  assert.ok($(".message[data-sid=SM2] .message-failure").textContent.includes("63016"));
  assert.ok($(".message[data-sid=SM2] .offer-template"), "63016 offers the template picker");
  assert.ok($("#composer-window").textContent.includes("5 h 1 min left"), $("#composer-window").textContent);
  assert.equal($("#composer-help").textContent, EN["composer.help"]);
  const area = $("#composer-body");
  area.value = "a".repeat(1601);
  area.dispatchEvent(new Event("input"));
  assert.equal($("#composer-send").disabled, true, "over 1,600 characters");
  assert.equal($("#composer-count").dataset.over, "true");
  area.value = "Merci !";
  area.dispatchEvent(new Event("input"));
  assert.equal($("#composer-send").disabled, false);
  $("#composer").dispatchEvent(new Event("submit", { cancelable: true }));
  await new Promise((r) => setTimeout(r, 10));
  const sent = backend.calls.filter((c) => c.command === "send_message");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].args.request, { to: [row.customer], from: row.sender, compose: { kind: "text", body: "Merci !" } });
});

test("a closed window: only the template picker, every variable required, a live preview", async () => {
  const row = conversation(1, { window: { state: "closed", since: null } });
  const { $, backend } = await openInbox({ row, messages: [message(1)] });
  assert.equal($("#composer-body"), null, "no free text outside the window");
  assert.equal($("#composer-window").textContent, EN["composer.window_closed"]);
  assert.equal($("#template-send").disabled, true);
  const v1 = $("#template-var-1");
  v1.value = "Léa";
  v1.dispatchEvent(new Event("input"));
  assert.equal($("#template-preview").textContent, "Bonjour Léa, commande {{2}}");
  assert.equal($("#template-send").disabled, true, "variable 2 is still empty");
  const v2 = $("#template-var-2");
  v2.value = "7";
  v2.dispatchEvent(new Event("input"));
  assert.equal($("#template-send").disabled, false);
  $("#template-picker").dispatchEvent(new Event("submit", { cancelable: true }));
  await new Promise((r) => setTimeout(r, 10));
  const sent = backend.calls.find((c) => c.command === "send_message");
  assert.deepEqual(sent.args.request.compose, { kind: "template", content_sid: "HX1", variables: { 1: "Léa", 2: "7" } });
});

test("a member of a Private inbox sees it empty, with the core's reason", async () => {
  fakeBackend({
    ...inboxCommands([], {}),
    list_conversations: () => failure("permission_denied", "the inbox is Private"),
  });
  const p = await page("en");
  p.app.show("conversations");
  await p.settle();
  assert.equal(p.$("#conversations-empty").hidden, false);
  assert.equal(p.$("#conversations-empty").textContent, "the inbox is Private");
  assert.equal(p.$("#conversations-empty").dataset.code, "permission_denied");
  assert.equal(p.$("#conversations-error").hidden, true, "not an error: an explanation");
  assert.equal(p.$("#conversation-list").dataset.loaded, "true");
});

test("contacts: a CSV preview maps columns and lists bad rows, then imports", async () => {
  const backend = fakeBackend({
    list_contacts: () => [{ id: 1, name: HOSTILE.script, phones: ["+33612345678"], email: null, organisation: null, crm_id: null }],
    preview_import: () => ({ kind: "people", country: "FR", columns: [{ header: "Name", field: "name" }, { header: "Phone", field: "phone" }], rows: [], bad: [{ line: 3, reason: "bad number" }], creates: 1, updates: 0 }),
    import_records: () => ({ created: 1, updated: 0, bad: [{ line: 3, reason: "bad number" }] }),
  });
  const p = await page("en");
  p.app.show("contacts");
  await p.settle();
  assert.equal(p.$("#contact-list .contact-name").textContent, HOSTILE.script);
  assert.equal(p.$("#contact-list .contact-phones").textContent, "+33 6 12 34 56 78");
  p.$("#import-text").value = "Name,Phone\nA,0612345678\nB,12";
  p.$("#import-preview").click();
  await p.settle();
  assert.equal(p.$$("#import-mapping tbody tr").length, 2);
  assert.ok(p.$("#import-bad").textContent.includes("bad number"));
  p.$("#import-run").click();
  await p.settle();
  assert.ok(p.$("#import-done").textContent.includes("1 created"));
  assert.equal(backend.calls.find((c) => c.command === "import_records").args.request.kind, "people");
});
