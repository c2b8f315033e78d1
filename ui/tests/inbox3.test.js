// The inbox's third pass: the link picker over contacts, leads and deals; the "sent as a
// template" mark and the customer's profile name on a message; a moved number's thread
// read-only; media inline or as a file row opened after a confirmation; the Leads and Deals
// tabs and a record's page; Settings' user tools and the activity log. Hostile text stays text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, conversation, inboxCommands, HOSTILE, OWNER } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event } from "./fake-dom.js";
import { linkOptions, messageItem, readOnlyNotice } from "../screens/conversations/thread.js";
import { imageCache, isInlineImage, kindOf, mediaList } from "../screens/conversations/media.js";
import { recordFacts, recordTitle } from "../screens/contacts/record.js";
import { auditItem, auditQuery } from "../screens/settings/audit.js";
import { userRights, validPin, userTools } from "../screens/settings/users.js";

const EN = catalogue("en");

const message = (over = {}) => ({
  sid: "SM1", inbound: false, direction: "outbound-api", from: "whatsapp:+33100000000", to: "whatsapp:+33600000001",
  body: "Bonjour", status: "delivered", at: "2024-03-03T13:02:00Z", error_code: null, error_message: null, failure: null,
  price: null, price_unit: null, num_media: 0, media: [], template_sid: null, ...over,
});

test("the link picker groups contacts (suggested first, starred), leads and deals", async () => {
  await page("en");
  const options = linkOptions([{ id: 2, name: HOSTILE.script }], {
    contacts: [{ id: 1, name: "Ana" }, { id: 2, name: HOSTILE.script }],
    leads: [{ id: 7, title: "Salon" }],
    deals: [],
  });
  assert.deepEqual(options.map((g) => g.getAttribute("label")), [EN["thread.link_group_contacts"], EN["thread.link_group_leads"]]);
  const values = options.flatMap((g) => g.querySelectorAll("option").map((o) => [o.getAttribute("value"), o.textContent]));
  assert.deepEqual(values, [["contact:2", `${HOSTILE.script} ★`], ["contact:1", "Ana"], ["lead:7", "Salon"]]);
  const none = linkOptions([], {});
  assert.equal(none.length, 1);
  assert.equal(none[0].getAttribute("value"), "");
  assert.equal(none[0].textContent, EN["thread.link_none"]);
});

test("a message sent from a template is marked; a customer's message shows their WhatsApp name as text", async () => {
  await page("en");
  const sent = messageItem(message({ template_sid: "HX1" }), "en", null);
  assert.equal(sent.dataset.template, "HX1");
  assert.equal(sent.querySelector(".template-mark").textContent, EN["thread.sent_as_template"]);
  assert.equal(messageItem(message(), "en", null).querySelector(".template-mark"), null, "older messages carry no mark");
  const inbound = messageItem(message({ inbound: true, direction: "inbound", template_sid: "HX1" }), "en", null, { profileName: HOSTILE.img });
  assert.equal(inbound.querySelector(".message-author").textContent, `~ ${HOSTILE.img}`);
  assert.equal(inbound.querySelector("img"), null, "a name never becomes markup");
  assert.equal(inbound.querySelector(".template-mark"), null, "the mark is for what we sent");
  const notice = readOnlyNotice("2026-11-02T00:00:00Z", "en");
  assert.ok(notice.textContent.startsWith("Read-only since"), notice.textContent);
  assert.ok(notice.textContent.includes(EN["thread.read_only_help"]));
});

test("a moved number's thread has no composer, only why", async () => {
  const row = conversation(1, { window: { state: "open", closes_at: 0, remaining_secs: 3600 }, read_only_since: "2026-11-02T10:00:00Z" });
  fakeBackend({
    ...inboxCommands([row], { messages: 1 }),
    open_thread: () => ({ conversation: row, messages: [message()], older: null, read_only_since: "2026-11-02T10:00:00Z" }),
    mark_read: () => null,
    suggest_links: () => [],
    list_contacts: () => [],
    list_opportunities: () => [],
  });
  const p = await page("en");
  p.app.show("conversations");
  await p.settle();
  p.$("#conversation-list .conversation").click();
  for (let i = 0; i < 4; i++) await p.settle();
  assert.ok(p.$("#composer-read-only"), "the notice replaces the composer");
  assert.equal(p.$("#conversation-list .conversation").dataset.window, "read-only");
  assert.equal(p.$("#conversation-list .window-open"), null, "no window to show");
  assert.equal(p.$("#conversation-list .read-only-mark").textContent, EN["conversations.read_only"]);
  assert.equal(p.$("#composer-body"), null);
  assert.equal(p.$("#template-picker"), null);
});

