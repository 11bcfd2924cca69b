-- The patient learns what became of a shared check-in (issue 19): when staff first saw it
-- (opened the patient's page after it arrived, or handled it) and staff's latest short reply.
-- The app reads them with GET /api/v1/checkins/responses; internal notes stay in checkin_notes.
ALTER TABLE checkins ADD COLUMN seen_at TEXT;
ALTER TABLE checkins ADD COLUMN reply TEXT;
ALTER TABLE checkins ADD COLUMN reply_at TEXT;

-- Handled before this version means seen then.
UPDATE checkins SET seen_at = handled_at WHERE handled_at IS NOT NULL;
