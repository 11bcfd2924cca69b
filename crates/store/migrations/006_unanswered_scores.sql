-- 006: a check-in's scores may be unanswered (NULL): an urgent check-in is sent the moment the
-- urgent sign is ticked, and a stand-in 0 would be a false answer (clinical review, major 10).
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt with every row kept.
-- Never edit once shipped.
CREATE TABLE checkins_006 (
    id INTEGER PRIMARY KEY,
    taken_utc_ms INTEGER NOT NULL,
    zone TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    day_index INTEGER NOT NULL CHECK (day_index >= 0),
    redness INTEGER CHECK (redness BETWEEN 0 AND 4),
    swelling INTEGER CHECK (swelling BETWEEN 0 AND 3),
    pain INTEGER CHECK (pain BETWEEN 0 AND 10),
    itch INTEGER CHECK (itch BETWEEN 0 AND 10),
    temperature_tenths_c INTEGER CHECK (temperature_tenths_c BETWEEN 340 AND 430),
    discharge TEXT CHECK (discharge IN ('none', 'clear', 'blood', 'pus')),
    signs TEXT NOT NULL,
    note TEXT,
    level TEXT NOT NULL CHECK (level IN ('expected', 'watch', 'contact_clinic', 'urgent')),
    rules TEXT NOT NULL,
    advice TEXT NOT NULL,
    flagged_for_sharing INTEGER NOT NULL,
    created_utc_ms INTEGER NOT NULL
) STRICT;
INSERT INTO checkins_006 SELECT * FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_006 RENAME TO checkins;
CREATE INDEX checkins_by_taken ON checkins (taken_utc_ms);
CREATE INDEX checkins_by_session ON checkins (session_id);
