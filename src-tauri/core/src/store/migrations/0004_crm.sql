-- Schema: the Pipedrive connector (connection, import walks, deletion marks, notes pushed).
-- Never edit this file once shipped: add a new migration instead.

-- A record deleted in the CRM is marked, never removed: its conversations and links stay.
ALTER TABLE contacts ADD COLUMN crm_deleted_at INTEGER;
ALTER TABLE leads ADD COLUMN crm_deleted_at INTEGER;
ALTER TABLE deals ADD COLUMN crm_deleted_at INTEGER;

-- One row: the connected CRM company. The API token is in the OS keychain, never here.
CREATE TABLE crm_connection (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    provider       TEXT NOT NULL DEFAULT 'pipedrive',
    company_domain TEXT NOT NULL,
    base_url       TEXT,                          -- a simulator's URL; NULL: the company's
    user_id        INTEGER,
    user_name      TEXT,
    company_name   TEXT,
    is_admin       INTEGER NOT NULL DEFAULT 0,
    connected_at   INTEGER NOT NULL
);

-- One walk per entity (persons, deals, deleted_deals, leads): where it stands, so a stopped
-- import resumes at its page, and the `updated_since` of the next run.
CREATE TABLE crm_walks (
    entity       TEXT PRIMARY KEY,
    position     TEXT,                            -- cursor or start of the next page; NULL: first
    since        TEXT,                            -- updated_since of the walk under way (RFC 3339)
    full         INTEGER NOT NULL DEFAULT 0,      -- a full listing: absences mean deletions
    started_at   INTEGER,                         -- NULL: no walk under way
    next_since   TEXT,                            -- updated_since for the next run
    finished_at  INTEGER,
    items        INTEGER NOT NULL DEFAULT 0
);

-- The CRM ids a full walk has seen so far (kept across a resume), to mark the absent deleted.
CREATE TABLE crm_seen (
    entity TEXT NOT NULL,
    crm_id TEXT NOT NULL,
    PRIMARY KEY (entity, crm_id)
) WITHOUT ROWID;

-- Notes pushed to the CRM: a local note key -> the remote note, so a note is never pushed
-- twice and is updated (PUT) when its content changed. `state` 'posting' means a POST may
-- have reached the CRM without its answer: the next run looks for it before posting again.
CREATE TABLE crm_pushes (
    note_key      TEXT PRIMARY KEY,
    target        TEXT NOT NULL,                  -- person:12 | deal:7 | lead:<uuid>
    state         TEXT NOT NULL CHECK (state IN ('posting', 'pushed', 'failed')),
    remote_id     INTEGER,
    content_hash  TEXT NOT NULL,
    date_in_text  INTEGER NOT NULL DEFAULT 0,     -- add_time was not kept: date written on top
    pushed_at     INTEGER,
    error_code    TEXT,
    error_message TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);
