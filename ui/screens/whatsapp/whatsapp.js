// The WhatsApp screen: one tab per business number; its standing (status, quality rating,
// messaging limit, display name and its review), the profile as customers see it, the edit
// form (counters and the core's checks as the user types) and the local history of changes.
// A display-name change is confirmed first: it goes to Meta's review.
import { h, showAlert } from "../../lib/dom.js";
import { t, said, named } from "../../lib/i18n.js";
import { formatPhone } from "../../lib/format.js";
import { profileForm, senderProfiles, checkProfileDraft, saveProfile, logoPreview } from "../../ipc/profile.js";
import { renderForm, fillForm, readDraft, showCounters, showErrors } from "./profile-form.js";
import { renderStanding, renderPreview, renderHistory, logoParts } from "./profile-view.js";
import { offlineBanner, showOffline, needTwilio } from "./offline.js";
import { arrowKeys, rove } from "./tabs.js";

function skeleton(onRefresh) {
  return h("section", { class: "screen wa-screen", "data-screen": "whatsapp" },
    h("div", { class: "list-header" },
      h("div", { class: "list-title" },
        said("h1", "whatsapp.title", { id: "whatsapp-title" }),
        said("p", "whatsapp.lead", { class: "lead-muted" })),
      said("button", "whatsapp.refresh", { type: "button", class: "button secondary", id: "wa-refresh", onclick: onRefresh })),
    h("p", { class: "alert", id: "wa-error", role: "alert", hidden: true }),
    offlineBanner("wa", onRefresh),
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
          said("button", "whatsapp.save", { type: "button", class: "button", id: "wa-save", onclick: handlers.onSave }),
          said("span", "whatsapp.offline_why", { class: "hint", id: "wa-save-offline", hidden: true }))),
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
    let offline = null; // {as_of, reason} while Twilio cannot be reached
    let current = 0;
    let checking = 0;
    let label = (v) => v;
    const el = (id) => root.querySelector(`#${id}`);
    const entry = () => entries[current];

    // The logo preview: fetched by the core (the CSP keeps the page from loading outside
    // images), once per address, after the user stops typing it.
    const logos = new Map(); // url → {src} | {error}
    let pendingLogo = null;
    let logoTimer = null;
    const LOGO_TYPING_MS = 600;

    function logoOf(url, delay) {
      if (!/^https:\/\/\S+$/i.test(url || "")) return null; // the form's own check says what is wrong
      if (logos.has(url)) return logos.get(url);
      if (pendingLogo !== url) {
        pendingLogo = url;
        clearTimeout(logoTimer);
        logoTimer = setTimeout(() => fetchLogo(url), delay);
      }
      return {};
    }

    async function fetchLogo(url) {
      try {
        logos.set(url, { src: await logoPreview(url) });
      } catch (error) {
        logos.set(url, { error: error.message });
      }
      if (pendingLogo === url) pendingLogo = null;
      // Only the picture and its line change: the rest of the preview stays as it is.
      const { draft } = alive && el("wa-field-logo_url") ? readDraft(root) : {};
      if (draft && draft.logo_url === url && el("wa-preview-picture")) {
        const parts = logoParts(draft, logos.get(url));
        el("wa-preview-picture").replaceChildren(parts.picture);
        el("wa-preview-logo-slot").replaceChildren(...[parts.line].flat());
      }
    }

    function drawPreview(draft, delay) {
      el("wa-preview-slot").replaceChildren(renderPreview(entry().sender.address, draft, label(draft.vertical), logoOf(draft.logo_url, delay)));
    }

    async function check() {
      const { draft, order } = readDraft(root);
      showCounters(root);
      drawPreview(draft, LOGO_TYPING_MS);
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
      const strip = [...el("wa-tabs").children];
      for (const [i, tab] of strip.entries()) {
        tab.setAttribute("aria-selected", String(i === index));
      }
      rove(strip, index);
      el("wa-panel").setAttribute("aria-labelledby", `wa-tab-${index}`);
      const built = senderPanel(entry(), form, handlers);
      label = built.label;
      el("wa-panel").replaceChildren(built.panel);
      fillForm(root, entry().sender.profile);
      showCounters(root);
      drawPreview(readDraft(root).draft, 0);
      showOfflineState();
      el("wa-panel").dataset.loaded = "true";
    }

    /** The banner and the Twilio-only buttons as the last load found Twilio. */
    function showOfflineState() {
      showOffline(root, "wa", offline);
      needTwilio([el("wa-save"), el("wa-refresh")], Boolean(offline));
      if (el("wa-save-offline")) el("wa-save-offline").hidden = !offline;
      el("wa-panel").dataset.offline = String(Boolean(offline));
    }

    function tabs() {
      el("wa-tabs").replaceChildren(...entries.map((e, i) =>
        h("button", { type: "button", role: "tab", class: "wa-tab", id: `wa-tab-${i}`, "aria-controls": "wa-panel", onclick: () => showSender(i) },
          formatPhone(e.sender.address))));
    }

    async function load() {
      el("wa-error").hidden = true;
      // A logo that could not be fetched is tried again with the rest.
      for (const [url, logo] of logos) if (logo.error) logos.delete(url);
      el("wa-loading").hidden = false;
      try {
        form = form || (await profileForm());
        // The backend sends each sender with its history beside its fields; `offline` when
        // Twilio could not be reached and these are the profiles as last read.
        const view = await senderProfiles();
        if (!alive) return;
        entries = view.senders.map(({ history, ...sender }) => ({ sender, history }));
        offline = view.offline || null;
        showOfflineState();
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
    arrowKeys(el("wa-tabs"));
    load();
    return () => {
      alive = false;
      clearTimeout(logoTimer);
    };
  },
};
