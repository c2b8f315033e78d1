// A tiny DOM for the unit tests (Node has none, and the tests need no npm package): elements,
// text nodes, attributes, events, a selector subset (tag, #id, .class, [attr], [attr=value],
// :checked, :first-child, :last-child, :not(), descendant and child combinators), a window
// with a history and animation frames. Every API that parses HTML throws, so a screen that
// tried to insert markup fails its test.

export class HtmlParsingError extends Error {}
const refuse = (what) => {
  throw new HtmlParsingError(`fake-dom: ${what} parses HTML; build nodes with h() instead`);
};

class Event {
  constructor(type, { bubbles = false, cancelable = false } = {}) {
    Object.assign(this, { type, bubbles, cancelable, defaultPrevented: false, target: null, currentTarget: null });
    this.stopped = false;
  }
  preventDefault() {
    if (this.cancelable) this.defaultPrevented = true;
  }
  stopPropagation() {
    this.stopped = true;
  }
}

class EventTarget {
  constructor() {
    this.listeners = new Map();
  }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }
  removeEventListener(type, fn) {
    const list = this.listeners.get(type) || [];
    const at = list.indexOf(fn);
    if (at >= 0) list.splice(at, 1);
  }
  listenerCount(type) {
    return (this.listeners.get(type) || []).length;
  }
  dispatchEvent(event) {
    if (!event.target) event.target = this;
    for (let node = this; node; node = event.bubbles ? node.parentNode : null) {
      event.currentTarget = node;
      for (const fn of [...(node.listeners.get(event.type) || [])]) fn.call(node, event);
      if (event.stopped) break;
    }
    return !event.defaultPrevented;
  }
}

