// "Quit" from the tray menu: the window comes to the front and asks first, because while
// Passerelle is not running nothing is copied and no notification comes — customer messages
// wait at Twilio until the next start. The question is a small dialog in the page (no native
// dialog: it follows the interface language), Escape or "Keep running" closes it.
import { h } from "../lib/dom.js";
import { said } from "../lib/i18n.js";
import { onQuitRequested, quitApp } from "../ipc/tray.js";

/** The open confirmation, or null. */
function openDialog(doc) {
  return doc.getElementById("quit-confirm");
}

/** Shows the confirmation (once, however often "Quit" is picked); `quit()` ends the app. */
export function confirmQuit(doc = document, quit = quitApp) {
  const existing = openDialog(doc);
  if (existing) {
    existing.querySelector("#quit-cancel").focus();
    return existing;
  }
  const close = () => dialog.remove();
  const failure = h("p", { class: "alert", id: "quit-error", role: "alert", hidden: true });
  const dialog = h("div", { class: "quit-overlay", id: "quit-confirm" },
    h("div", { class: "card quit-dialog", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "quit-title", "aria-describedby": "quit-text" },
      said("h2", "quit.title", { id: "quit-title" }),
      said("p", "quit.text", { id: "quit-text" }),
      failure,
      h("div", { class: "actions" },
        said("button", "quit.confirm", {
          type: "button", class: "button primary", id: "quit-confirm-button",
          onclick: () => quit().catch((e) => { failure.textContent = e.message; failure.hidden = false; }),
        }),
        said("button", "quit.cancel", { type: "button", class: "button secondary", id: "quit-cancel", onclick: close }))));
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  doc.body.appendChild(dialog);
  dialog.querySelector("#quit-cancel").focus();
  return dialog;
}

/** Listens for the tray's "Quit" for the page's whole life. */
export function watchQuitRequests(doc = document) {
  return onQuitRequested(() => confirmQuit(doc)).catch((e) => console.warn(e.message));
}
