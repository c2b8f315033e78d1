// The inbox: the conversation list beside the open thread (stacked on narrow windows).
// Rows: name, business number when the account has several, last message, time, unread
// count, the 24-hour window's mark and time left. Filters: unread, window open, linked,
// business number, and a box for a name or a number. The list is paged from the core and only
// the rows near the viewport are drawn (lib/long-list.js). Names and message text are
// untrusted: they only ever go in as text. A member of a Private inbox sees it empty, with
// the reason the core gives.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named, number, language } from "../../lib/i18n.js";
import { formatPhone, formatWhen, printable, visible } from "../../lib/format.js";
import { longList } from "../../lib/long-list.js";
import { archiveOverview, listConversations } from "../../ipc/inbox.js";
import { subscribe } from "../../ipc/core.js";
import { showThread } from "./thread.js";
import { templatePicker, timeLeft } from "./composer.js";

/** Conversations fetched per page. */
const PAGE = 200;

/** Up to two initials of a name's words that start with a letter; "#" when none does. */
export function initials(name) {
  const letters = String(name)
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w[0] || ""))
    .map((w) => w[0].toUpperCase());
  return letters.slice(0, 2).join("") || "#";
}

/** The preview line: "You: " before an outbound message, a placeholder for media only. */
function preview(c) {
  const you = c.last_direction && c.last_direction.startsWith("outbound") ? t("conversations.you") : "";
  return you + (c.preview ? printable(c.preview) : t("conversations.no_text"));
}

/** One row of the list; `several` when the account has several business numbers. */
export function conversationRow(c, index, total, { several = false, onOpen = () => {}, selected = false } = {}) {
  const named_ = c.name_source !== "number";
  const moved = Boolean(c.read_only_since);
  const open = !moved && c.window && c.window.state === "open";
  return h("li", {
    class: "conversation", "data-unread": c.unread_count, "data-id": c.id, "data-window": moved ? "read-only" : open ? "open" : "closed",
    "aria-posinset": index + 1, "aria-setsize": total, tabindex: "0", role: "button",
    "aria-current": selected ? "true" : null,
    onclick: () => onOpen(c), onkeydown: (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onOpen(c)),
  },
  h("span", { class: "avatar", "aria-hidden": "true" }, named_ ? initials(c.display_name) : "#"),
  // Three lines of one height each (the long list needs rows of one height): who and when;
  // the last message; the window, the business number and the unread count.
  h("div", { class: "conversation-body" },
    h("div", { class: "conversation-top" },
      h("span", { class: "conversation-name", dir: "auto", title: visible(c.display_name) }, visible(c.display_name)),
      h("span", { class: "conversation-number" }, named_ ? c.customer_display || formatPhone(c.customer) : ""),
      h("time", { class: "conversation-when", datetime: c.last_message_at }, formatWhen(c.last_message_at, language()))),
    h("span", { class: "conversation-preview", dir: "auto" }, preview(c)),
    h("div", { class: "conversation-bottom" },
      open ? h("span", { class: "window-open", title: t("conversations.window_open_title") }, "● ", timeLeft(c.window.remaining_secs)) : null,
      moved ? h("span", { class: "read-only-mark", title: t("conversations.read_only_title") }, t("conversations.read_only")) : null,
      several ? h("span", { class: "conversation-sender", title: t("conversations.business_number") }, formatPhone(c.sender)) : null,
      c.unread_count > 0 &&
        h("span", { class: "unread", "aria-label": t("conversations.unread", { n: c.unread_count }) }, number(c.unread_count)))));
}

function toggle(id, key, onChange) {
  return h("label", { class: "filter-toggle" },
    h("input", { type: "checkbox", id, onchange: onChange }), said("span", key));
}

