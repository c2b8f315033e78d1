// The Search screen: the whole archive (messages, notes, and conversations by name or number), newest first, with the filters
// the core knows (business number, customer number, direction, status, media, date range).
// The core applies the current user's visibility. Each hit shows the text around the match
// with the matching words marked — built from the core's snippet parts as text nodes, never
// HTML — and opens its conversation at that message. Long result lists draw only the visible
// rows (lib/long-list.js) and the next page comes as the end nears.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named, number, language } from "../../lib/i18n.js";
import { formatPhone, formatWhen, visible } from "../../lib/format.js";
import { longList } from "../../lib/long-list.js";
import { archiveOverview, listConversations } from "../../ipc/inbox.js";
import { searchArchive, searchNotes } from "../../ipc/archive.js";

/** Hits asked per page. */
const PAGE = 100;
/** Conversations whose name or number matches, shown above the messages. */
const PEOPLE = 10;
/** Milliseconds of quiet typing before searching. */
const DEBOUNCE = 200;

/** Unix seconds of a `<input type=date>` value at the start (or the end) of that local day. */
export function dayBound(value, endOfDay = false) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || "")) return null;
  const [y, m, d] = value.split("-").map(Number);
  const at = endOfDay ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0);
  return Math.floor(at.getTime() / 1000);
}

/** `whatsapp:+33612345678` from what a person types ("+33 6 12 34 56 78"); null when not a number. */
export function customerAddress(text) {
  const trimmed = String(text || "").trim().replace(/^whatsapp:/i, "");
  if (!trimmed) return null;
  const digits = trimmed.replace(/[\s().-]/g, "").replace(/^00/, "+");
  return /^\+\d{6,15}$/.test(digits) ? `whatsapp:${digits}` : null;
}

/** The core's filter from the form's values (strings, as the controls give them). */
export function filterOf(values) {
  const filter = {};
  const since = dayBound(values.since);
  const until = dayBound(values.until, true);
  if (since !== null) filter.since = since;
  if (until !== null) filter.until = until;
  if (values.sender) filter.sender = values.sender;
  const customer = customerAddress(values.customer);
  if (customer) filter.customer = customer;
  if (values.direction === "inbound") filter.inbound = true;
  if (values.direction === "outbound") filter.inbound = false;
  if (values.status) filter.status = values.status;
  if (values.media) filter.has_media = true;
  return filter;
}

/** Whether any filter narrows the search. */
export const filtered = (filter) => Object.keys(filter).length > 0;

/** The snippet as nodes: plain parts as text, matching parts in <mark> (text inside too). */
export function snippetNodes(parts) {
  return (parts || []).map((part) => (part.hit ? h("mark", {}, visible(part.text)) : visible(part.text)));
}

/**
 * Which empty state to show: "no_archive" (nothing copied yet), "start" (nothing typed),
 * "no_result" (typed, nothing found), or null (there are results).
 */
export function emptyKind({ messagesInArchive, text, hits, notes }) {
  if (messagesInArchive === 0) return "no_archive";
  if (!String(text || "").trim()) return "start";
  if (hits === 0 && notes === 0) return "no_result";
  return null;
}

const STATUSES = ["received", "delivered", "read", "sent", "failed", "undelivered"];

function hitRow(hit, index, total, open) {
  const who = hit.profile_name ? visible(hit.profile_name) : formatPhone(hit.customer);
  const inbound = hit.direction === "inbound";
  return h("li", {
    class: "search-hit", "data-sid": hit.sid, "data-conversation": hit.conversation,
    "aria-posinset": index + 1, "aria-setsize": total,
  },
  h("button", { type: "button", class: "search-hit-open", id: `hit-${hit.sid}`, onclick: () => open(hit) },
    h("span", { class: "search-hit-top" },
      h("span", { class: "search-hit-who", dir: "auto" }, who),
      hit.profile_name ? h("span", { class: "search-hit-number" }, formatPhone(hit.customer)) : null,
      h("span", { class: `search-hit-direction ${inbound ? "inbound" : "outbound"}` },
        inbound ? t("search.received") : t("search.sent")),
      hit.num_media > 0 ? h("span", { class: "search-hit-media" }, t("search.with_media", { n: hit.num_media })) : null,
      h("time", { class: "search-hit-when", datetime: hit.date_sent || "" },
        hit.date_sent ? formatWhen(hit.date_sent, language()) : "—")),
    h("span", { class: "search-hit-snippet", dir: "auto" }, snippetNodes(hit.snippet))));
}

function noteRow(note, open) {
  return h("li", { class: "search-note", "data-id": note.id },
    h("button", { type: "button", class: "search-hit-open", id: `note-hit-${note.id}`, onclick: () => open(note) },
      h("span", { class: "search-hit-top" },
        h("span", { class: "search-hit-who", dir: "auto" }, visible(note.title)),
        h("time", { class: "search-hit-when", datetime: note.last_message_at || "" },
          note.last_message_at ? formatWhen(note.last_message_at, language()) : "—")),
      h("span", { class: "search-hit-snippet", dir: "auto" }, snippetNodes(note.snippet))));
}

