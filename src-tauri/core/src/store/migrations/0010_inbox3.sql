-- Schema: the inbox marks the messages Passerelle sent from a template.
-- Never edit this file once shipped: add a new migration instead.

-- The template (Twilio Content SID, HX…) a message was sent from, when Passerelle sent it
-- that way. Twilio's message resource does not say it, so older messages and messages sent
-- by other tools stay NULL; the sync never writes this column.
ALTER TABLE messages ADD COLUMN content_sid TEXT;
