// The door to the backend: every failure becomes an Error with a stable `code` and a message
// for the user, whatever shape it arrived in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { install } from "./fake-dom.js";
import { BackendError, call, toBackendError, useTransport } from "../ipc/core.js";
import { fakeBackend, failure } from "./fake-ipc.js";
import { listConversations } from "../ipc/inbox.js";
import { confirmAccount } from "../ipc/onboarding.js";

test("a backend error body keeps its code and message", () => {
  const error = toBackendError({ code: "bad_credentials", message: "Twilio refused" });
  assert.ok(error instanceof BackendError && error instanceof Error);
  assert.equal(error.code, "bad_credentials");
  assert.equal(error.message, "Twilio refused");
  assert.equal(toBackendError(error), error);
});

test("anything else becomes an 'internal' error in the page's language", () => {
  const win = install();
  const quiet = console.error;
  console.error = () => {};
  try {
    win.document.documentElement.lang = "en";
    for (const reason of ["command not found", null, { code: 1 }, new Error("x")]) {
      const error = toBackendError(reason);
      assert.equal(error.code, "internal");
      assert.match(error.message, /^Something unexpected went wrong/);
    }
    win.document.documentElement.lang = "fr";
    assert.match(toBackendError("x").message, /^Une erreur inattendue/);
  } finally {
    console.error = quiet;
  }
});

test("outside the app (no Tauri), calls fail with 'no_backend'", async () => {
  install();
  useTransport(null);
  await assert.rejects(call("current_archive"), (e) => e.code === "no_backend");
});

test("calls reach the backend with the command's arguments; refusals reject with their code", async () => {
  install();
  const backend = fakeBackend({ confirm_account: () => null, list_conversations: () => failure("store_locked", "Locked") });
  await confirmAccount(["whatsapp:+33612345678"], "Camille");
  assert.deepEqual(backend.calls[0].args, { confirmation: { senders: ["whatsapp:+33612345678"], owner_name: "Camille" } });
  await assert.rejects(listConversations(), (e) => e instanceof BackendError && e.code === "store_locked" && e.message === "Locked");
});
