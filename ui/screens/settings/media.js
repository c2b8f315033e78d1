// Settings → Photos and documents: where the media folder is, how many files are downloaded
// and still to fetch, about how much room those will take against the free space of its disk,
// and "Move…": every file is copied to the new folder, Passerelle switches to it, then the old
// files are deleted (with progress and Stop; interrupted, nothing is lost). The same core
// calls as `passerelle media` and `passerelle media move`.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, named, language } from "../../lib/i18n.js";
import { formatNumber, formatSize, visible } from "../../lib/format.js";
import { mediaStatus, moveMedia, cancelMediaMove, onMediaMoveProgress } from "../../ipc/media.js";

/** The card's lines from a `media_status` answer. */
export function statusLines(s, lang = language()) {
  const n = (v) => formatNumber(v || 0, lang);
  return {
    folder: visible(String(s.folder || "")) + (s.is_default ? ` ${t("media.default")}` : ""),
    present: t("media.present_line", { files: n(s.files_present), size: formatSize(s.bytes_present, lang) }),
    pending: s.files_pending
      ? t("media.pending_line", { files: n(s.files_pending), size: formatSize(s.estimate_bytes, lang) })
      : t("media.pending_none"),
    free: s.free_bytes == null ? t("media.free_unknown") : formatSize(s.free_bytes, lang),
  };
}

/** The warning for the room left, or "" when the files fit. */
export function roomText(s) {
  if (s.room === "wont_fit") return t("media.room_wont_fit");
  if (s.room === "tight") return t("media.room_tight");
  return "";
}

/** The progress line of a move (a `media-move-progress` payload). */
export function moveProgressText(p, lang = language()) {
  if (!p) return "";
  if (p.step === "cleaning") return t("media.move_cleaning");
  if (p.step === "done") return t("media.move_finishing");
  return t("media.move_copying", {
    done: formatNumber(p.files_done, lang),
    total: formatNumber(p.files_total, lang),
    size: formatSize(p.bytes_done, lang),
    size_total: formatSize(p.bytes_total, lang),
  });
}

/** What a move did, in one line. */
export function moveDone(report, lang = language()) {
  if (report.from === report.to) return t("media.move_same", { folder: visible(String(report.to)) });
  const line = t("media.move_done", {
    folder: visible(String(report.to)),
    files: formatNumber(report.files_copied + report.files_already_there, lang),
    size: formatSize(report.bytes, lang),
  });
  return report.files_missing ? `${line} ${t("media.move_missing", { files: formatNumber(report.files_missing, lang) })}` : line;
}

const row = (labelKey, id) => h("div", { class: "settings-row" }, said("dt", labelKey), h("dd", { id }, "—"));

/** The card: `{card, load}`. */
export function mediaSection() {
  const error = h("p", { class: "alert", id: "settings-media-error", role: "alert", hidden: true });
  const status = h("p", { class: "hint", id: "settings-media-status", role: "status", "aria-live": "polite" });
  const room = h("p", { class: "notice", id: "settings-media-room", hidden: true });
  const bar = h("progress", { id: "settings-media-progress", max: 1000, hidden: true, ...named("media.move_progress") });
  const dir = h("input", { class: "input", id: "settings-media-dir", autocomplete: "off", spellcheck: "false", ...named("media.new_folder") });
  const open = said("button", "media.move", { type: "button", class: "button secondary", id: "settings-media-move" });
  const confirm = said("button", "media.move_here", { type: "submit", class: "button", id: "settings-media-confirm" });
  const back = said("button", "settings.cancel", { type: "button", class: "button secondary", id: "settings-media-back" });
  const stop = said("button", "media.stop", { type: "button", class: "button secondary", id: "settings-media-stop", hidden: true });
  const form = h("form", { class: "field-group", id: "settings-media-form", hidden: true },
    h("label", { class: "field" }, said("span", "media.new_folder"), dir),
    said("p", "media.move_hint", { class: "hint", id: "settings-media-move-hint" }),
    h("div", { class: "actions" }, confirm, back));
  let current = null;
  let running = false;

  const card = h("section", { class: "card settings-section", id: "settings-media", "aria-labelledby": "settings-media-title" },
    said("h2", "media.title", { id: "settings-media-title" }),
    said("p", "media.what", { class: "hint" }),
    h("dl", { class: "settings-list" },
      row("media.folder", "settings-media-folder"),
      row("media.present", "settings-media-present"),
      row("media.pending", "settings-media-pending"),
      row("media.free", "settings-media-free")),
    room, error,
    h("div", { class: "actions" }, open, stop),
    form, bar, status);

  const fail = (failure) => showAlert(error, failure.message, failure.code);
  const load = async () => {
    try {
      current = await mediaStatus();
      const lines = statusLines(current);
      card.querySelector("#settings-media-folder").textContent = lines.folder;
      card.querySelector("#settings-media-present").textContent = lines.present;
      card.querySelector("#settings-media-pending").textContent = lines.pending;
      card.querySelector("#settings-media-free").textContent = lines.free;
      room.textContent = roomText(current);
      room.hidden = !room.textContent;
      card.dataset.loaded = "true";
    } catch (failure) {
      fail(failure);
    }
  };

  open.addEventListener("click", () => {
    // No folder picker in this version: the path is typed, starting from the current one.
    dir.value = current ? String(current.folder) : "";
    form.hidden = false;
    open.hidden = true;
    dir.focus?.();
  });
  back.addEventListener("click", () => {
    form.hidden = true;
    open.hidden = false;
  });
  stop.addEventListener("click", () => cancelMediaMove().catch(fail));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running || !dir.value.trim()) return;
    running = true;
    error.hidden = true;
    delete error.dataset.code;
    form.hidden = true;
    stop.hidden = false;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = t("media.move_starting");
    const unsubscribe = await onMediaMoveProgress((p) => {
      status.textContent = moveProgressText(p);
      if (p.files_total) bar.value = Math.round((p.files_done / p.files_total) * 1000);
    });
    try {
      status.textContent = moveDone(await moveMedia(dir.value.trim()));
    } catch (failure) {
      // Stopped by the user: said as a status (the old folder stays in use), not as an error.
      status.textContent = failure.code === "cancelled" ? t("media.move_stopped") : "";
      if (failure.code !== "cancelled") {
        fail(failure);
        form.hidden = false;
      }
    } finally {
      unsubscribe();
      running = false;
      stop.hidden = true;
      bar.hidden = true;
      open.hidden = !form.hidden;
      await load();
    }
  });
  return { card, load };
}
