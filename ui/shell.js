// The shell: shows one screen at a time in the main area, through the hash router, and gives
// every screen the same `app` (navigation and the language switch). Screens are modules of
// screens/<name>/<name>.js exporting { mount(root, app, params) → teardown?, relabel?(root),
// fresh?, framed? } — `fresh` screens start a new history era (see lib/router.js); `framed`
// screens (true, or a function of the params) show inside the sidebar and top bar
// (frame/frame.js), the others (onboarding) alone.
import * as i18n from "./lib/i18n.js";
import { createRouter } from "./lib/router.js";
import { setLanguage } from "./ipc/preferences.js";

/** Screens that can be opened from a bare address (they need no parameters). */
const LINKABLE = ["welcome", "connect", "conversations", "contacts", "notes", "search", "insights", "whatsapp", "templates", "migration", "settings"];

/** Whether screen `screen` shows inside the frame with these `params`. */
export function isFramed(screen, params) {
  return typeof screen.framed === "function" ? Boolean(screen.framed(params || {})) : Boolean(screen.framed);
}

/**
 * The app over `root` (the main element) and `screens` ({name: screen}); `win` is the window;
 * `frame` (optional) is the sidebar and top bar (frame/frame.js).
 */
export function createShell({ root, screens, win = window, frame = null }) {
  let mounted = null; // { name, screen, teardown }

  function render(name, params) {
    if (mounted && mounted.teardown) mounted.teardown();
    const screen = screens[name];
    if (frame) {
      if (isFramed(screen, params)) frame.show(name);
      else frame.hide();
    }
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
      if (frame) frame.relabel();
      if (mounted && mounted.screen.relabel) mounted.screen.relabel(root);
      await setLanguage(lang);
    },
    /** Reads the frame's badges again (a screen changed what they count). */
    refreshFrame() {
      if (frame) frame.refresh();
    },
    /** The frame (sidebar and top bar), when there is one. */
    frame,
    /** The screen shown: { name, params } or null. */
    current: () => router.current(),
  };
  if (frame) frame.attach(app);
  return app;
}
