// A record's page: a contact, lead or deal with what it holds, the person it is about, that
// person's leads and deals, and the conversations linked to it — each one opens below, and
// can be unlinked. Readable by every user allowed to see records, even when the inbox is
// Private (PRODUCT.md: a linked conversation's details stay with its record). Deleting the
// record never deletes a message. Every field is untrusted text.
import { h, showAlert } from "../../lib/dom.js";
import { t, said } from "../../lib/i18n.js";
import { formatPhone, formatWhen, visible } from "../../lib/format.js";
import { language } from "../../lib/i18n.js";
import { deleteRecord, recordPage } from "../../ipc/people.js";
import { unlinkConversation } from "../../ipc/inbox.js";
import { showThread } from "../conversations/thread.js";
import { editForm } from "./edit.js";

/** The title of a record's page. */
export function recordTitle(page) {
  if (page.opportunity) return visible(page.opportunity.title);
  return page.contact ? visible(page.contact.name) : "";
}

/** The facts of a record, as [label key, text] pairs with a value. */
export function recordFacts(page) {
  const o = page.opportunity;
  const c = page.contact;
  const money = o && o.value ? `${o.value}${o.currency ? ` ${o.currency}` : ""}` : null;
  const facts = o
    ? [["record.contact", c ? c.name : null], ["record.value", money], ["record.source", o.source],
      ["record.stage", o.stage], ["record.status", o.status], ["record.crm_id", o.crm_id]]
    : [["contacts.phone", c.phones.map(formatPhone).join(", ")], ["contacts.email", c.email],
      ["contacts.organisation", c.organisation], ["record.crm_id", c.crm_id]];
  return facts.filter(([, value]) => value);
}

function opportunityList(key, kind, items, open) {
  if (!items.length) return null;
  return h("section", { class: "record-related" }, said("h3", key),
    h("ul", { class: "record-links" }, items.map((o) => h("li", {},
      h("button", { type: "button", class: "link", "data-record": `${kind}:${o.id}`, onclick: () => open({ kind, id: o.id }) }, visible(o.title))))));
}

/** Mounts the page of `record` ({kind, id}) in `root`; returns the cleanup. */
export function mountRecord(root, app, record) {
  let alive = true;
  let thread = null;
  const error = h("p", { class: "alert", id: "record-error", role: "alert", hidden: true });
  const body = h("div", { class: "record-body", id: "record-body" });
  const pane = h("div", { class: "thread-pane record-thread", id: "thread-pane", hidden: true });
  const open = (other) => app.show("contacts", { record: other });
  root.replaceChildren(h("section", { class: "screen record", "data-screen": "contacts", "data-record": `${record.kind}:${record.id}` },
    h("button", { type: "button", class: "link", id: "record-back", onclick: () => app.show("contacts", { tab: record.kind === "contact" ? "contacts" : `${record.kind}s` }) },
      t("record.back")),
    error, body, pane));
  const fail = (e) => alive && showAlert(error, e.message, e.code);

  function openConversation(id) {
    if (thread) thread.stop();
    thread = showThread(pane, id, { onChanged: load });
    pane.scrollIntoView({ block: "nearest" });
  }

  function conversationItem(c) {
    return h("li", { class: "record-conversation", "data-id": c.id },
      h("button", { type: "button", class: "link record-open", onclick: () => openConversation(c.id) }, visible(c.display_name)),
      h("span", { class: "hint" }, c.customer_display || formatPhone(c.customer)),
      c.preview ? h("span", { class: "record-preview", dir: "auto" }, c.preview) : null,
      h("time", { class: "hint", datetime: c.last_message_at }, formatWhen(c.last_message_at, language())),
      said("button", "thread.unlink", { type: "button", class: "button secondary small record-unlink",
        onclick: () => unlinkConversation(c.id).then(load).catch(fail) }));
  }

  function draw(page) {
    const facts = recordFacts(page);
    // Through h(): it skips the parts a record lacks (the DOM's replaceChildren writes "null").
    body.replaceChildren(...h("div", {},
      h("header", { class: "record-header" },
        h("p", { class: "caption" }, t(`record.kind_${record.kind}`)),
        h("h1", { id: "record-title", dir: "auto" }, recordTitle(page))),
      facts.length ? h("dl", { class: "record-facts card" }, facts.map(([key, value]) => [said("dt", key), h("dd", { dir: "auto" }, visible(value))])) : null,
      page.opportunity && page.contact
        ? h("p", {}, h("button", { type: "button", class: "link", id: "record-person", onclick: () => open({ kind: "contact", id: page.contact.id }) },
          t("record.open_person", { name: visible(page.contact.name) })))
        : null,
      opportunityList("record.leads", "lead", page.leads, open),
      opportunityList("record.deals", "deal", page.deals, open),
      h("section", { class: "card" },
        said("h2", "record.conversations"),
        page.conversations.length
          ? h("ul", { class: "record-conversations", id: "record-conversations" }, page.conversations.map(conversationItem))
          : said("p", "record.no_conversations", { class: "hint", id: "record-no-conversations" })),
      h("div", { class: "actions" },
        said("button", "record.edit", { type: "button", class: "button secondary", id: "record-edit-button", onclick: () => edit(page) }),
        said("button", "record.delete", { type: "button", class: "button secondary", id: "record-delete", onclick: remove }))).childNodes);
    body.dataset.loaded = "true";
  }

  function edit(page) {
    // The form takes the place of the page's buttons (Cancel draws the page again).
    const actions = root.querySelector("#record-edit-button").parentNode;
    actions.replaceChildren(editForm(page, { onSaved: load, fail, onCancel: () => draw(page) }));
  }

  async function remove() {
    const button = root.querySelector("#record-delete");
    if (button.dataset.confirm !== "true") {
      button.dataset.confirm = "true";
      button.textContent = t("record.delete_confirm");
      return;
    }
    try {
      await deleteRecord(record);
      app.show("contacts", { tab: record.kind === "contact" ? "contacts" : `${record.kind}s` });
    } catch (e) {
      fail(e);
    }
  }

  async function load() {
    try {
      const page = await recordPage(record);
      if (alive) draw(page);
    } catch (e) {
      fail(e);
    }
  }

  load();
  return () => {
    alive = false;
    if (thread) thread.stop();
  };
}