function render(app, sync, filtersChanged, newConversation) {
  return h("section", { class: "screen inbox", "data-screen": "conversations" },
    h("div", { class: "list-header" },
      h("div", { class: "list-title" },
        said("h1", "conversations.title", { id: "conversations-title" }),
        h("p", { class: "lead-muted", id: "conversations-summary" })),
      h("div", { class: "actions" },
        said("span", "common.demo_badge", { class: "demo-badge", id: "conversations-demo", hidden: true }),
        said("button", "conversations.new", { type: "button", class: "button secondary", id: "conversations-new", onclick: newConversation }),
        said("button", "conversations.sync_again", { type: "button", class: "button secondary", id: "conversations-sync", onclick: sync }))),
    h("p", { class: "alert", id: "conversations-error", role: "alert", hidden: true }),
    h("div", { class: "new-conversation", id: "new-conversation", hidden: true }),
    h("div", { class: "inbox-body" },
      h("div", { class: "list-pane" },
        h("div", { class: "filters", role: "group", ...named("conversations.filters") },
          h("input", { type: "search", class: "input", id: "inbox-filter", placeholder: t("conversations.filter_placeholder"), ...named("conversations.filter_placeholder"), oninput: filtersChanged }),
          toggle("filter-unread", "conversations.filter_unread", filtersChanged),
          toggle("filter-window", "conversations.filter_window", filtersChanged),
          h("select", { class: "input", id: "filter-linked", onchange: filtersChanged, ...named("conversations.filter_linked") },
            h("option", { value: "" }, t("conversations.linked_any")),
            h("option", { value: "yes" }, t("conversations.linked_yes")),
            h("option", { value: "no" }, t("conversations.linked_no"))),
          h("select", { class: "input", id: "filter-sender", hidden: true, onchange: filtersChanged, ...named("conversations.filter_sender") })),
        h("p", { class: "hint", id: "conversations-empty", hidden: true }),
        // The box filters names and numbers; the whole archive's messages are one click away.
        h("button", { type: "button", class: "button secondary small", id: "inbox-search-archive", hidden: true,
          onclick: () => app.show("search", { q: document.getElementById("inbox-filter").value.trim() }) }),
        h("ul", { class: "conversation-list", id: "conversation-list", ...named("conversations.title") })),
      h("div", { class: "thread-pane", id: "thread-pane", hidden: true })));
}

/**
 * Scrolls the page just enough for the whole thread pane (its composer included) to be in
 * view: the pane is sticky below the app bar, so once it is, it stays.
 */
function showWhole(pane) {
  const over = pane.getBoundingClientRect().bottom - window.innerHeight + 12;
  if (over > 0 && typeof window.scrollBy === "function") window.scrollBy(0, over);
}

/** The list shown now, so a language switch can write it again. */
let shown = null;

function writeSummary(root, overview) {
  root.querySelector("#conversations-summary").textContent = t("conversations.summary", {
    conversations: number(overview.conversations),
    messages: number(overview.messages),
  });
}

function relabel(root) {
  if (!shown) return;
  if (shown.overview) writeSummary(root, shown.overview);
  shown.redraw();
}

