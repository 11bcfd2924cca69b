-- 003: the patient's reminder preferences (one row; absent = defaults). Never edit once shipped.
-- Times are minutes since local midnight; quiet hours are both NULL (none) or both set.
CREATE TABLE reminder_prefs (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    morning_minute INTEGER NOT NULL CHECK (morning_minute BETWEEN 0 AND 1439),
    evening_minute INTEGER NOT NULL CHECK (evening_minute BETWEEN 0 AND 1439),
    quiet_start_minute INTEGER CHECK (quiet_start_minute BETWEEN 0 AND 1439),
    quiet_end_minute INTEGER CHECK (quiet_end_minute BETWEEN 0 AND 1439),
    off_kinds TEXT NOT NULL DEFAULT '[]',   -- JSON array of kind keys, e.g. ["check_in_nudge"]
    CHECK ((quiet_start_minute IS NULL) = (quiet_end_minute IS NULL))
) STRICT;
