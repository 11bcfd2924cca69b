-- Version 3. Never edit once shipped: add 004_… instead.
-- Staff accounts can be disabled (and enabled again) and removed. A removed account stays as
-- a tombstone row: its email is renamed to free the address, its password can never match,
-- and every row that names it (audit_log, checkins.handled_by, checkin_notes) still resolves.
ALTER TABLE staff ADD COLUMN disabled_at TEXT;
ALTER TABLE staff ADD COLUMN removed_at TEXT;
