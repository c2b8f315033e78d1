-- Schema 1: the archive of a Twilio account's WhatsApp history.
-- Dates are UTC unix seconds (INTEGER) so they sort and compare cheaply.
-- Never edit this file once shipped: add a new migration instead.

-- The connected Twilio account (or subaccount). Secrets are never stored here: they live in
-- the OS keychain; only the kind of credential and the non-secret API key SID are kept.
CREATE TABLE accounts (
    sid               TEXT PRIMARY KEY,           -- AC…
    friendly_name     TEXT NOT NULL,
    type              TEXT NOT NULL,              -- Full | Trial
    status            TEXT NOT NULL,              -- active | suspended | closed
    owner_account_sid TEXT,                       -- parent account for a subaccount
    auth_kind         TEXT NOT NULL CHECK (auth_kind IN ('auth_token', 'api_key')),
    api_key_sid       TEXT,                       -- SK… when auth_kind = api_key
    base_url          TEXT,                       -- NULL = the real Twilio hosts
    date_created      INTEGER,
    connected_at      INTEGER NOT NULL
);

-- WhatsApp senders of the account; `selected` ones are synced.
CREATE TABLE senders (
    id           INTEGER PRIMARY KEY,
    account_sid  TEXT NOT NULL REFERENCES accounts(sid) ON DELETE CASCADE,
    sender_sid   TEXT,                            -- XE…
    address      TEXT NOT NULL UNIQUE,            -- whatsapp:+E164
    status       TEXT NOT NULL,                   -- ONLINE, OFFLINE, …
    display_name TEXT,
    selected     INTEGER NOT NULL DEFAULT 1,
    added_at     INTEGER NOT NULL
);

-- One conversation per (sender, customer number), with a summary maintained on insert so the
-- inbox never scans messages.
CREATE TABLE conversations (
    id                     INTEGER PRIMARY KEY,
    sender_id              INTEGER NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
    customer               TEXT NOT NULL,         -- whatsapp:+E164
    profile_name           TEXT,                  -- the customer's WhatsApp name when known
    message_count          INTEGER NOT NULL DEFAULT 0,
    last_message_sid       TEXT,
    last_message_at        INTEGER,
    last_message_body      TEXT,
    last_message_direction TEXT,
    last_inbound_at        INTEGER,
    unread_count           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (sender_id, customer)
);
CREATE INDEX conversations_by_recency ON conversations (last_message_at DESC);

CREATE TABLE messages (
    id                    INTEGER PRIMARY KEY,
    sid                   TEXT NOT NULL UNIQUE,   -- SM… / MM…
    account_sid           TEXT NOT NULL,
    conversation_id       INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    direction             TEXT NOT NULL,          -- inbound | outbound-api | outbound-reply | outbound-call
    from_address          TEXT NOT NULL,
    to_address            TEXT NOT NULL,
    body                  TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL,
    error_code            INTEGER,
    error_message         TEXT,
    num_media             INTEGER NOT NULL DEFAULT 0,
    num_segments          INTEGER,
    price                 TEXT,                   -- as Twilio gives it, e.g. "-0.00500"
    price_unit            TEXT,
    messaging_service_sid TEXT,
    date_created          INTEGER,
    date_sent             INTEGER,
    date_updated          INTEGER,
    media_listed          INTEGER NOT NULL DEFAULT 0,  -- media metadata fetched for num_media > 0
    synced_at             INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, date_sent);
CREATE INDEX messages_by_date ON messages (date_sent);
CREATE INDEX messages_media_pending ON messages (id) WHERE num_media > 0 AND media_listed = 0;

CREATE TABLE media (
    sid          TEXT PRIMARY KEY,                -- ME…
    message_sid  TEXT NOT NULL REFERENCES messages(sid) ON DELETE CASCADE,
    content_type TEXT,
    date_created INTEGER,
    uri          TEXT NOT NULL,                   -- Twilio's metadata URI (…/Media/ME….json)
    file_path    TEXT,                            -- relative to the media folder once downloaded
    size_bytes   INTEGER,
    downloaded_at INTEGER,
    skip_reason  TEXT                             -- why the file could not be fetched
);
CREATE INDEX media_by_message ON media (message_sid);

-- People using this Passerelle. The one who connected the account is the owner (an admin).
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    is_owner   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_single_owner ON users (is_owner) WHERE is_owner = 1;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Where each slice of the history stands. A shard is one (sender, direction, date range);
-- `next_page_uri` is committed in the same transaction as the page it follows.
CREATE TABLE sync_shards (
    id            INTEGER PRIMARY KEY,
    sender_id     INTEGER NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
    direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind          TEXT NOT NULL CHECK (kind IN ('backfill', 'incremental')),
    date_from     INTEGER,                        -- NULL: open
    date_to       INTEGER,                        -- NULL: open
    state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done')),
    next_page_uri TEXT,
    pages         INTEGER NOT NULL DEFAULT 0,
    messages      INTEGER NOT NULL DEFAULT 0,
    run_id        INTEGER,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX sync_shards_by_sender ON sync_shards (sender_id, direction, kind, state);

CREATE TABLE sync_runs (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    outcome          TEXT,                        -- done | cancelled | failed
    messages_new     INTEGER NOT NULL DEFAULT 0,
    messages_updated INTEGER NOT NULL DEFAULT 0,
    error_code       TEXT
);

-- Full-text index over message bodies. External content: the body is stored once, in messages.
-- New rows are indexed once per page by the sync writer (INSERT … SELECT); a changed body
-- re-indexes through the trigger below, which fires only when the body really changed.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_body_changed AFTER UPDATE OF body ON messages
WHEN old.body IS NOT new.body
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_deleted AFTER DELETE ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
