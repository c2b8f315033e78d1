// h() only ever makes text and attributes: markup in data stays text, HTML-parsing keys and
// string event handlers are refused.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { install, elementsNamed } from "./fake-dom.js";
import { h, UnsafeMarkupError } from "../lib/dom.js";
import { HOSTILE } from "./helpers.js";

beforeEach(() => install());

test("text children become text nodes, never elements", () => {
  for (const hostile of Object.values(HOSTILE)) {
    const p = h("p", {}, hostile);
    assert.equal(p.childNodes.length, 1);
    assert.equal(p.firstChild.nodeType, 3, "a text node");
    assert.equal(p.textContent, hostile);
    assert.deepEqual(elementsNamed(p, "img"), []);
    assert.deepEqual(elementsNamed(p, "script"), []);
  }
});

test("attributes are set verbatim through setAttribute", () => {
  const a = h("span", { title: '"><script>alert(1)</script>', "data-id": 42, "aria-hidden": "true" });
  assert.equal(a.getAttribute("title"), '"><script>alert(1)</script>');
  assert.equal(a.getAttribute("data-id"), "42");
  assert.equal(a.childNodes.length, 0);
});

test("true sets an empty attribute; false, null and undefined leave it out", () => {
  const input = h("input", { checked: true, disabled: false, placeholder: null, title: undefined });
  assert.equal(input.getAttribute("checked"), "");
  for (const name of ["disabled", "placeholder", "title"]) assert.equal(input.hasAttribute(name), false, name);
});

test("className is the class attribute", () => {
  assert.equal(h("div", { className: "card" }).getAttribute("class"), "card");
});

test("on* functions become listeners", () => {
  let clicks = 0;
  const b = h("button", { onclick: () => clicks++ });
  b.click();
  b.click();
  assert.equal(clicks, 2);
  assert.equal(b.hasAttribute("onclick"), false);
});

test("keys that would parse HTML, set inline style or run strings as code are refused", () => {
  const refused = [
    { innerHTML: "<b>x</b>" },
    { outerHTML: "<b>x</b>" },
    { INNERHTML: "<b>x</b>" },
    { insertAdjacentHTML: "<b>x</b>" },
    { srcdoc: "<script></script>" },
    { style: "color: red" },
    { onclick: "alert(1)" },
    { onerror: "alert(1)" },
    { href: "javascript:alert(1)" },
    { href: " JavaScript:alert(1)" },
    { href: "java\tscript:alert(1)" },
    { src: "javascript:alert(1)" },
  ];
  for (const attrs of refused) {
    assert.throws(() => h("a", attrs), UnsafeMarkupError, JSON.stringify(attrs));
  }
  assert.equal(h("a", { href: "https://example.com/javascript:x" }).getAttribute("href"), "https://example.com/javascript:x");
});

test("children: nested arrays flatten, null/false skip, numbers become text, other objects are refused", () => {
  const ul = h("ul", {}, [h("li", {}, "a"), [h("li", {}, "b"), null]], false, undefined, 0);
  assert.equal(ul.children.length, 2);
  assert.equal(ul.textContent, "ab0");
  assert.throws(() => h("p", {}, { __html: "<b>x</b>" }), UnsafeMarkupError);
  assert.throws(() => h("p", {}, Symbol("x")), UnsafeMarkupError);
});

test("attrs may be null", () => {
  assert.equal(h("p", null, "x").textContent, "x");
});
