-- Schema 2: the inbox — users with an optional PIN, the installation's visibility, an audit
-- log, local contacts, leads and deals, and links from conversations to them.
-- Never edit this file once shipped: add a new migration instead.

-- A user's optional PIN, as an Argon2id PHC string (salt and parameters inside); never in
-- clear. NULL: no PIN.
ALTER TABLE users ADD COLUMN pin_hash TEXT;

-- One row: settings of this installation that the core enforces (not mere preferences).
-- Private: only the owner sees and acts on conversations in the inbox; shared: every user.
CREATE TABLE installation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared'))
);
INSERT INTO installation (id) VALUES (1);

-- Who did what, when: sends, links, visibility changes, user changes, disconnects, imports.
-- The actor's name is copied so the entry still reads after the user is removed.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,                     -- see store/audit.rs AuditAction
    subject    TEXT,                              -- what it acted on, e.g. conversation:12
    detail     TEXT                               -- plain words or small JSON
);

-- Local CRM records. `crm_id` is the CRM's own id (Pipedrive's "ID") so a later import or the
-- Pipedrive connector updates the same record instead of doubling it.
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT,
    organisation TEXT,
    crm_id       TEXT UNIQUE,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
-- A contact's numbers, E.164 (`+33612345678`), for matching conversations.
CREATE TABLE contact_phones (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    number     TEXT NOT NULL,
    PRIMARY KEY (contact_id, number)
);
CREATE INDEX contact_phones_by_number ON contact_phones (number);

-- Values are decimal text as written by the user or the CRM (`1234.50`), never floats.
CREATE TABLE leads (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    value      TEXT,
    currency   TEXT,
    source     TEXT,
    crm_id     TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX leads_by_contact ON leads (contact_id);

CREATE TABLE deals (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    value      TEXT,
    currency   TEXT,
    stage      TEXT,
    status     TEXT,                              -- open | won | lost, as the CRM says
    crm_id     TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX deals_by_contact ON deals (contact_id);

-- A conversation is linked to at most one record: one contact, lead or deal. Deleting the
-- record deletes the link, never a message.
CREATE TABLE conversation_links (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    contact_id      INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    lead_id         INTEGER REFERENCES leads(id) ON DELETE CASCADE,
    deal_id         INTEGER REFERENCES deals(id) ON DELETE CASCADE,
    linked_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    linked_at       INTEGER NOT NULL,
    CHECK ((contact_id IS NOT NULL) + (lead_id IS NOT NULL) + (deal_id IS NOT NULL) = 1)
);
CREATE INDEX conversation_links_by_contact ON conversation_links (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX conversation_links_by_lead ON conversation_links (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX conversation_links_by_deal ON conversation_links (deal_id) WHERE deal_id IS NOT NULL;

-- The inbox pages by keyset (latest message, then id, both descending), so the order is one
-- index walk; this index replaces the one ordered by date alone.
DROP INDEX conversations_by_recency;
CREATE INDEX conversations_by_recency ON conversations (last_message_at DESC, id DESC);

-- A thread pages the same way on (sent date, else created date, then id); a message being
-- sent has no sent date yet and must still sort as the newest. This index also serves every
-- lookup by conversation, so it replaces `messages_by_conversation`.
DROP INDEX messages_by_conversation;
CREATE INDEX messages_by_thread ON messages (conversation_id, coalesce(date_sent, date_created, 0) DESC, id DESC);
