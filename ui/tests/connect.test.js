// The connect form: its own checks before asking Twilio, the backend's refusals shown where
// the action was, and the checked account handed to the senders screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue, HOSTILE } from "./helpers.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { problems } from "../screens/connect/connect.js";

const FR = catalogue("fr");
const SID = "AC" + "0123456789abcdef".repeat(2);
const KEY = "SK" + "0123456789abcdef".repeat(2);

const values = (over = {}) => ({
  owner_name: "Camille",
  account_sid: SID,
  method: "auth_token",
  auth_token: "secret",
  api_key_sid: "",
  api_key_secret: "",
  ...over,
});

test("the form's checks, as a table", () => {
  const cases = [
    [{}, {}],
    [{ owner_name: "  " }, { "owner-name": "connect.error_owner" }],
    [{ account_sid: "" }, { "account-sid": "connect.error_account_sid_empty" }],
    [{ account_sid: "AC123" }, { "account-sid": "connect.error_account_sid_shape" }],
    [{ account_sid: ` ${SID} ` }, {}],
    [{ auth_token: "" }, { "auth-token": "connect.error_auth_token" }],
    [{ method: "api_key", auth_token: "" }, { "api-key-sid": "connect.error_api_key_sid_empty", "api-key-secret": "connect.error_api_key_secret" }],
    [{ method: "api_key", api_key_sid: "SK12", api_key_secret: "s" }, { "api-key-sid": "connect.error_api_key_sid_shape" }],
    [{ method: "api_key", api_key_sid: KEY, api_key_secret: "s" }, {}],
  ];
  for (const [over, want] of cases) assert.deepEqual(problems(values(over)), want, JSON.stringify(over));
});

async function form(commands) {
  const backend = fakeBackend(commands);
  const p = await page("fr");
  p.app.show("welcome");
  p.app.show("connect");
  const fill = (id, value) => (p.$(`#${id}`).value = value);
  const submit = () => p.$("#connect-submit").click();
  return { ...p, backend, fill, submit };
}

test("an empty form says what is missing and focuses the first field, without calling the backend", async () => {
  const { $, text, submit, backend, win } = await form();
  submit();
  assert.equal(text("#owner-name-error"), FR["connect.error_owner"]);
  assert.equal(text("#account-sid-error"), FR["connect.error_account_sid_empty"]);
  assert.equal(text("#auth-token-error"), FR["connect.error_auth_token"]);
  assert.equal($("#owner-name-error").hidden, false);
  assert.equal($("#owner-name").getAttribute("aria-invalid"), "true");
  assert.equal(win.document.activeElement, $("#owner-name"));
  assert.deepEqual(backend.calls, []);
});

test("choosing an API key shows its fields instead of the token", async () => {
  const { $ } = await form();
  assert.equal($("[data-method=api_key]").hidden, true);
  $("#method-key").click();
  assert.equal($("[data-method=api_key]").hidden, false);
  assert.equal($("[data-method=auth_token]").hidden, true);
  assert.ok($("#api-key-sid"), "the API key SID field");
});

test("a refusal from Twilio is shown on the form, as text, with its code", async () => {
  const { $, fill, submit, settle, app } = await form({ check_account: () => failure("bad_credentials", HOSTILE.script) });
  fill("owner-name", "Camille");
  fill("account-sid", SID);
  fill("auth-token", "wrong");
  submit();
  assert.equal($("#connect-busy").hidden, false, "busy while Twilio answers");
  assert.equal($("#connect-submit").disabled, true);
  await settle();
  const alert = $("#connect-error");
  assert.equal(alert.hidden, false);
  assert.equal(alert.dataset.code, "bad_credentials");
  assert.equal(alert.textContent, HOSTILE.script);
  assert.equal(alert.children.length, 0, "the message stays text");
  assert.equal($("#connect-submit").disabled, false);
  assert.equal(app.current().name, "connect", "a refusal keeps the user on the form");
});

test("a checked account goes to the senders screen with the trimmed owner name", async () => {
  const check = { account: { sid: SID, friendly_name: "Shop" }, senders: [] };
  const { fill, submit, settle, app, backend } = await form({ check_account: () => check });
  fill("owner-name", "  Camille Martin ");
  fill("account-sid", SID);
  fill("auth-token", "token");
  submit();
  await settle();
  assert.deepEqual(backend.calls[0], {
    command: "check_account",
    args: { form: { account_sid: SID, method: "auth_token", auth_token: "token", api_key_sid: "", api_key_secret: "" } },
  });
  assert.deepEqual(app.current(), { name: "senders", params: { check, ownerName: "Camille Martin" } });
});

test("back returns to the first-run screen", async () => {
  const { $, app, settle } = await form();
  $("[data-action=back]").click();
  await settle();
  assert.equal(app.current().name, "welcome");
});
