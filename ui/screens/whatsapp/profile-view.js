// What the WhatsApp screen shows of a sender besides the form: its standing (status, quality,
// limit, the display name's review), the profile as customers see it, and the local history.
// Every profile value is untrusted text: it only goes in as text.
import { h } from "../../lib/dom.js";
import { t, said, language } from "../../lib/i18n.js";
import { formatPhone, formatDate, formatWhen, visible } from "../../lib/format.js";

const row = (labelKey, id, value, extra = {}) =>
  h("div", { class: "settings-row" }, said("dt", labelKey), h("dd", { id, ...extra }, value || "—"));

/** The review state's explanation: in review, or declined (the core's text). */
function reviewHelp(review) {
  if (review.help) return review.help;
  if (review.status === "PENDING_REVIEW") return t("whatsapp.review_pending_help");
  return "";
}

/** The sender's standing: number, status, quality rating, messaging limit, display name. */
export function renderStanding(sender) {
  const online = String(sender.status).startsWith("ONLINE");
  const review = sender.name_review;
  return h("section", { class: "card wa-standing", "aria-labelledby": "wa-standing-title" },
    said("h2", "whatsapp.standing_title", { id: "wa-standing-title" }),
    h("dl", { class: "settings-list" },
      row("whatsapp.number", "wa-number", formatPhone(sender.address), { class: "mono-number" }),
      h("div", { class: "settings-row" }, said("dt", "whatsapp.status"),
        h("dd", {}, h("span", { class: `badge ${online ? "ok" : "off"}`, id: "wa-status", "data-status": sender.status }, sender.status),
          sender.offline_reasons.length > 0 &&
            h("ul", { class: "wa-reasons", id: "wa-offline-reasons" },
              sender.offline_reasons.map((r) => h("li", {}, `${r.code ?? ""} ${visible(r.message || "")}`.trim()))))),
      row("whatsapp.quality", "wa-quality", sender.quality_rating),
      row("whatsapp.limit", "wa-limit", sender.messaging_limit),
      row("whatsapp.display_name", "wa-display-name", visible(sender.profile.display_name), { dir: "auto" }),
      review && h("div", { class: "settings-row" }, said("dt", "whatsapp.name_review"),
        h("dd", {},
          h("span", { class: "wa-review", id: "wa-name-review", "data-status": review.status },
            t("whatsapp.review_line", { name: visible(review.pending_name), state: review.label })),
          review.date && h("span", { class: "hint wa-review-date" }, ` · ${formatDate(review.date, language())}`),
          reviewHelp(review) && h("p", { class: "hint", id: "wa-name-review-help" }, reviewHelp(review))))));
}

/** Initials for the avatar when there is no logo to show. */
const initials = (name) => String(name).trim().split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0].toUpperCase()).join("") || "#";

/** Only what the core made: a base64 JPEG or PNG (the CSP allows `data:` images, nothing else outside). */
const isLogoData = (src) => typeof src === "string" && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(src);

/** The logo's line under the preview: loading, or why it is not shown. */
function logoLine(logo) {
  if (!logo || isLogoData(logo.src)) return null;
  const text = logo.error ? t("whatsapp.logo_failed", { message: logo.error }) : t("whatsapp.logo_loading");
  return h("p", { class: "wa-phone-section hint", id: "wa-preview-logo", "data-state": logo.error ? "failed" : "loading" }, text);
}

/** The round picture: the logo the core fetched, else the name's initials. */
export function renderPicture(draft, logo) {
  return logo && isLogoData(logo.src)
    ? h("img", { class: "wa-avatar wa-avatar-img", id: "wa-preview-logo-img", src: logo.src, alt: t("whatsapp.logo_alt") })
    : h("span", { class: "wa-avatar", "aria-hidden": "true" }, initials(draft.display_name));
}

/** What stands for the logo: the picture and, below the profile, its line (loading, failed). */
export function logoParts(draft, logo) {
  return { picture: renderPicture(draft, logo), line: (draft.logo_url && logoLine(logo)) || [] };
}

/**
 * The profile as a customer sees it in WhatsApp, from `draft` (updated as the user types).
 * `logo`: {src} (a data: URL the core fetched), {error}, or {} while loading; null for none.
 */
export function renderPreview(address, draft, verticalLabel, logo = null) {
  const line = (icon, id, text) => text && h("li", { class: "wa-line", id }, h("span", { class: "wa-icon", "aria-hidden": "true", "data-icon": icon }), h("span", { dir: "auto" }, text));
  const parts = logoParts(draft, logo);
  return h("div", { class: "wa-phone", id: "wa-preview", role: "img", "aria-label": t("whatsapp.preview_label") },
    h("div", { class: "wa-phone-top" },
      h("span", { class: "wa-picture", id: "wa-preview-picture" }, parts.picture),
      h("span", { class: "wa-preview-name", id: "wa-preview-name", dir: "auto" }, visible(draft.display_name)),
      h("span", { class: "wa-preview-number" }, formatPhone(address)),
      said("span", "whatsapp.business_account", { class: "wa-preview-kind" })),
    h("div", { class: "wa-phone-section" },
      h("p", { class: "wa-preview-about", id: "wa-preview-about", dir: "auto" }, visible(draft.about))),
    h("ul", { class: "wa-phone-section wa-lines" },
      line("category", "wa-preview-vertical", verticalLabel),
      line("text", "wa-preview-description", draft.description),
      line("place", "wa-preview-address", draft.address),
      line("mail", "wa-preview-email", draft.email),
      draft.websites.map((w, i) => line("link", `wa-preview-website-${i}`, w))),
    h("div", { id: "wa-preview-logo-slot" }, parts.line));
}

/** What Twilio answered to one recorded version. */
function answerOf(v) {
  if (!v.answer.accepted) return t("whatsapp.answer_refused", { message: v.answer.error_message || "" });
  if (v.answer.display_name_status === "pending_review") return t("whatsapp.answer_in_review");
  return t("whatsapp.answer_accepted");
}

/** The local history of a sender's profile, newest first. */
export function renderHistory(history) {
  return h("section", { class: "card wa-history", "aria-labelledby": "wa-history-title" },
    said("h2", "whatsapp.history_title", { id: "wa-history-title" }),
    history.length === 0
      ? said("p", "whatsapp.history_empty", { class: "hint", id: "wa-history-empty" })
      : h("ol", { class: "wa-history-list", id: "wa-history" },
        history.map((v) => h("li", { class: "wa-history-row", "data-accepted": String(v.answer.accepted) },
          h("time", { datetime: v.changed_at }, formatWhen(v.changed_at, language())),
          h("span", { class: "wa-history-who", dir: "auto" }, visible(v.changed_by)),
          h("span", { class: "wa-history-fields" }, v.fields.map((f) => t(`whatsapp.field.${f === "websites" ? "websites" : f}`)).join(", ")),
          h("span", { class: "wa-history-answer" }, answerOf(v))))));
}
