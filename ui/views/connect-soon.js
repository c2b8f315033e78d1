// Placeholder until connecting a Twilio account is built: says what will come, does nothing.
export const connectSoon = {
  mount(root, app) {
    root.querySelector("[data-action=back]").addEventListener("click", () => app.back());
  },
};
