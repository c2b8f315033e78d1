// First-run screen: choose the language, then how to start.
import { h } from "../../lib/dom.js";
import * as i18n from "../../lib/i18n.js";

const { said, named } = i18n;

function markLanguage(root) {
  const lang = i18n.language();
  for (const button of root.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  root.querySelector("#language-hint").textContent = i18n.t("welcome.language_hint");
}

const step = (number, titleKey, ...content) =>
  h("div", { class: "step" },
    h("h2", { class: "step-title" }, h("span", { class: "step-number" }, number), said("span", titleKey)),
    ...content);

const languageButton = (lang, onPick) =>
  said("button", `language.${lang}`, { type: "button", id: `lang-${lang}`, "data-lang": lang, lang, "aria-pressed": "false", onclick: () => onPick(lang) });

const choice = (id, name, onclick) =>
  h("button", { type: "button", class: "choice", id, onclick },
    said("span", `welcome.${name}_title`, { class: "choice-title" }),
    said("span", `welcome.${name}_text`, { class: "choice-text" }),
    said("span", `welcome.${name}_cta`, { class: "choice-cta", "aria-hidden": "true" }));

export const welcome = {
  mount(root, app) {
    const hint = h("p", { class: "hint", id: "language-hint" });
    const pick = async (lang) => {
      try {
        await app.changeLanguage(lang);
        markLanguage(root);
      } catch (failure) {
        markLanguage(root);
        hint.textContent = failure.message;
      }
    };
    root.replaceChildren(
      h("section", { class: "screen welcome", "data-screen": "welcome" },
        h("div", { class: "hero" },
          h("img", { class: "hero-mark", src: "./img/mark.svg", alt: "", width: 64, height: 64 }),
          said("h1", "welcome.title", { id: "welcome-title" }),
          said("p", "welcome.lead", { class: "lead" })),
        step("1", "welcome.language_heading",
          h("div", { class: "segmented", role: "group", ...named("welcome.language_heading") },
            languageButton("fr", pick), languageButton("en", pick)),
          hint),
        step("2", "welcome.start_heading",
          h("div", { class: "choices" },
            choice("choice-connect", "connect", () => app.show("connect")),
            choice("choice-demo", "demo", () => app.show("sync", { mode: "demo" })))),
        said("p", "welcome.privacy", { class: "footnote" })),
    );
    markLanguage(root);
  },
  relabel: markLanguage,
};
