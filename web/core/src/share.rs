//! The share API's client in the browser: `crates/share_client`'s steps — the same the phones and
//! the CLI run — with the worker's `fetch` as the transport, the outbox and link in the record's
//! database, and the token in a SQLite file of its own in the same OPFS pool
//! (`/afterglow-secrets.db`), never in the record and never handed to JavaScript's page.
//!
//! The worker passes two functions: `send(request_json, jpeg_bytes_or_undefined)` → a promise of
//! the JSON of what it saw ([`Seen`]: what came back, no judgement), and `read(file)` → a promise
//! of a stored file's bytes or `null`.

use std::cell::RefCell;
use std::rc::Rc;

use afterglow_share_client::{
    Body, Method, OutboxDb, Request, SecretStore, ShareClient, Transport,
};
use afterglow_store::SqliteStore;
use rusqlite::{Connection, OptionalExtension, params};
use shared::effects::StoreError;
use shared::sharing::delivery::{self, Backoff, Exchange};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The record's database, shared between the storage calls and a clinic step in flight. A step
/// borrows it only while it runs (synchronously), never across a request.
pub(crate) struct SharedStore(pub(crate) Rc<RefCell<SqliteStore>>);

impl OutboxDb for SharedStore {
    fn run<T: Send + 'static>(
        &mut self,
        step: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        step(self.0.borrow_mut().connection_mut())
    }
}

/// The file the token is kept in, beside the record's.
pub(crate) const SECRETS_FILE: &str = "/afterglow-secrets.db";

/// Opens the token's file (`path`), or a store in memory for a record kept in memory.
pub(crate) fn open_secrets(path: Option<&str>) -> Result<Connection, String> {
    let conn = match path {
        Some(path) => Connection::open(path),
        None => Connection::open_in_memory(),
    }
    .map_err(|e| format!("the clinic link's secret store cannot be opened: {e}"))?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS secret (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    .map_err(|e| format!("the clinic link's secret store cannot be prepared: {e}"))?;
    Ok(conn)
}

pub(crate) struct Secrets(pub(crate) Rc<Connection>);

impl SecretStore for Secrets {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.0
            .query_row("SELECT value FROM secret WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| format!("read: {e}"))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0
            .execute(
                "INSERT INTO secret (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(drop)
            .map_err(|e| format!("write: {e}"))
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.0
            .execute("DELETE FROM secret WHERE key = ?1", [key])
            .map(drop)
            .map_err(|e| format!("delete: {e}"))
    }
}

/// `fetch` and the stored files, through the worker's two functions.
pub(crate) struct Fetch {
    pub(crate) send: js_sys::Function,
    pub(crate) read: js_sys::Function,
}

async fn settled(value: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(js_sys::Promise::resolve(&value?)).await
}

/// What the worker's `fetch` saw (`web/src/worker/transport.js`): a response, its body `None`
/// when reading it broke off, or no answer.
#[derive(serde::Deserialize)]
enum Seen {
    Response { status: u16, retry_after: Option<String>, body: Option<String> },
    NoAnswer { transport: delivery::Transport },
}

impl Transport for Fetch {
    async fn send(&self, request: Request<'_>) -> Exchange {
        let method = match request.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        };
        let (json, jpeg_sha256, jpeg) = match request.body {
            Body::Empty => (None, None, JsValue::UNDEFINED),
            Body::Json(json) => (Some(json), None, JsValue::UNDEFINED),
            Body::Jpeg { bytes, sha256_hex } => {
                (None, Some(sha256_hex), js_sys::Uint8Array::from(bytes.as_slice()).into())
            }
        };
        let described = serde_json::json!({
            "method": method,
            "url": request.url,
            "token": request.token,
            "idempotency_key": request.idempotency_key,
            "json": json,
            "jpeg_sha256": jpeg_sha256,
        });
        let answer =
            settled(self.send.call2(&JsValue::NULL, &described.to_string().into(), &jpeg)).await;
        // The worker's code reports every outcome; anything else is its bug, told to the core
        // as an answer that was not HTTP.
        let seen = answer
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Seen::NoAnswer { transport: delivery::Transport::NotHttp });
        match seen {
            Seen::Response { status, retry_after, body } => {
                Exchange::observed(status, retry_after, body)
            }
            Seen::NoAnswer { transport } => Exchange::NoAnswer { transport },
        }
    }

    async fn read_stored(&self, file: &str) -> Option<Vec<u8>> {
        let bytes = settled(self.read.call1(&JsValue::NULL, &file.into())).await.ok()?;
        bytes.dyn_into::<js_sys::Uint8Array>().ok().map(|b| b.to_vec())
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's CSPRNG, which every context has (`crypto.randomUUID` needs a secure one).
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(bytes: &mut [u8]);
}

/// A random (version 4) UUID, for an idempotency key or the FHIR patient id.
pub(crate) fn random_uuid() -> String {
    let mut b = [0u8; 16];
    get_random_values(&mut b);
    afterglow_share_client::uuid_v4(b)
}

/// The client as the browser runs it.
pub(crate) fn client(fetch: Fetch, secrets: Rc<Connection>) -> ShareClient<Fetch, Secrets> {
    ShareClient {
        transport: fetch,
        secrets: Secrets(secrets),
        backoff: Backoff::default(),
        new_key: random_uuid,
    }
}
