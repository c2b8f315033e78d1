// Settings → starting Passerelle at login, and what closing the window does on this desktop:
// with a tray icon it keeps running (sync and notifications go on), without one it quits.
import { h } from "../../lib/dom.js";
import { said, t } from "../../lib/i18n.js";
import { backgroundStatus, setStartAtLogin } from "../../ipc/tray.js";

/** The card; `fail(error)` on a refusal. */
export function startupSection(fail = () => {}) {
  const box = h("input", { type: "checkbox", id: "settings-start-at-login", disabled: true, "aria-describedby": "settings-close-hint" });
  const closeHint = said("p", "startup.close_quits", { class: "hint", id: "settings-close-hint" });
  box.addEventListener("change", () => {
    box.disabled = true;
    setStartAtLogin(box.checked)
      .then((on) => { box.checked = Boolean(on); })
      .catch((e) => { box.checked = !box.checked; fail(e); })
      .finally(() => { box.disabled = false; });
  });
  backgroundStatus().then((status) => {
    box.checked = Boolean(status.start_at_login);
    box.disabled = false;
    box.dataset.loaded = "true";
    closeHint.dataset.i18n = status.tray ? "startup.close_keeps" : "startup.close_quits";
    closeHint.textContent = t(closeHint.dataset.i18n);
  }).catch(fail);
  return h("section", { class: "card settings-section", id: "settings-startup", "aria-labelledby": "settings-startup-title" },
    said("h2", "startup.title", { id: "settings-startup-title" }),
    h("div", { class: "field" },
      h("label", { class: "radio" }, box, said("span", "startup.at_login"))),
    closeHint);
}
