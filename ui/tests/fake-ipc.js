// A fake backend behind ipc/core.js: commands answered by plain functions, events emitted by
// the test. Every call is recorded, so a test can check what the screen asked for.
import { useTransport } from "../ipc/core.js";

/**
 * Installs a fake backend. `commands`: {name: (args) => answer | Promise}; a command that
 * throws `{code, message}` fails like the real backend. Returns { calls, emit(event, payload) }.
 */
export function fakeBackend(commands = {}) {
  const calls = [];
  const listeners = new Map();
  useTransport({
    async invoke(command, args) {
      calls.push({ command, args });
      const answer = commands[command];
      if (!answer) throw { code: "unknown_command", message: `no fake for ${command}` };
      return answer(args);
    },
    async listen(event, handler) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(handler);
      return () => listeners.get(event).delete(handler);
    },
  });
  return {
    calls,
    /** Names of the commands called, in order. */
    commands: () => calls.map((c) => c.command),
    /** Sends an event to the page as the backend would. */
    emit(event, payload) {
      for (const handler of listeners.get(event) || []) handler(payload);
    },
    /** How many handlers listen to `event`. */
    listening: (event) => (listeners.get(event) || new Set()).size,
  };
}

/** A backend failure as the app crate sends it. */
export const failure = (code, message) => {
  throw { code, message };
};
