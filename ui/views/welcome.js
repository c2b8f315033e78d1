// First-run screen: choose the language, then how to start.
import * as i18n from "../i18n.js";

function markLanguage(root) {
  const lang = i18n.language();
  for (const button of root.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  root.querySelector("#language-hint").textContent = i18n.t("welcome.language_hint");
}

export const welcome = {
  mount(root, app) {
    markLanguage(root);
    const error = root.querySelector("#language-hint");
    for (const button of root.querySelectorAll("[data-lang]")) {
      button.addEventListener("click", async () => {
        try {
          await app.changeLanguage(button.dataset.lang);
          markLanguage(root);
        } catch (failure) {
          markLanguage(root);
          error.textContent = failure.message;
        }
      });
    }
    root.querySelector("#choice-connect").addEventListener("click", () => app.show("connect"));
    root.querySelector("#choice-demo").addEventListener("click", () => app.show("sync", { mode: "demo" }));
  },
  relabel: markLanguage,
};
