-- 004: the photo journal. Files live in <data dir>/photos/, named by the SHA-256 of their bytes.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    taken_utc_ms INTEGER NOT NULL,
    taken_source TEXT NOT NULL CHECK (taken_source IN ('camera', 'given', 'import_time')),
    -- The session and whole days since its start, as the core placed the photo at import.
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    day_index INTEGER CHECK (day_index >= 0),
    area TEXT,
    note TEXT,
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    thumb_sha256 TEXT NOT NULL CHECK (length(thumb_sha256) = 64),
    imported_utc_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX photos_by_taken ON photos (taken_utc_ms);
CREATE INDEX photos_by_session ON photos (session_id);
