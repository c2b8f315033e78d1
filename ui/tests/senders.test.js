// Confirming the senders: names from Twilio are untrusted, offline senders cannot be chosen,
// and the confirmation starts the first sync.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { elementsNamed } from "./fake-dom.js";

const EN = catalogue("en");

const check = (senders, friendly_name = "Shop") => ({ account: { sid: "AC" + "1".repeat(32), friendly_name }, senders });
const sender = (address, online = true, display_name = "Shop", status = "ONLINE") => ({ address, online, display_name, status });

async function senders(theCheck, ownerName = "Camille", commands = {}) {
  const backend = fakeBackend({ start_sync: () => null, ...commands });
  const p = await page("en");
  p.app.show("welcome");
  p.app.show("senders", { check: theCheck, ownerName });
  return { ...p, backend };
}

test("each sender shows its number in international format; online ones are chosen", async () => {
  const { $$ } = await senders(check([sender("whatsapp:+33612345678"), sender("whatsapp:+14155550123", false, "Old", "OFFLINE")]));
  const rows = $$(".sender");
  assert.equal(rows.length, 2);
  assert.equal(rows[0].querySelector(".sender-number").textContent, "+33 6 12 34 56 78");
  assert.equal(rows[0].querySelector("input").value, "whatsapp:+33612345678", "the value stays the address");
  assert.equal(rows[0].querySelector("input").checked, true);
  assert.equal(rows[1].querySelector("input").disabled, true);
  assert.equal(rows[1].querySelector(".badge").textContent, EN["senders.offline"].replace("{status}", "OFFLINE"));
});

test("hostile names from Twilio and from the form stay text, their controls shown", async () => {
  const { root, text } = await senders(
    check([sender("whatsapp:+33612345678", true, HOSTILE.img), sender("whatsapp:+33712345678", false, HOSTILE.bidi, HOSTILE.script)], HOSTILE.terminal),
    HOSTILE.script,
  );
  assert.deepEqual(elementsNamed(root, "img"), []);
  assert.deepEqual(elementsNamed(root, "script"), []);
  assert.equal(root.querySelectorAll(".sender-name")[0].textContent, HOSTILE.img);
  assert.equal(root.querySelectorAll(".sender-name")[1].textContent, "Bob⟨U+202E⟩gnp.exe");
  assert.ok(text("#senders-account").includes("␛[31mred␛[0m alert␇"), text("#senders-account"));
  assert.ok(text("#senders-owner").includes(HOSTILE.script));
});

test("an account with no sender shows an empty list and refuses to confirm nothing", async () => {
  const { $, $$, backend } = await senders(check([]));
  assert.equal($$(".sender").length, 0);
  $("#senders-confirm").click();
  assert.equal($("#senders-error").hidden, false);
  assert.equal($("#senders-error").textContent, EN["senders.none_chosen"]);
  assert.deepEqual(backend.calls, []);
});

test("confirming saves the chosen senders and the owner, then starts the sync", async () => {
  const { $, $$, backend, app, settle } = await senders(
    check([sender("whatsapp:+33612345678"), sender("whatsapp:+33712345678")]),
    "Camille",
    { confirm_account: () => null },
  );
  $$(".sender input")[1].click(); // unchoose the second
  $("#senders-confirm").click();
  await settle();
  assert.deepEqual(backend.calls[0], {
    command: "confirm_account",
    args: { confirmation: { senders: ["whatsapp:+33612345678"], owner_name: "Camille" } },
  });
  assert.deepEqual(app.current(), { name: "sync", params: { mode: "own" } });
});

test("a failed confirmation is shown with its code and the button works again", async () => {
  const { $, settle, app } = await senders(check([sender("whatsapp:+33612345678")]), "Camille", {
    confirm_account: () => failure("keychain_unavailable", "No keychain"),
  });
  $("#senders-confirm").click();
  await settle();
  assert.equal($("#senders-error").dataset.code, "keychain_unavailable");
  assert.equal($("#senders-error").textContent, "No keychain");
  assert.equal($("#senders-confirm").disabled, false);
  assert.equal(app.current().name, "senders");
});
