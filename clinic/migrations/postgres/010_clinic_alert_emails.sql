-- Per-clinic alert email addresses (issues 19 and 22): a check-in's email alert goes to its
-- clinic's own staff. One address a line (an address never holds a line break: the server
-- refuses CR and LF in one); '' means none, and the clinic's alerts go to the server's
-- --smtp-to addresses.
ALTER TABLE clinics ADD COLUMN alert_emails TEXT NOT NULL DEFAULT '';
