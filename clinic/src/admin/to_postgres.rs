//! `clinic migrate-to-postgres`: copies a SQLite server's records into a new PostgreSQL
//! database, in one transaction, and proves the copy: per table, the row count and a SHA-256
//! over every row (ordered by key, each value typed) must be equal on both sides, or nothing
//! is committed. Photos stay where they are (`--data-dir` of `serve` points at them).

use std::fmt::Write as _;
use std::path::Path;

use postgres::types::{ToSql, Type};
use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use crate::store::postgres::PostgresStore;
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::cipher::{self, DbKey};

/// One table: its name, the SQLite expressions for PostgreSQL's columns (in PostgreSQL's
/// order), and the key rows are ordered by for the checksum.
struct Table {
    name: &'static str,
    columns: &'static str,
    sqlite: Option<&'static str>,
    key: &'static str,
}

const fn table(name: &'static str, columns: &'static str, key: &'static str) -> Table {
    Table { name, columns, sqlite: None, key }
}

/// Parents before children. `idempotency` and `staff_alerts` carry their clinic on
/// PostgreSQL (for its row policies); on SQLite it comes from the device or the patient.
const TABLES: &[Table] = &[
    table("settings", "key, value", "key"),
    table(
        "clinics",
        "id, slug, name, phone, after_hours_advice, protocol_json, created_at, alert_emails",
        "id",
    ),
    table(
        "staff",
        "id, email, password_hash, created_at, disabled_at, removed_at, role, totp_secret, \
         totp_enrolled_at, totp_last_step",
        "id",
    ),
    table("login_throttle", "email, failures, locked_until", "email"),
    table("staff_clinics", "staff_id, clinic_id, role", "staff_id, clinic_id"),
    table(
        "staff_sessions",
        "token_hash, staff_id, csrf_token, created_at, last_seen_at, mfa_at, clinic_id",
        "token_hash",
    ),
    table("staff_recovery_codes", "staff_id, code_hash, used_at", "staff_id, code_hash"),
    table("patients", "id, name, protocol_json, created_at, clinic_id", "id"),
    table(
        "invites",
        "code_hash, patient_id, created_at, expires_at, used_at, clinic_id",
        "code_hash",
    ),
    table(
        "devices",
        "id, patient_id, token_hash, label, created_at, revoked_at, clinic_id, last_used_at, \
         revoked_by",
        "id",
    ),
    table(
        "checkins",
        "id, patient_id, device_id, idempotency_key, recorded_at, zone, level, rule_ids, \
         answers_json, note, received_at, handled_at, handled_by, handled_note, clinic_id, \
         seen_at, reply, reply_at",
        "id",
    ),
    table(
        "treatment_sessions",
        "id, patient_id, device_id, idempotency_key, performed_at, zone, depth_mm, area, note, \
         received_at, clinic_id",
        "id",
    ),
    table(
        "photos",
        "id, patient_id, device_id, idempotency_key, sha256, byte_len, taken_at, zone, \
         received_at, clinic_id",
        "id",
    ),
    Table {
        name: "idempotency",
        columns: "device_id, key, body_sha256, status, response, created_at, clinic_id",
        sqlite: Some(
            "device_id, key, body_sha256, status, response, created_at, \
             (SELECT d.clinic_id FROM devices d WHERE d.id = idempotency.device_id)",
        ),
        key: "device_id, key",
    },
    table(
        "audit_log",
        "id, at, staff_id, actor, action, patient_id, subject, address, prev_hash, row_hash, \
         clinic_id",
        "id",
    ),
    table("checkin_notes", "id, checkin_id, staff_id, author, note, at, clinic_id", "id"),
    Table {
        name: "staff_alerts",
        columns: "id, checkin_id, patient_id, level, created_at, acknowledged_at, \
                  acknowledged_by, clinic_id",
        sqlite: Some(
            "id, checkin_id, patient_id, level, created_at, acknowledged_at, acknowledged_by, \
             (SELECT p.clinic_id FROM patients p WHERE p.id = staff_alerts.patient_id)",
        ),
        key: "id",
    },
    table(
        "staff_alert_deliveries",
        "alert_id, channel, attempts, next_attempt_at, delivered_at, last_error",
        "alert_id, channel",
    ),
];