test("media: raster images inline through blob URLs made once; other files open only after a confirmation", async () => {
  const backend = fakeBackend({ media_image: () => [137, 80, 78, 71], open_media: () => null });
  const p = await page("en");
  assert.equal(isInlineImage({ file_path: "a.png", content_type: "image/png" }), true);
  assert.equal(isInlineImage({ file_path: "a.svg", content_type: "image/svg+xml" }), false, "SVG may carry script");
  assert.equal(isInlineImage({ file_path: null, content_type: "image/png" }), false, "not downloaded");
  assert.equal(kindOf("application/pdf"), "PDF");
  let made = 0;
  const created = URL.createObjectURL;
  const revoked = [];
  URL.createObjectURL = () => `blob:fake/${++made}`;
  const revoke = URL.revokeObjectURL;
  URL.revokeObjectURL = (u) => revoked.push(u);
  try {
    const cache = imageCache();
    const image = { sid: "ME1", content_type: "image/png", file_path: "MM1/ME1.png", size_bytes: 4 };
    const pdf = { sid: "ME2", content_type: "application/pdf", file_path: "MM1/ME2.pdf", size_bytes: 2048 };
    const list = mediaList(message({ num_media: 3, media: [image, pdf, { sid: "ME3", content_type: "image/png", file_path: null }] }), cache);
    p.root.append(list);
    await p.settle();
    assert.equal(list.querySelector(".media-thumb img").getAttribute("src"), "blob:fake/1");
    await cache.url(image);
    assert.equal(made, 1, "one URL per image");
    assert.ok(list.textContent.includes(EN["thread.media_not_downloaded"]));
    list.querySelector(".media-file").click();
    assert.equal(backend.commands().includes("open_media"), false, "nothing opens before the confirmation");
    assert.equal(list.querySelector(".media-confirm").hidden, false);
    list.querySelector(".media-confirm-open").click();
    await p.settle();
    assert.deepEqual(backend.calls.find((c) => c.command === "open_media").args, { sid: "ME2" });
    cache.clear();
    await p.settle();
    assert.deepEqual(revoked, ["blob:fake/1"]);
  } finally {
    URL.createObjectURL = created;
    URL.revokeObjectURL = revoke;
  }
});

test("leads and deals tabs list and add; a record's page shows its facts and linked conversations", async () => {
  const deal = { id: 3, title: HOSTILE.script, contact_id: 1, value: "1200.00", currency: "EUR", source: null, stage: "Proposal", status: "open", crm_id: null };
  const backend = fakeBackend({
    list_contacts: () => [{ id: 1, name: "Zoé", phones: ["+33612345678"], email: null, organisation: null, crm_id: null }],
    list_opportunities: ({ kind }) => (kind === "deal" ? [deal] : []),
    create_opportunity: ({ fields }) => ({ ...fields, id: 4 }),
    record_page: () => ({ record: { kind: "deal", id: 3 }, contact: { id: 1, name: "Zoé", phones: [], email: null, organisation: null, crm_id: null },
      opportunity: deal, leads: [], deals: [], conversations: [conversation(5)] }),
    unlink_conversation: () => null,
  });
  const p = await page("en");
  p.app.show("contacts", { tab: "deals" });
  await p.settle();
  assert.equal(p.$("#tab-deals").getAttribute("aria-selected"), "true");
  assert.equal(p.$("#deal-list .contact-name").textContent, HOSTILE.script);
  p.$("#deal-title").value = "Vitrine";
  p.$("#deal-value").value = "10";
  p.$("#deal-form").dispatchEvent(new Event("submit", { cancelable: true }));
  await p.settle();
  const created = backend.calls.find((c) => c.command === "create_opportunity").args;
  assert.equal(created.kind, "deal");
  assert.equal(created.fields.title, "Vitrine");
  assert.equal(created.fields.value, "10");
  assert.equal(created.fields.stage, null);

  p.$("#deal-list .contact-name").click();
  await p.settle();
  assert.equal(p.$("#record-title").textContent, HOSTILE.script);
  assert.equal(p.$("#record-conversations li").dataset.id, "5");
  assert.ok(!p.$("#record-body").textContent.includes("null"), "no missing part written as 'null'");
  p.$(".record-unlink").click();
  await p.settle();
  assert.deepEqual(backend.calls.find((c) => c.command === "unlink_conversation").args, { id: 5 });
});

