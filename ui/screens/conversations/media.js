// A message's media from the local archive. Images (PNG, JPEG, GIF, WebP — never SVG) are
// shown inline as thumbnails: their bytes come from the core (read from the archive's media
// folder only) and are shown through a `blob:` URL, the one source the CSP adds for images;
// a click enlarges one, Escape or a click closes it. Other files are a row that opens the
// file with the system's app after an inline confirmation (never run by Passerelle). A file not
// downloaded yet says so.
import { h } from "../../lib/dom.js";
import { t } from "../../lib/i18n.js";
import { mediaImage, openMedia } from "../../ipc/inbox.js";

/** The image types shown inline (the core refuses any other). */
export const INLINE_TYPES = ["image/jpeg", "image/jpg", "image/png", "image/gif", "image/webp"];

/** Whether a medium is shown inline: a downloaded image of a known raster type. */
export const isInlineImage = (item) => Boolean(item && item.file_path && INLINE_TYPES.includes(String(item.content_type || "").toLowerCase()));

/** "PDF", "PNG"… from a MIME type; the type itself when it has no short name. */
export function kindOf(contentType) {
  const known = { "application/pdf": "PDF", "audio/ogg": "OGG", "audio/mpeg": "MP3", "audio/amr": "AMR", "video/mp4": "MP4", "text/vcard": "vCard", "text/x-vcard": "vCard" };
  const type = String(contentType || "").toLowerCase();
  return known[type] || (type.startsWith("image/") ? type.slice(6).toUpperCase() : type || t("thread.media"));
}

/** "12 KB" from bytes, in the user's units. */
export function sizeOf(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024) return t("thread.size_bytes", { n: bytes });
  if (bytes < 1024 * 1024) return t("thread.size_kb", { n: Math.round(bytes / 1024) });
  return t("thread.size_mb", { n: (bytes / (1024 * 1024)).toFixed(1) });
}

/**
 * The images' `blob:` URLs of one thread, made once each and revoked when the thread closes.
 * `load(sid)` resolves to bytes (an ArrayBuffer or an array of numbers).
 */
export function imageCache(load = mediaImage) {
  const urls = new Map();
  return {
    async url(item) {
      if (!urls.has(item.sid)) {
        urls.set(item.sid, load(item.sid).then((bytes) => {
          const data = bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes);
          return URL.createObjectURL(new Blob([data], { type: String(item.content_type).toLowerCase() }));
        }));
      }
      return urls.get(item.sid);
    },
    /** Revokes every URL made (the thread was closed or replaced). */
    clear() {
      for (const pending of urls.values()) pending.then((u) => URL.revokeObjectURL(u)).catch(() => {});
      urls.clear();
    },
  };
}

/** Shows `src` enlarged above the page; Escape, the button or a click closes it. */
function enlarge(src, label) {
  const close = () => {
    overlay.remove();
    document.removeEventListener("keydown", onKey);
  };
  const onKey = (event) => event.key === "Escape" && close();
  const overlay = h("div", { class: "media-overlay", id: "media-overlay", role: "dialog", "aria-modal": "true", "aria-label": label, onclick: close },
    h("img", { class: "media-large", src, alt: label }),
    h("button", { type: "button", class: "button secondary small media-close", id: "media-close", onclick: close }, t("thread.media_close")));
  document.addEventListener("keydown", onKey);
  document.body.append(overlay);
  overlay.querySelector("button").focus();
}

function imageItem(item, cache, onError) {
  const label = t("thread.image_label");
  const button = h("button", { type: "button", class: "media-thumb", "data-media": item.sid, "aria-label": t("thread.image_enlarge") });
  cache.url(item).then((src) => {
    button.append(h("img", { src, alt: label, loading: "lazy" }));
    button.addEventListener("click", () => enlarge(src, label));
    button.dataset.loaded = "true";
  }).catch((e) => {
    button.parentNode.replaceChildren(...fileItem(item, onError).childNodes);
    onError(e);
  });
  return h("li", { class: "media-image" }, button);
}

function fileItem(item, onError) {
  const name = kindOf(item.content_type);
  if (!item.file_path) {
    return h("li", { class: "media-row", "data-media": item.sid }, "📎 ", name, ` — ${t("thread.media_not_downloaded")}`);
  }
  // The confirmation sits under the row (no native dialog): the file is handed to the
  // system only after "Open" is pressed there.
  const ask = h("div", { class: "media-confirm", hidden: true, role: "group" },
    h("span", {}, t("thread.media_open_confirm", { kind: name })), " ",
    h("button", { type: "button", class: "button primary small media-confirm-open", onclick: () => open() }, t("thread.media_open")), " ",
    h("button", { type: "button", class: "button secondary small media-confirm-cancel", onclick: () => { ask.hidden = true; } }, t("thread.media_cancel")));
  async function open() {
    ask.hidden = true;
    try {
      await openMedia(item.sid);
    } catch (e) {
      onError(e);
    }
  }
  return h("li", { class: "media-row" },
    h("button", { type: "button", class: "media-file", "data-media": item.sid, onclick: () => { ask.hidden = false; }, title: t("thread.media_open") },
      "📎 ", name, item.size_bytes ? ` · ${sizeOf(item.size_bytes)}` : ""),
    ask);
}

/** The media list of message `m` (null without media). */
export function mediaList(m, cache, onError = () => {}) {
  if (!m.num_media) return null;
  const items = m.media && m.media.length ? m.media : Array.from({ length: m.num_media }, (_, i) => ({ sid: `${m.sid}-${i}` }));
  return h("ul", { class: "message-media" },
    items.map((item) => (isInlineImage(item) ? imageItem(item, cache, onError) : fileItem(item, onError))));
}
