//! A small pool of synchronous clients, and the one way to run a transaction: with the clinic
//! it acts for named to PostgreSQL (`SET LOCAL app.clinic_id`), which the row-level policies
//! read (`migrations/postgres/008_initial.sql`).
//!
//! Why not r2d2: this is all the pooling the store needs (a cap, reuse, dropping broken
//! clients), in fifty lines with no further crate. The cap matters because every `Store`
//! call runs on tokio's blocking pool (up to 512 threads): unbounded, a burst would open more
//! connections than the server allows; capped, a burst waits here instead.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};

use crate::store::{ClinicId, StoreResult};

/// Which rows a transaction may see and write.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// One clinic's rows only.
    Clinic(ClinicId),
    /// Every clinic's rows: calls whose key is itself the credential (a device token, an
    /// invite code), the whole audit chain, the alert worker. Named at each call, so it is
    /// never what a forgotten scope falls back to.
    ServerWide,
    /// No clinic-owned row at all (staff accounts, sessions, settings, the clinic list).
    Nothing,
}

impl Scope {
    fn setting(self) -> String {
        match self {
            Self::Clinic(id) => id.get().to_string(),
            Self::ServerWide => "*".to_owned(),
            Self::Nothing => String::new(),
        }
    }
}

/// A connection and the statements already prepared on it (by their SQL text): a query
/// prepared once per connection is a round trip saved on every later call (the load test
/// spent most of its time on them).
struct Pooled {
    client: Client,
    statements: HashMap<String, Statement>,
}

struct Clients {
    idle: Vec<Pooled>,
    open: usize,
}

/// One transaction of the store, preparing each query once per connection.
pub(super) struct Transaction<'a> {
    tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl Transaction<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Runs a statement; the rows it changed.
    pub(super) fn execute(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.execute(&statement, params)
    }

    /// Every row of a query.
    pub(super) fn query(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.query(&statement, params)
    }

    /// The one row of a query (an error when there is none).
    pub(super) fn query_one(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.query_one(&statement, params)
    }

    /// The row of a query, if any.
    pub(super) fn query_opt(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.query_opt(&statement, params)
    }
}

/// Up to `max` connections, opened on demand and reused.
pub(super) struct Pool {
    config: Config,
    max: usize,
    clients: Mutex<Clients>,
    freed: Condvar,
}

fn lock(m: &Mutex<Clients>) -> MutexGuard<'_, Clients> {
    // The guarded data is a list and a counter, consistent at every unlock.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Pool {
    pub(super) fn new(config: Config, max: usize) -> Self {
        Self {
            config,
            max: max.max(1),
            clients: Mutex::new(Clients { idle: Vec::new(), open: 0 }),
            freed: Condvar::new(),
        }
    }

    /// A client: an idle one, a new one while under the cap, else the next one given back.
    fn take(&self) -> StoreResult<Pooled> {
        let mut clients = lock(&self.clients);
        loop {
            if let Some(client) = clients.idle.pop() {
                return Ok(client);
            }
            if clients.open < self.max {
                clients.open += 1;
                drop(clients);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Pooled { client, statements: HashMap::new() }),
                    Err(e) => {
                        lock(&self.clients).open -= 1;
                        self.freed.notify_one();
                        Err(e.into())
                    }
                };
            }
            clients = self.freed.wait(clients).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Takes a client back; a closed one (the server went away) is dropped, not reused.
    fn give_back(&self, client: Pooled) {
        let mut clients = lock(&self.clients);
        if client.client.is_closed() {
            clients.open -= 1;
        } else {
            clients.idle.push(client);
        }
        drop(clients);
        self.freed.notify_one();
    }

    /// Runs `f` in one transaction that sees only `scope`'s rows, and commits it if `f`
    /// succeeds (an error rolls everything back).
    pub(super) fn run<T>(
        &self,
        scope: Scope,
        f: impl FnOnce(&mut Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut pooled = self.take()?;
        let Pooled { client, statements } = &mut pooled;
        let result = (|| {
            let mut tx = client.transaction()?;
            // LOCAL: for this transaction only, so a pooled client never carries a clinic over
            // to the next call. The value is a number, '*' or empty (never request data), so
            // it is written into the one simple-protocol round trip.
            tx.batch_execute(&format!("SET LOCAL app.clinic_id = '{}'", scope.setting()))?;
            let mut tx = Transaction { tx, statements };
            let value = f(&mut tx)?;
            tx.tx.commit()?;
            Ok(value)
        })();
        self.give_back(pooled);
        result
    }

    /// Runs `f` on a client outside any transaction (migrations manage their own).
    pub(super) fn with_client<T>(
        &self,
        f: impl FnOnce(&mut Client) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut pooled = self.take()?;
        let result = f(&mut pooled.client);
        self.give_back(pooled);
        result
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut lock(&self.clients).idle);
        if idle.is_empty() {
            return;
        }
        // Closing a client blocks on its own runtime, which panics on a thread that drives
        // async tasks (where the server's state, holding the store, is dropped at shutdown):
        // close them on a thread of their own.
        let _ = std::thread::spawn(move || drop(idle)).join();
    }
}