class Node extends EventTarget {
  constructor(document, nodeType) {
    super();
    this.ownerDocument = document;
    this.nodeType = nodeType;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() {
    return this.childNodes[0] || null;
  }
  get lastChild() {
    return this.childNodes[this.childNodes.length - 1] || null;
  }
  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }
  get firstElementChild() {
    return this.children[0] || null;
  }
  get childElementCount() {
    return this.children.length;
  }
  get textContent() {
    return this.childNodes.map((n) => n.textContent).join("");
  }
  set textContent(value) {
    this.replaceChildren();
    if (value !== "" && value !== null && value !== undefined) this.appendChild(this.ownerDocument.createTextNode(String(value)));
  }
  appendChild(node) {
    if (node.nodeType === 11) {
      for (const child of [...node.childNodes]) this.appendChild(child);
      return node;
    }
    if (node.parentNode) node.parentNode.removeChild(node);
    node.parentNode = this;
    this.childNodes.push(node);
    return node;
  }
  append(...nodes) {
    for (const n of nodes) this.appendChild(typeof n === "string" ? this.ownerDocument.createTextNode(n) : n);
  }
  removeChild(node) {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }
  replaceChildren(...nodes) {
    for (const child of [...this.childNodes]) this.removeChild(child);
    this.append(...nodes);
  }
  remove() {
    if (this.parentNode) this.parentNode.removeChild(this);
  }
  contains(node) {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  /** Every element under this node, in document order. */
  *descendants() {
    for (const child of this.childNodes) {
      if (child.nodeType === 1) {
        yield child;
        yield* child.descendants();
      }
    }
  }
  querySelectorAll(selector) {
    const groups = parseSelector(selector);
    return [...this.descendants()].filter((el) => groups.some((g) => matchesComplex(el, g, this)));
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
  getElementById(id) {
    return this.querySelector(`#${id}`);
  }
  set innerHTML(_) {
    refuse("innerHTML");
  }
  get innerHTML() {
    return refuse("innerHTML");
  }
  set outerHTML(_) {
    refuse("outerHTML");
  }
  insertAdjacentHTML() {
    refuse("insertAdjacentHTML");
  }
}

class Text extends Node {
  constructor(document, data) {
    super(document, 3);
    this.data = data;
  }
  get textContent() {
    return this.data;
  }
  set textContent(value) {
    this.data = String(value);
  }
  get nodeValue() {
    return this.data;
  }
}

const BOOLEAN = ["hidden", "disabled", "required", "novalidate"];
const REFLECTED = { id: "id", className: "class", name: "name", type: "type", htmlFor: "for", dir: "dir", lang: "lang", title: "title", dateTime: "datetime", placeholder: "placeholder" };

class Element extends Node {
  constructor(document, tag) {
    super(document, 1);
    this.localName = tag.toLowerCase();
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.style = {};
    this.rect = { top: 0, height: 0 };
    const element = this;
    this.dataset = new Proxy({}, {
      get: (_, key) => element.getAttribute(`data-${kebab(String(key))}`) ?? undefined,
      set: (_, key, value) => (element.setAttribute(`data-${kebab(String(key))}`, String(value)), true),
      has: (_, key) => element.hasAttribute(`data-${kebab(String(key))}`),
      deleteProperty: (_, key) => (element.removeAttribute(`data-${kebab(String(key))}`), true),
    });
  }
  setAttribute(name, value) {
    if (name.toLowerCase() === "style") this.ownerDocument.violations.push(`style attribute on <${this.localName}>`);
    this.attributes.set(name.toLowerCase(), String(value));
  }
  getAttribute(name) {
    return this.attributes.has(name.toLowerCase()) ? this.attributes.get(name.toLowerCase()) : null;
  }
  hasAttribute(name) {
    return this.attributes.has(name.toLowerCase());
  }
  removeAttribute(name) {
    this.attributes.delete(name.toLowerCase());
  }
  get classList() {
    const el = this;
    const names = () => (el.getAttribute("class") || "").split(/\s+/).filter(Boolean);
    return {
      contains: (c) => names().includes(c),
      add: (...cs) => el.setAttribute("class", [...new Set([...names(), ...cs])].join(" ")),
      remove: (...cs) => el.setAttribute("class", names().filter((n) => !cs.includes(n)).join(" ")),
    };
  }
  get tabIndex() {
    return Number(this.getAttribute("tabindex") ?? -1);
  }
  set tabIndex(value) {
    this.setAttribute("tabindex", String(value));
  }
  get checked() {
    return this._checked ?? this.hasAttribute("checked");
  }
  set checked(value) {
    this._checked = Boolean(value);
  }
  get value() {
    if (this.localName === "progress") return Number(this.getAttribute("value") ?? 0);
    return this._value ?? this.getAttribute("value") ?? "";
  }
  set value(value) {
    if (this.localName === "progress") this.setAttribute("value", String(value));
    else this._value = String(value);
  }
  focus() {
    this.ownerDocument.activeElement = this;
  }
  getBoundingClientRect() {
    return { top: this.rect.top, bottom: this.rect.top + this.rect.height, height: this.rect.height, left: 0, right: 0, width: 0 };
  }
  matches(selector) {
    return parseSelector(selector).some((g) => matchesComplex(this, g, null));
  }
  closest(selector) {
    for (let n = this; n && n.nodeType === 1; n = n.parentNode) if (n.matches(selector)) return n;
    return null;
  }
  /** Selects a text field's content (recorded for tests: `selectedAll`). */
  select() {
    this.selectedAll = true;
  }
  /** A click as a user makes it: toggles boxes, picks radios, submits forms. */
  click() {
    if (this.disabled) return;
    const event = new Event("click", { bubbles: true, cancelable: true });
    if (!this.dispatchEvent(event)) return;
    const type = (this.getAttribute("type") || "").toLowerCase();
    if (this.localName === "input" && type === "checkbox") {
      this.checked = !this.checked;
      this.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (this.localName === "input" && type === "radio") {
      const form = this.closest("form") || this.ownerDocument;
      for (const other of form.querySelectorAll(`input[type=radio][name=${this.getAttribute("name")}]`)) other.checked = false;
      this.checked = true;
      this.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (this.localName === "button" && (type || "submit") === "submit") {
      const form = this.closest("form");
      if (form) form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    }
  }
}
for (const name of BOOLEAN) {
  Object.defineProperty(Element.prototype, name, {
    get() {
      return this.hasAttribute(name);
    },
    set(value) {
      if (value) this.setAttribute(name, "");
      else this.removeAttribute(name);
    },
  });
}
for (const [prop, attr] of Object.entries(REFLECTED)) {
  Object.defineProperty(Element.prototype, prop, {
    get() {
      return this.getAttribute(attr) ?? "";
    },
    set(value) {
      this.setAttribute(attr, String(value));
    },
  });
}

const kebab = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

class Fragment extends Node {
  constructor(document) {
    super(document, 11);
  }
}

class Document extends Node {
  constructor() {
    super(null, 9);
    this.ownerDocument = this;
    this.violations = [];
    this.documentElement = this.createElement("html");
    this.head = this.createElement("head");
    this.body = this.createElement("body");
    this.documentElement.append(this.head, this.body);
    this.appendChild(this.documentElement);
    this.activeElement = this.body;
    this.title = "";
  }
  createElement(tag) {
    return new Element(this, tag);
  }
  /** SVG elements (the Insights chart): an element that remembers its namespace. */
  createElementNS(namespace, tag) {
    const el = this.createElement(tag);
    el.namespaceURI = namespace;
    return el;
  }
  createTextNode(data) {
    return new Text(this, String(data));
  }
  createDocumentFragment() {
    return new Fragment(this);
  }
}

// ---- Selectors ----

function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (depth === 0 && separator.test(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** "a b > c, d" → [[{compound, combinator}...], ...] with the rightmost compound last. */
function parseSelector(selector) {
  return splitTop(selector, /,/).map((group) => {
    const tokens = splitTop(group.trim().replace(/\s*>\s*/g, " > "), /\s/).filter(Boolean);
    const steps = [];
    let combinator = " ";
    for (const token of tokens) {
      if (token === ">") combinator = ">";
      else {
        steps.push({ compound: parseCompound(token), combinator });
        combinator = " ";
      }
    }
    return steps;
  });
}

const COMPOUND = /^(?:([a-zA-Z][\w-]*)|\*)?((?:#[\w-]+|\.[\w-]+|\[[^\]]+\]|:not\([^)]*\)|:[\w-]+)*)$/;
const PART = /#[\w-]+|\.[\w-]+|\[[^\]]+\]|:not\([^)]*\)|:[\w-]+/g;

function parseCompound(text) {
  const match = COMPOUND.exec(text);
  if (!match) throw new Error(`fake-dom: unsupported selector ${text}`);
  const tests = [];
  if (match[1]) tests.push((el) => el.localName === match[1].toLowerCase());
  for (const part of match[2].match(PART) || []) tests.push(partTest(part));
  return (el) => tests.every((t) => t(el));
}

function partTest(part) {
  if (part[0] === "#") return (el) => el.getAttribute("id") === part.slice(1);
  if (part[0] === ".") return (el) => el.classList.contains(part.slice(1));
  if (part[0] === "[") {
    const [, name, value] = /^\[\s*([\w:-]+)\s*(?:=\s*["']?([^"'\]]*)["']?\s*)?\]$/.exec(part);
    return value === undefined ? (el) => el.hasAttribute(name) : (el) => el.getAttribute(name) === value;
  }
  if (part.startsWith(":not(")) {
    const inner = parseCompound(part.slice(5, -1));
    return (el) => !inner(el);
  }
  if (part === ":checked") return (el) => el.checked;
  if (part === ":first-child") return (el) => el.parentNode && el.parentNode.children[0] === el;
  if (part === ":last-child") return (el) => el.parentNode && el.parentNode.children.at(-1) === el;
  throw new Error(`fake-dom: unsupported pseudo-class ${part}`);
}

function matchesComplex(el, steps, scope) {
  const match = (node, index) => {
    const step = steps[index];
    if (!step.compound(node)) return false;
    if (index === 0) return true;
    if (step.combinator === ">") {
      const parent = node.parentNode;
      return Boolean(parent && parent.nodeType === 1 && parent !== scope && match(parent, index - 1));
    }
    for (let up = node.parentNode; up && up.nodeType === 1 && up !== scope; up = up.parentNode) {
      if (match(up, index - 1)) return true;
    }
    return false;
  };
  return match(el, steps.length - 1);
}

// ---- Window ----

class History {
  constructor(win) {
    this.win = win;
    this.entries = [{ state: null, url: "" }];
    this.index = 0;
  }
  get state() {
    return this.entries[this.index].state;
  }
  get length() {
    return this.entries.length;
  }
  pushState(state, _title, url) {
    this.entries.splice(this.index + 1, Infinity, { state: structuredClone(state), url });
    this.index += 1;
    this.win.location.hash = url;
  }
  replaceState(state, _title, url) {
    this.entries[this.index] = { state: structuredClone(state), url };
    this.win.location.hash = url;
  }
  /** Like a browser: the popstate event comes later (tests await `settle()`). */
  back() {
    this.go(-1);
  }
  go(delta) {
    const to = this.index + delta;
    if (to < 0 || to >= this.entries.length) return;
    setTimeout(() => {
      this.index = to;
      this.win.location.hash = this.entries[to].url;
      const event = new Event("popstate");
      event.state = this.state;
      this.win.dispatchEvent(event);
    }, 0);
  }
}

class Window extends EventTarget {
  constructor() {
    super();
    this.document = new Document();
    this.location = { hash: "" };
    this.history = new History(this);
    this.innerHeight = 720;
    this.frames = [];
    this.scrolledTo = null;
    this.navigator = { language: "fr-FR" };
  }
  requestAnimationFrame(callback) {
    this.frames.push(callback);
    return this.frames.length;
  }
  /** Runs the animation frames asked for so far. */
  flushFrames() {
    const frames = this.frames.splice(0);
    for (const f of frames) f(0);
  }
  scrollTo(x, y) {
    this.scrolledTo = [x, y];
  }
  /** Fires a window event (scroll, resize…). */
  fire(type) {
    this.dispatchEvent(new Event(type));
  }
}

/** A new window; `install()` also makes it (and its document) the globals the UI uses. */
export function createWindow() {
  return new Window();
}

/** Makes a fresh fake window the global `window` and `document`; returns it. */
export function install() {
  const win = createWindow();
  globalThis.window = win;
  globalThis.document = win.document;
  return win;
}

/** Waits for pending timers and promise callbacks (fake backend answers, history moves). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0)).then(() => new Promise((r) => setTimeout(r, 0)));

/** Every element of `root` with the given tag name. */
export const elementsNamed = (root, tag) => [...root.descendants()].filter((el) => el.localName === tag);

export { Event };
