-- 007: the screening questions answered "yes" for each session, as a JSON array of keys
-- (clinical review, major 15). Sessions stored before keep '[]': not asked then.
-- Never edit once shipped.
ALTER TABLE sessions ADD COLUMN screening TEXT NOT NULL DEFAULT '[]';
