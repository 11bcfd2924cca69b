-- 005: the clinic link and the outbox of items shared with the clinic (share API v1).
-- The token is NOT here: it lives in the platform's secret store (the CLI: an owner-only file).
CREATE TABLE clinic_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server TEXT NOT NULL,
    device_id TEXT NOT NULL,
    clinic_name TEXT NOT NULL,
    clinic_phone TEXT NOT NULL,
    after_hours_advice TEXT NOT NULL,
    auto_share INTEGER NOT NULL CHECK (auto_share IN (0, 1)),
    -- The clinic answered 401: the queue stops until the patient links again.
    relink_needed INTEGER NOT NULL DEFAULT 0 CHECK (relink_needed IN (0, 1)),
    linked_utc_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('checkin', 'photo', 'session')),
    -- The local record's id: with kind, one outbox item per record (sharing twice queues once).
    local_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    -- Made once at enqueue (UUIDv4) and sent on every retry, so the clinic stores it once.
    idempotency_key TEXT NOT NULL UNIQUE,
    -- API path with its query, built by the core.
    path TEXT NOT NULL,
    -- Exactly one of: the JSON body, or the photo whose stored JPEG is the body.
    body_json TEXT,
    photo_id INTEGER,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    queued_utc_ms INTEGER NOT NULL,
    -- NULL: due now.
    next_attempt_utc_ms INTEGER,
    sent_utc_ms INTEGER,
    last_error TEXT,
    -- The clinic's id of the stored record, from its answer.
    server_id TEXT,
    UNIQUE (kind, local_id),
    CHECK ((body_json IS NULL) <> (photo_id IS NULL))
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_utc_ms);
