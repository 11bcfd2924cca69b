-- 008: the language the patient chose in the app (one row; absent = not chosen, the platform's
-- locale decides). A BCP-47 tag as the core writes it ("en", "es"). Never edit once shipped.
CREATE TABLE language_choice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tag TEXT NOT NULL CHECK (length(tag) BETWEEN 2 AND 35)
) STRICT;
