// A conversation's thread beside the list: who, the business number, "no calls" said in the
// header; messages grouped by day in the user's time zone, each with its status as an icon
// and plain words, a failure explained by the core (code, meaning, what to do), media rows,
// the price; older messages paged in as the user scrolls up; the composer underneath.
import { h } from "../../lib/dom.js";
import { t, said, named, language } from "../../lib/i18n.js";
import { formatDate, formatPhone, formatTime, visible } from "../../lib/format.js";
import { openThread, markRead, resendMessage, linkConversation, unlinkConversation, suggestLinks } from "../../ipc/inbox.js";
import { listContacts } from "../../ipc/people.js";
import { composer } from "./composer.js";

/** Statuses and their icon (text, never markup). */
const STATUS_ICONS = {
  sending: "…", unknown: "?", accepted: "🕓", scheduled: "🕓", queued: "🕓", sending_twilio: "🕓",
  sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠", undelivered: "⚠", canceled: "✕", received: "",
};

/** The icon and the words of a status. */
export function statusOf(status) {
  const known = Object.hasOwn(STATUS_ICONS, status);
  return { icon: known ? STATUS_ICONS[status] : "", words: known ? t(`status.${status}`) : String(status) };
}

/** Messages (oldest first) grouped by day in the user's time zone: [{day, messages}]. */
export function byDay(messages, lang, { timeZone } = {}) {
  const groups = [];
  for (const m of messages) {
    const day = formatDate(m.at, lang, { timeZone });
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.messages.push(m);
    else groups.push({ day, messages: [m] });
  }
  return groups;
}

function mediaRows(m) {
  if (!m.num_media) return null;
  const items = m.media && m.media.length ? m.media : Array.from({ length: m.num_media }, () => ({}));
  return h("ul", { class: "message-media" },
    items.map((item) => h("li", { class: "media-row" }, "📎 ", item.content_type || t("thread.media"),
      item.file_path ? "" : ` — ${t("thread.media_not_downloaded")}`)));
}

function failureOf(m, onResend) {
  if (!m.failure && !["failed", "undelivered"].includes(m.status)) return null;
  const f = m.failure;
  return h("div", { class: "message-failure", "data-code": f ? f.code : "" },
    f ? h("p", {}, h("strong", {}, t("thread.error_code", { code: f.code })), " ", f.meaning) : h("p", {}, t("thread.failed_unknown")),
    f ? h("p", { class: "hint" }, f.what_to_do) : null,
    f && f.offer_template ? said("p", "thread.offer_template", { class: "hint offer-template" }) : null,
    !m.inbound && onResend && (!f || !f.offer_template)
      ? said("button", "thread.resend", { type: "button", class: "button secondary small", onclick: () => onResend(m) })
      : null);
}

/** One message bubble. */
export function messageItem(m, lang, onResend) {
  const status = statusOf(m.status);
  const price = m.price && m.price_unit ? `${Math.abs(Number(m.price)).toFixed(4)} ${m.price_unit}` : null;
  return h("li", { class: `message ${m.inbound ? "inbound" : "outbound"}`, "data-sid": m.sid, "data-status": m.status },
    m.body ? h("p", { class: "message-body", dir: "auto" }, m.body) : null,
    mediaRows(m),
    h("div", { class: "message-meta" },
      h("time", { datetime: m.at }, formatTime(m.at, lang)),
      m.inbound ? null : h("span", { class: "message-status", "data-status": m.status },
        status.icon ? h("span", { class: "status-icon", "aria-hidden": "true" }, status.icon) : null, " ", status.words),
      price ? h("span", { class: "message-price" }, price) : null),
    failureOf(m, onResend));
}

/** Pages of 100 a search hit may be back in a thread (10,000 messages). */
const MAX_PAGES_TO_REACH = 100;

/**
 * Shows conversation `id` in `pane` (at message `focus`, a SID, when given: older pages are
 * loaded until it shows, then it is scrolled to and marked); `onChanged()` after a send or a mark read so the list
 * refreshes. Returns { reload(), stop() }.
 */
