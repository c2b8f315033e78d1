// Settings → a switch for the desktop notifications of new customer messages (on by
// default). A notification names the conversation only, never the message text, and comes
// only while Passerelle's window is not in front, for a user who may see the inbox.
import { h } from "../../lib/dom.js";
import { said } from "../../lib/i18n.js";
import { notificationsEnabled, setNotifications } from "../../ipc/inbox.js";

/** The switch; `fail(error)` on a refusal. */
export function notificationsToggle(fail = () => {}) {
  const box = h("input", { type: "checkbox", id: "settings-notifications", "aria-describedby": "settings-notifications-hint" });
  box.addEventListener("change", () => setNotifications(box.checked).catch((e) => {
    box.checked = !box.checked;
    fail(e);
  }));
  notificationsEnabled().then((on) => {
    box.checked = Boolean(on);
    box.dataset.loaded = "true";
  }).catch(fail);
  return h("div", { class: "field notifications" },
    h("label", { class: "radio" }, box, said("span", "notifications.label")),
    said("p", "notifications.hint", { class: "hint", id: "settings-notifications-hint" }));
}
