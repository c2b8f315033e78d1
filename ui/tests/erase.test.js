// Settings → Erase a customer: what goes where is said first, two confirmations, Twilio only
// when ticked and reachable, cancel until the last click, the report in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, catalogue } from "./helpers.js";
import { eraseSection } from "../screens/settings/erase.js";

const EN = catalogue("en");

const plan = (over = {}) => ({
  preview: { customer: "+33612345678", counts: { conversations: 1, messages: 12, media: 2, media_files: 1, notes: 1, links: 1 }, older_backups: 2 },
  summary: "Erasing +33612345678 deletes from the archive: 12 message(s)…",
  twilio_possible: true,
  ...over,
});

async function mount(answers = {}) {
  const p = await page("en");
  const calls = [];
  const section = eraseSection({
    preview: async (number, country) => {
      calls.push(["preview", number, country]);
      if (answers.preview instanceof Error) throw answers.preview;
      return answers.preview || plan();
    },
    erase: async (number, country, atTwilio) => {
      calls.push(["erase", number, country, atTwilio]);
      return { archive: plan().preview, at_twilio: atTwilio ? { messages_deleted: 12, media_deleted: 2, already_gone: 0, failed: [] } : null };
    },
  });
  p.root.replaceChildren(section.card);
  return { ...p, calls };
}

test("erase: the counts, then 'for good', then the report; Twilio only when ticked", async () => {
  const p = await mount();
  assert.equal(p.$$("#settings-erase-country option")[0].getAttribute("value"), "FR", "France first");
  assert.equal(p.text("#settings-erase-what"), EN["settings.erase_what"]);
  p.$("#settings-erase-number").value = "06 12 34 56 78";
  p.$("#settings-erase-country").value = "FR";
  p.$("#settings-erase-check").click();
  await p.settle();
  assert.deepEqual(p.calls, [["preview", "06 12 34 56 78", "FR"]]);
  assert.equal(p.text("#settings-erase-summary"), plan().summary);
  assert.equal(p.text("#settings-erase-twilio-what"), EN["settings.erase_twilio_what"]);
  p.$("#settings-erase-twilio").checked = true;
  p.$("#settings-erase-continue").click();
  assert.equal(p.text("#settings-erase-final"), EN["settings.erase_final_twilio"].replace("{customer}", "+33612345678"));
  assert.equal(p.calls.length, 1, "nothing erased before the second confirmation");
  p.$("#settings-erase-yes").click();
  await p.settle();
  assert.deepEqual(p.calls[1], ["erase", "+33612345678", "FR", true]);
  assert.match(p.text("#settings-erase-status"), /^Erased \+33612345678 from the archive: 12 message\(s\).* At Twilio: 12 message\(s\)/);
  assert.equal(p.$("#settings-erase-confirm").hidden, true);
});

test("erase: cancel at either confirmation erases nothing; no Twilio when it cannot be reached", async () => {
  const p = await mount({ preview: plan({ twilio_possible: false }) });
  p.$("#settings-erase-number").value = "+33612345678";
  p.$("#settings-erase-check").click();
  await p.settle();
  assert.equal(p.$("#settings-erase-twilio").disabled, true);
  assert.equal(p.text("#settings-erase-twilio-reason"), EN["settings.erase_twilio_unavailable"]);
  p.$("#settings-erase-cancel").click();
  assert.equal(p.$("#settings-erase-confirm").hidden, true);
  p.$("#settings-erase-check").click();
  await p.settle();
  p.$("#settings-erase-continue").click();
  p.$("#settings-erase-cancel").click();
  assert.deepEqual(p.calls.map((c) => c[0]), ["preview", "preview"]);
});

test("erase: an empty number and a refusal are said where the action was", async () => {
  const p = await mount({ preview: Object.assign(new Error("only the owner and administrators erase a customer."), { code: "permission_denied" }) });
  p.$("#settings-erase-check").click();
  await p.settle();
  assert.equal(p.text("#settings-erase-error"), EN["settings.erase_number_missing"]);
  p.$("#settings-erase-number").value = "+33612345678";
  p.$("#settings-erase-check").click();
  await p.settle();
  assert.equal(p.$("#settings-erase-error").dataset.code, "permission_denied");
  assert.equal(p.$("#settings-erase-check").disabled, false);
});

test("open an archive: a backup or a path is read, said, and closed again", async () => {
  const p = await page("en");
  const calls = [];
  const opened = { source: "/backups/passerelle-manual-1.db", copy: "/app/opened/opened.db", messages: 1200, conversations: 40 };
  let current = null;
  let changed = 0;
  const { openArchiveSection } = await import("../screens/settings/open-archive.js");
  const section = openArchiveSection({
    openedArchive: async () => current,
    openArchiveFile: async (path) => {
      calls.push(["open", path]);
      current = opened;
      return opened;
    },
    closeArchiveFile: async () => {
      calls.push(["close"]);
      current = null;
    },
  }, { onChanged: () => { changed += 1; } });
  p.root.replaceChildren(section.card);
  assert.equal(p.$("#settings-open-backup-button").disabled, true, "no backup yet");
  await section.load();
  section.offer([{ name: "passerelle-manual-1.db", path: "/backups/passerelle-manual-1.db", made_at: "2026-01-02T10:00:00Z", size_bytes: 1, reason: "manual" }]);
  assert.equal(p.$("#settings-open-backup-button").disabled, false);
  assert.equal(p.text("#settings-open-none"), EN["settings.open_none"]);
  p.$("#settings-open-path-button").click();
  await p.settle();
  assert.equal(p.text("#settings-open-error"), EN["settings.open_path_missing"]);
  p.$("#settings-open-backup").value = "/backups/passerelle-manual-1.db";
  p.$("#settings-open-backup-button").click();
  await p.settle();
  assert.deepEqual(calls, [["open", "/backups/passerelle-manual-1.db"]]);
  assert.equal(p.text("#settings-open-current"), "Now showing /backups/passerelle-manual-1.db (read-only): 1,200 messages in 40 conversations.");
  p.$("#settings-open-close").click();
  await p.settle();
  assert.deepEqual(calls.at(-1), ["close"]);
  assert.equal(p.text("#settings-open-none"), EN["settings.open_none"]);
  assert.equal(changed, 2, "the frame reads the archive again after each change");
});