function personRow(c, open) {
  return h("li", { class: "search-person", "data-id": c.id },
    h("button", { type: "button", class: "search-hit-open", id: `person-hit-${c.id}`, onclick: () => open(c) },
      h("span", { class: "search-hit-top" },
        h("span", { class: "search-hit-who", dir: "auto" }, visible(c.display_name)),
        h("span", { class: "search-hit-number" }, c.customer_display || formatPhone(c.customer)),
        h("span", { class: "search-hit-when" }, t("search.person_messages", { n: number(c.message_count) })))));
}

function select(id, key, options) {
  return h("select", { class: "input", id, ...named(key) },
    options.map(([value, label]) => h("option", { value }, label)));
}

function form(onChange) {
  const text = h("input", { type: "search", class: "input search-text", id: "search-text", autocomplete: "off",
    placeholder: t("search.placeholder"), ...named("search.placeholder") });
  const filters = h("div", { class: "search-filters", role: "group", id: "search-filters", ...named("search.filters") },
    h("select", { class: "input", id: "search-sender", hidden: true, ...named("search.sender") }),
    h("input", { type: "text", class: "input", id: "search-customer", inputmode: "tel", placeholder: t("search.customer"), ...named("search.customer") }),
    select("search-direction", "search.direction", [["", t("search.direction_any")], ["inbound", t("search.received")], ["outbound", t("search.sent")]]),
    select("search-status", "search.status", [["", t("search.status_any")], ...STATUSES.map((s) => [s, t(`status.${s}`)])]),
    h("label", { class: "filter-toggle" }, h("input", { type: "checkbox", id: "search-media" }), said("span", "search.media")),
    h("label", { class: "search-date" }, said("span", "search.since"), h("input", { type: "date", class: "input", id: "search-since" })),
    h("label", { class: "search-date" }, said("span", "search.until"), h("input", { type: "date", class: "input", id: "search-until" })),
    said("button", "search.clear", { type: "button", class: "button secondary small", id: "search-clear" }));
  for (const el of [text, ...filters.querySelectorAll("input, select")]) {
    el.addEventListener(el.type === "checkbox" || el.tagName === "SELECT" || el.type === "date" ? "change" : "input", onChange);
  }
  return h("form", { class: "search-form", id: "search-form", role: "search", onsubmit: (e) => e.preventDefault() }, text, filters);
}

function emptyState(kind, text, filterOn, app, clear) {
  const box = h("div", { class: "card empty-state", id: "search-empty", "data-kind": kind });
  if (kind === "no_archive") {
    box.append(said("p", "search.empty_no_archive", { class: "empty-what" }),
      said("button", "search.open_inbox", { type: "button", class: "button secondary", id: "search-open-inbox", onclick: () => app.show("conversations") }));
  } else if (kind === "start") {
    box.append(said("p", "search.empty_start", { class: "empty-what" }),
      h("ul", { class: "search-tips" }, ["search.tip_prefix", "search.tip_accents", "search.tip_words", "search.tip_notes"].map((k) => said("li", k))));
  } else {
    box.append(h("p", { class: "empty-what", id: "search-no-result" }, t("search.empty_no_result", { text: visible(text) })),
      h("ul", { class: "search-tips" },
        said("li", "search.try_fewer"),
        said("li", "search.try_start"),
        filterOn ? h("li", {}, said("span", "search.try_filters"), " ",
          said("button", "search.clear", { type: "button", class: "button secondary small", id: "search-clear-empty", onclick: clear })) : null));
  }
  return box;
}

