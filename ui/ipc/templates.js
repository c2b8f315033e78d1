// The account's message templates: the archive's list (offline), a refresh from Twilio, the
// core's verdict on a draft as the user types, and "edit" / create as new submissions.
import { call } from "./core.js";

/** {templates: [...], languages: [...], delete_warning}; filter {state?, language?}. */
export const listTemplates = (filter = {}) => call("list_templates", { filter });

/** Reads the templates again from Twilio; resolves to how many. */
export const refreshTemplates = () => call("refresh_templates");

/** {errors: [{field, rule, message}], variables: [...], preview} for a draft. */
export const checkTemplateDraft = (draft) => call("check_template_draft", { draft });

/** The draft "Edit" opens: a copy of template `sid` under a new name. */
export const templateCopy = (sid) => call("template_copy", { sid });

/** Creates and submits `draft`; with `replaces`, in place of that template (both kept). */
export const submitTemplate = (draft, replaces = null) => call("submit_template", { draft, replaces });

/** Deletes a template at Twilio, for every sender at once. */
export const deleteTemplate = (sid) => call("delete_template", { sid });
