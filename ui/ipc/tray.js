// Running in the background: the tray icon's state, starting at login, and the confirmed quit.
import { call, subscribe } from "./core.js";

/** `{tray, start_at_login}`: whether closing the window keeps Passerelle running, and
 * whether it starts when the user logs in. */
export const backgroundStatus = () => call("background_status");

/** Starts Passerelle at login, or stops doing so; resolves to the new state. */
export const setStartAtLogin = (on) => call("set_start_at_login", { on });

/** Quits Passerelle (the user confirmed). */
export const quitApp = () => call("quit_app");

/** Calls `handler()` each time the user picks "Quit" in the tray menu; resolves to an unsubscribe. */
export const onQuitRequested = (handler) => subscribe("quit-requested", () => handler());
