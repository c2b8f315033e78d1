// Connect a Twilio account: the form, checked here for shape (plain messages from the locale
// files), then by the backend against Twilio.
import { h, showAlert } from "../../lib/dom.js";
import { t, said } from "../../lib/i18n.js";
import { checkAccount } from "../../ipc/onboarding.js";

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

/** A labelled input with its error line; `id` is also the key `problems` reports under. */
function field(id, name, labelKey, { hintKey, box = {}, ...input } = {}) {
  const hint = hintKey && said("p", hintKey, { class: "field-hint", id: `${id}-hint` });
  const describedBy = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(" ");
  return h("div", { class: "field", ...box },
    said("label", labelKey, { for: id }),
    h("input", { id, name, autocomplete: "off", "aria-describedby": describedBy, ...input }),
    hint,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }));
}

const method = (id, value, key, checked) =>
  h("label", { class: "radio" }, h("input", { type: "radio", name: "method", value, id, checked }), said("span", key));

function render() {
  return h("section", { class: "screen narrow", "data-screen": "connect" },
    said("button", "common.back", { type: "button", class: "link back", "data-action": "back" }),
    said("h1", "connect.title", { id: "connect-title" }),
    said("p", "connect.intro", { class: "lead-muted" }),
    h("form", { id: "connect-form", class: "card form", novalidate: true },
      field("owner-name", "owner_name", "connect.owner_label", { autocomplete: "name", hintKey: "connect.owner_hint" }),
      field("account-sid", "account_sid", "connect.account_sid_label",
        { spellcheck: "false", class: "mono", placeholder: "AC…", hintKey: "connect.account_sid_hint" }),
      h("fieldset", { class: "field method" },
        said("legend", "connect.method_legend"),
        method("method-token", "auth_token", "connect.method_token", true),
        method("method-key", "api_key", "connect.method_key", false)),
      field("auth-token", "auth_token", "connect.auth_token_label",
        { type: "password", class: "mono", box: { "data-method": "auth_token" } }),
      h("div", { class: "field-group", "data-method": "api_key", hidden: true },
        field("api-key-sid", "api_key_sid", "connect.api_key_sid_label", { spellcheck: "false", class: "mono", placeholder: "SK…" }),
        field("api-key-secret", "api_key_secret", "connect.api_key_secret_label", { type: "password", class: "mono" })),
      said("p", "connect.secret_note", { class: "field-hint" }),
      h("p", { class: "alert", id: "connect-error", role: "alert", tabindex: "-1", hidden: true }),
      h("div", { class: "actions" },
        said("button", "connect.submit", { type: "submit", class: "button", id: "connect-submit" }),
        said("span", "connect.checking", { class: "busy", id: "connect-busy", role: "status", hidden: true }))));
}

/** The form's values, by the names the backend expects. */
function read(root) {
  const value = (id) => String(root.querySelector(`#${id}`).value || "");
  return {
    owner_name: value("owner-name"),
    account_sid: value("account-sid"),
    method: root.querySelector("#method-key").checked ? "api_key" : "auth_token",
    auth_token: value("auth-token"),
    api_key_sid: value("api-key-sid"),
    api_key_secret: value("api-key-secret"),
  };
}

function showProblems(root, found) {
  for (const el of root.querySelectorAll(".field-error")) {
    const id = el.id.replace(/-error$/, "");
    const key = found[id];
    el.hidden = !key;
    el.textContent = key ? t(key) : "";
    root.querySelector(`#${id}`).setAttribute("aria-invalid", String(Boolean(key)));
  }
}

function showMethod(root) {
  const method = root.querySelector("#method-key").checked ? "api_key" : "auth_token";
  for (const block of root.querySelectorAll("[data-method]")) block.hidden = block.dataset.method !== method;
}

export const connect = {
  mount(root, app) {
    root.replaceChildren(render());
    const el = (id) => root.querySelector(`#${id}`);
    const alert = el("connect-error");
    const submit = el("connect-submit");
    const busy = el("connect-busy");
    root.querySelector("[data-action=back]").addEventListener("click", () => app.back());
    for (const radio of root.querySelectorAll("input[name=method]")) radio.addEventListener("change", () => showMethod(root));
    showMethod(root);

    el("connect-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      alert.hidden = true;
      const values = read(root);
      const found = problems(values);
      showProblems(root, found);
      const first = Object.keys(found)[0];
      if (first) {
        el(first).focus();
        return;
      }
      submit.disabled = true;
      busy.hidden = false;
      try {
        const { owner_name, ...account } = values;
        const check = await checkAccount(account);
        app.show("senders", { check, ownerName: owner_name.trim() });
      } catch (error) {
        showAlert(alert, error.message, error.code);
        alert.focus();
      } finally {
        submit.disabled = false;
        busy.hidden = true;
      }
    });
  },
};
