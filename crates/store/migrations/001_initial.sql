-- 001: profile, sessions and the care protocol in use. Never edit once shipped: add 002.
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cold_sore_history INTEGER NOT NULL DEFAULT 0,
    fitzpatrick INTEGER CHECK (fitzpatrick BETWEEN 1 AND 6),
    pregnant INTEGER NOT NULL DEFAULT 0,
    isotretinoin_last_6_months INTEGER NOT NULL DEFAULT 0,
    anticoagulants INTEGER NOT NULL DEFAULT 0,
    keloid_tendency INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    start_utc_ms INTEGER NOT NULL,
    zone TEXT NOT NULL,
    depth_um INTEGER NOT NULL CHECK (depth_um > 0 AND depth_um <= 3000),
    areas TEXT NOT NULL,   -- JSON array of area keys, e.g. ["face","neck"]
    device TEXT,
    notes TEXT,
    created_utc_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_start ON sessions (start_utc_ms);

CREATE TABLE care_protocol (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL,
    adopted_utc_ms INTEGER NOT NULL
) STRICT;
