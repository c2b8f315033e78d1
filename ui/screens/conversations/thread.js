// A conversation's thread beside the list: who, the business number, "no calls" said in the
// header; messages grouped by day in the user's time zone, each with its status as an icon
// and plain words, a failure explained by the core (code, meaning, what to do), media rows,
// the price, a mark on messages Passerelle sent from a template, the customer's WhatsApp
// profile name on their messages when known; older messages paged in as the user scrolls up;
// the composer underneath — or, for a number moved to another provider, why it is read-only.
import { h } from "../../lib/dom.js";
import { t, said, named, language } from "../../lib/i18n.js";
import { formatDate, formatPhone, formatTime, visible } from "../../lib/format.js";
import { openThread, markRead, resendMessage, linkConversation, unlinkConversation, suggestLinks, linkTargets } from "../../ipc/inbox.js";
import { composer } from "./composer.js";
import { imageCache, mediaList } from "./media.js";

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

/**
 * One message bubble. `profileName`: the customer's WhatsApp name, shown on their messages;
 * `media`: the thread's image cache and where a media error goes.
 */
export function messageItem(m, lang, onResend, { profileName = null, images = null, onError = () => {} } = {}) {
  const status = statusOf(m.status);
  const price = m.price && m.price_unit ? `${Math.abs(Number(m.price)).toFixed(4)} ${m.price_unit}` : null;
  return h("li", { class: `message ${m.inbound ? "inbound" : "outbound"}`, "data-sid": m.sid, "data-status": m.status, "data-template": m.template_sid || null },
    m.inbound && profileName ? h("p", { class: "message-author", dir: "auto" }, `~ ${visible(profileName)}`) : null,
    !m.inbound && m.template_sid
      ? h("p", { class: "template-mark", title: t("thread.sent_as_template_title", { sid: m.template_sid }) }, t("thread.sent_as_template"))
      : null,
    m.body ? h("p", { class: "message-body", dir: "auto" }, m.body) : null,
    mediaList(m, images || imageCache(), onError),
    h("div", { class: "message-meta" },
      h("time", { datetime: m.at }, formatTime(m.at, lang)),
      m.inbound ? null : h("span", { class: "message-status", "data-status": m.status },
        status.icon ? h("span", { class: "status-icon", "aria-hidden": "true" }, status.icon) : null, " ", status.words),
      price ? h("span", { class: "message-price" }, price) : null),
    failureOf(m, onResend));
}

/** Pages of 100 a search hit may be back in a thread (10,000 messages). */
const MAX_PAGES_TO_REACH = 100;

/** The composer's place for a number moved to another provider: why it is read-only. */
export function readOnlyNotice(since, lang) {
  return h("div", { class: "composer read-only", id: "composer-read-only", role: "note" },
    h("p", { class: "composer-window" }, t("thread.read_only", { date: formatDate(since, lang) })),
    said("p", "thread.read_only_help", { class: "hint" }));
}

/**
 * The link picker's options: suggested contacts (★) first, then contacts, leads and deals in
 * groups; values are `kind:id`. One option saying there is nothing when there is nothing.
 */
export function linkOptions(suggested, { contacts = [], leads = [], deals = [] }) {
  const seen = new Set(suggested.map((s) => s.id));
  const option = (kind, x, label) => h("option", { value: `${kind}:${x.id}` }, label);
  const groups = [
    ["thread.link_group_contacts", [...suggested.map((x) => option("contact", x, `${visible(x.name)} ★`)),
      ...contacts.filter((x) => !seen.has(x.id)).map((x) => option("contact", x, visible(x.name)))]],
    ["thread.link_group_leads", leads.map((x) => option("lead", x, visible(x.title)))],
    ["thread.link_group_deals", deals.map((x) => option("deal", x, visible(x.title)))],
  ].filter(([, options]) => options.length);
  if (!groups.length) return [h("option", { value: "" }, t("thread.link_none"))];
  return groups.map(([key, options]) => h("optgroup", { label: t(key) }, options));
}

/**
 * Shows conversation `id` in `pane` (at message `focus`, a SID, when given: older pages are
 * loaded until it shows, then it is scrolled to and marked); `onChanged()` after a send or a
 * mark read so the list refreshes; `onOpenRecord(link)` opens the record it is linked to.
 * Returns { reload(), stop() }.
 */
export function showThread(pane, id, { onChanged, focus = null, onOpenRecord = null }) {
  let messages = []; // oldest first
  let older = null;
  let conversation = null;
  let alive = true;
  let loadingOlder = false;
  let reaching = false; // paging back to a search hit: the scroll handler must not page too
  let readOnlySince = null;
  const lang = language();
  const images = imageCache();

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
        c.name_source === "number" ? null : h("span", { class: "thread-number" }, c.customer_display || formatPhone(c.customer)),
        h("span", { class: "thread-sender" }, t("thread.via", { sender: formatPhone(c.sender) }))),
      said("p", "thread.no_calls", { class: "hint no-calls", id: "thread-no-calls" }),
      linkControl());
  }

  /** Linked: its name and Unlink; else a picker of contacts (suggested first), leads, deals. */
  function linkControl() {
    const c = conversation;
    const changed = () => {
      reload();
      onChanged();
    };
    if (c.link) {
      // h() skips a null child (the DOM's own append() would write "null").
      return h("div", { class: "link-control", id: "thread-link" },
        h("span", { id: "thread-linked" }, t(`thread.linked_${c.link.kind}`, { name: visible(c.display_name) })),
        onOpenRecord ? said("button", "thread.open_record", { type: "button", class: "button secondary small", id: "thread-open-record",
          onclick: () => onOpenRecord(c.link) }) : null,
        said("button", "thread.unlink", { type: "button", class: "button secondary small", id: "thread-unlink",
          onclick: () => unlinkConversation(id).then(changed).catch(showError) }));
    }
    const box = h("div", { class: "link-control", id: "thread-link" });
    const select = h("select", { class: "input", id: "thread-link-select", ...named("thread.link_choose") });
    const button = said("button", "thread.link", { type: "button", class: "button secondary small", id: "thread-link-button", disabled: true,
      onclick: () => {
        const [kind, recordId] = select.value.split(":");
        linkConversation(id, { kind, id: Number(recordId) }).then(changed).catch(showError);
      } });
    box.append(select, button);
    Promise.all([suggestLinks(id).catch(() => []), linkTargets().catch(() => ({ contacts: [], leads: [], deals: [] }))]).then(([suggested, all]) => {
      select.replaceChildren(...linkOptions(suggested, all));
      const first = select.querySelector("option");
      button.disabled = !first || !first.getAttribute("value");
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
        h("ol", { class: "day-messages" }, g.messages.map((m) => messageItem(m, lang, resend, {
          profileName: conversation && conversation.profile_name, images, onError: showError,
        }))))));
    olderButton.hidden = !older;
    list.dataset.count = String(messages.length);
  }

  function drawComposer() {
    if (readOnlySince) {
      composerSlot.replaceChildren(readOnlyNotice(readOnlySince, lang));
      return;
    }
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
      const wasReadOnly = readOnlySince;
      conversation = page.conversation;
      readOnlySince = page.read_only_since || null;
      messages = page.messages.slice().reverse();
      older = page.older;
      drawHeader();
      drawMessages();
      if (wasOpen !== conversation.window.state || wasReadOnly !== readOnlySince || !composerSlot.firstChild) drawComposer();
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
      images.clear();
    },
  };
}
