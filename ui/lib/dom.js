// Builds DOM nodes from plain calls: h("li", { class: "row", onclick: open }, name, " ", time).
// Text always goes in as text nodes and attributes through setAttribute, so untrusted data
// (message bodies, profile names, CRM fields) can never become markup or script. Keys that
// would parse HTML, set inline style (refused by the CSP) or run a string as code are refused.

/** Keys that would parse markup, load a document or set inline style. */
const REFUSED = new Set(["innerhtml", "outerhtml", "insertadjacenthtml", "srcdoc", "style", "dangerouslysetinnerhtml"]);
/** Attributes that take a URL: a `javascript:` URL there is script. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href"]);

/** A misuse of `h()`; thrown at render time so a test catches it. */
export class UnsafeMarkupError extends Error {
  constructor(message) {
    super(message);
    this.name = "UnsafeMarkupError";
  }
}

function setAttribute(el, key, value) {
  const lower = key.toLowerCase();
  if (REFUSED.has(lower)) throw new UnsafeMarkupError(`h(): "${key}" is refused; pass text children or a class`);
  if (lower.startsWith("on")) {
    if (typeof value !== "function") throw new UnsafeMarkupError(`h(): "${key}" needs a function, not ${typeof value}`);
    el.addEventListener(lower.slice(2), value);
    return;
  }
  if (value === null || value === undefined || value === false) return;
  const text = value === true ? "" : String(value);
  // Browsers ignore leading spaces and control characters when reading a URL's scheme.
  if (URL_ATTRIBUTES.has(lower) && /^javascript:/i.test(text.replace(/[\u0000-\u0020]/g, ""))) {
    throw new UnsafeMarkupError(`h(): a javascript: URL in "${key}" is refused`);
  }
  el.setAttribute(key === "className" ? "class" : key, text);
}

function appendChild(el, child) {
  if (child === null || child === undefined || child === false || child === true) return;
  if (Array.isArray(child)) {
    for (const c of child) appendChild(el, c);
  } else if (typeof child === "string" || typeof child === "number" || typeof child === "bigint") {
    el.appendChild(document.createTextNode(String(child)));
  } else if (child && typeof child === "object" && typeof child.nodeType === "number") {
    el.appendChild(child);
  } else {
    throw new UnsafeMarkupError(`h(): a child must be text or a node, not ${Object.prototype.toString.call(child)}`);
  }
}

/**
 * A new element: `attrs` go through setAttribute (true → present, false/null → absent,
 * `onclick: fn` → addEventListener), `children` are text (never parsed) or nodes, nested
 * arrays allowed, null/false skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) setAttribute(el, key, value);
  appendChild(el, children);
  return el;
}

/** Puts `message` in an alert element and shows it; `code` is the backend's stable code. */
export function showAlert(el, message, code) {
  el.textContent = message;
  if (code) el.dataset.code = code;
  el.hidden = false;
}
