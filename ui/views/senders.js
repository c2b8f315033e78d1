// Confirm which WhatsApp senders of the checked account to archive.
import * as ipc from "../ipc.js";
import { t } from "../i18n.js";

function number(address) {
  return address.replace(/^whatsapp:/, "");
}

function senderItem(sender) {
  const label = document.createElement("label");
  label.className = "sender";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = sender.address;
  box.checked = sender.online;
  box.disabled = !sender.online;
  const text = document.createElement("span");
  text.className = "sender-text";
  const main = document.createElement("span");
  main.className = "sender-number";
  main.textContent = number(sender.address);
  const name = document.createElement("span");
  name.className = "sender-name";
  name.textContent = sender.display_name || "";
  text.append(main, name);
  const status = document.createElement("span");
  status.className = sender.online ? "badge ok" : "badge off";
  status.textContent = sender.online ? t("senders.online") : t("senders.offline", { status: sender.status });
  label.append(box, text, status);
  return label;
}

export const senders = {
  mount(root, app, { check, ownerName }) {
    const { account } = check;
    root.querySelector("#senders-account").textContent = t("senders.account", {
      name: account.friendly_name,
      sid: account.sid,
    });
    root.querySelector("#senders-owner").textContent = t("senders.owner_note", { name: ownerName });
    const list = root.querySelector("#sender-items");
    list.replaceChildren(...check.senders.map(senderItem));
    const alert = root.querySelector("#senders-error");
    const confirm = root.querySelector("#senders-confirm");
    root.querySelector("[data-action=back]").addEventListener("click", () => app.back());

    confirm.addEventListener("click", async () => {
      alert.hidden = true;
      const chosen = [...list.querySelectorAll("input:checked")].map((box) => box.value);
      if (chosen.length === 0) {
        alert.textContent = t("senders.none_chosen");
        alert.hidden = false;
        return;
      }
      confirm.disabled = true;
      try {
        await ipc.confirmAccount(chosen, ownerName);
        app.show("sync", { mode: "own" });
      } catch (error) {
        alert.textContent = error.message;
        alert.dataset.code = error.code;
        alert.hidden = false;
        confirm.disabled = false;
      }
    });
  },
};
