//! The patient's record in SQLite inside the browser: the same store the phones use
//! (`afterglow_store`), its file kept in the origin-private file system (OPFS) by the "sahpool"
//! VFS. That VFS needs synchronous file handles, which browsers give to dedicated workers only,
//! so this runs in one; where OPFS is not offered, the record is kept in memory for the session
//! and [`WebStore::persistent`] says so. Operations and results are bincode, as on the bridge.

use afterglow_store::SqliteStore;
use afterglow_store::from_indexeddb::{self, Outcome};
use shared::effects::StoreOperation;
use wasm_bindgen::prelude::*;

/// The record's file in the VFS's pool.
const DB_FILE: &str = "/afterglow.db";

/// An open record.
#[wasm_bindgen]
pub struct WebStore {
    store: SqliteStore,
    persistent: bool,
}

#[wasm_bindgen]
impl WebStore {
    /// Opens the record in OPFS, or in memory when this context offers no OPFS (the page's main
    /// thread, an insecure origin, some private windows). Any other failure (another tab holds
    /// the file, a damaged or newer database) is an error, never a silent empty record.
    pub async fn open() -> Result<WebStore, JsError> {
        match opfs::install().await {
            Ok(()) => {
                let store = SqliteStore::open(std::path::Path::new(DB_FILE))
                    .map_err(|e| JsError::new(&e.message))?;
                Ok(Self { store, persistent: true })
            }
            Err(opfs::Unavailable::NotOffered) => {
                let store = SqliteStore::open_in_memory().map_err(|e| JsError::new(&e.message))?;
                Ok(Self { store, persistent: false })
            }
            Err(opfs::Unavailable::Failed(reason)) => Err(JsError::new(&reason)),
        }
    }

    /// Whether the record outlasts this session (OPFS) or only this page (memory).
    #[wasm_bindgen(getter)]
    pub fn persistent(&self) -> bool {
        self.persistent
    }

    /// Carries out one operation (bincode `StoreOperation`); returns a bincode `StoreResult`.
    pub fn handle(&mut self, operation: &[u8]) -> Result<Vec<u8>, JsError> {
        let operation: StoreOperation = bincode::deserialize(operation)
            .map_err(|e| JsError::new(&format!("not a storage operation: {e}")))?;
        bincode::serialize(&self.store.handle(operation)).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Moves a record the IndexedDB build kept (its object stores as JSON, the shape
    /// `web/tests/legacy.mjs` dumps) into this store once. Answers JSON: `{"moved": {counts,
    /// files: [{from, to}], clinic_token, patient_id}}` or `{"already_held": true}`.
    pub fn move_from_indexeddb(&mut self, dump_json: &str) -> Result<String, JsError> {
        let dump = from_indexeddb::parse(dump_json).map_err(|e| JsError::new(&e.message))?;
        let outcome = from_indexeddb::move_into(&mut self.store, &dump)
            .map_err(|e| JsError::new(&e.message))?;
        let json = match outcome {
            Outcome::AlreadyHeld => serde_json::json!({ "already_held": true }),
            Outcome::Moved(m) => serde_json::json!({ "moved": {
                "sessions": m.sessions, "checkins": m.checkins, "photos": m.photos,
                "outbox_items": m.outbox_items,
                "files": m.files.iter().map(|f| serde_json::json!({ "from": f.from, "to": f.to }))
                    .collect::<Vec<_>>(),
                "clinic_token": m.clinic_token, "patient_id": m.patient_id,
            }}),
        };
        Ok(json.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
mod opfs {
    use sqlite_wasm_vfs::sahpool::{OpfsSAHError, OpfsSAHPoolCfgBuilder, install as install_pool};

    pub enum Unavailable {
        NotOffered,
        Failed(String),
    }

    /// Registers the OPFS pool as SQLite's default VFS (once per worker).
    pub async fn install() -> Result<(), Unavailable> {
        let options = OpfsSAHPoolCfgBuilder::new().directory(".afterglow-sqlite").build();
        match install_pool::<sqlite_wasm_rs::WasmOsCallback>(&options, true).await {
            Ok(_) => Ok(()),
            Err(OpfsSAHError::NotSupported) => Err(Unavailable::NotOffered),
            Err(e) => {
                Err(Unavailable::Failed(format!("the browser's storage for the record: {e}")))
            }
        }
    }
}

/// Off the browser (the workspace's native tests) there is no OPFS: the record is in memory.
#[cfg(not(target_arch = "wasm32"))]
mod opfs {
    pub enum Unavailable {
        NotOffered,
        #[allow(dead_code)] // only the browser's pool fails otherwise
        Failed(String),
    }

    pub async fn install() -> Result<(), Unavailable> {
        Err(Unavailable::NotOffered)
    }
}