export const search = {
  framed: true,
  mount(root, app, params = {}) {
    let alive = true;
    let hits = [];
    let next = null;
    let list = null;
    let loading = null;
    let debounce = null;
    let messagesInArchive = null;
    let lastText = "";
    const el = (id) => root.querySelector(`#${id}`);

    const changed = () => {
      clearTimeout(debounce);
      debounce = setTimeout(run, DEBOUNCE);
    };
    const status = h("p", { class: "lead-muted", id: "search-status", role: "status" });
    const error = h("p", { class: "alert", id: "search-error", role: "alert", hidden: true });
    const emptySlot = h("div", { id: "search-empty-slot" });
    // A first copy builds the search index when it finishes: until then, say so.
    const pending = said("p", "search.index_pending", { class: "hint", id: "search-index-pending", role: "status", hidden: true });
    const notesList = h("ul", { class: "search-notes", id: "search-notes", ...named("search.notes_title") });
    const notesBox = h("section", { class: "search-section", id: "search-notes-section", hidden: true },
      said("h2", "search.notes_title", { class: "search-section-title" }), notesList);
    const peopleList = h("ul", { class: "search-notes", id: "search-people", ...named("search.people_title") });
    const peopleBox = h("section", { class: "search-section", id: "search-people-section", hidden: true },
      said("h2", "search.people_title", { class: "search-section-title" }), peopleList);
    const ul = h("ul", { class: "search-results", id: "search-results", ...named("search.messages_title") });
    const messagesBox = h("section", { class: "search-section", id: "search-messages-section", hidden: true },
      said("h2", "search.messages_title", { class: "search-section-title" }), ul,
      h("p", { class: "hint", id: "search-more", hidden: true }));

    root.replaceChildren(
      h("section", { class: "screen search", "data-screen": "search" },
        h("div", { class: "list-header" },
          h("div", { class: "list-title" }, said("h1", "search.title", { id: "search-title" }), status)),
        form(changed), pending, error, emptySlot, peopleBox, notesBox, messagesBox));
    el("search-clear").addEventListener("click", clear);

    function values() {
      return {
        since: el("search-since").value, until: el("search-until").value,
        sender: el("search-sender").value, customer: el("search-customer").value,
        direction: el("search-direction").value, status: el("search-status").value,
        media: el("search-media").checked,
      };
    }

    function clear() {
      for (const id of ["search-since", "search-until", "search-customer"]) el(id).value = "";
      for (const id of ["search-sender", "search-direction", "search-status"]) el(id).value = "";
      el("search-media").checked = false;
      run();
    }

    const openHit = (hit) => app.show("conversations", { open: hit.conversation, message: hit.sid });
    const openNote = (note) => app.show("notes", { open: note.id });
    const drawRow = (hit, i) => hitRow(hit, i, hits.length, openHit);

    function showEmpty(text, filter, noteCount, peopleCount = 0) {
      const kind = emptyKind({ messagesInArchive, text, hits: hits.length, notes: noteCount + peopleCount });
      peopleBox.hidden = peopleCount === 0;
      emptySlot.replaceChildren(kind ? emptyState(kind, text, filtered(filter), app, clear) : "");
      messagesBox.hidden = hits.length === 0;
      notesBox.hidden = noteCount === 0;
    }

    function writeStatus() {
      if (!lastText.trim() || !hits.length) {
        status.textContent = "";
        return;
      }
      status.textContent = t(next ? "search.count_more" : "search.count", { n: number(hits.length) });
    }

    async function run() {
      clearTimeout(debounce);
      const text = el("search-text").value;
      const filter = filterOf(values());
      const mine = {};
      loading = mine;
      lastText = text;
      error.hidden = true;
      if (!text.trim()) {
        hits = [];
        next = null;
        if (list) list.stop();
        ul.replaceChildren();
        notesList.replaceChildren();
        peopleList.replaceChildren();
        showEmpty(text, filter, 0);
        writeStatus();
        return;
      }
      try {
        // Names and numbers: the inbox's own filter (a member of a Private inbox has none).
        const [page, notes, people] = await Promise.all([
          searchArchive(text, filter, null, PAGE),
          filtered(filter) ? Promise.resolve([]) : searchNotes(text).catch(() => []),
          filtered(filter) ? Promise.resolve({ rows: [] })
            : listConversations({ text: text.trim(), page_size: PEOPLE }).catch(() => ({ rows: [] })),
        ]);
        if (!alive || loading !== mine) return;
        hits = page.hits;
        next = page.next;
        if (list) list.stop();
        list = longList(ul, hits, drawRow);
        ul.dataset.loaded = "true";
        notesList.replaceChildren(...notes.map((n) => noteRow(n, openNote)));
        peopleList.replaceChildren(...people.rows.map((c) => personRow(c, (x) => app.show("conversations", { open: x.id }))));
        showEmpty(text, filter, notes.length, people.rows.length);
        writeStatus();
      } catch (failure) {
        if (!alive || loading !== mine) return;
        showAlert(error, failure.message, failure.code);
      }
    }

    // The next page as the end of the list nears.
    async function more() {
      if (!next || loading === "more") return;
      const rect = ul.getBoundingClientRect();
      if (rect.bottom - window.innerHeight > 800) return;
      const cursor = next;
      const before = loading;
      loading = "more";
      try {
        const page = await searchArchive(lastText, filterOf(values()), cursor, PAGE);
        if (!alive || loading !== "more") return;
        hits.push(...page.hits);
        next = page.next;
        list.refresh();
        writeStatus();
      } catch (failure) {
        if (alive) showAlert(error, failure.message, failure.code);
      } finally {
        if (loading === "more") loading = before;
      }
    }
    window.addEventListener("scroll", more, { passive: true });

    archiveOverview().then((overview) => {
      if (!alive) return;
      messagesInArchive = overview.messages;
      pending.hidden = !overview.index_pending;
      const senders = overview.senders || [];
      const sender = el("search-sender");
      sender.replaceChildren(h("option", { value: "" }, t("search.sender_any")),
        ...senders.map((s) => h("option", { value: s }, formatPhone(s))));
      sender.hidden = senders.length < 2;
      if (!lastText.trim()) showEmpty("", {}, 0);
    }).catch(() => {});
    showEmpty("", {}, 0);
    // From the inbox's box ("search the whole archive for …"): the words come along.
    if (params.q) {
      el("search-text").value = String(params.q);
      run();
    }
    // Ctrl+K lands here: the box takes the keyboard once the shell has announced the screen.
    setTimeout(() => alive && el("search-text").focus(), 0);

    return () => {
      alive = false;
      clearTimeout(debounce);
      window.removeEventListener("scroll", more);
      if (list) list.stop();
    };
  },
};
