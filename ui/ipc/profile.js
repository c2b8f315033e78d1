// The WhatsApp sender profile: read live from Twilio, checked by the core as the user types,
// saved (checked again before anything is sent), with its local history.
import { call } from "./core.js";

/** {limits: [{field, required, max}], verticals: [[value, label]], review_notice} */
export const profileForm = () => call("profile_form");

/** [{sid, address, status, offline_reasons, quality_rating, messaging_limit, profile, name_review, history}] */
export const senderProfiles = () => call("sender_profiles");

/** Every wrong field of a draft: [{field, rule, message}] (empty: it can be saved). */
export const checkProfileDraft = (draft) => call("check_profile_draft", { draft });

/** Saves a sender's profile: [{sender, fields, name_in_review}, history]. */
export const saveProfile = (sid, draft) => call("save_profile", { sid, draft });

/** The logo at `url` as a data: URL, fetched by the core under limits (https, 5 MB, JPEG/PNG). */
export const logoPreview = (url) => call("logo_preview", { url });
