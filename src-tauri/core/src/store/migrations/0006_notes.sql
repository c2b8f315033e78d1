-- Schema 3 (becomes 0006 when merged after the exports, profile and sending migrations):
-- notes made from linked conversations, their full-text index, and the persisted state of a
-- disconnect. Never edit this file once shipped: add a new migration instead.

-- A note on a record, made from one conversation (`day` = '') or from one day of it
-- (`day` = 'YYYY-MM-DD' in the user's time zone). (conversation, day) is the stable key that
-- makes converting again update the note instead of adding one. The record is copied, not
-- referenced: a note outlives the record it was written on. `remote_id` is the CRM's id once
-- the note was pushed there (filled by the CRM connector).
CREATE TABLE notes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    day              TEXT NOT NULL DEFAULT '',
    record_kind      TEXT NOT NULL CHECK (record_kind IN ('contact', 'lead', 'deal')),
    record_id        INTEGER NOT NULL,
    title            TEXT NOT NULL,
    html             TEXT NOT NULL,                -- only p, br, b, i, ul, li, a
    text             TEXT NOT NULL,                -- the same note as plain text
    message_count    INTEGER NOT NULL,
    first_message_at INTEGER,
    last_message_at  INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    remote_id        TEXT,
    remote_pushed_at INTEGER,
    UNIQUE (conversation_id, day)
);
CREATE INDEX notes_by_record ON notes (record_kind, record_id, first_message_at DESC);
CREATE INDEX notes_by_recency ON notes (first_message_at DESC, id DESC);

-- Full-text index over the notes' plain text, kept by triggers (notes are few and written
-- one at a time). Kept apart from messages_fts so the search helper composes both.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    text,
    content = 'notes',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_inserted AFTER INSERT ON notes
BEGIN
    INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_fts_changed AFTER UPDATE OF text ON notes
WHEN old.text IS NOT new.text
BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_fts_deleted AFTER DELETE ON notes
BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- Disconnects of the Twilio account: the state machine of each, persisted after every step
-- so a killed disconnect resumes where it stopped (see disconnect.rs).
CREATE TABLE disconnects (
    id          INTEGER PRIMARY KEY,
    account_sid TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    state       TEXT NOT NULL,                     -- JSON, tagged by "type"
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
