-- Version 2. Never edit once shipped: add 003_… instead.
-- The audit log becomes append-only (triggers refuse UPDATE and DELETE) and hash-chained
-- (row_hash = sha256 of prev_hash and the row's content; see store/sqlite/audit.rs), and
-- records the actor's name, the client address and what was acted on. Rows of version 1 are
-- copied over, renumbered from 1 and chained, by the Rust step that runs right after this
-- script in the same transaction (it also drops audit_log_v1).
-- "Mark handled" keeps every note in checkin_notes instead of overwriting the last one.

ALTER TABLE audit_log RENAME TO audit_log_v1;
DROP INDEX audit_log_patient;
DROP INDEX audit_log_staff;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    -- NULL when no account acted: an unknown email at login, a device, the command line.
    staff_id   INTEGER REFERENCES staff(id),
    -- Who, by name at the time: an email, 'cli' or 'device'. Survives the account's removal.
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    patient_id TEXT,
    -- What was acted on: a check-in or device id, an account's email, an attempt number.
    subject    TEXT,
    -- Client IP address of the request (NULL on the command line).
    address    TEXT,
    prev_hash  TEXT NOT NULL,
    row_hash   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_patient ON audit_log(patient_id);
CREATE INDEX audit_log_staff ON audit_log(staff_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Every note staff wrote about a check-in, oldest first; checkins.handled_at stays the time
-- of the first one. No UPDATE; rows go only with their check-in.
CREATE TABLE checkin_notes (
    id         INTEGER PRIMARY KEY,
    checkin_id TEXT NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    staff_id   INTEGER REFERENCES staff(id),
    author     TEXT NOT NULL,
    note       TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX checkin_notes_checkin ON checkin_notes(checkin_id, id);
CREATE INDEX checkin_notes_staff ON checkin_notes(staff_id);
CREATE TRIGGER checkin_notes_no_update BEFORE UPDATE ON checkin_notes
BEGIN
    SELECT RAISE(ABORT, 'checkin_notes is append-only');
END;

INSERT INTO checkin_notes (checkin_id, staff_id, author, note, at)
SELECT c.id, c.handled_by, coalesce(s.email, 'unknown'), coalesce(c.handled_note, ''), c.handled_at
FROM checkins c LEFT JOIN staff s ON s.id = c.handled_by
WHERE c.handled_at IS NOT NULL
ORDER BY c.handled_at;
