-- Insights: failures by error code read from a small partial index (failed messages only)
-- instead of a scan of every message.
CREATE INDEX messages_failed ON messages (error_code) WHERE error_code IS NOT NULL;