export const conversations = {
  // The home of an archive: going back from it never re-enters onboarding or a sync.
  fresh: true,
  framed: true,
  relabel,
  mount(root, app, params = {}) {
    let kind = "own";
    let rows = [];
    let next = null;
    let list = null;
    let several = false;
    let alive = true;
    let selected = params.open ? Number(params.open) : null;
    // A search hit opens its conversation at that message (once).
    let focusMessage = params.message || null;
    let thread = null;
    let loading = null;
    let debounce = null;
    const el = (id) => root.querySelector(`#${id}`);

    const filtersChanged = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => load(), 150);
    };
    root.replaceChildren(render(app, () => app.show("sync", { mode: kind, resume: true }), filtersChanged, openNewConversation));
    const ul = el("conversation-list");

    function query(cursor = null) {
      const text = el("inbox-filter").value.trim();
      const whole = el("inbox-search-archive");
      whole.hidden = !text;
      whole.textContent = t("conversations.search_archive", { text });
      const linked = el("filter-linked").value;
      return {
        unread: el("filter-unread").checked,
        window_open: el("filter-window").checked,
        linked: linked === "" ? null : linked === "yes",
        sender: el("filter-sender").value || null,
        text: text || null,
        cursor,
        page_size: PAGE,
      };
    }

    const drawRow = (c, i) => conversationRow(c, i, rows.length, { several, onOpen: open, selected: c.id === selected });

    function open(c) {
      selected = c.id;
      if (thread) thread.stop();
      const focus = c.id === Number(params.open) ? focusMessage : null;
      focusMessage = null;
      thread = showThread(el("thread-pane"), c.id, {
        focus,
        onChanged: () => {
          load();
          if (app.frame) app.frame.refresh();
        },
        onOpenRecord: (record) => app.show("contacts", { record }),
      });
      if (list) list.refresh();
      showWhole(el("thread-pane"));
    }

    async function load() {
      const mine = {};
      loading = mine;
      try {
        const page = await listConversations(query());
        if (!alive || loading !== mine) return;
        rows = page.rows;
        next = page.next;
        el("conversations-error").hidden = true;
        el("conversations-empty").hidden = rows.length > 0;
        el("conversations-empty").textContent = t("conversations.empty");
        delete el("conversations-empty").dataset.code;
        if (list) list.stop();
        list = longList(ul, rows, drawRow);
        ul.dataset.loaded = "true";
        // When the first rows were drawn, and when they reached the screen (the second frame
        // after): what the inbox paint benchmark (tests/bench/paint.py) measures. One of each
        // is kept.
        performance.clearMarks("inbox-rows-drawn");
        performance.mark("inbox-rows-drawn");
        requestAnimationFrame(() => requestAnimationFrame(() => {
          performance.clearMarks("inbox-rows-painted");
          performance.mark("inbox-rows-painted");
        }));
        if (selected && !thread) {
          // Not among the newest rows (an old conversation found by a search): open it anyway.
          open(rows.find((r) => r.id === selected) || { id: selected });
        }
      } catch (error) {
        if (!alive) return;
        if (error.code === "permission_denied") {
          // A member of a Private inbox: an empty inbox that says why.
          rows = [];
          if (list) list.stop();
          ul.replaceChildren();
          ul.dataset.loaded = "true";
          const empty = el("conversations-empty");
          empty.textContent = error.message;
          empty.dataset.code = error.code;
          empty.hidden = false;
          el("thread-pane").hidden = true;
        } else {
          showAlert(el("conversations-error"), error.message, error.code);
        }
      }
    }

    // More rows as the end of the list nears.
    async function more() {
      if (!next || !list || loading === "more") return;
      const [, end] = list.drawn();
      if (end < rows.length - 40) return;
      loading = "more";
      try {
        const page = await listConversations(query(next));
        if (!alive) return;
        rows.push(...page.rows);
        next = page.next;
        list.refresh();
      } finally {
        loading = null;
      }
    }
    window.addEventListener("scroll", more, { passive: true });

    function openNewConversation() {
      const box = el("new-conversation");
      if (!box.hidden) {
        box.hidden = true;
        return;
      }
      const number_ = h("input", { class: "input", id: "new-number", type: "tel", placeholder: "+33612345678", ...named("conversations.new_number") });
      const senderSelect = el("filter-sender");
      box.replaceChildren(
        said("h2", "conversations.new_title"),
        said("p", "conversations.new_help", { class: "hint" }),
        h("label", { class: "field" }, said("span", "conversations.new_number"), number_),
        templatePicker({
          idPrefix: "new-template",
          to: () => number_.value.trim(),
          from: () => senderSelect.value || null,
          lang: language(),
          onSent: (outcome) => {
            box.hidden = true;
            selected = outcome.conversation;
            if (thread) thread.stop();
            thread = null;
            load();
          },
        }));
      box.hidden = false;
      number_.focus();
    }

    archiveOverview()
      .then((overview) => {
        if (!alive) return;
        kind = overview.kind;
        el("conversations-demo").hidden = kind !== "demo";
        several = overview.senders.length > 1;
        if (list && several) list.refresh();
        const senderSelect = el("filter-sender");
        senderSelect.hidden = !several;
        senderSelect.replaceChildren(h("option", { value: "" }, t("conversations.all_numbers")),
          ...overview.senders.map((s) => h("option", { value: s }, formatPhone(s))));
        shown.overview = overview;
        writeSummary(root, overview);
      })
      .catch((error) => alive && showAlert(el("conversations-error"), error.message, error.code));
    shown = { overview: null, redraw: () => list && list.refresh() };
    load();

    // New messages appear without a reload: after each sync, the list and the open thread.
    let unwatch = null;
    subscribe("sync-finished", () => {
      if (!alive) return;
      load();
      if (thread) thread.reload();
    }).then((stop) => {
      unwatch = stop;
      if (!alive && stop) stop();
    }).catch(() => {});

    return () => {
      alive = false;
      shown = null;
      window.removeEventListener("scroll", more);
      if (list) list.stop();
      if (thread) thread.stop();
      if (typeof unwatch === "function") unwatch();
    };
  },
};
