// Reading the archive: which one is open, and its conversations.
import { call } from "./core.js";

/** "own", "demo", or null on a first run. */
export const currentArchive = () => call("current_archive");

/** {overview: {kind, account_name, messages, conversations}, conversations: [...]} */
export const listConversations = () => call("list_conversations");
