// Connect a Twilio account: the form, checked here for shape (plain messages from the locale
// files), then by the backend against Twilio.
import * as ipc from "../ipc.js";
import { t } from "../i18n.js";

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;

/** Field problems as {fieldId: i18n key}; empty when the form can be sent. */
export function problems(values) {
  const found = {};
  if (!values.owner_name.trim()) found["owner-name"] = "connect.error_owner";
  if (!values.account_sid.trim()) found["account-sid"] = "connect.error_account_sid_empty";
  else if (!ACCOUNT_SID.test(values.account_sid.trim())) found["account-sid"] = "connect.error_account_sid_shape";
  if (values.method === "api_key") {
    if (!values.api_key_sid.trim()) found["api-key-sid"] = "connect.error_api_key_sid_empty";
    else if (!API_KEY_SID.test(values.api_key_sid.trim())) found["api-key-sid"] = "connect.error_api_key_sid_shape";
    if (!values.api_key_secret) found["api-key-secret"] = "connect.error_api_key_secret";
  } else if (!values.auth_token) {
    found["auth-token"] = "connect.error_auth_token";
  }
  return found;
}

function read(form) {
  const data = new FormData(form);
  const get = (name) => String(data.get(name) || "");
  return {
    owner_name: get("owner_name"),
    account_sid: get("account_sid"),
    method: get("method") || "auth_token",
    auth_token: get("auth_token"),
    api_key_sid: get("api_key_sid"),
    api_key_secret: get("api_key_secret"),
  };
}

function showProblems(root, found) {
  for (const el of root.querySelectorAll(".field-error")) {
    const field = el.id.replace(/-error$/, "");
    const input = root.querySelector(`#${field}`);
    const key = found[field];
    el.hidden = !key;
    el.textContent = key ? t(key) : "";
    if (input) input.setAttribute("aria-invalid", String(Boolean(key)));
  }
}

function showMethod(root) {
  const method = root.querySelector("input[name=method]:checked").value;
  for (const block of root.querySelectorAll("[data-method]")) block.hidden = block.dataset.method !== method;
}

export const connect = {
  mount(root, app) {
    const form = root.querySelector("#connect-form");
    const alert = root.querySelector("#connect-error");
    const submit = root.querySelector("#connect-submit");
    const busy = root.querySelector("#connect-busy");
    root.querySelector("[data-action=back]").addEventListener("click", () => app.back());
    for (const radio of root.querySelectorAll("input[name=method]")) {
      radio.addEventListener("change", () => showMethod(root));
    }
    showMethod(root);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      alert.hidden = true;
      const values = read(form);
      const found = problems(values);
      showProblems(root, found);
      const first = Object.keys(found)[0];
      if (first) {
        root.querySelector(`#${first}`).focus();
        return;
      }
      submit.disabled = true;
      busy.hidden = false;
      try {
        const { owner_name, ...account } = values;
        const check = await ipc.checkAccount(account);
        app.show("senders", { check, ownerName: owner_name.trim() });
      } catch (error) {
        alert.textContent = error.message;
        alert.dataset.code = error.code;
        alert.hidden = false;
        alert.focus();
      } finally {
        submit.disabled = false;
        busy.hidden = true;
      }
    });
  },
};
