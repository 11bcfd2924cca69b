//! Every schema version, in both dialects, side by side: one list, so a change to the schema
//! is written for SQLite and PostgreSQL in the same place (and reviewed together).
//!
//! Version N is what a database holds after step N. SQLite walks every step from 1 (files of
//! every released version exist). PostgreSQL starts at [`POSTGRES_FIRST`]: its first script
//! creates that version's whole schema, so earlier steps have no PostgreSQL text. From there
//! on every step must have both.

/// One step of the schema.
pub struct Migration {
    /// The version this step produces.
    pub version: i64,
    /// The SQLite script (`migrations/sqlite/NNN_*.sql`).
    pub sqlite: &'static str,
    /// The PostgreSQL script (`migrations/postgres/NNN_*.sql`); `None` before
    /// [`POSTGRES_FIRST`].
    pub postgres: Option<&'static str>,
}

/// The first version a PostgreSQL database is created at.
pub const POSTGRES_FIRST: i64 = 8;

/// Every step in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("../../migrations/sqlite/001_initial.sql"),
        postgres: None,
    },
    Migration {
        version: 2,
        sqlite: include_str!("../../migrations/sqlite/002_audit_chain.sql"),
        postgres: None,
    },
    Migration {
        version: 3,
        sqlite: include_str!("../../migrations/sqlite/003_staff_lifecycle.sql"),
        postgres: None,
    },
    Migration {
        version: 4,
        sqlite: include_str!("../../migrations/sqlite/004_roles.sql"),
        postgres: None,
    },
    Migration {
        version: 5,
        sqlite: include_str!("../../migrations/sqlite/005_staff_mfa.sql"),
        postgres: None,
    },
    Migration {
        version: 6,
        sqlite: include_str!("../../migrations/sqlite/006_clinics.sql"),
        postgres: None,
    },
    Migration {
        version: 7,
        sqlite: include_str!("../../migrations/sqlite/007_staff_alerts.sql"),
        postgres: None,
    },
    Migration {
        version: 8,
        sqlite: include_str!("../../migrations/sqlite/008_device_activity.sql"),
        postgres: Some(include_str!("../../migrations/postgres/008_initial.sql")),
    },
    Migration {
        version: 9,
        sqlite: include_str!("../../migrations/sqlite/009_clinic_replies.sql"),
        postgres: Some(include_str!("../../migrations/postgres/009_clinic_replies.sql")),
    },
    Migration {
        version: 10,
        sqlite: include_str!("../../migrations/sqlite/010_clinic_alert_emails.sql"),
        postgres: Some(include_str!("../../migrations/postgres/010_clinic_alert_emails.sql")),
    },
];

/// The schema version this build writes, on either backend.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_in_order_and_postgres_has_every_step_from_its_first() {
        for (index, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i64::try_from(index + 1).unwrap());
            assert_eq!(m.postgres.is_some(), m.version >= POSTGRES_FIRST, "step {}", m.version);
        }
    }
}
