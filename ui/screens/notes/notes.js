// The Notes screen: the notes made from linked conversations, newest first, and the one
// chosen shown as plain text (built with text nodes, never as HTML). A button writes or
// updates the notes of every linked conversation, one per conversation or one per day.
import { h, showAlert } from "../../lib/dom.js";
import { said, t, language } from "../../lib/i18n.js";
import { formatDate, printable, visible } from "../../lib/format.js";
import { listNotes, getNote, convertNotes } from "../../ipc/notes.js";

/** "contact 3" / "lead 4" / "deal 5", in the user's words. */
export function recordLabel(record) {
  if (!record) return "";
  return t(`notes.record_${record.kind}`, { id: record.id });
}

/** The note's plain text as lines of text nodes: controls visible, bidi kept per line. */
export function noteLines(text) {
  return String(text ?? "")
    .split("\n")
    .map((line) => h("span", { class: "note-line", dir: "auto" }, printable(line) || "\u00a0"));
}

function row(note, open) {
  return h("li", { class: "note-row", "data-id": note.id },
    h("button", { type: "button", class: "note-open", id: `note-${note.id}`, onclick: () => open(note.id) },
      h("span", { class: "note-title", dir: "auto" }, visible(note.title)),
      h("span", { class: "note-meta" },
        note.first_message_at ? formatDate(note.first_message_at, language()) : "—",
        " · ",
        recordLabel(note.record),
        " · ",
        t("notes.messages", { n: note.message_count }))));
}

export const notes = {
  framed: true,
  mount(root, app, params = {}) {
    let alive = true;
    const error = h("p", { class: "alert", id: "notes-error", role: "alert", hidden: true });
    const status = h("p", { class: "hint", id: "notes-status", role: "status" });
    const list = h("ul", { class: "note-list", id: "notes-list" });
    const empty = said("p", "notes.empty", { class: "card empty-state", id: "notes-empty", hidden: true });
    const reader = h("article", { class: "card note-reader", id: "note-reader", hidden: true });
    const panes = h("div", { class: "notes-panes", id: "notes-panes", hidden: true }, list, reader);
    const perDay = h("input", { type: "checkbox", id: "notes-per-day" });
    const convert = said("button", "notes.convert", { type: "button", class: "button", id: "notes-convert" });

    const fail = (failure) => alive && showAlert(error, failure.message, failure.code);
    const open = async (id) => {
      error.hidden = true;
      try {
        const note = await getNote(id);
        if (!alive) return;
        for (const el of list.querySelectorAll(".note-row")) {
          el.setAttribute("aria-current", String(el.dataset.id === String(id)));
        }
        reader.replaceChildren(
          h("h2", { id: "note-title", dir: "auto" }, visible(note.title)),
          h("pre", { class: "note-text", id: "note-text" }, noteLines(note.text)));
        reader.hidden = false;
      } catch (failure) {
        fail(failure);
      }
    };
    const load = async () => {
      try {
        const found = await listNotes({ limit: 1000 });
        if (!alive) return;
        list.replaceChildren(...found.map((note) => row(note, open)));
        list.dataset.loaded = "true";
        empty.hidden = found.length > 0;
        panes.hidden = found.length === 0;
        status.textContent = found.length ? t("notes.count", { n: found.length }) : "";
        // A note found by a search opens at once.
        if (params.open && found.some((n) => n.id === Number(params.open))) open(Number(params.open));
      } catch (failure) {
        fail(failure);
      }
    };
    convert.addEventListener("click", async () => {
      error.hidden = true;
      convert.disabled = true;
      try {
        const report = await convertNotes(perDay.checked);
        if (!alive) return;
        await load();
        status.textContent = t("notes.converted", report);
      } catch (failure) {
        fail(failure);
      } finally {
        convert.disabled = false;
      }
    });

    root.replaceChildren(
      h("section", { class: "screen", "data-screen": "notes" },
        h("div", { class: "list-header" },
          h("div", { class: "list-title" }, said("h1", "notes.title", { id: "notes-title" }), status),
          h("div", { class: "actions" },
            h("label", { class: "checkbox", for: "notes-per-day" }, perDay, said("span", "notes.per_day")),
            convert)),
        error,
        empty,
        panes),
    );
    load();
    return () => {
      alive = false;
    };
  },
};
