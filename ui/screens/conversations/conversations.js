// The conversation list: who, the last message, when, and how many are unread. Names and
// message text are untrusted: they only ever go in as text, names with their control and bidi
// characters made visible. Only the rows near the viewport are drawn (lib/long-list.js).
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named, number, language } from "../../lib/i18n.js";
import { formatPhone, formatWhen, printable, visible } from "../../lib/format.js";
import { longList } from "../../lib/long-list.js";
import { listConversations } from "../../ipc/inbox.js";

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
  const you = c.last_message_direction && c.last_message_direction.startsWith("outbound") ? t("conversations.you") : "";
  return you + (c.last_message_body ? printable(c.last_message_body) : t("conversations.no_text"));
}

/** One row of the list. */
export function conversationRow(c, index, total) {
  const hasName = Boolean(c.profile_name);
  return h("li", { class: "conversation", "data-unread": c.unread_count, "aria-posinset": index + 1, "aria-setsize": total },
    h("span", { class: "avatar", "aria-hidden": "true" }, hasName ? initials(c.profile_name) : "#"),
    h("div", { class: "conversation-body" },
      h("div", { class: "conversation-top" },
        h("span", { class: "conversation-name", dir: "auto" }, hasName ? visible(c.profile_name) : formatPhone(c.customer)),
        h("span", { class: "conversation-number" }, hasName ? formatPhone(c.customer) : ""),
        h("time", { class: "conversation-when", datetime: c.last_message_at }, formatWhen(c.last_message_at, language()))),
      h("div", { class: "conversation-bottom" },
        h("span", { class: "conversation-preview", dir: "auto" }, preview(c)),
        c.unread_count > 0 &&
          h("span", { class: "unread", "aria-label": t("conversations.unread", { n: c.unread_count }) }, number(c.unread_count)))));
}

function render(app, sync) {
  return h("section", { class: "screen", "data-screen": "conversations" },
    h("div", { class: "list-header" },
      h("div", { class: "list-title" },
        said("h1", "conversations.title", { id: "conversations-title" }),
        h("p", { class: "lead-muted", id: "conversations-summary" })),
      h("div", { class: "actions" },
        said("span", "common.demo_badge", { class: "demo-badge", id: "conversations-demo", hidden: true }),
        said("button", "conversations.sync_again", { type: "button", class: "button secondary", id: "conversations-sync", onclick: sync }))),
    h("p", { class: "alert", id: "conversations-error", role: "alert", hidden: true }),
    said("p", "conversations.empty", { class: "hint", id: "conversations-empty", hidden: true }),
    h("ul", { class: "conversation-list", id: "conversation-list", ...named("conversations.title") }));
}

/** The list shown now, so a language switch can write it again: { overview, rows }. */
let shown = null;

function writeSummary(root, overview) {
  root.querySelector("#conversations-summary").textContent = t("conversations.summary", {
    conversations: number(overview.conversations),
    messages: number(overview.messages),
  });
}

/** Writes the figures and the visible rows again in the language now in use. */
function relabel(root) {
  if (!shown) return;
  writeSummary(root, shown.overview);
  shown.rows.refresh();
}

export const conversations = {
  // The home of an archive: going back from it never re-enters onboarding or a sync.
  fresh: true,
  framed: true,
  relabel,
  mount(root, app) {
    let kind = "own";
    let rows = null;
    let alive = true;
    root.replaceChildren(render(app, () => app.show("sync", { mode: kind, resume: true })));
    const el = (id) => root.querySelector(`#${id}`);
    const list = el("conversation-list");
    listConversations()
      .then(({ overview, conversations }) => {
        if (!alive) return;
        kind = overview.kind;
        el("conversations-demo").hidden = kind !== "demo";
        el("conversations-empty").hidden = conversations.length > 0;
        rows = longList(list, conversations, (c, i) => conversationRow(c, i, conversations.length));
        shown = { overview, rows };
        writeSummary(root, overview);
        list.dataset.loaded = "true";
      })
      .catch((error) => alive && showAlert(el("conversations-error"), error.message, error.code));
    return () => {
      alive = false;
      shown = null;
      if (rows) rows.stop();
    };
  },
};
