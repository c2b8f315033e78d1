-- A first backfill (an empty archive filled from Twilio) writes the message rows only: the
-- secondary indexes and insert triggers of `messages` are set aside here, with their
-- definitions, and built once when the backfill ends (with the search index, the month counts
-- and the conversation summaries), in one transaction. A process killed at any moment resumes
-- from these rows: while any is here, the archive's derived data is still to be built.
-- Never edit this file once shipped: add a new migration instead.
CREATE TABLE deferred_structures (
    name TEXT PRIMARY KEY,   -- an index or trigger on `messages`, dropped for the backfill
    sql  TEXT NOT NULL       -- its definition, as sqlite_master held it
);

-- The WhatsApp profile name Twilio gave with an inbound message (`ProfileName`): kept per
-- message, so a conversation's name can be rebuilt from its messages (the latest one wins).
ALTER TABLE messages ADD COLUMN profile_name TEXT;
