// The frame around every screen of an open archive (SCREENS.md, "The shell"): the sidebar and
// the top bar. Onboarding screens (first run, connect, senders, first copy) show without it.
// The frame follows the copy from Twilio through the sync events whichever screen is shown,
// and reads the archive's overview for the inbox badge, the demo badge and the last copy.
import { archiveOverview, listConversations } from "../ipc/inbox.js";
import { listUsers, syncInterval } from "../ipc/people.js";
import { t } from "../lib/i18n.js";
import { startSync, watchSync } from "../ipc/sync.js";
import { moveStatus } from "../ipc/move.js";
import { badgeStep } from "../screens/move/move.js";
import { initial, next } from "../lib/sync-state.js";
import { renderSidebar, markCurrent, setBadge } from "./sidebar.js";
import { renderTopbar, showSyncState } from "./topbar.js";
import { createUserMenu } from "./user-menu.js";

/** Total unread messages over the conversations listed. */
export const unreadTotal = (conversations) => conversations.reduce((sum, c) => sum + (Number(c.unread_count) || 0), 0);

/** The unread conversations the current user may see (none for a member of a Private inbox). */
const unreadRows = () =>
  listConversations({ unread: true, page_size: 1000 })
    .then((page) => page.rows)
    .catch(() => []);

/**
 * The frame over `sidebar` and `topbar` (empty elements of the page); `win` is the window.
 * Call `attach(app)` once the shell exists, then `show(name)` / `hide()` per screen.
 */
export function createFrame({ sidebar, topbar, win = window }) {
  const doc = win.document;
  let app = null;
  let state = { ...initial, online: win.navigator ? win.navigator.onLine !== false : true };
  let kind = "own";
  let shown = false;
  let loaded = false;
  let current = null;

  let built = false;
  let menu = null; // the user menu, built with the rest once the strings are loaded

  const update = (event) => {
    state = next(state, event);
    if (built) showSyncState(topbar, state);
  };
  const now = () => new Date().toISOString();

  /** The step badge of "Move my number": the furthest started wizard's step, none without one. */
  function refreshStep() {
    return moveStatus()
      .then((statuses) => setBadge(sidebar, "migration", badgeStep(statuses), "nav.step_badge"))
      .catch((error) => console.warn("the frame could not read the number move:", error.message));
  }

  /** Reads the archive's overview again: badge, demo badge, last copy, the move's step. */
  function refresh() {
    if (!built) return Promise.resolve();
    refreshStep();
    return Promise.all([archiveOverview(), unreadRows()])
      .then(([overview, conversations]) => {
        kind = overview.kind;
        topbar.querySelector("#appbar-demo").hidden = kind !== "demo";
        setBadge(sidebar, "conversations", unreadTotal(conversations), "nav.unread_badge");
        update({ type: "archive", last_sync: overview.last_sync, disconnected: overview.twilio_disconnected });
        doc.body.dataset.archive = kind;
        return listUsers().then(showUser, () => {});
      })
      .catch((error) => console.warn("the frame could not read the archive:", error.message));
  }

  // Background copy: every N minutes (the setting; 0 = only when asked) and when the window
  // comes back to the front, while an archive is shown. A failure only shows in the top bar.
  let timer = null;
  const syncQuietly = () => {
    if (shown) startSync().catch((error) => console.warn("background sync:", error.message));
  };
  function scheduleSync() {
    syncInterval()
      .then((minutes) => {
        clearInterval(timer);
        timer = minutes > 0 ? setInterval(syncQuietly, minutes * 60_000) : null;
        // Node (the unit tests) would otherwise wait for the timer forever.
        if (timer && typeof timer.unref === "function") timer.unref();
      })
      .catch(() => {});
  }

  /** The user acting now, in the top bar: their role (the user menu says who). */
  function showUser(people) {
    const u = people.current;
    const key = u.is_owner ? "user.role_owner" : u.role === "admin" ? "settings.role_admin" : "settings.role_member";
    for (const el of topbar.querySelectorAll("#user-role, #user-menu-role")) {
      el.dataset.i18n = key;
      el.textContent = t(key);
    }
    doc.body.dataset.user = String(u.id);
  }

  function openCopy() {
    if (current === "sync") return;
    app.show("sync", { mode: kind, resume: true });
  }

  function focusSearch() {
    if (current !== "search") app.show("search");
    const box = doc.querySelector("#search-box") || doc.querySelector("#view h1");
    if (box) box.focus();
  }

  function onKeydown(event) {
    if (!shown || !menu) return;
    if ((event.ctrlKey || event.metaKey) && String(event.key).toLowerCase() === "k") {
      event.preventDefault();
      menu.close();
      focusSearch();
    } else if (event.key === "Escape" && menu.isOpen()) {
      menu.close({ focusButton: true });
    }
  }

  /** Draws the sidebar and the top bar (once the interface strings are loaded). */
  function build() {
    built = true;
    menu = createUserMenu({
      doc,
      onLanguage: (lang) => app.changeLanguage(lang).catch((error) => console.warn(error.message)),
      onSettings: () => app.show("settings"),
    });
    sidebar.replaceChildren(...renderSidebar((name) => app.show(name)));
    topbar.replaceChildren(...renderTopbar({ userMenu: menu.element, onSyncClick: openCopy }));
    showSyncState(topbar, state);
  }

  return {
    /** Starts following the copy (the sidebar and top bar are built when first shown). */
    attach(shell) {
      app = shell;
      doc.addEventListener("keydown", onKeydown);
      win.addEventListener("online", () => update({ type: "online" }));
      win.addEventListener("offline", () => update({ type: "offline" }));
      win.addEventListener("focus", syncQuietly);
      return watchSync({
        onProgress: (progress) => update({ type: "progress", progress }),
        onFinished: (report) => {
          update({ type: "finished", report, at: now() });
          refresh();
        },
        onFailed: (error) => update({ type: "failed", code: error.code, at: now() }),
      }).catch((error) => console.warn("the frame cannot follow the copy:", error.message));
    },
    /** Shows the frame around screen `name`. */
    show(name) {
      current = name;
      shown = true;
      doc.body.dataset.frame = "app";
      sidebar.hidden = false;
      topbar.hidden = false;
      if (!built) build();
      markCurrent(sidebar, name);
      if (!loaded) {
        loaded = true;
        refresh();
        scheduleSync();
      }
    },
    /** Hides the frame (onboarding screens). */
    hide() {
      current = null;
      shown = false;
      if (menu) menu.close();
      delete doc.body.dataset.frame;
      sidebar.hidden = true;
      topbar.hidden = true;
    },
    /** Reads the archive's overview and the move's step again (a screen changed them). */
    refresh: () => refresh(),
    /** Writes the frame's own words again in the language now in use. */
    relabel() {
      if (!built) return;
      showSyncState(topbar, state);
      menu.relabel();
      const badge = sidebar.querySelector("#nav-conversations-badge");
      if (badge && badge.dataset.count) setBadge(sidebar, "conversations", Number(badge.dataset.count), "nav.unread_badge");
      const step = sidebar.querySelector("#nav-migration-badge");
      if (step && step.dataset.count) setBadge(sidebar, "migration", Number(step.dataset.count), "nav.step_badge");
    },
    /** Reads the sync interval again (after Settings changed it). */
    rescheduleSync: scheduleSync,
    /** Reads the badge and the overview again (after a user switch). */
    refresh,
    /** The sync state now (tests). */
    state: () => state,
  };
}
