// A small hash router: the address shows the current screen (#/connect), the window's history
// holds each screen's parameters, and the browser's back/forward move between screens.
//
// Some screens must never come back from history (re-entering the sync screen would start a
// sync again): `go(name, params, { fresh: true })` starts a new "era", and history entries of
// an older era are not shown again; the current screen stays instead.

/** "#/sync?x" → "sync"; "" for no route. */
export function routeName(hash) {
  const match = /^#\/([\w-]+)/.exec(String(hash || ""));
  return match ? match[1] : "";
}

/** The address of a screen. */
export const hashOf = (name) => `#/${name}`;

/**
 * A router over `win` (the window, or a fake with `history`, `location` and
 * `addEventListener`). `render(name, params)` draws a screen; `linkable` names the screens that
 * may be opened from a bare address (no parameters needed).
 */
export function createRouter({ win, render, linkable = [] }) {
  let era = 0;
  let depth = 0;
  let current = null; // { name, params, era, depth }

  const draw = (state) => {
    current = state;
    render(state.name, state.params);
  };

  /** Shows `name` and records it in history (a new era when `fresh`). */
  function go(name, params = {}, { fresh = false } = {}) {
    // The first screen shown also starts an era: there is nothing to go back to.
    const starts = fresh || !current;
    if (starts) {
      era += 1;
      depth = 0;
    } else {
      depth += 1;
    }
    const state = { name, params, era, depth };
    win.history[starts ? "replaceState" : "pushState"](state, "", hashOf(name));
    draw(state);
  }

  /** Goes back one screen of the current era, or to `fallback` when there is none. */
  function back(fallback = "welcome") {
    if (current && current.depth > 0) win.history.back();
    else go(fallback, {}, { fresh: true });
  }

  function onPopState(event) {
    const state = event.state;
    if (state && state.era === era && typeof state.name === "string") {
      depth = state.depth;
      draw(state);
      return;
    }
    const name = routeName(win.location.hash);
    if (!state && linkable.includes(name)) {
      go(name, {});
      return;
    }
    // An entry of an older era, or an address that needs parameters: stay where we are.
    if (current) win.history.replaceState(current, "", hashOf(current.name));
  }

  win.addEventListener("popstate", onPopState);

  return {
    go,
    back,
    /** The screen shown: { name, params } or null. */
    current: () => current && { name: current.name, params: current.params },
    /** Stops listening to the window. */
    stop: () => win.removeEventListener("popstate", onPopState),
  };
}
