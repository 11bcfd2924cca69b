-- Version 5. Never edit once shipped: add 006_… instead.
-- A second factor for every staff account (review H2): a TOTP secret (RFC 6238), set when the
-- enrolment page is first shown and trusted once a code from it was confirmed; ten single-use
-- recovery codes kept only as SHA-256; and, per session, when a code was last given. A session
-- with no code yet (`mfa_at` NULL) reaches only the code page, so every session from before this
-- version must give one (and every account from before must enrol) on its next request.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_enrolled_at TEXT;
-- The last 30-second step whose code was accepted: a code is never accepted twice (RFC 6238 §5.2).
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
ALTER TABLE staff_sessions ADD COLUMN mfa_at TEXT;
CREATE TABLE staff_recovery_codes (
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (staff_id, code_hash)
) WITHOUT ROWID;