export function showThread(pane, id, { onChanged, focus = null }) {
  let messages = []; // oldest first
  let older = null;
  let conversation = null;
  let alive = true;
  let loadingOlder = false;
  let reaching = false; // paging back to a search hit: the scroll handler must not page too
  const lang = language();

  const list = h("ol", { class: "thread-messages", id: "thread-messages", "aria-live": "polite" });
  const olderButton = said("button", "thread.older", { type: "button", class: "button secondary small", id: "thread-older", hidden: true, onclick: loadOlder });
  const header = h("header", { class: "thread-header", id: "thread-header" });
  const composerSlot = h("div", { class: "composer-slot", id: "composer-slot" });
  const error = h("p", { class: "alert", id: "thread-error", role: "alert", hidden: true });
  const scroller = h("div", { class: "thread-scroll", id: "thread-scroll" }, olderButton, list);
  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop < 40 && older && !loadingOlder && !reaching) loadOlder();
  }, { passive: true });
  pane.replaceChildren(header, error, scroller, composerSlot);
  pane.hidden = false;
  pane.dataset.conversation = String(id);

  async function resend(m) {
    try {
      await resendMessage(m.sid);
      reload();
      onChanged();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }

  function drawHeader() {
    const c = conversation;
    header.replaceChildren(
      h("div", { class: "thread-who" },
        h("h2", { id: "thread-name", dir: "auto" }, visible(c.display_name)),
        h("span", { class: "thread-number" }, c.customer_display || formatPhone(c.customer)),
        h("span", { class: "thread-sender" }, t("thread.via", { sender: formatPhone(c.sender) }))),
      said("p", "thread.no_calls", { class: "hint no-calls", id: "thread-no-calls" }),
      linkControl());
  }

  /** Linked: its name and Unlink; else a contact picker, suggested contacts first. */
  function linkControl() {
    const box = h("div", { class: "link-control", id: "thread-link" });
    const c = conversation;
    const changed = () => {
      reload();
      onChanged();
    };
    if (c.link) {
      box.append(h("span", { id: "thread-linked" }, t("thread.linked", { name: visible(c.display_name) })),
        said("button", "thread.unlink", { type: "button", class: "button secondary small", id: "thread-unlink",
          onclick: () => unlinkConversation(id).then(changed).catch(showError) }));
      return box;
    }
    const select = h("select", { class: "input", id: "thread-link-select", ...named("thread.link_choose") });
    const button = said("button", "thread.link", { type: "button", class: "button secondary small", id: "thread-link-button", disabled: true,
      onclick: () => linkConversation(id, { kind: "contact", id: Number(select.value) }).then(changed).catch(showError) });
    box.append(select, button);
    Promise.all([suggestLinks(id).catch(() => []), listContacts("").catch(() => [])]).then(([suggested, all]) => {
      const seen = new Set(suggested.map((s) => s.id));
      const options = [...suggested, ...all.filter((x) => !seen.has(x.id))];
      if (!options.length) {
        select.replaceChildren(h("option", { value: "" }, t("thread.link_none")));
        return;
      }
      select.replaceChildren(...options.map((x) => h("option", { value: x.id }, visible(x.name) + (seen.has(x.id) ? " ★" : ""))));
      button.disabled = false;
    });
    return box;
  }

  function showError(e) {
    error.textContent = e.message;
    error.dataset.code = e.code;
    error.hidden = false;
  }

  function drawMessages() {
    list.replaceChildren(...byDay(messages, lang).map((g) =>
      h("li", { class: "day" }, h("h3", { class: "day-title" }, g.day),
        h("ol", { class: "day-messages" }, g.messages.map((m) => messageItem(m, lang, resend))))));
    olderButton.hidden = !older;
    list.dataset.count = String(messages.length);
  }

  function drawComposer() {
    composerSlot.replaceChildren(composer({
      conversation,
      lang,
      onSent: () => {
        reload();
        onChanged();
      },
    }));
  }

  async function reload() {
    try {
      const page = await openThread(id);
      if (!alive) return;
      const wasOpen = conversation && conversation.window.state;
      conversation = page.conversation;
      messages = page.messages.slice().reverse();
      older = page.older;
      drawHeader();
      drawMessages();
      if (wasOpen !== conversation.window.state || !composerSlot.firstChild) drawComposer();
      scroller.scrollTop = scroller.scrollHeight;
      if (focus) await reach(focus);
      focus = null;
      pane.dataset.loaded = "true";
      if (conversation.unread_count > 0) {
        await markRead(id);
        onChanged();
      }
    } catch (e) {
      if (!alive) return;
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    }
  }

  /** Loads older pages until message `sid` is shown (bounded), then scrolls to it and marks it. */
  async function reach(sid) {
    const shown = () => messages.some((m) => m.sid === sid);
    reaching = true;
    try {
      for (let pages = 0; !shown() && older && alive && pages < MAX_PAGES_TO_REACH; pages += 1) await loadOlder();
    } finally {
      reaching = false;
    }
    const item = [...list.querySelectorAll(".message")].find((li) => li.dataset.sid === sid);
    if (!item) return;
    item.classList.add("message-found");
    item.setAttribute("aria-current", "true");
    item.tabIndex = -1;
    // Scroll the thread only, not the window: the inbox's header stays where it was.
    const offset = item.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    scroller.scrollTop = Math.max(0, offset - scroller.clientHeight / 3);
    item.focus({ preventScroll: true });
  }

  async function loadOlder() {
    if (!older) return;
    loadingOlder = true;
    try {
      const page = await openThread(id, older);
      if (!alive) return;
      const before = scroller.scrollHeight;
      messages = page.messages.slice().reverse().concat(messages);
      older = page.older;
      drawMessages();
      scroller.scrollTop = scroller.scrollHeight - before;
    } finally {
      loadingOlder = false;
    }
  }

  reload();
  return {
    reload,
    stop: () => {
      alive = false;
    },
  };
}
