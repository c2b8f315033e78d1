// Per-user tools in Settings → Users: rename, set or change or clear the PIN, remove. The
// owner and administrators manage everyone; anyone renames themself and sets their own PIN;
// the owner is never removed, nor the user acting now. The core checks every rule again
// (and audits each change); its refusals are shown in the settings' alert. A PIN is never
// shown, kept or logged by the page: it goes to the core once and the field is emptied.
import { h } from "../../lib/dom.js";
import { t, said, named } from "../../lib/i18n.js";
import { visible } from "../../lib/format.js";
import { removeUser, renameUser, setUserPin } from "../../ipc/people.js";

/** What the current user may do to user `u`: {rename, pin, remove}. */
export function userRights(u, people) {
  const self = u.id === people.current.id;
  return {
    rename: self || people.may_manage,
    pin: self || people.may_manage,
    remove: people.may_manage && !u.is_owner && !self,
  };
}

/** Whether `pin` is 4 to 8 digits (the core's rule, checked here to answer at once). */
export const validPin = (pin) => /^[0-9]{4,8}$/.test(String(pin));

/**
 * The tools for user `u` (null when the current user may do nothing to them). `onChanged()`
 * after a change, `fail(error)` on a refusal.
 */
export function userTools(u, people, { onChanged, fail }) {
  const may = userRights(u, people);
  if (!may.rename && !may.pin && !may.remove) return null;
  const id = (what) => `settings-${what}-${u.id}`;
  const run = (work) => work().then(onChanged).catch(fail);

  const name = h("input", { class: "input", id: id("rename-name"), value: u.name, maxlength: 80, ...named("settings.user_name") });
  const rename = may.rename ? h("form", { class: "user-tool", id: id("rename"),
    onsubmit: (e) => { e.preventDefault(); run(() => renameUser(u.id, name.value.trim())); } },
    name, said("button", "users.rename", { type: "submit", class: "button secondary small", id: id("rename-button") })) : null;

  const pin = h("input", { class: "input pin", type: "password", inputmode: "numeric", autocomplete: "new-password", maxlength: 8, id: id("new-pin"), ...named("users.new_pin") });
  const pinForm = may.pin ? h("form", { class: "user-tool", id: id("pin-form"),
    onsubmit: (e) => {
      e.preventDefault();
      const value = pin.value;
      pin.value = "";
      if (!validPin(value)) {
        fail({ code: "invalid_input", message: t("users.pin_rule") });
        return;
      }
      run(() => setUserPin(u.id, value));
    } },
    pin,
    said("button", u.has_pin ? "users.change_pin" : "users.set_pin", { type: "submit", class: "button secondary small", id: id("pin-button") }),
    u.has_pin ? said("button", "users.clear_pin", { type: "button", class: "button secondary small", id: id("pin-clear"),
      onclick: () => run(() => setUserPin(u.id, null)) }) : null) : null;

  const remove = may.remove ? said("button", "users.remove", { type: "button", class: "button secondary small danger", id: id("remove"),
    onclick: (e) => {
      const button = e.currentTarget || e.target;
      if (button.dataset.confirm !== "true") {
        button.dataset.confirm = "true";
        button.textContent = t("users.remove_confirm", { name: visible(u.name) });
        return;
      }
      run(() => removeUser(u.id));
    } }) : null;

  return h("details", { class: "user-tools", id: id("tools") },
    h("summary", {}, t("users.manage", { name: visible(u.name) })),
    rename, pinForm, remove);
}
