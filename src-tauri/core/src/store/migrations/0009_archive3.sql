-- Insights: failures by error code read from a small partial index (failed messages only)
-- instead of a scan of every message.
CREATE INDEX messages_failed ON messages (error_code) WHERE error_code IS NOT NULL;

-- Spend per month (UTC, by sent date) and currency, from Twilio's `price` (negative text such
-- as "-0.00500") and `price_unit`, in millionths so sums stay exact. Kept in step by the
-- triggers below in the transaction that writes the message: a price often arrives with a
-- later status update, so a change of price moves the amount too.
CREATE TABLE message_month_spend (
    month    TEXT NOT NULL,                        -- 'YYYY-MM' (UTC) of date_sent; '' unknown
    currency TEXT NOT NULL,                        -- price_unit, upper case ('USD')
    micros   INTEGER NOT NULL DEFAULT 0,           -- sum of |price| × 1,000,000
    priced   INTEGER NOT NULL DEFAULT 0,           -- messages with a price
    PRIMARY KEY (month, currency)
) WITHOUT ROWID;

INSERT INTO message_month_spend (month, currency, micros, priced)
SELECT coalesce(strftime('%Y-%m', date_sent, 'unixepoch'), ''), upper(price_unit),
       sum(CAST(round(abs(CAST(price AS REAL)) * 1000000) AS INTEGER)), count(*)
FROM messages WHERE price IS NOT NULL AND price <> '' AND price_unit IS NOT NULL
GROUP BY 1, 2;

CREATE TRIGGER message_month_spend_added AFTER INSERT ON messages
WHEN new.price IS NOT NULL AND new.price <> '' AND new.price_unit IS NOT NULL
BEGIN
    INSERT INTO message_month_spend (month, currency, micros, priced)
    VALUES (coalesce(strftime('%Y-%m', new.date_sent, 'unixepoch'), ''), upper(new.price_unit),
            CAST(round(abs(CAST(new.price AS REAL)) * 1000000) AS INTEGER), 1)
    ON CONFLICT (month, currency) DO UPDATE SET
        micros = micros + excluded.micros, priced = priced + 1;
END;

CREATE TRIGGER message_month_spend_removed AFTER DELETE ON messages
WHEN old.price IS NOT NULL AND old.price <> '' AND old.price_unit IS NOT NULL
BEGIN
    UPDATE message_month_spend SET
        micros = micros - CAST(round(abs(CAST(old.price AS REAL)) * 1000000) AS INTEGER),
        priced = priced - 1
    WHERE month = coalesce(strftime('%Y-%m', old.date_sent, 'unixepoch'), '')
      AND currency = upper(old.price_unit);
END;

CREATE TRIGGER message_month_spend_changed AFTER UPDATE OF price, price_unit, date_sent ON messages
WHEN old.price IS NOT new.price OR old.price_unit IS NOT new.price_unit
  OR old.date_sent IS NOT new.date_sent
BEGIN
    UPDATE message_month_spend SET
        micros = micros - CAST(round(abs(CAST(old.price AS REAL)) * 1000000) AS INTEGER),
        priced = priced - 1
    WHERE old.price IS NOT NULL AND old.price <> '' AND old.price_unit IS NOT NULL
      AND month = coalesce(strftime('%Y-%m', old.date_sent, 'unixepoch'), '')
      AND currency = upper(old.price_unit);
    INSERT INTO message_month_spend (month, currency, micros, priced)
    SELECT coalesce(strftime('%Y-%m', new.date_sent, 'unixepoch'), ''), upper(new.price_unit),
           CAST(round(abs(CAST(new.price AS REAL)) * 1000000) AS INTEGER), 1
    WHERE new.price IS NOT NULL AND new.price <> '' AND new.price_unit IS NOT NULL
    ON CONFLICT (month, currency) DO UPDATE SET
        micros = micros + excluded.micros, priced = priced + 1;
END;

-- Response times: for each reply of the business, the seconds since the customer's first
-- message it answers (UTC month of the reply). Worked out per conversation when the insights
-- are read, again only for conversations whose messages changed since (reply_times_done).
CREATE TABLE reply_times (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    month           TEXT NOT NULL,                 -- 'YYYY-MM' (UTC) of the reply
    seconds         INTEGER NOT NULL
);
CREATE INDEX reply_times_by_month ON reply_times (month, seconds);
CREATE INDEX reply_times_by_conversation ON reply_times (conversation_id);

CREATE TABLE reply_times_done (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    message_count   INTEGER NOT NULL,
    last_message_at INTEGER
);
