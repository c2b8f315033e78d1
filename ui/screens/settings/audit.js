// Settings → Activity log: who did what, when — sends, links, visibility and user changes,
// disconnects, imports — newest first, filtered by action, user or words, paged backwards.
// Names and details are untrusted text (a user may be called "<b>"): text only. Members see
// the reason they cannot read it.
import { h } from "../../lib/dom.js";
import { t, said, named, language } from "../../lib/i18n.js";
import { formatDate, formatTime, visible } from "../../lib/format.js";
import { auditLog } from "../../ipc/people.js";

/** The actions the core logs (store/audit.rs AuditAction), in its order. */
export const ACTIONS = ["send", "link", "unlink", "visibility_changed", "user_added", "user_renamed", "user_removed",
  "pin_changed", "disconnect", "import", "erase_customer", "backup_restored"];
/** Entries per page. */
export const PAGE = 50;

/** The query for the filters' values (empty ones left out). */
export function auditQuery({ action = "", actor = "", text = "" }, before = null) {
  return {
    action: action || null,
    actor_id: actor ? Number(actor) : null,
    text: text.trim() || null,
    before,
    limit: PAGE,
  };
}

/** One entry: when, who, what (in words), on what, details. */
export function auditItem(e, lang) {
  return h("li", { class: "audit-entry", "data-action": e.action, "data-id": e.id },
    h("time", { class: "audit-when", datetime: e.at }, `${formatDate(e.at, lang)} ${formatTime(e.at, lang)}`),
    h("span", { class: "audit-who", dir: "auto" }, visible(e.actor_name)),
    h("span", { class: "audit-what" }, t(`audit.${e.action}`)),
    e.subject ? h("span", { class: "audit-subject hint" }, visible(e.subject)) : null,
    e.detail ? h("span", { class: "audit-detail", dir: "auto" }, visible(e.detail)) : null);
}

/** The card and `load(users)` (users: to filter by; call again after a change). */
export function auditSection() {
  const list = h("ol", { class: "audit-list", id: "audit-list" });
  const more = said("button", "audit.more", { type: "button", class: "button secondary small", id: "audit-more", hidden: true });
  const status = h("p", { class: "hint", id: "audit-status", role: "status" });
  const action = h("select", { class: "input", id: "audit-action", ...named("audit.filter_action") },
    h("option", { value: "" }, t("audit.all_actions")), ACTIONS.map((a) => h("option", { value: a }, t(`audit.${a}`))));
  const actor = h("select", { class: "input", id: "audit-actor", ...named("audit.filter_user") }, h("option", { value: "" }, t("audit.all_users")));
  const text = h("input", { type: "search", class: "input", id: "audit-text", ...named("audit.filter_text"), placeholder: t("audit.filter_text") });
  const card = h("section", { class: "card settings-section", id: "settings-audit", "aria-labelledby": "settings-audit-title" },
    said("h2", "audit.title", { id: "settings-audit-title" }),
    said("p", "audit.hint", { class: "hint" }),
    h("div", { class: "audit-filters", role: "group", ...named("audit.filters") }, action, actor, text),
    status, list, more);
  let last = null;
  let asked = 0;

  async function page(append) {
    const mine = ++asked;
    const filters = { action: action.value, actor: actor.value, text: text.value };
    try {
      const entries = await auditLog(auditQuery(filters, append ? last : null));
      if (mine !== asked) return;
      const items = entries.map((e) => auditItem(e, language()));
      if (append) list.append(...items);
      else list.replaceChildren(...items);
      last = entries.length ? entries[entries.length - 1].id : last;
      more.hidden = entries.length < PAGE;
      status.textContent = list.children.length ? "" : t("audit.empty");
      list.dataset.loaded = "true";
    } catch (e) {
      if (mine !== asked) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = e.message;
      status.dataset.code = e.code;
      for (const control of [action, actor, text]) control.disabled = true;
    }
  }
  let debounce = null;
  action.addEventListener("change", () => page(false));
  actor.addEventListener("change", () => page(false));
  text.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => page(false), 200);
  });
  more.addEventListener("click", () => page(true));

  return {
    card,
    load(users = []) {
      const chosen = actor.value;
      actor.replaceChildren(h("option", { value: "" }, t("audit.all_users")), ...users.map((u) => h("option", { value: u.id }, visible(u.name))));
      actor.value = chosen;
      page(false);
    },
  };
}
