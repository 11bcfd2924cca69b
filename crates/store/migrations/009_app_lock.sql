-- 009: the optional app lock (one row; absent = never turned on, which is off). Never edit once
-- shipped.
CREATE TABLE app_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
) STRICT;
