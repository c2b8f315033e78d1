-- Schema: the variables a template message was sent with.
-- Never edit this file once shipped: add a new migration instead.

-- A failed template message is sent again as that same template (outside the 24-hour window
-- free text is refused), which needs the values its variables had. Twilio's message resource
-- keeps neither the template nor its variables, so only messages Passerelle sends from now on
-- have a row; erasing a message erases its row.
CREATE TABLE template_sends (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    -- JSON object: variable name → value ({"1": "Ana", "2": "mardi"}).
    variables TEXT NOT NULL
);
