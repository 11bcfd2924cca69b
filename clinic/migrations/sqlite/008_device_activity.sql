-- Device tokens end three ways (security review M5): staff stop sharing, the patient unlinks
-- (DELETE /api/v1/device), or the token goes unused past `clinic serve --device-idle-days`.
-- `revoked_by` says which; every earlier revocation was staff's (the only way there was).
-- `last_used_at` is written at most every few minutes (api/device.rs), never per request.
ALTER TABLE devices ADD COLUMN last_used_at TEXT;
ALTER TABLE devices ADD COLUMN revoked_by TEXT
    CHECK (revoked_by IS NULL OR revoked_by IN ('staff', 'patient', 'expired'));

UPDATE devices SET revoked_by = 'staff' WHERE revoked_at IS NOT NULL;

-- The last use known before this version: the latest upload, else the enrollment. A token idle
-- for longer than the limit before the upgrade is refused after it, as one idle after it is.
UPDATE devices SET last_used_at = max(
    created_at,
    coalesce((SELECT max(received_at) FROM checkins c WHERE c.device_id = devices.id), ''),
    coalesce((SELECT max(received_at) FROM treatment_sessions t WHERE t.device_id = devices.id), ''),
    coalesce((SELECT max(received_at) FROM photos p WHERE p.device_id = devices.id), '')
);
