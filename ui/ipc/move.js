// "Move my number": the wizard's state per business number (saved in the archive, so it
// resumes after a restart), the events the user sends, step 1's facts, the completeness check,
// the ticket text, finishing and the handover report.
import { call } from "./core.js";

/** [{sender, step, started, blocker, state}] for every business number (offline). */
export const moveStatus = () => call("move_status");

/** Applies `event` ({type, ...}) to the wizard of `sender`; resolves to moveStatus()'s list. */
export const moveEvent = (sender, event) => call("move_event", { sender, event });

/** {quality_rating, messaging_limit, display_name, approved_templates} read from Twilio. */
export const moveFacts = (sender) => call("move_facts", { sender });

/** Runs the completeness check (with repairs); resolves to its proof. */
export const moveCheck = (sender) => call("move_check", { sender });

/** The English ticket text for Twilio support. */
export const moveTicket = (sender) => call("move_ticket", { sender });

/** The quick re-run of the check, then Done; resolves to moveStatus()'s list. */
export const moveFinish = (sender) => call("move_finish", { sender });

/** Writes the handover report (`format` "html" or "pdf") to `path` (a bare name: the Documents folder); resolves to where it went. */
export const moveReport = (sender, path, format = "html") => call("move_report", { sender, path, format });

/** Step 3: exports the whole archive as an HTML folder in Documents; resolves to {files, conversations, messages, bytes}. */
export const moveExport = () => call("move_export");
