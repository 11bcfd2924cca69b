-- Version 4. Never edit once shipped: add 005_… instead.
-- Each staff account has one role: 'clinician' (patients: list, pages, photos, FHIR export,
-- notes, invites, device revocation) or 'admin' (the audit log and staff management; no
-- patient data). Accounts from before roles become clinicians: that is what they used the
-- portal for; an admin is made with `clinic staff set-role`.
ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'clinician'
    CHECK (role IN ('admin', 'clinician'));
