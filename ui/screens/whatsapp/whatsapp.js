// The WhatsApp screen: one tab per business number; its standing (status, quality rating,
// messaging limit, display name and its review), the profile as customers see it, the edit
// form (counters and the core's checks as the user types) and the local history of changes.
// A display-name change is confirmed first: it goes to Meta's review.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named } from "../../lib/i18n.js";
import { formatPhone } from "../../lib/format.js";
import { profileForm, senderProfiles, checkProfileDraft, saveProfile } from "../../ipc/profile.js";
import { renderForm, fillForm, readDraft, showCounters, showErrors } from "./profile-form.js";
import { renderStanding, renderPreview, renderHistory } from "./profile-view.js";

function skeleton(onRefresh) {
  return h("section", { class: "screen wa-screen", "data-screen": "whatsapp" },
    h("div", { class: "list-header" },
      h("div", { class: "list-title" },
        said("h1", "whatsapp.title", { id: "whatsapp-title" }),
        said("p", "whatsapp.lead", { class: "lead-muted" })),
      said("button", "whatsapp.refresh", { type: "button", class: "button secondary", id: "wa-refresh", onclick: onRefresh })),
    h("p", { class: "alert", id: "wa-error", role: "alert", hidden: true }),
    said("p", "whatsapp.loading", { class: "hint", id: "wa-loading" }),
    said("p", "whatsapp.empty", { class: "hint", id: "wa-empty", hidden: true }),
    h("div", { class: "wa-tabs", role: "tablist", id: "wa-tabs", ...named("whatsapp.tabs_label") }),
    h("div", { class: "wa-panel", id: "wa-panel", role: "tabpanel" }));
}

/** The confirmation shown before a display-name change is sent. */
function reviewWarning(notice, onConfirm, onCancel) {
  const escape = (event) => event.key === "Escape" && onCancel();
  return h("div", { class: "notice wa-review-warning", id: "wa-review-warning", role: "alertdialog", "aria-labelledby": "wa-review-warning-title", hidden: true, onkeydown: escape },
    said("h3", "whatsapp.review_warning_title", { id: "wa-review-warning-title" }),
    h("p", { id: "wa-review-notice" }, notice),
    h("div", { class: "actions" },
      said("button", "whatsapp.review_confirm", { type: "button", class: "button", id: "wa-review-confirm", onclick: onConfirm }),
      said("button", "whatsapp.review_cancel", { type: "button", class: "button secondary", id: "wa-review-cancel", onclick: onCancel })));
}

/** The panel of one sender: standing, preview and form side by side, then the history. */
function senderPanel(entry, form, handlers) {
  const { sender, history } = entry;
  const label = (v) => (form.verticals.find(([value]) => value === v) || [v, v])[1];
  const panel = h("div", { class: "wa-sender", "data-sid": sender.sid },
    renderStanding(sender),
    h("div", { class: "wa-edit" },
      h("section", { class: "card wa-form-card", "aria-labelledby": "wa-form-title" },
        said("h2", "whatsapp.form_title", { id: "wa-form-title" }),
        renderForm(form, handlers.onInput),
        reviewWarning(form.review_notice, handlers.onConfirm, handlers.onCancel),
        h("p", { class: "alert", id: "wa-save-error", role: "alert", hidden: true }),
        h("p", { class: "notice ok", id: "wa-saved", role: "status", hidden: true }),
        h("div", { class: "actions" },
          said("button", "whatsapp.save", { type: "button", class: "button", id: "wa-save", onclick: handlers.onSave }))),
      h("section", { class: "wa-preview-card", "aria-labelledby": "wa-preview-title" },
        said("h2", "whatsapp.preview_title", { id: "wa-preview-title" }),
        h("div", { id: "wa-preview-slot" }, renderPreview(sender.address, sender.profile, label(sender.profile.vertical))))),
    h("div", { id: "wa-history-slot" }, renderHistory(history)));
  return { panel, label };
}

