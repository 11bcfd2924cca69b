-- Version 7 (numbered after 006, the tenancy migration written alongside; on this branch it is
-- applied sixth until that one lands). Never edit once shipped: add the next number instead.
-- Staff alerts: a check-in that asks the clinic to respond (contact_clinic or urgent) queues
-- one alert in the same transaction that stores it (the trigger), so no acknowledged upload can
-- lose its alert to a crash. Delivery state is kept per channel; an alert is retried until its
-- channel delivers it or staff acknowledge it in the portal.
CREATE TABLE staff_alerts (
    id               INTEGER PRIMARY KEY,
    checkin_id       TEXT NOT NULL UNIQUE REFERENCES checkins (id),
    patient_id       TEXT NOT NULL REFERENCES patients (id),
    level            TEXT NOT NULL CHECK (level IN ('contact_clinic', 'urgent')),
    created_at       TEXT NOT NULL,
    acknowledged_at  TEXT,
    acknowledged_by  INTEGER REFERENCES staff (id)
);
CREATE INDEX staff_alerts_open ON staff_alerts (acknowledged_at, created_at);

-- One row per alert and channel ('email', 'webhook'), made by the delivery worker for the
-- channels configured when it first sees the alert.
CREATE TABLE staff_alert_deliveries (
    alert_id         INTEGER NOT NULL REFERENCES staff_alerts (id),
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    delivered_at     TEXT,
    last_error       TEXT,
    PRIMARY KEY (alert_id, channel)
) WITHOUT ROWID;

CREATE TRIGGER staff_alert_on_checkin AFTER INSERT ON checkins
WHEN NEW.level IN ('contact_clinic', 'urgent')
BEGIN
    INSERT INTO staff_alerts (checkin_id, patient_id, level, created_at)
    VALUES (NEW.id, NEW.patient_id, NEW.level, NEW.received_at);
END;
