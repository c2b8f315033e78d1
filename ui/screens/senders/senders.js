// Confirm which WhatsApp senders of the checked account to archive.
import { h, showAlert } from "../../lib/dom.js";
import { t, said } from "../../lib/i18n.js";
import { formatPhone, visible } from "../../lib/format.js";
import { confirmAccount } from "../../ipc/onboarding.js";

/** One sender: a checkbox (checked and enabled only when online), its number, name and state. */
const senderItem = (sender) =>
  h("label", { class: "sender" },
    h("input", { type: "checkbox", value: sender.address, checked: sender.online, disabled: !sender.online }),
    h("span", { class: "sender-text" },
      h("span", { class: "sender-number" }, formatPhone(sender.address)),
      h("span", { class: "sender-name", dir: "auto" }, visible(sender.display_name || ""))),
    h("span", { class: sender.online ? "badge ok" : "badge off" },
      sender.online ? t("senders.online") : t("senders.offline", { status: visible(sender.status) })));

export const senders = {
  mount(root, app, { check, ownerName }) {
    const { account } = check;
    const list = h("div", { id: "sender-items" }, check.senders.map(senderItem));
    const alert = h("p", { class: "alert", id: "senders-error", role: "alert", hidden: true });
    const confirm = said("button", "senders.confirm", { type: "button", class: "button", id: "senders-confirm" });
    root.replaceChildren(
      h("section", { class: "screen narrow", "data-screen": "senders" },
        said("button", "common.back", { type: "button", class: "link back", "data-action": "back", onclick: () => app.back() }),
        said("h1", "senders.title", { id: "senders-title" }),
        h("p", { class: "lead-muted", id: "senders-account" },
          t("senders.account", { name: visible(account.friendly_name), sid: account.sid })),
        h("fieldset", { class: "card sender-list" }, said("legend", "senders.legend"), list),
        h("p", { class: "hint", id: "senders-owner" }, t("senders.owner_note", { name: visible(ownerName) })),
        alert,
        h("div", { class: "actions" }, confirm)),
    );

    confirm.addEventListener("click", async () => {
      alert.hidden = true;
      const chosen = [...list.querySelectorAll("input")].filter((box) => box.checked).map((box) => box.value);
      if (chosen.length === 0) {
        showAlert(alert, t("senders.none_chosen"));
        return;
      }
      confirm.disabled = true;
      try {
        await confirmAccount(chosen, ownerName);
        app.show("sync", { mode: "own" });
      } catch (error) {
        showAlert(alert, error.message, error.code);
        confirm.disabled = false;
      }
    });
  },
};