export const whatsapp = {
  framed: true,
  mount(root) {
    let alive = true;
    let form = null;
    let entries = [];
    let current = 0;
    let checking = 0;
    let label = (v) => v;
    const el = (id) => root.querySelector(`#${id}`);
    const entry = () => entries[current];

    async function check() {
      const { draft, order } = readDraft(root);
      showCounters(root);
      el("wa-preview-slot").replaceChildren(renderPreview(entry().sender.address, draft, label(draft.vertical)));
      const mine = ++checking;
      const errors = await checkProfileDraft(draft);
      if (alive && mine === checking) {
        showErrors(root, errors, order);
        el("wa-save").dataset.invalid = String(errors.length > 0);
      }
      return errors;
    }

    function onInput() {
      el("wa-saved").hidden = true;
      check().catch((error) => alive && showAlert(el("wa-save-error"), error.message, error.code));
    }

    async function send() {
      const { draft } = readDraft(root);
      el("wa-save").disabled = true;
      el("wa-save-error").hidden = true;
      try {
        const [saved, history] = await saveProfile(entry().sender.sid, draft);
        if (!alive) return;
        entries[current] = { sender: saved.sender, history };
        showSender(current);
        const key = saved.fields.length === 0 ? "whatsapp.saved_nothing" : saved.name_in_review ? "whatsapp.saved_in_review" : "whatsapp.saved";
        el("wa-saved").textContent = t(key);
        el("wa-saved").hidden = false;
      } catch (error) {
        if (alive) showAlert(el("wa-save-error"), error.message, error.code);
      } finally {
        if (alive) el("wa-save").disabled = false;
      }
    }

    async function onSave() {
      el("wa-saved").hidden = true;
      const errors = await check();
      if (!alive || errors.length > 0) {
        const first = root.querySelector(".wa-form [aria-invalid]");
        if (first) first.focus();
        return;
      }
      const { draft } = readDraft(root);
      if (draft.display_name.trim() !== entry().sender.profile.display_name.trim()) {
        el("wa-review-warning").hidden = false;
        el("wa-review-confirm").focus();
        return;
      }
      await send();
    }

    const handlers = {
      onInput,
      onSave: () => onSave().catch((error) => alive && showAlert(el("wa-save-error"), error.message, error.code)),
      onConfirm: () => {
        el("wa-review-warning").hidden = true;
        send();
      },
      onCancel: () => {
        el("wa-review-warning").hidden = true;
        el("wa-field-display_name").focus();
      },
    };

    function showSender(index) {
      current = index;
      for (const [i, tab] of [...el("wa-tabs").children].entries()) {
        tab.setAttribute("aria-selected", String(i === index));
      }
      const built = senderPanel(entry(), form, handlers);
      label = built.label;
      el("wa-panel").replaceChildren(built.panel);
      fillForm(root, entry().sender.profile);
      showCounters(root);
      el("wa-panel").dataset.loaded = "true";
    }

    function tabs() {
      el("wa-tabs").replaceChildren(...entries.map((e, i) =>
        h("button", { type: "button", role: "tab", class: "wa-tab", id: `wa-tab-${i}`, "aria-controls": "wa-panel", onclick: () => showSender(i) },
          formatPhone(e.sender.address))));
    }

    async function load() {
      el("wa-error").hidden = true;
      el("wa-loading").hidden = false;
      try {
        form = form || (await profileForm());
        // The backend sends each sender with its history beside its fields.
        entries = (await senderProfiles()).map(({ history, ...sender }) => ({ sender, history }));
        if (!alive) return;
        el("wa-empty").hidden = entries.length > 0;
        tabs();
        if (entries.length) showSender(Math.min(current, entries.length - 1));
      } catch (error) {
        if (alive) showAlert(el("wa-error"), error.message, error.code);
      } finally {
        if (alive) el("wa-loading").hidden = true;
      }
    }

    root.replaceChildren(skeleton(() => load()));
    load();
    return () => {
      alive = false;
    };
  },
};
