-- Schema: the "Move my number" wizard (one migration per business number).
-- Never edit this file once shipped: add a new migration instead.

-- Set when the number has moved to another provider: the sync stops asking Twilio for it and
-- the inbox shows it read-only. Its archived history stays.
ALTER TABLE senders ADD COLUMN moved_away_at INTEGER;

-- The wizard's state for one business number, as the core's serde enum (JSON), so the wizard
-- resumes at the same step after a restart.
CREATE TABLE number_moves (
    sender_address TEXT PRIMARY KEY,            -- whatsapp:+E164
    state          TEXT NOT NULL,               -- JSON of number_move::MoveState
    updated_at     INTEGER NOT NULL
);
