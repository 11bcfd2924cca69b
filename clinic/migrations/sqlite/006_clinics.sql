-- Version 6. Never edit once shipped: add 007_… instead.
-- Tenancy (review M8): a clinic is a record, and every patient, invite, device, upload, photo,
-- staff note and audit row names the clinic it belongs to. Staff accounts stay server-wide and
-- get a role per clinic they work for; a session works in one of them at a time.
-- Everything that exists already belongs to clinic 1, "default", whose name, phone and
-- after-hours advice the Rust step copies from the old `settings` row (or the defaults), so
-- a single-clinic server keeps answering exactly as before.
-- clinic_id columns are added without NOT NULL (SQLite cannot add one to a filled table), so
-- triggers refuse a row without a clinic, a child row in another clinic than its patient (or
-- check-in), and any change of a row's clinic: a second wall behind the scoped queries.

CREATE TABLE clinics (
    id                 INTEGER PRIMARY KEY,
    -- Short name the command line uses (`--clinic north`).
    slug               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name               TEXT NOT NULL,
    phone              TEXT NOT NULL,
    after_hours_advice TEXT NOT NULL,
    -- Care protocol JSON for this clinic's new patients; NULL: the app's built-in one.
    protocol_json      TEXT,
    created_at         TEXT NOT NULL
) STRICT;
INSERT INTO clinics (id, slug, name, phone, after_hours_advice, created_at)
VALUES (1, 'default', '', '', '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE staff_clinics (
    staff_id  INTEGER NOT NULL REFERENCES staff (id),
    clinic_id INTEGER NOT NULL REFERENCES clinics (id),
    role      TEXT NOT NULL CHECK (role IN ('admin', 'clinician')),
    PRIMARY KEY (staff_id, clinic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_clinics_clinic ON staff_clinics (clinic_id);
-- staff.role (version 4) becomes the account's role in the default clinic and is not read again.
INSERT INTO staff_clinics (staff_id, clinic_id, role) SELECT id, 1, role FROM staff;

-- The clinic a session works in; the session's role is its account's role there.
ALTER TABLE staff_sessions ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
UPDATE staff_sessions SET clinic_id = 1;

ALTER TABLE patients ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE invites ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE devices ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE checkins ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE treatment_sessions ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE photos ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
ALTER TABLE checkin_notes ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
-- NULL for what concerns no clinic: a login attempt for an unknown email, a command-line
-- change to a staff account. Rows from here on chain it too (store/sqlite/audit.rs); rows
-- before were chained without it, so `settings` notes the first row that covers it.
ALTER TABLE audit_log ADD COLUMN clinic_id INTEGER REFERENCES clinics (id);
INSERT INTO settings (key, value)
SELECT 'audit_clinic_chained_from', CAST(coalesce(max(id), 0) + 1 AS TEXT) FROM audit_log;

UPDATE patients SET clinic_id = 1;
UPDATE invites SET clinic_id = 1;
UPDATE devices SET clinic_id = 1;
UPDATE checkins SET clinic_id = 1;
UPDATE treatment_sessions SET clinic_id = 1;
UPDATE photos SET clinic_id = 1;
-- The append-only triggers step aside for this one assignment only.
DROP TRIGGER checkin_notes_no_update;
UPDATE checkin_notes SET clinic_id = 1;
CREATE TRIGGER checkin_notes_no_update BEFORE UPDATE ON checkin_notes
BEGIN
    SELECT RAISE(ABORT, 'checkin_notes is append-only');
END;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET clinic_id = 1;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE INDEX patients_clinic ON patients (clinic_id);
CREATE INDEX audit_log_clinic ON audit_log (clinic_id, id);

CREATE TRIGGER patients_clinic_required BEFORE INSERT ON patients
WHEN NEW.clinic_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a patient belongs to a clinic');
END;
CREATE TRIGGER invites_same_clinic BEFORE INSERT ON invites
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM patients WHERE id = NEW.patient_id)
BEGIN
    SELECT RAISE(ABORT, 'an invite belongs to its patient''s clinic');
END;
CREATE TRIGGER devices_same_clinic BEFORE INSERT ON devices
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM patients WHERE id = NEW.patient_id)
BEGIN
    SELECT RAISE(ABORT, 'a device belongs to its patient''s clinic');
END;
CREATE TRIGGER checkins_same_clinic BEFORE INSERT ON checkins
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM patients WHERE id = NEW.patient_id)
BEGIN
    SELECT RAISE(ABORT, 'a check-in belongs to its patient''s clinic');
END;
CREATE TRIGGER treatment_sessions_same_clinic BEFORE INSERT ON treatment_sessions
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM patients WHERE id = NEW.patient_id)
BEGIN
    SELECT RAISE(ABORT, 'a treatment session belongs to its patient''s clinic');
END;
CREATE TRIGGER photos_same_clinic BEFORE INSERT ON photos
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM patients WHERE id = NEW.patient_id)
BEGIN
    SELECT RAISE(ABORT, 'a photo belongs to its patient''s clinic');
END;
CREATE TRIGGER checkin_notes_same_clinic BEFORE INSERT ON checkin_notes
WHEN NEW.clinic_id IS NOT (SELECT clinic_id FROM checkins WHERE id = NEW.checkin_id)
BEGIN
    SELECT RAISE(ABORT, 'a note belongs to its check-in''s clinic');
END;

CREATE TRIGGER patients_clinic_fixed BEFORE UPDATE OF clinic_id ON patients
BEGIN
    SELECT RAISE(ABORT, 'a patient never changes clinic');
END;
CREATE TRIGGER invites_clinic_fixed BEFORE UPDATE OF clinic_id ON invites
BEGIN
    SELECT RAISE(ABORT, 'an invite never changes clinic');
END;
CREATE TRIGGER devices_clinic_fixed BEFORE UPDATE OF clinic_id ON devices
BEGIN
    SELECT RAISE(ABORT, 'a device never changes clinic');
END;
CREATE TRIGGER checkins_clinic_fixed BEFORE UPDATE OF clinic_id ON checkins
BEGIN
    SELECT RAISE(ABORT, 'a check-in never changes clinic');
END;
CREATE TRIGGER treatment_sessions_clinic_fixed BEFORE UPDATE OF clinic_id ON treatment_sessions
BEGIN
    SELECT RAISE(ABORT, 'a treatment session never changes clinic');
END;
CREATE TRIGGER photos_clinic_fixed BEFORE UPDATE OF clinic_id ON photos
BEGIN
    SELECT RAISE(ABORT, 'a photo never changes clinic');
END;
