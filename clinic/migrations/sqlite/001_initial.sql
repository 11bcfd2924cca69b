-- Clinic server schema, version 1. Never edit once shipped: add 002_… instead.
-- Times are RFC 3339 UTC text; a patient-side time also keeps the IANA zone it was made in.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- Failed logins per (lower-cased) email, known or not, so lockout does not reveal accounts.
CREATE TABLE login_throttle (
    email        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT
) STRICT;

CREATE TABLE staff_sessions (
    token_hash   TEXT PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);

CREATE TABLE patients (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    protocol_json TEXT,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE invites (
    code_hash  TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX invites_patient ON invites(patient_id);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    patient_id   TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;
CREATE INDEX devices_patient ON devices(patient_id);

CREATE TABLE checkins (
    id              TEXT PRIMARY KEY,
    patient_id      TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    device_id       TEXT NOT NULL REFERENCES devices(id),
    idempotency_key TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    zone            TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('expected', 'watch', 'contact_clinic', 'urgent')),
    rule_ids        TEXT NOT NULL,
    answers_json    TEXT NOT NULL,
    note            TEXT,
    received_at     TEXT NOT NULL,
    handled_at      TEXT,
    handled_by      INTEGER REFERENCES staff(id),
    handled_note    TEXT,
    UNIQUE (device_id, idempotency_key)
) STRICT;
CREATE INDEX checkins_patient ON checkins(patient_id, recorded_at);

CREATE TABLE treatment_sessions (
    id              TEXT PRIMARY KEY,
    patient_id      TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    device_id       TEXT NOT NULL REFERENCES devices(id),
    idempotency_key TEXT NOT NULL,
    performed_at    TEXT NOT NULL,
    zone            TEXT NOT NULL,
    depth_mm        REAL,
    area            TEXT,
    note            TEXT,
    received_at     TEXT NOT NULL,
    UNIQUE (device_id, idempotency_key)
) STRICT;
CREATE INDEX treatment_sessions_patient ON treatment_sessions(patient_id, performed_at);

CREATE TABLE photos (
    id              TEXT PRIMARY KEY,
    patient_id      TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    device_id       TEXT NOT NULL REFERENCES devices(id),
    idempotency_key TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    byte_len        INTEGER NOT NULL,
    taken_at        TEXT NOT NULL,
    zone            TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    UNIQUE (device_id, idempotency_key)
) STRICT;
CREATE INDEX photos_patient ON photos(patient_id, taken_at);

-- One row per (device, Idempotency-Key): the request's body hash and the answer it got, so a
-- retry gets the same answer and a different body under the same key is refused.
CREATE TABLE idempotency (
    device_id   TEXT NOT NULL REFERENCES devices(id),
    key         TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (device_id, key)
) STRICT;

-- Who read or changed which patient's data, and when. Append-only.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    action     TEXT NOT NULL,
    patient_id TEXT
) STRICT;
CREATE INDEX audit_log_patient ON audit_log(patient_id);
CREATE INDEX audit_log_staff ON audit_log(staff_id);