/// Tables whose ids PostgreSQL hands out: their sequences continue after the copied ids.
const IDENTITIES: &[&str] = &["clinics", "staff", "checkin_notes", "staff_alerts"];

/// A value as both databases hold it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    fn hash_into(&self, h: &mut Sha256) {
        match self {
            Self::Null => h.update(b"n"),
            Self::Int(i) => h.update(format!("i{i}")),
            Self::Real(r) => h.update(format!("r{}", r.to_bits())),
            Self::Text(t) => h.update(format!("t{}:{t}", t.len())),
        }
        h.update(b"\x1f");
    }

    /// The value as a parameter of PostgreSQL's type `ty` (a NULL needs the column's type).
    fn param(&self, ty: &Type) -> Result<Box<dyn ToSql + Sync>, String> {
        Ok(match (self, ty) {
            (Self::Null, &Type::INT8) => Box::new(None::<i64>),
            (Self::Null, &Type::FLOAT8) => Box::new(None::<f64>),
            (Self::Null, _) => Box::new(None::<String>),
            (Self::Int(i), &Type::FLOAT8) => Box::new(*i as f64),
            (Self::Int(i), _) => Box::new(*i),
            (Self::Real(r), _) => Box::new(*r),
            (Self::Text(t), _) => Box::new(t.clone()),
        })
    }
}

fn sqlite_rows(conn: &rusqlite::Connection, t: &Table) -> Result<Vec<Vec<Cell>>, String> {
    let sql =
        format!("SELECT {} FROM {} ORDER BY {}", t.sqlite.unwrap_or(t.columns), t.name, t.key);
    let mut stmt = conn.prepare(&sql).map_err(|e| format!("{}: {e}", t.name))?;
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            (0..width)
                .map(|i| {
                    Ok(match r.get::<_, Value>(i)? {
                        Value::Null => Cell::Null,
                        Value::Integer(v) => Cell::Int(v),
                        Value::Real(v) => Cell::Real(v),
                        Value::Text(v) => Cell::Text(v),
                        Value::Blob(_) => Cell::Text("<blob>".into()),
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .and_then(Iterator::collect)
        .map_err(|e| format!("{}: {e}", t.name))?;
    Ok(rows)
}

fn postgres_rows(tx: &mut postgres::Transaction<'_>, t: &Table) -> Result<Vec<Vec<Cell>>, String> {
    let sql = format!("SELECT {} FROM {} ORDER BY {}", t.columns, t.name, t.key);
    let rows = tx.query(&sql, &[]).map_err(|e| format!("{}: {}", t.name, pg(e)))?;
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| {
                    let cell = match *r.columns()[i].type_() {
                        Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Cell::Int)),
                        Type::FLOAT8 => r.try_get::<_, Option<f64>>(i).map(|v| v.map(Cell::Real)),
                        _ => r.try_get::<_, Option<String>>(i).map(|v| v.map(Cell::Text)),
                    };
                    cell.map(|c| c.unwrap_or(Cell::Null))
                        .map_err(|e| format!("{}: {}", t.name, pg(e)))
                })
                .collect()
        })
        .collect()
}

/// What the copy found, per table: rows and the rows' SHA-256 (equal on both sides).
fn digest(rows: &[Vec<Cell>]) -> String {
    let mut h = Sha256::new();
    for row in rows {
        for cell in row {
            cell.hash_into(&mut h);
        }
        h.update(b"\x1e");
    }
    hex::encode(h.finalize())
}

fn pg(e: postgres::Error) -> String {
    crate::store::StoreError::from(e).to_string()
}

