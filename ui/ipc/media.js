// Settings → Photos and documents: the media folder, its counts and the room left
// (`passerelle media`), and moving it (`passerelle media move`).
import { call, subscribe } from "./core.js";

/** {folder, is_default, files_present, bytes_present, files_pending, estimate_bytes, free_bytes (null: unknown), room: "fits"|"tight"|"wont_fit"} */
export const mediaStatus = () => call("media_status");

/** Moves the media folder to `dir`: {from, to, files_copied, files_already_there, files_missing, bytes}. */
export const moveMedia = (dir) => call("move_media", { dir });

/** Stops the move under way (the old folder stays in use, complete): true when one ran. */
export const cancelMediaMove = () => call("cancel_media_move");

/** Calls `handler({step: "copying"|"cleaning"|"done", files_done, files_total, bytes_done, bytes_total})`; resolves to an unsubscribe function. */
export const onMediaMoveProgress = (handler) => subscribe("media-move-progress", handler);
