// The WhatsApp screen against a fake backend: counters that count as the core counts (emoji
// included), the core's errors under the right field, the display-name review warning before
// anything is sent, the review state and the history, untrusted profile text shown as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend } from "./fake-ipc.js";
import { Event, elementsNamed } from "./fake-dom.js";
import { whatsappLength, countOf } from "../screens/whatsapp/profile-form.js";
import { tabKeyTarget } from "../screens/whatsapp/tabs.js";

const EN = catalogue("en");

const LIMITS = [
  { field: "display_name", required: true, max: 255 },
  { field: "about", required: true, max: 139 },
  { field: "description", required: false, max: 512 },
  { field: "address", required: false, max: 256 },
  { field: "email", required: false, max: 128 },
  { field: "websites", required: false, max: 256 },
];

const sender = (over = {}) => ({
  sid: "XE0123456789abcdef0123456789abcdef",
  address: "whatsapp:+33757000000",
  status: "ONLINE",
  offline_reasons: [],
  quality_rating: "HIGH",
  messaging_limit: "10K Customers/24hr",
  profile: { display_name: "Boutique Démo", about: "Bonjour", description: "", address: "", email: "", websites: [], vertical: "Restaurant", logo_url: "" },
  name_review: null,
  ...over,
});

/** The core's about check, as the fake backend's answer (the real one is core's check_profile). */
const coreCheck = ({ draft }) =>
  draft.about.length > 139 ? [{ field: "about", rule: "too_long", message: `${draft.about.length} characters, at most 139: remove ${draft.about.length - 139}.` }] : [];

async function screen({ senders = [sender()], history = [], save = null, offline = null, commands = {} } = {}) {
  const backend = fakeBackend({
    list_conversations: () => ({ overview: { kind: "demo", senders: [], messages: 0, conversations: 0 }, conversations: [] }),
    profile_form: () => ({ limits: LIMITS, verticals: [["Restaurant", "Restaurant"], ["Other", "Other"]], review_notice: "A new display name goes to Meta for review." }),
    sender_profiles: () => ({ senders: senders.map((s) => ({ ...s, history })), offline: typeof offline === "function" ? offline() : offline }),
    check_profile_draft: coreCheck,
    save_profile: save || (({ draft }) => [{ sender: sender({ profile: draft }), fields: ["about"], name_in_review: false }, []]),
    ...commands,
  });
  const p = await page("en", { frame: true });
  p.app.show("whatsapp");
  await p.settle();
  return { ...p, backend };
}

