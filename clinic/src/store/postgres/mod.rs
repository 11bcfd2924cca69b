//! PostgreSQL backend, for a group of clinics or a host serving many: the same `Store`, the
//! same schema and queries as SQLite (times as text, the same audit chain), over a small pool
//! of synchronous clients.
//!
//! Why the synchronous `postgres` crate: the `Store` trait is synchronous and every call
//! already runs on tokio's blocking pool, where the client's own small runtime may block (it
//! would panic on an async worker thread; nothing calls the store there). An async driver
//! would need a `block_on` per call for the same effect.
//!
//! Atomicity: each call is one transaction (READ COMMITTED). Where SQLite relied on its single
//! writer, this backend takes a lock: an advisory lock per email for the login lockout's
//! count, one for the audit chain's head, row locks for invites and staff changes, and the
//! idempotency key's unique index for uploads.
//!
//! Tenancy has two walls: the queries name the clinic (as on SQLite), and row-level security
//! confines every transaction to the clinic it names ([`pool::Scope`]). The role the server
//! connects as must be bound by it: a superuser or BYPASSRLS role is refused at start.

mod alerts;
mod audit;
mod clinics;
mod enroll;
mod erase;
mod error;
mod lifecycle;
mod mfa;
mod pool;
mod reads;
mod replies;
mod schema;
mod staff;
mod store_impl;
mod uploads;

use std::sync::Arc;

use pool::Transaction;

pub use alerts::PostgresAlerts;
pub use error::PgError;
use pool::{Pool, Scope};

use super::{ClinicId, StoreError, StoreResult};

/// Connections one server keeps at most (PostgreSQL allows 100 by default, for every client).
const MAX_CONNECTIONS: usize = 16;

/// The clinic database on a PostgreSQL server.
pub struct PostgresStore {
    pool: Arc<Pool>,
}

/// Whether a `--database-url` names PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The URL with its password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "***".to_owned() };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            let masked = if userinfo.contains(':') { format!("{user}:***") } else { user.into() };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

impl PostgresStore {
    /// Connects, refuses a role that bypasses row-level security, and creates or upgrades the
    /// schema. A newer or foreign database is refused before anything is written to it.
    pub fn open(url: &str) -> StoreResult<Self> {
        let mut config: postgres::Config = url.parse().map_err(|_| {
            StoreError::Corrupt(format!("not a PostgreSQL URL: {}", redact_url(url)))
        })?;
        config.application_name("afterglow-clinic");
        let pool = Arc::new(Pool::new(config, MAX_CONNECTIONS));
        pool.with_client(|client| {
            schema::refuse_bypassing_role(client)?;
            schema::migrate(client)
        })?;
        Ok(Self { pool })
    }

    /// The staff-alert queue in this database, sharing the store's connections.
    pub fn alert_queue(&self) -> PostgresAlerts {
        PostgresAlerts { pool: Arc::clone(&self.pool) }
    }

    fn clinic<T>(
        &self,
        clinic: ClinicId,
        f: impl FnOnce(&mut Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.pool.run(Scope::Clinic(clinic), f)
    }

    fn wide<T>(&self, f: impl FnOnce(&mut Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        self.pool.run(Scope::ServerWide, f)
    }

    fn none<T>(&self, f: impl FnOnce(&mut Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        self.pool.run(Scope::Nothing, f)
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn the_password_never_leaves_the_url() {
        assert_eq!(
            redact_url("postgres://clinic:s3cret@db.example:5432/afterglow?sslmode=disable"),
            "postgres://clinic:***@db.example:5432/afterglow?sslmode=disable"
        );
        assert_eq!(redact_url("postgres://clinic@db/x"), "postgres://clinic@db/x");
        assert_eq!(redact_url("postgresql://db/x"), "postgresql://db/x");
        assert_eq!(redact_url("postgres://a:b:c@h/d"), "postgres://a:***@h/d");
        assert_eq!(redact_url("garbage"), "***");
    }
}
