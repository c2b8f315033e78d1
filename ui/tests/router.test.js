// The hash router: the address follows the screen, back and forward redraw the screen with its
// parameters, and screens of an older era (an onboarding already done, a sync already run)
// never come back from history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createWindow, settle, Event } from "./fake-dom.js";
import { createRouter, routeName, hashOf } from "../lib/router.js";

function setup(linkable = ["welcome", "connect"]) {
  const win = createWindow();
  const drawn = [];
  const router = createRouter({ win, render: (name, params) => drawn.push([name, params]), linkable });
  return { win, drawn, router };
}

test("route names are read from the address", () => {
  const cases = [
    ["#/connect", "connect"],
    ["#/sync?mode=demo", "sync"],
    ["#/", ""],
    ["#view", ""],
    ["", ""],
    [undefined, ""],
  ];
  for (const [hash, want] of cases) assert.equal(routeName(hash), want, String(hash));
  assert.equal(hashOf("senders"), "#/senders");
});

test("going to a screen draws it and shows it in the address", () => {
  const { win, drawn, router } = setup();
  router.go("welcome");
  router.go("connect", { from: "welcome" });
  assert.deepEqual(drawn, [["welcome", {}], ["connect", { from: "welcome" }]]);
  assert.equal(win.location.hash, "#/connect");
  assert.deepEqual(router.current(), { name: "connect", params: { from: "welcome" } });
  assert.equal(win.history.length, 2, "the first screen replaces the page's entry, the next is pushed");
});

test("back redraws the previous screen with its parameters", async () => {
  const { win, drawn, router } = setup();
  router.go("welcome");
  router.go("connect");
  router.go("senders", { check: { account: { sid: "AC1" } } });
  router.back();
  await settle();
  assert.deepEqual(drawn.at(-1), ["connect", {}]);
  win.history.go(1); // forward
  await settle();
  assert.deepEqual(drawn.at(-1), ["senders", { check: { account: { sid: "AC1" } } }]);
});

test("back from the first screen of an era goes to the fallback", () => {
  const { drawn, router } = setup();
  router.go("connect");
  router.back("welcome");
  assert.deepEqual(drawn.at(-1), ["welcome", {}]);
});

test("a fresh screen starts an era: history entries before it are not shown again", async () => {
  const { win, drawn, router } = setup();
  router.go("welcome");
  router.go("connect");
  router.go("senders", { check: {} });
  router.go("sync", { mode: "own" }, { fresh: true });
  const count = drawn.length;
  win.history.back(); // to "connect", an entry of the onboarding era
  await settle();
  assert.equal(drawn.length, count, "nothing redrawn");
  assert.equal(win.location.hash, "#/sync", "the address still names the screen shown");
  assert.deepEqual(router.current(), { name: "sync", params: { mode: "own" } });
});

test("a bare address opens a screen that needs no parameters, and only those", () => {
  const { win, drawn, router } = setup();
  router.go("welcome");
  // What a browser does when the address's fragment changes: popstate without a state.
  const popTo = (hash) => {
    win.location.hash = hash;
    const event = new Event("popstate");
    event.state = null;
    win.dispatchEvent(event);
  };
  popTo("#/connect");
  assert.deepEqual(drawn.at(-1), ["connect", {}]);
  const count = drawn.length;
  popTo("#/senders"); // needs the checked account: not from an address
  popTo("#view"); // the skip link
  assert.equal(drawn.length, count);
  assert.equal(win.location.hash, "#/connect");
});

test("stop() stops following the window", () => {
  const { win, router } = setup();
  assert.equal(win.listenerCount("popstate"), 1);
  router.stop();
  assert.equal(win.listenerCount("popstate"), 0);
});