/// Copies `db` into the empty PostgreSQL database at `url` and verifies it; the report.
/// `key`: the database key of an encrypted file (issue 19); the copy in PostgreSQL is plain rows.
pub fn run(db: &Path, url: &str, key: Option<&DbKey>) -> Result<String, String> {
    if !db.is_file() {
        return Err(format!("{}: no such database file", db.display()));
    }
    // Both open through their stores first: SQLite is brought to the latest schema, and
    // PostgreSQL gets its schema (and the role check) before anything is copied.
    // Read as the file is: a plaintext file is not encrypted by the copy.
    let key = cipher::key_as_the_file_is(db, key).map_err(|e| e.to_string())?;
    drop(SqliteStore::open_keyed(db, key).map_err(|e| e.to_string())?);
    drop(PostgresStore::open(url).map_err(|e| e.to_string())?);
    let source = cipher::open(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY, key)
        .map_err(|e| e.to_string())?;
    // Reads see one snapshot of the file, even while a server writes it.
    source.execute_batch("BEGIN").map_err(|e| e.to_string())?;
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(pg)?;
    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute("SET LOCAL app.clinic_id = '*'").map_err(pg)?;
    let used: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM patients) + \
                    (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM clinics) - 1",
            &[],
        )
        .and_then(|r| r.try_get(0))
        .map_err(pg)?;
    if used != 0 {
        return Err("the PostgreSQL database is not empty; copy only into a new one".into());
    }
    // The schema's own clinic 1 makes way for the file's; the alert trigger stays off while
    // check-ins are copied, since their alerts are copied as they are.
    tx.batch_execute(
        "DELETE FROM clinics; ALTER TABLE checkins DISABLE TRIGGER staff_alert_on_checkin",
    )
    .map_err(pg)?;
    let mut report = String::from("table                   rows  sha256 (same on both sides)\n");
    for t in TABLES {
        let rows = sqlite_rows(&source, t)?;
        let marks: Vec<String> =
            (1..=t.columns.split(',').count()).map(|i| format!("${i}")).collect();
        let insert =
            format!("INSERT INTO {} ({}) VALUES ({})", t.name, t.columns, marks.join(", "));
        let statement = tx.prepare(&insert).map_err(|e| format!("{}: {}", t.name, pg(e)))?;
        for row in &rows {
            let params = row
                .iter()
                .zip(statement.params())
                .map(|(cell, ty)| cell.param(ty))
                .collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(AsRef::as_ref).collect();
            tx.execute(&statement, &refs).map_err(|e| format!("{}: {}", t.name, pg(e)))?;
        }
        let copied = postgres_rows(&mut tx, t)?;
        let (want, got) = (digest(&rows), digest(&copied));
        if rows.len() != copied.len() || want != got {
            return Err(format!(
                "{}: {} rows ({want}) in the file but {} ({got}) copied; nothing was committed",
                t.name,
                rows.len(),
                copied.len()
            ));
        }
        let _ = writeln!(report, "{:<22} {:>5}  {want}", t.name, rows.len());
    }
    tx.batch_execute("ALTER TABLE checkins ENABLE TRIGGER staff_alert_on_checkin").map_err(pg)?;
    for name in IDENTITIES {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{name}', 'id'), \
                 coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
            ),
            &[],
        )
        .map_err(pg)?;
    }
    tx.commit().map_err(pg)?;
    report.push_str("copied and verified; serve it with --database-url and --data-dir <the folder holding the photos>");
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column added by a migration but not listed here would be dropped by the copy without
    /// the checksum noticing (it covers the listed columns only): every column of every table
    /// of a migrated SQLite file must be copied, and every table too.
    #[test]
    fn every_sqlite_table_and_column_is_copied() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("clinic.db");
        drop(SqliteStore::open(&db)?);
        let conn = rusqlite::Connection::open(&db)?;
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for name in &tables {
            let table = TABLES.iter().find(|t| t.name == name);
            let Some(table) = table else { panic!("table {name} is not copied") };
            let listed = table.sqlite.unwrap_or(table.columns);
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for column in columns {
                let copied = listed.split(',').any(|c| c.trim() == column);
                assert!(copied, "{name}.{column} is not copied");
            }
        }
        Ok(())
    }
}
