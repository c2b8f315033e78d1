-- The offline archive: per-month counts kept as messages are written (so `status` never
-- scans messages), and a full-text index whose row ids follow message time (so "newest
-- first" comes from the index itself, and a date range is a row-id range).
-- Never edit this file once shipped: add a new migration instead.

-- Messages per business sender and month, by direction. Kept in step by the triggers below,
-- in the transaction that writes the message (a sync page, a reply, an import, an erasure).
CREATE TABLE message_months (
    sender_id INTEGER NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
    month     TEXT NOT NULL,                      -- 'YYYY-MM' (UTC) of date_sent; '' unknown
    inbound   INTEGER NOT NULL DEFAULT 0,
    outbound  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sender_id, month)
) WITHOUT ROWID;

INSERT INTO message_months (sender_id, month, inbound, outbound)
SELECT c.sender_id, coalesce(strftime('%Y-%m', m.date_sent, 'unixepoch'), ''),
       sum(m.direction = 'inbound'), sum(m.direction <> 'inbound')
FROM messages m JOIN conversations c ON c.id = m.conversation_id
GROUP BY 1, 2;

CREATE TRIGGER message_months_added AFTER INSERT ON messages
BEGIN
    INSERT INTO message_months (sender_id, month, inbound, outbound)
    VALUES ((SELECT sender_id FROM conversations WHERE id = new.conversation_id),
            coalesce(strftime('%Y-%m', new.date_sent, 'unixepoch'), ''),
            new.direction = 'inbound', new.direction <> 'inbound')
    ON CONFLICT (sender_id, month) DO UPDATE SET
        inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound;
END;

CREATE TRIGGER message_months_removed AFTER DELETE ON messages
BEGIN
    UPDATE message_months SET
        inbound = inbound - (old.direction = 'inbound'),
        outbound = outbound - (old.direction <> 'inbound')
    WHERE sender_id = (SELECT sender_id FROM conversations WHERE id = old.conversation_id)
      AND month = coalesce(strftime('%Y-%m', old.date_sent, 'unixepoch'), '');
END;

-- A queued message gets its sent date later: it moves from '' to its month.
CREATE TRIGGER message_months_moved AFTER UPDATE OF date_sent, direction, conversation_id ON messages
WHEN old.date_sent IS NOT new.date_sent OR old.direction IS NOT new.direction
  OR old.conversation_id IS NOT new.conversation_id
BEGIN
    UPDATE message_months SET
        inbound = inbound - (old.direction = 'inbound'),
        outbound = outbound - (old.direction <> 'inbound')
    WHERE sender_id = (SELECT sender_id FROM conversations WHERE id = old.conversation_id)
      AND month = coalesce(strftime('%Y-%m', old.date_sent, 'unixepoch'), '');
    INSERT INTO message_months (sender_id, month, inbound, outbound)
    VALUES ((SELECT sender_id FROM conversations WHERE id = new.conversation_id),
            coalesce(strftime('%Y-%m', new.date_sent, 'unixepoch'), ''),
            new.direction = 'inbound', new.direction <> 'inbound')
    ON CONFLICT (sender_id, month) DO UPDATE SET
        inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound;
END;

-- The search index replaces messages_fts. Contentless: the text indexed is the body as
-- `passerelle_search_text()` normalises it (zero-width characters removed so they cannot
-- split a word, emoji set apart so each is a word of its own), registered by the core on every
-- connection. Its row id is the search key: (date_sent, else date_created) << 30 | message id,
-- unique while ids stay below 2^30, and ordered by message time.
DROP TRIGGER messages_fts_body_changed;
DROP TRIGGER messages_fts_deleted;
DROP TABLE messages_fts;

CREATE VIRTUAL TABLE message_search USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co So'"
);

INSERT INTO message_search (rowid, text)
SELECT (max(coalesce(date_sent, date_created, 0), 0) << 30) | id, passerelle_search_text(body)
FROM messages;

CREATE TRIGGER message_search_deleted AFTER DELETE ON messages
BEGIN
    DELETE FROM message_search
    WHERE rowid = (max(coalesce(old.date_sent, old.date_created, 0), 0) << 30) | old.id;
END;

-- New rows are indexed once per batch by their writer; a changed body or date re-indexes here.
CREATE TRIGGER message_search_changed AFTER UPDATE OF body, date_sent, date_created ON messages
WHEN old.body IS NOT new.body
  OR coalesce(old.date_sent, old.date_created, 0) IS NOT coalesce(new.date_sent, new.date_created, 0)
BEGIN
    DELETE FROM message_search
    WHERE rowid = (max(coalesce(old.date_sent, old.date_created, 0), 0) << 30) | old.id;
    INSERT OR REPLACE INTO message_search (rowid, text)
    VALUES ((max(coalesce(new.date_sent, new.date_created, 0), 0) << 30) | new.id,
            passerelle_search_text(new.body));
END;
