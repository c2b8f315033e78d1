// A minimal conversation list: who, the last message, when, and how many are unread.
// Message text is untrusted: it only ever goes into textContent.
import * as ipc from "../ipc.js";
import { t, number, language } from "../i18n.js";

function phone(address) {
  return String(address || "").replace(/^whatsapp:/, "");
}

function initials(name) {
  const letters = String(name)
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w[0] || ""))
    .map((w) => w[0].toUpperCase());
  return letters.slice(0, 2).join("") || "#";
}

function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const locale = language() === "fr" ? "fr-FR" : "en-GB";
  const sameDay = date.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short", year: "numeric" }).format(date);
}

function item(c) {
  const li = document.createElement("li");
  li.className = "conversation";
  li.dataset.unread = String(c.unread_count);
  const name = c.profile_name || phone(c.customer);

  const avatar = document.createElement("span");
  avatar.className = "avatar";
  avatar.setAttribute("aria-hidden", "true");
  avatar.textContent = c.profile_name ? initials(c.profile_name) : "#";

  const body = document.createElement("div");
  body.className = "conversation-body";
  const top = document.createElement("div");
  top.className = "conversation-top";
  const who = document.createElement("span");
  who.className = "conversation-name";
  who.textContent = name;
  const number_ = document.createElement("span");
  number_.className = "conversation-number";
  number_.textContent = c.profile_name ? phone(c.customer) : "";
  const time = document.createElement("time");
  time.className = "conversation-when";
  if (c.last_message_at) time.dateTime = c.last_message_at;
  time.textContent = when(c.last_message_at);
  top.append(who, number_, time);

  const bottom = document.createElement("div");
  bottom.className = "conversation-bottom";
  const preview = document.createElement("span");
  preview.className = "conversation-preview";
  const prefix = c.last_message_direction && c.last_message_direction.startsWith("outbound") ? t("conversations.you") : "";
  preview.textContent = prefix + (c.last_message_body || t("conversations.no_text"));
  bottom.append(preview);
  if (c.unread_count > 0) {
    const badge = document.createElement("span");
    badge.className = "unread";
    badge.textContent = number(c.unread_count);
    badge.setAttribute("aria-label", t("conversations.unread", { n: c.unread_count }));
    bottom.append(badge);
  }
  body.append(top, bottom);
  li.append(avatar, body);
  return li;
}

export const conversations = {
  mount(root, app) {
    const list = root.querySelector("#conversation-list");
    const summary = root.querySelector("#conversations-summary");
    const alert = root.querySelector("#conversations-error");
    let kind = "own";
    root.querySelector("#conversations-sync").addEventListener("click", () => app.show("sync", { mode: kind, resume: true }));
    ipc
      .listConversations()
      .then(({ overview, conversations }) => {
        kind = overview.kind;
        root.querySelector("#conversations-demo").hidden = kind !== "demo";
        summary.textContent = t("conversations.summary", {
          conversations: number(overview.conversations),
          messages: number(overview.messages),
        });
        root.querySelector("#conversations-empty").hidden = conversations.length > 0;
        list.replaceChildren(...conversations.map(item));
        list.dataset.loaded = "true";
      })
      .catch((error) => {
        alert.textContent = error.message;
        alert.hidden = false;
      });
  },
};
