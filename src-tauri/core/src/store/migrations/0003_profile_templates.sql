-- The WhatsApp sender profile's local history and the account's message templates
-- (store/profile_versions.rs, store/templates.rs). At merge this file becomes
-- 0004_profile_templates.sql: its number is the order, its content does not depend on 0002/0003.

-- Every profile change sent from this Passerelle: who, what, when, and Twilio's answer. The
-- migration wizard reads from it what moved with the number.
CREATE TABLE profile_versions (
    id                  INTEGER PRIMARY KEY,
    sender_address      TEXT NOT NULL,            -- whatsapp:+E164
    sender_sid          TEXT,                     -- XE…
    changed_by          TEXT NOT NULL,            -- the user's name
    changed_at          INTEGER NOT NULL,
    fields              TEXT NOT NULL,            -- JSON array of the fields changed
    profile             TEXT NOT NULL,            -- JSON of the whole profile as sent
    accepted            INTEGER NOT NULL,         -- 1: Twilio accepted it, 0: refused
    display_name_status TEXT,                     -- Twilio's answer: pending_review, no_change…
    error_code          INTEGER,                  -- Twilio's code when refused
    error_message       TEXT
);
CREATE INDEX profile_versions_by_sender ON profile_versions (sender_address, changed_at DESC, id DESC);

-- The account's content templates with their WhatsApp approval, as last read from Twilio.
-- `replaced_by` survives every refresh: it is ours, not Twilio's.
CREATE TABLE templates (
    sid              TEXT PRIMARY KEY,            -- HX…
    account_sid      TEXT NOT NULL,
    name             TEXT NOT NULL,               -- WhatsApp name (friendly name before submission)
    language         TEXT NOT NULL,
    category         TEXT NOT NULL DEFAULT '',    -- UTILITY, MARKETING, AUTHENTICATION, or legacy
    body             TEXT NOT NULL DEFAULT '',
    samples          TEXT NOT NULL DEFAULT '{}',  -- JSON {"1": "Marie"}
    state            TEXT NOT NULL,               -- approval state as Twilio spells it
    rejection_reason TEXT NOT NULL DEFAULT '',
    date_created     INTEGER,
    date_updated     INTEGER,
    replaced_by      TEXT,                        -- HX of the copy submitted in its place
    refreshed_at     INTEGER NOT NULL
);
CREATE INDEX templates_by_account ON templates (account_sid, name);
