// Interface strings. Every visible string comes from ui/i18n/<lang>.json; markup names its
// strings with data-i18n="key" (text) and data-i18n-attr="attr:key;attr:key" (attributes),
// which `translate` fills and fills again when the language changes.
import { formatNumber } from "./format.js";
import { h } from "./dom.js";

const SUPPORTED = ["fr", "en"];
const catalogues = {};
let strings = {};
let current = "fr";

/** The language in use ("fr" or "en"). */
export const language = () => current;

/** The language a browser-ish locale string maps to. */
export function languageOfLocale(locale) {
  return String(locale || "").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** Provides a language's strings without fetching them (the unit tests read the files). */
export function install(lang, catalogue) {
  catalogues[lang] = catalogue;
}

/** Loads a language's strings (once) and makes it current. */
export async function use(lang) {
  if (!SUPPORTED.includes(lang)) lang = "en";
  if (!catalogues[lang]) {
    const response = await fetch(`./i18n/${lang}.json`);
    if (!response.ok) throw new Error(`missing locale file ${lang}.json`);
    catalogues[lang] = await response.json();
  }
  strings = catalogues[lang];
  current = lang;
  document.documentElement.lang = lang;
  document.title = t("app.name");
}

/** The string for `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const template = strings[key];
  if (template === undefined) {
    console.warn(`missing string ${current}:${key}`);
    return key;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Formats a number for the current language. */
export function number(value) {
  return formatNumber(value, current);
}

/**
 * An element whose text is the string `key`, marked so that a language switch relabels it:
 * said("h1", "welcome.title", { id: "welcome-title" }).
 */
export function said(tag, key, attrs = {}) {
  return h(tag, { ...attrs, "data-i18n": key }, t(key));
}

/** Attributes giving an element the accessible name `key`, relabelled on a language switch. */
export function named(key) {
  return { "aria-label": t(key), "data-i18n-attr": `aria-label:${key}` };
}

/** Fills every data-i18n / data-i18n-attr element under `root` (textContent only). */
export function translate(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}