test("record facts keep only what a record has", () => {
  const contactPage = { contact: { name: "Ana", phones: ["+33612345678"], email: null, organisation: "Acme", crm_id: "12" }, opportunity: null };
  assert.equal(recordTitle(contactPage), "Ana");
  assert.deepEqual(recordFacts(contactPage).map(([k]) => k), ["contacts.phone", "contacts.organisation", "record.crm_id"]);
  const leadPage = { contact: null, opportunity: { title: "Salon", value: "5", currency: null, source: "Web", stage: null, status: null, crm_id: null } };
  assert.deepEqual(recordFacts(leadPage), [["record.value", "5"], ["record.source", "Web"]]);
});

test("user tools: who may do what, the PIN rule, rename and a two-step remove", async () => {
  const member = { id: 2, name: HOSTILE.img, email: null, role: "member", is_owner: false, has_pin: true };
  const asOwner = { users: [OWNER, member], current: OWNER, may_manage: true };
  const asMember = { users: [OWNER, member], current: member, may_manage: false };
  const cases = [
    [OWNER, asOwner, { rename: true, pin: true, remove: false }],
    [member, asOwner, { rename: true, pin: true, remove: true }],
    [member, asMember, { rename: true, pin: true, remove: false }],
    [OWNER, asMember, { rename: false, pin: false, remove: false }],
  ];
  for (const [u, people, want] of cases) assert.deepEqual(userRights(u, people), want, `${u.id} as ${people.current.id}`);
  for (const [pin, ok] of [["1234", true], ["12345678", true], ["123", false], ["123456789", false], ["12a4", false]]) assert.equal(validPin(pin), ok, pin);

  const backend = fakeBackend({ rename_user: () => null, remove_user: () => null, set_user_pin: () => null });
  await page("en");
  const failures = [];
  let changed = 0;
  const tools = userTools(member, asOwner, { onChanged: () => changed++, fail: (e) => failures.push(e) });
  assert.equal(userTools(OWNER, asMember, { onChanged() {}, fail() {} }), null);
  tools.querySelector("#settings-new-pin-2").value = "12";
  tools.querySelector("#settings-pin-form-2").dispatchEvent(new Event("submit", { cancelable: true }));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(failures[0].message, EN["users.pin_rule"]);
  assert.equal(backend.commands().includes("set_user_pin"), false, "a bad PIN never leaves the page");
  tools.querySelector("#settings-rename-name-2").value = "Morgan";
  tools.querySelector("#settings-rename-2").dispatchEvent(new Event("submit", { cancelable: true }));
  tools.querySelector("#settings-remove-2").click();
  assert.equal(backend.commands().includes("remove_user"), false, "the first click asks");
  tools.querySelector("#settings-remove-2").click();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(backend.calls.map((c) => c.command), ["rename_user", "remove_user"]);
  assert.deepEqual(backend.calls[0].args, { id: 2, name: "Morgan" });
  assert.equal(changed, 2);
});

