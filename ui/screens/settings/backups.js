// Settings → Backups (list, make one, restore one after a confirmation) and Disconnect
// Twilio (what happens, a confirmation, then each step ticked off as the backend reports
// it). Kept beside settings.js so that file stays about the page itself.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, language } from "../../lib/i18n.js";
import { formatDate, formatNumber } from "../../lib/format.js";
import {
  listBackups, makeBackup, restoreBackup, disconnectStatus, disconnectTwilio, onDisconnectProgress,
} from "../../ipc/notes.js";

/** The steps of a disconnect, in order (the core's `Step`, without `done`). */
export const DISCONNECT_STEPS = ["backup", "notes", "crm_push", "remove_secret", "mark_disconnected"];

const KNOWN_REASONS = ["manual", "disconnect", "before-restore"];

/** Why a backup was made, in words. */
export function reasonLabel(reason) {
  return t(`settings.backup_reason_${KNOWN_REASONS.includes(reason) ? reason : "other"}`);
}

function size(bytes) {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${formatNumber(Math.round(mb * 10) / 10, language())} MB` : `${formatNumber(Math.ceil(bytes / 1024), language())} kB`;
}

/** The Backups card; `onListed(backups)` after each listing (the Open-archive card offers them). */
export function backupsSection({ onListed = () => {} } = {}) {
  const error = h("p", { class: "alert", id: "settings-backups-error", role: "alert", hidden: true });
  const status = h("p", { class: "hint", id: "settings-backups-status", role: "status" });
  const list = h("ul", { class: "backup-list", id: "settings-backups-list" });
  const confirm = h("div", { class: "confirm", id: "settings-restore-confirm", hidden: true });
  const fail = (failure) => showAlert(error, failure.message, failure.code);

  const load = async () => {
    try {
      const backups = await listBackups();
      list.replaceChildren(...(backups.length
        ? backups.map((b, i) => h("li", { class: "backup-row", "data-name": b.name },
          h("span", { class: "backup-when" }, formatDate(b.made_at, language())),
          h("span", { class: "backup-reason" }, reasonLabel(b.reason)),
          h("span", { class: "backup-size hint" }, size(b.size_bytes)),
          said("button", "settings.backup_restore", {
            type: "button", class: "button secondary small", id: `settings-restore-${i}`, onclick: () => ask(b.name),
          })))
        : [said("li", "settings.backups_none", { class: "hint", id: "settings-backups-none" })]));
      list.dataset.loaded = "true";
      onListed(backups);
    } catch (failure) {
      fail(failure);
    }
  };
  const ask = (name) => {
    error.hidden = true;
    confirm.replaceChildren(
      h("p", { id: "settings-restore-text" }, t("settings.backup_restore_confirm", { name })),
      h("div", { class: "actions" },
        said("button", "settings.backup_restore_yes", {
          type: "button", class: "button danger", id: "settings-restore-yes", onclick: () => restore(name),
        }),
        said("button", "settings.cancel", {
          type: "button", class: "button secondary", id: "settings-restore-cancel", onclick: () => { confirm.hidden = true; },
        })));
    confirm.hidden = false;
  };
  const restore = async (name) => {
    confirm.hidden = true;
    try {
      const done = await restoreBackup(name);
      status.textContent = t("settings.backup_restored", { restored: done.restored, previous: done.previous.name });
      await load();
    } catch (failure) {
      fail(failure);
    }
  };
  const make = said("button", "settings.backup_make", { type: "button", class: "button secondary", id: "settings-backup-make" });
  make.addEventListener("click", async () => {
    error.hidden = true;
    make.disabled = true;
    try {
      const backup = await makeBackup();
      status.textContent = t("settings.backup_made", { name: backup.name });
      await load();
    } catch (failure) {
      fail(failure);
    } finally {
      make.disabled = false;
    }
  });
  const card = h("section", { class: "card settings-section", id: "settings-backups", "aria-labelledby": "settings-backups-title" },
    said("h2", "settings.backups_title", { id: "settings-backups-title" }),
    said("p", "settings.backups_hint", { class: "hint" }),
    error,
    h("div", { class: "actions" }, make),
    status,
    list,
    confirm);
  return { card, load };
}

/** The Disconnect Twilio card (owner only: the core refuses anyone else); `onFinished` runs
 * once a disconnect ends (its backup then shows in the Backups card). */
export function disconnectSection({ onFinished = () => {} } = {}) {
  const error = h("p", { class: "alert", id: "settings-disconnect-error", role: "alert", hidden: true });
  const done = said("p", "settings.disconnect_done", { class: "notice", id: "settings-disconnect-done", hidden: true });
  const steps = h("ol", { class: "disconnect-steps", id: "settings-disconnect-steps" },
    DISCONNECT_STEPS.map((step) => said("li", `settings.disconnect_step_${step}`, { "data-step": step, "data-state": "pending" })));
  const start = said("button", "settings.disconnect_button", { type: "button", class: "button danger", id: "settings-disconnect" });
  const confirm = h("div", { class: "confirm", id: "settings-disconnect-confirm", hidden: true },
    said("p", "settings.disconnect_confirm", { id: "settings-disconnect-confirm-text" }),
    h("div", { class: "actions" },
      said("button", "settings.disconnect_yes", { type: "button", class: "button danger", id: "settings-disconnect-yes" }),
      said("button", "settings.cancel", { type: "button", class: "button secondary", id: "settings-disconnect-cancel" })));

  /** Ticks off the steps before `state.step`. */
  const show = (state) => {
    const next = state && state.step ? state.step.type : "backup";
    const at = next === "done" ? DISCONNECT_STEPS.length : DISCONNECT_STEPS.indexOf(next);
    steps.querySelectorAll("li").forEach((li, i) => {
      li.dataset.state = i < at ? "done" : i === at ? "next" : "pending";
    });
    const finished = next === "done";
    done.hidden = !finished;
    start.hidden = finished;
    if (!finished && state) {
      start.dataset.i18n = "settings.disconnect_resume";
      start.textContent = t("settings.disconnect_resume");
    }
  };
  start.addEventListener("click", () => {
    error.hidden = true;
    confirm.hidden = false;
  });
  confirm.querySelector("#settings-disconnect-cancel").addEventListener("click", () => { confirm.hidden = true; });
  confirm.querySelector("#settings-disconnect-yes").addEventListener("click", async () => {
    confirm.hidden = true;
    start.disabled = true;
    const unsubscribe = await onDisconnectProgress(show);
    try {
      show(await disconnectTwilio());
      onFinished();
    } catch (failure) {
      showAlert(error, failure.message, failure.code);
    } finally {
      unsubscribe();
      start.disabled = false;
    }
  });
  const load = async () => {
    try {
      const status = await disconnectStatus();
      if (status.disconnected || status.latest) show(status.disconnected ? { step: { type: "done" } } : status.latest);
    } catch (failure) {
      showAlert(error, failure.message, failure.code);
    }
  };
  const card = h("section", { class: "card settings-section", id: "settings-disconnect-card", "aria-labelledby": "settings-disconnect-title" },
    said("h2", "settings.disconnect_title", { id: "settings-disconnect-title" }),
    said("p", "settings.disconnect_what", { id: "settings-disconnect-what" }),
    steps,
    said("p", "settings.disconnect_owner_only", { class: "hint" }),
    error,
    done,
    h("div", { class: "actions" }, start),
    confirm);
  return { card, load };
}
