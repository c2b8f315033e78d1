// The shell: shows one screen at a time in the main area, through the hash router, and gives
// every screen the same `app` (navigation and the language switch). Screens are modules of
// screens/<name>/<name>.js exporting { mount(root, app, params) → teardown?, relabel?(root),
// fresh? } — `fresh` screens start a new history era (see lib/router.js).
import * as i18n from "./lib/i18n.js";
import { createRouter } from "./lib/router.js";
import { setLanguage } from "./ipc/preferences.js";

/** Screens that can be opened from a bare address (they need no parameters). */
const LINKABLE = ["welcome", "connect", "conversations"];

/** The app over `root` (the main element) and `screens` ({name: screen}); `win` is the window. */
export function createShell({ root, screens, win = window }) {
  let mounted = null; // { name, screen, teardown }

  function render(name, params) {
    if (mounted && mounted.teardown) mounted.teardown();
    const screen = screens[name];
    const teardown = screen.mount(root, app, params || {});
    mounted = { name, screen, teardown };
    const heading = root.querySelector("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    win.scrollTo(0, 0);
  }

  const router = createRouter({ win, render, linkable: LINKABLE });

  const app = {
    /** Shows screen `name` with `params`. */
    show(name, params = {}) {
      router.go(name, params, { fresh: Boolean(screens[name].fresh) });
    },
    /** The previous screen (the first-run screen when there is none). */
    back() {
      router.back("welcome");
    },
    /** Switches the interface language at once, then remembers it. */
    async changeLanguage(lang) {
      await i18n.use(lang);
      i18n.translate(win.document);
      if (mounted && mounted.screen.relabel) mounted.screen.relabel(root);
      await setLanguage(lang);
    },
    /** The screen shown: { name, params } or null. */
    current: () => router.current(),
  };
  return app;
}