test("the activity log: filters become the core's query, entries stay text, a member is told why", async () => {
  assert.deepEqual(auditQuery({ action: "send", actor: "3", text: "  zoé " }, 40), { action: "send", actor_id: 3, text: "zoé", before: 40, limit: 50 });
  assert.deepEqual(auditQuery({}), { action: null, actor_id: null, text: null, before: null, limit: 50 });
  await page("en");
  const item = auditItem({ id: 1, at: "2024-03-03T13:02:00Z", actor_id: 1, actor_name: HOSTILE.script, action: "user_renamed", subject: "user:2", detail: HOSTILE.img }, "en");
  assert.equal(item.querySelector(".audit-who").textContent, HOSTILE.script);
  assert.equal(item.querySelector(".audit-what").textContent, EN["audit.user_renamed"]);
  assert.equal(item.querySelector("img, script"), null);

  const entries = [{ id: 9, at: "2024-03-03T13:02:00Z", actor_id: 1, actor_name: "Camille", action: "send", subject: "conversation:1", detail: "text to +33600000001" }];
  const backend = fakeBackend({
    ...inboxCommands([], {}),
    audit_log: ({ query }) => (query.action === "link" ? [] : entries),
  });
  const p = await page("en");
  p.app.show("settings");
  for (let i = 0; i < 3; i++) await p.settle();
  assert.equal(p.$$("#audit-list .audit-entry").length, 1);
  p.$("#audit-action").value = "link";
  p.$("#audit-action").dispatchEvent(new Event("change"));
  await p.settle();
  assert.equal(p.$$("#audit-list .audit-entry").length, 0);
  assert.equal(p.$("#audit-status").textContent, EN["audit.empty"]);
  assert.equal(backend.calls.filter((c) => c.command === "audit_log").at(-1).args.query.action, "link");

  fakeBackend({ ...inboxCommands([], {}), audit_log: () => { throw { code: "permission_denied", message: "owner and administrators only" }; } });
  const m = await page("en");
  m.app.show("settings");
  for (let i = 0; i < 3; i++) await m.settle();
  assert.equal(m.$("#audit-status").textContent, "owner and administrators only");
  assert.equal(m.$("#audit-status").dataset.code, "permission_denied");
});

test("a record's page edits its record: a contact's numbers split per line, a deal's fields", async () => {
  const zoe = { id: 1, name: "Zoé", phones: ["+33612345678"], email: null, organisation: null, crm_id: null };
  const deal = { id: 3, title: "Vitrine", contact_id: 1, value: "10", currency: "EUR", source: null, stage: "Proposal", status: "open", crm_id: null };
  const backend = fakeBackend({
    list_contacts: () => [zoe],
    record_page: ({ record }) => (record.kind === "contact"
      ? { record, contact: zoe, opportunity: null, leads: [], deals: [deal], conversations: [] }
      : { record, contact: zoe, opportunity: deal, leads: [], deals: [], conversations: [] }),
    update_contact: ({ contact }) => ({ ...zoe, ...contact }),
    update_opportunity: ({ fields }) => fields,
  });
  const p = await page("en");
  p.app.show("contacts", { record: { kind: "contact", id: 1 } });
  await p.settle();
  assert.equal(p.$("#record-body [data-record='deal:3']").textContent, "Vitrine", "the person's deals are listed");
  p.$("#record-edit-button").click();
  p.$("#edit-name").value = "Zoé Martin";
  p.$("#edit-phones").value = "06 12 34 56 78\n+32 470 12 34 56, ";
  p.$("#record-edit").dispatchEvent(new Event("submit", { cancelable: true }));
  await p.settle();
  assert.deepEqual(backend.calls.find((c) => c.command === "update_contact").args, {
    id: 1, contact: { name: "Zoé Martin", phones: ["06 12 34 56 78", "+32 470 12 34 56"], email: null, organisation: null, country: "FR" },
  });

  p.app.show("contacts", { record: { kind: "deal", id: 3 } });
  await p.settle();
  p.$("#record-edit-button").click();
  await p.settle();
  assert.equal(p.$("#edit-title").getAttribute("value"), "Vitrine", "the form starts from the record");
  p.$("#edit-title").value = "Vitrine 2027";
  p.$("#record-edit").dispatchEvent(new Event("submit", { cancelable: true }));
  await p.settle();
  const updated = backend.calls.find((c) => c.command === "update_opportunity").args;
  assert.equal(updated.kind, "deal");
  assert.equal(updated.id, 3);
  assert.equal(updated.fields.title, "Vitrine 2027");
});
