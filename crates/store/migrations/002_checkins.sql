-- 002: symptom check-ins with the triage result the patient was shown. Never edit once shipped.
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    taken_utc_ms INTEGER NOT NULL,
    zone TEXT NOT NULL,
    -- A deleted session leaves its check-ins in the history (they are the patient's record).
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    day_index INTEGER NOT NULL CHECK (day_index >= 0),
    redness INTEGER NOT NULL CHECK (redness BETWEEN 0 AND 4),
    swelling INTEGER NOT NULL CHECK (swelling BETWEEN 0 AND 3),
    pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    itch INTEGER NOT NULL CHECK (itch BETWEEN 0 AND 10),
    temperature_tenths_c INTEGER CHECK (temperature_tenths_c BETWEEN 340 AND 430),
    discharge TEXT CHECK (discharge IN ('none', 'clear', 'blood', 'pus')),
    signs TEXT NOT NULL,   -- JSON array of sign keys, e.g. ["warmth","spreading"]
    note TEXT,
    level TEXT NOT NULL CHECK (level IN ('expected', 'watch', 'contact_clinic', 'urgent')),
    rules TEXT NOT NULL,   -- JSON array of rule ids, e.g. ["C1","C2"]
    advice TEXT NOT NULL,
    flagged_for_sharing INTEGER NOT NULL,
    created_utc_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX checkins_by_taken ON checkins (taken_utc_ms);
CREATE INDEX checkins_by_session ON checkins (session_id);