function type(p, id, text) {
  const el = p.$(`#${id}`);
  el.value = text;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

test("the counter counts as the core's whatsapp_len: UTF-16 code units, String.length", () => {
  // The very table of core/src/field.rs (whatsapp_length_counts_utf16_code_units).
  const cases = [
    ["", 0], ["a", 1], ["é", 1], ["e\u0301", 2], ["😀", 2], ["👍🏽", 4],
    ["👨\u200d👩\u200d👧", 8], ["❤", 1], ["❤\ufe0f", 2], ["Ça va ?", 7], ["中文", 2],
  ];
  for (const [text, want] of cases) assert.equal(whatsappLength(text), want, JSON.stringify(text));
  assert.deepEqual(countOf("😀".repeat(70), 139), { count: 140, max: 139, over: true });
  assert.deepEqual(countOf(`${"😀".repeat(69)}a`, 139), { count: 139, max: 139, over: false });
});

test("one tab per number; status, quality, limit and the profile are shown", async () => {
  const p = await screen({ senders: [sender(), sender({ sid: "XE1123456789abcdef0123456789abcdef", address: "whatsapp:+442079460123", status: "OFFLINE", offline_reasons: [{ code: "30008", message: "Unknown" }] })] });
  assert.equal(p.$("#wa-error").textContent, "");
  assert.deepEqual([...p.$$(".wa-tab")].map((t) => t.textContent), ["+33 7 57 00 00 00", "+44 20 7946 0123"]);
  assert.equal(p.text("#wa-status"), "ONLINE");
  assert.equal(p.text("#wa-quality"), "HIGH");
  assert.equal(p.text("#wa-limit"), "10K Customers/24hr");
  assert.equal(p.text("#wa-preview-name"), "Boutique Démo");
  assert.equal(p.$("#wa-field-about").value, "Bonjour");
  assert.equal(p.text("#wa-count-about"), "7 / 139");
  p.$("#wa-tab-1").click();
  assert.equal(p.text("#wa-status"), "OFFLINE");
  assert.match(p.text("#wa-offline-reasons"), /30008 Unknown/);
  assert.equal(p.$("#wa-tab-1").getAttribute("aria-selected"), "true");
});

test("typing past 139 in About shows the counter over and the core's error; fixed, it saves", async () => {
  const p = await screen();
  type(p, "wa-field-about", "😀".repeat(70));
  await p.settle();
  assert.equal(p.text("#wa-count-about"), "140 / 139");
  assert.equal(p.$("#wa-count-about").dataset.over, "true");
  assert.equal(p.$("#wa-error-about").hidden, false);
  assert.match(p.text("#wa-error-about"), /140 characters, at most 139/);
  assert.equal(p.$("#wa-field-about").getAttribute("aria-invalid"), "true");
  assert.equal(p.text("#wa-preview-about"), "😀".repeat(70), "the preview follows the form");
  p.$("#wa-save").click();
  await p.settle();
  assert.ok(!p.backend.commands().includes("save_profile"), "nothing is sent while a field is wrong");

  type(p, "wa-field-about", `${"😀".repeat(69)}a`);
  await p.settle();
  assert.equal(p.text("#wa-count-about"), "139 / 139");
  assert.equal(p.$("#wa-error-about").hidden, true);
  p.$("#wa-save").click();
  await p.settle();
  const call = p.backend.calls.find((c) => c.command === "save_profile");
  assert.equal(call.args.sid, sender().sid);
  assert.equal(call.args.draft.about, `${"😀".repeat(69)}a`);
  assert.equal(p.text("#wa-saved"), EN["whatsapp.saved"]);
});

test("a display-name change warns about Meta's review first, then shows it pending", async () => {
  const pending = { pending_name: "Fleurs de Lyon", status: "PENDING_REVIEW", label: "in review at Meta", date: "2024-03-03T13:00:00Z", help: null };
  const history = [{ id: 1, sender_address: "whatsapp:+33757000000", changed_by: "Camille", changed_at: "2024-03-03T13:00:00Z", fields: ["display_name"], profile: {}, answer: { accepted: true, display_name_status: "pending_review", error_code: null, error_message: null } }];
  const p = await screen({
    save: () => [{ sender: sender({ name_review: pending }), fields: ["display_name"], name_in_review: true }, history],
  });
  type(p, "wa-field-display_name", "Fleurs de Lyon");
  await p.settle();
  p.$("#wa-save").click();
  await p.settle();
  assert.equal(p.$("#wa-review-warning").hidden, false);
  assert.equal(p.text("#wa-review-notice"), "A new display name goes to Meta for review.");
  assert.ok(!p.backend.commands().includes("save_profile"), "not sent before the user confirms");
  p.$("#wa-review-confirm").click();
  await p.settle();
  assert.ok(p.backend.commands().includes("save_profile"));
  assert.equal(p.$("#wa-name-review").dataset.status, "PENDING_REVIEW");
  assert.equal(p.text("#wa-name-review"), "“Fleurs de Lyon”: in review at Meta");
  assert.equal(p.text("#wa-name-review-help"), EN["whatsapp.review_pending_help"]);
  assert.equal(p.text("#wa-saved"), EN["whatsapp.saved_in_review"]);
  assert.equal(p.$$("#wa-history li").length, 1);
  assert.match(p.text("#wa-history li"), /Camille.*Display name.*name sent to Meta's review/);
});

test("hostile profile text is shown as text, never as markup", async () => {
  const p = await screen({
    senders: [sender({ profile: { ...sender().profile, display_name: HOSTILE.img, about: HOSTILE.script, description: HOSTILE.bidi } })],
  });
  assert.equal(elementsNamed(p.root, "img").length, 0);
  assert.equal(elementsNamed(p.root, "script").length, 0);
  assert.equal(p.text("#wa-preview-name"), HOSTILE.img);
  assert.equal(p.text("#wa-preview-about"), HOSTILE.script);
  // A description may be Arabic or Hebrew: bidi marks stay, the line is isolated (dir=auto).
  assert.equal(p.text("#wa-preview-description"), HOSTILE.bidi);
  assert.equal(p.$("#wa-preview-description span[dir=auto]").textContent, HOSTILE.bidi);
});

const OFFLINE = { as_of: 1764770400, reason: { code: "network", message: "Twilio has not answered for 30 s." } };

test("offline: the last known profile under a dated banner, Twilio-only buttons disabled and why", async () => {
  let down = true;
  const p = await screen({ offline: () => (down ? OFFLINE : null) });
  assert.equal(p.$("#wa-offline").hidden, false);
  assert.match(p.text("#wa-offline-title"), /^Offline: Twilio cannot be reached\. Shown as last read from Twilio, on .*2025/);
  assert.equal(p.text("#wa-offline-reason"), "Twilio has not answered for 30 s.");
  assert.equal(p.text("#wa-preview-name"), "Boutique Démo", "the last known profile is shown");
  for (const id of ["wa-save", "wa-refresh"]) {
    assert.equal(p.$(`#${id}`).disabled, true, id);
    assert.equal(p.$(`#${id}`).title, EN["whatsapp.offline_why"], id);
  }
  assert.equal(p.$("#wa-save-offline").hidden, false, "the reason is visible, not only a tooltip");
  assert.equal(p.text("#wa-save-offline"), EN["whatsapp.offline_why"]);
  assert.equal(p.$("#wa-offline-retry").disabled, false, "trying again stays possible");

  down = false;
  p.$("#wa-offline-retry").click();
  await p.settle();
  assert.equal(p.$("#wa-offline").hidden, true);
  assert.equal(p.$("#wa-save").disabled, false);
  assert.equal(p.$("#wa-refresh").disabled, false);
  assert.equal(p.$("#wa-save").title, "");
  assert.equal(p.$("#wa-save-offline").hidden, true);
});

test("tab keys as WAI-ARIA tabs: Left/Right wrap, Home/End, other keys ignored", () => {
  const cases = [
    ["ArrowRight", 0, 3, 1], ["ArrowRight", 2, 3, 0], ["ArrowLeft", 0, 3, 2], ["ArrowLeft", 2, 3, 1],
    ["Home", 2, 3, 0], ["End", 0, 3, 2], ["ArrowDown", 0, 3, null], ["a", 1, 3, null], ["ArrowRight", 0, 0, null],
  ];
  for (const [key, from, count, want] of cases) assert.equal(tabKeyTarget(key, from, count), want, `${key} from ${from}/${count}`);
});

test("arrow keys move focus along the tab strip with a roving tabindex; Enter opens the tab", async () => {
  const p = await screen({ senders: [sender(), sender({ sid: "XE1123456789abcdef0123456789abcdef", address: "whatsapp:+442079460123" }), sender({ sid: "XE2123456789abcdef0123456789abcdef", address: "whatsapp:+15005550006" })] });
  const tabs = () => [...p.$$(".wa-tab")];
  assert.deepEqual(tabs().map((t) => t.tabIndex), [0, -1, -1], "only the selected tab is in the Tab order");
  const key = (k) => {
    const event = new Event("keydown", { bubbles: true, cancelable: true });
    event.key = k;
    p.win.document.activeElement.dispatchEvent(event);
    return event;
  };
  tabs()[0].focus();
  assert.equal(key("ArrowRight").defaultPrevented, true);
  assert.equal(p.win.document.activeElement.id, "wa-tab-1");
  assert.deepEqual(tabs().map((t) => t.tabIndex), [-1, 0, -1]);
  key("End");
  assert.equal(p.win.document.activeElement.id, "wa-tab-2");
  key("ArrowRight");
  assert.equal(p.win.document.activeElement.id, "wa-tab-0", "wraps");
  key("ArrowLeft");
  assert.equal(p.win.document.activeElement.id, "wa-tab-2", "wraps back");
  key("Home");
  assert.equal(p.win.document.activeElement.id, "wa-tab-0");
  assert.equal(p.$("#wa-tab-0").getAttribute("aria-selected"), "true", "moving focus does not switch the panel");
  key("End");
  p.win.document.activeElement.click(); // Enter or Space on a button
  assert.equal(p.$("#wa-tab-2").getAttribute("aria-selected"), "true");
  assert.equal(p.$("#wa-panel").getAttribute("aria-labelledby"), "wa-tab-2");
  assert.deepEqual(tabs().map((t) => t.tabIndex), [-1, -1, 0]);
});

const PNG_DATA = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

test("the logo is shown from the core's data: URL; anything else is never loaded", async () => {
  const withLogo = (url) => [sender({ profile: { ...sender().profile, logo_url: url } })];
  const answers = {
    "https://shop.example/logo.png": () => PNG_DATA,
    "https://shop.example/tracker.png": () => "https://tracker.example/pixel.png",
    "https://shop.example/missing.png": () => { throw { code: "invalid_input", message: "the logo's server answered 404: check the address." }; },
  };
  const p = await screen({ senders: withLogo("https://shop.example/logo.png"), commands: { logo_preview: ({ url }) => answers[url]() } });
  await p.settle();
  assert.equal(p.$("#wa-preview-logo-img").getAttribute("src"), PNG_DATA);
  assert.equal(p.$("#wa-preview-logo"), null);

  const q = await screen({ senders: withLogo("https://shop.example/tracker.png"), commands: { logo_preview: ({ url }) => answers[url]() } });
  await q.settle();
  assert.equal(q.$("#wa-preview-logo-img"), null, "a URL that is not the core's data: image is not loaded");

  const r = await screen({ senders: withLogo("https://shop.example/missing.png"), commands: { logo_preview: ({ url }) => answers[url]() } });
  await r.settle();
  assert.equal(r.$("#wa-preview-logo-img"), null);
  assert.equal(r.text("#wa-preview-logo"), "Logo not shown: the logo's server answered 404: check the address.");
});
