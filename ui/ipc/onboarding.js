// Connecting a Twilio account (check, then confirm the senders), or starting the demo.
import { call } from "./core.js";

/**
 * Checks a Twilio account. `form`: {account_sid, method: "auth_token"|"api_key", auth_token,
 * api_key_sid, api_key_secret}. Resolves to {account, senders}.
 */
export const checkAccount = (form) => call("check_account", { form });

/** Saves the checked account with the chosen sender addresses; the user becomes its owner. */
export const confirmAccount = (senders, ownerName) =>
  call("confirm_account", { confirmation: { senders, owner_name: ownerName } });

/** Starts the built-in simulator and connects a demo archive to it: {check, messages}. */
export const startDemo = () => call("start_demo");
