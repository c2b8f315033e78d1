// Placeholder until the demo is built: says what will come, does nothing.
export const demoSoon = {
  mount(root, app) {
    root.querySelector("[data-action=back]").addEventListener("click", () => app.back());
  },
};
