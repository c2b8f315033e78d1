// Settings → Open an archive (the app's File → Open archive): read another Passerelle archive
// file — one of the backups, or a file from a colleague — without changing it. The core reads
// a copy; every screen shows it until it is closed, and Twilio actions are refused meanwhile.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, named, number, language } from "../../lib/i18n.js";
import { formatDate } from "../../lib/format.js";

/**
 * The Open-archive card: { card, load(), offer(backups) }. `ipc`: {openedArchive,
 * openArchiveFile, closeArchiveFile}; the Backups card hands it the backups it lists (offer).
 */
export function openArchiveSection(ipc, { onChanged = () => {} } = {}) {
  const error = h("p", { class: "alert", id: "settings-open-error", role: "alert", hidden: true });
  const state = h("div", { id: "settings-open-state" });
  const path = h("input", { type: "text", class: "input", id: "settings-open-path", autocomplete: "off", spellcheck: "false",
    placeholder: "…/passerelle.db", ...named("settings.open_path") });
  const backups = h("select", { class: "input", id: "settings-open-backup", ...named("settings.open_backup") });
  const fail = (failure) => showAlert(error, failure.message, failure.code);

  const show = (opened) => {
    if (!opened) {
      state.replaceChildren(said("p", "settings.open_none", { class: "hint", id: "settings-open-none" }));
      return;
    }
    state.replaceChildren(
      h("p", { class: "notice", id: "settings-open-current" },
        t("settings.open_current", { path: opened.source, messages: number(opened.messages), conversations: number(opened.conversations) })),
      said("button", "settings.open_close", { type: "button", class: "button secondary", id: "settings-open-close", onclick: close }));
  };

  const open = async (chosen) => {
    error.hidden = true;
    if (!chosen.trim()) {
      showAlert(error, t("settings.open_path_missing"));
      return;
    }
    try {
      show(await ipc.openArchiveFile(chosen));
      onChanged();
    } catch (failure) {
      fail(failure);
    }
  };
  async function close() {
    error.hidden = true;
    try {
      await ipc.closeArchiveFile();
      show(null);
      onChanged();
    } catch (failure) {
      fail(failure);
    }
  }

  const load = async () => {
    try {
      show(await ipc.openedArchive());
    } catch (failure) {
      fail(failure);
    }
  };
  const offer = (list) => {
    backups.replaceChildren(...list.map((b) => h("option", { value: b.path }, `${formatDate(b.made_at, language())} · ${b.name}`)));
    backups.disabled = list.length === 0;
    card.querySelector("#settings-open-backup-button").disabled = list.length === 0;
  };

  const card = h("section", { class: "card settings-section", id: "settings-open-card", "aria-labelledby": "settings-open-title" },
    said("h2", "settings.open_title", { id: "settings-open-title" }),
    said("p", "settings.open_what", { class: "hint", id: "settings-open-what" }),
    state,
    h("div", { class: "erase-form" },
      h("label", { class: "field" }, said("span", "settings.open_backup"), backups),
      said("button", "settings.open_button", { type: "button", class: "button secondary", id: "settings-open-backup-button",
        onclick: () => open(backups.value || "") })),
    h("div", { class: "erase-form" },
      h("label", { class: "field" }, said("span", "settings.open_path"), path),
      said("button", "settings.open_button", { type: "button", class: "button secondary", id: "settings-open-path-button",
        onclick: () => open(path.value) })),
    error);
  offer([]);
  return { card, load, offer };
}
