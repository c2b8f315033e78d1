// Keyboard for a tab strip, as WAI-ARIA's tabs pattern: Left/Right move between tabs (wrapping),
// Home/End go to the first/last, with a roving tabindex (only one tab in the Tab order).
// Activation is manual (Enter or Space, the buttons' own click): switching the WhatsApp
// screen's tab redraws the form, and an arrow key must not throw away what the user typed.

/** The tab `key` moves focus to from `index` among `count` tabs, or null for other keys. */
export function tabKeyTarget(key, index, count) {
  if (count === 0) return null;
  switch (key) {
    case "ArrowRight": return (index + 1) % count;
    case "ArrowLeft": return (index - 1 + count) % count;
    case "Home": return 0;
    case "End": return count - 1;
    default: return null;
  }
}

/** Puts tab `index` alone in the Tab order. */
export function rove(tabs, index) {
  tabs.forEach((tab, i) => {
    tab.tabIndex = i === index ? 0 : -1;
  });
}

/** Wires the keys on `list` (role=tablist): arrows, Home and End move focus between its tabs. */
export function arrowKeys(list) {
  list.addEventListener("keydown", (event) => {
    const tabs = [...list.children].filter((el) => el.getAttribute("role") === "tab");
    const index = tabs.indexOf(event.target);
    if (index < 0) return;
    const target = tabKeyTarget(event.key, index, tabs.length);
    if (target === null) return;
    event.preventDefault();
    rove(tabs, target);
    tabs[target].focus();
  });
}
