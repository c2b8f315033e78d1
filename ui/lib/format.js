// How dates, numbers, phone numbers and untrusted names are shown, per interface language.
// Pure functions (the language and, for tests, the time zone and "now" are arguments), so the
// screens and the unit tests share them.

const LOCALES = { fr: "fr-FR", en: "en-GB" };

/** The Intl locale for an interface language ("fr" or "en"). */
export function locale(lang) {
  return LOCALES[lang] || LOCALES.en;
}

/** A number with the language's grouping: 3 000 in French, 3,000 in English. */
export function formatNumber(value, lang) {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

const SIZE_UNITS = [
  [1e9, "Go", "GB"],
  [1e6, "Mo", "MB"],
  [1e3, "ko", "kB"],
];

/** A size in decimal units, as the file manager shows it: "1,2 Go" / "1.2 GB" (as the core's `size_text`). */
export function formatSize(bytes, lang) {
  const value = Math.max(0, Number(bytes) || 0);
  for (const [scale, fr, en] of SIZE_UNITS) {
    if (value >= scale) {
      const n = value / scale;
      const text = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: n < 10 ? 1 : 0, minimumFractionDigits: n < 10 ? 1 : 0 }).format(n);
      return `${text} ${lang === "fr" ? fr : en}`;
    }
  }
  return `${value} ${lang === "fr" ? "o" : "B"}`;
}

function parse(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:02" in the user's time zone (24-hour in both languages); "" for a missing date. */
export function formatTime(iso, lang, { timeZone } = {}) {
  const date = parse(iso);
  if (!date) return "";
  return new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(date);
}

/** "3 mars 2024" / "3 Mar 2024"; "" for a missing date. */
export function formatDate(iso, lang, { timeZone } = {}) {
  const date = parse(iso);
  if (!date) return "";
  return new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "short", year: "numeric", timeZone }).format(date);
}

function dayKey(date, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(date);
}

/** A list's "when": the time for today (in the user's time zone), else the date. */
export function formatWhen(iso, lang, { now = new Date(), timeZone } = {}) {
  const date = parse(iso);
  if (!date) return "";
  return dayKey(date, timeZone) === dayKey(now, timeZone) ? formatTime(iso, lang, { timeZone }) : formatDate(iso, lang, { timeZone });
}

// ---- Phone numbers ----

// Country calling codes of one and two digits (ITU E.164 list); every other code has three.
const ONE_DIGIT = new Set(["1", "7"]);
const TWO_DIGITS = new Set(
  ("20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 " +
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98").split(" "),
);

function countryCode(digits) {
  if (ONE_DIGIT.has(digits[0])) return digits.slice(0, 1);
  if (TWO_DIGITS.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** Splits `digits` into groups of the given sizes; what is left over is one last group. */
function groups(digits, sizes) {
  const out = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    out.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) out.push(digits.slice(at));
  return out;
}

/** Groups of three from the left, never leaving a lonely last digit (…12 3456 rather than …123 456 7). */
function threes(digits) {
  const sizes = [];
  let left = digits.length;
  while (left > 4) {
    sizes.push(3);
    left -= 3;
  }
  return groups(digits, sizes);
}

/** How each country's national number is grouped, where a convention is well known. */
const NATIONAL = {
  // France (and Monaco's shape): 6 12 34 56 78.
  33: (n) => (n.length === 9 ? groups(n, [1, 2, 2, 2, 2]) : null),
  // Belgium: 470 12 34 56 (mobile), 2 123 45 67 (Brussels).
  32: (n) => (n.length === 9 ? groups(n, [3, 2, 2, 2]) : n.length === 8 ? groups(n, [1, 3, 2, 2]) : null),
  // Switzerland: 79 123 45 67.
  41: (n) => (n.length === 9 ? groups(n, [2, 3, 2, 2]) : null),
  // North America: 415 555 0123.
  1: (n) => (n.length === 10 ? groups(n, [3, 3, 4]) : null),
  // United Kingdom: 20 7946 0123 (London and the other 02x areas), else 7700 900123.
  44: (n) => (n.length === 10 ? groups(n, n[0] === "2" ? [2, 4, 4] : [4, 6]) : null),
};

/**
 * A phone number in international format with spaces: "whatsapp:+33612345678" →
 * "+33 6 12 34 56 78". French numbers go in pairs, a few other countries follow their
 * convention, the rest in threes after the country code. Anything that is not an E.164
 * number (+ and 7 to 15 digits) is returned as it is, without its "whatsapp:" prefix.
 */
export function formatPhone(address) {
  const bare = String(address ?? "").replace(/^whatsapp:/, "");
  const match = /^\+(\d{7,15})$/.exec(bare);
  if (!match) return bare;
  const digits = match[1];
  const cc = countryCode(digits);
  const national = digits.slice(cc.length);
  const grouped = (NATIONAL[cc] && NATIONAL[cc](national)) || threes(national);
  return `+${cc} ${grouped.join(" ")}`;
}

// ---- Untrusted names ----

// C0 controls (ESC starts terminal escapes), DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Characters that reorder or hide text: bidi embeddings, overrides and isolates, marks.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const controlPicture = (ch) => {
  const code = ch.codePointAt(0);
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀ … ␟ (ESC → ␛)
  if (code === 0x7f) return "\u2421"; // ␡
  return codePoint(ch);
};

const codePoint = (ch) => `⟨U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`;

/**
 * A name as it can be shown safely: control characters as their visible pictures (ESC → ␛),
 * bidi controls (U+202E…) spelt out as ⟨U+202E⟩, so a name cannot pretend to be another one
 * or reverse the text around it.
 */
export function visible(text) {
  return String(text ?? "").replace(CONTROL, controlPicture).replace(BIDI, codePoint);
}

/**
 * Message text for a one-line preview: controls (line breaks included) become visible or a
 * space; bidi marks stay (Arabic or Hebrew text needs them) and the caller isolates the
 * element (`dir="auto"` plus `unicode-bidi: isolate` in CSS).
 */
export function printable(text) {
  return String(text ?? "")
    .replace(/[\r\n\t]+/g, " ")
    .replace(CONTROL, controlPicture);
}

/**
 * An account SID with its middle hidden: "AC12••••••••cdef". Not a secret, but nothing a
 * screen share needs in full; anything not shaped like a SID shows as "—".
 */
export function maskSid(sid) {
  const text = String(sid ?? "");
  if (!/^[A-Z]{2}[0-9a-fA-F]{32}$/.test(text)) return "—";
  return `${text.slice(0, 4)}${"•".repeat(8)}${text.slice(-4)}`;
}
