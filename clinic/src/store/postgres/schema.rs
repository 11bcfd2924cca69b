//! The PostgreSQL schema: the version table, the "newer or foreign database is left
//! untouched" rule, and the migrations of [`crate::store::migrations`] from
//! [`POSTGRES_FIRST`] on.

use postgres::Client;

use crate::store::migrations::{LATEST_VERSION, MIGRATIONS, POSTGRES_FIRST};
use crate::store::{ClinicSettings, StoreError, StoreResult};

/// Serialises schema work of servers starting at once against one database (an arbitrary
/// key, "AGCL").
const MIGRATION_LOCK: i64 = 0x4147_434c;

/// Refuses a role that row-level security would not bind: the policies are the second wall
/// between clinics, and a superuser or BYPASSRLS role walks through it.
pub(super) fn refuse_bypassing_role(client: &mut Client) -> StoreResult<()> {
    let row = client.query_one(
        "SELECT current_user::text, rolsuper OR rolbypassrls FROM pg_roles \
         WHERE rolname = current_user",
        &[],
    )?;
    let (role, bypasses): (String, bool) = (row.try_get(0)?, row.try_get(1)?);
    if bypasses {
        return Err(StoreError::BypassesRowSecurity(role));
    }
    Ok(())
}

/// The version recorded in the database: `None` for an empty database, an error for one with
/// tables of some other application, or of a newer server. Reads only.
fn current_version(client: &mut Client) -> StoreResult<Option<i64>> {
    let row = client.query_one(
        "SELECT to_regclass('afterglow_schema') IS NOT NULL, \
           (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())",
        &[],
    )?;
    let (ours, tables): (bool, i64) = (row.try_get(0)?, row.try_get(1)?);
    if !ours {
        return if tables == 0 { Ok(None) } else { Err(StoreError::NotOurs) };
    }
    let version: i64 = client.query_one("SELECT version FROM afterglow_schema", &[])?.try_get(0)?;
    if version > LATEST_VERSION {
        return Err(StoreError::NewerVersion { found: version, supported: LATEST_VERSION });
    }
    Ok(Some(version))
}

/// Creates or upgrades the schema: every step and the version bump in one transaction.
pub(super) fn migrate(client: &mut Client) -> StoreResult<()> {
    current_version(client)?;
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    // Read again under the lock: another server may have migrated while we waited.
    let Some(version) = current_version_in(&mut tx)? else {
        let first = script(POSTGRES_FIRST)?;
        tx.batch_execute(first)?;
        tx.batch_execute("CREATE TABLE afterglow_schema (version BIGINT NOT NULL)")?;
        tx.execute("INSERT INTO afterglow_schema (version) VALUES ($1)", &[&POSTGRES_FIRST])?;
        // The default clinic answers with the same defaults as on SQLite (migration 6's step).
        let defaults = ClinicSettings::default();
        tx.execute(
            "UPDATE clinics SET name = $1, phone = $2, after_hours_advice = $3 WHERE id = 1",
            &[&defaults.name, &defaults.phone, &defaults.after_hours_advice],
        )?;
        return upgrade(tx, POSTGRES_FIRST);
    };
    upgrade(tx, version)
}

fn current_version_in(tx: &mut postgres::Transaction<'_>) -> StoreResult<Option<i64>> {
    let exists: bool =
        tx.query_one("SELECT to_regclass('afterglow_schema') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        return Ok(None);
    }
    Ok(Some(tx.query_one("SELECT version FROM afterglow_schema", &[])?.try_get(0)?))
}

/// Applies the steps after `from` in the transaction that holds the lock.
fn upgrade(mut tx: postgres::Transaction<'_>, from: i64) -> StoreResult<()> {
    for step in MIGRATIONS.iter().filter(|m| m.version > from) {
        tx.batch_execute(script(step.version)?)?;
        tx.execute("UPDATE afterglow_schema SET version = $1", &[&step.version])?;
    }
    tx.commit()?;
    Ok(())
}

fn script(version: i64) -> StoreResult<&'static str> {
    MIGRATIONS
        .iter()
        .find(|m| m.version == version)
        .and_then(|m| m.postgres)
        .ok_or_else(|| StoreError::Corrupt(format!("no PostgreSQL script for schema {version}")))
}
