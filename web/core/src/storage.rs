//! The patient's record in SQLite inside the browser: the same store the phones use
//! (`afterglow_store`), its file kept in the origin-private file system (OPFS) by the "sahpool"
//! VFS. That VFS needs synchronous file handles, which browsers give to dedicated workers only,
//! so this runs in one; where OPFS is not offered, the record is kept in memory for the session
//! and [`WebStore::persistent`] says so. Operations and results are bincode, as on the bridge.
//!
//! The VFS holds its files exclusively, so one worker at a time can have the record open: a tab
//! that needs it asks the holder (the worker's code coordinates with a Web Lock), and the holder
//! lets go with [`WebStore::close`]; opening again picks the file up where the other tab left it.

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
    /// Opens the record in OPFS (taking the file back if this worker let go of it), or in memory
    /// when this context offers no OPFS (the page's main thread, an insecure origin, some private
    /// windows). Any other failure (another tab holds the file, a damaged or newer database) is
    /// an error, never a silent empty record.
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

    /// Closes the record and lets go of its file, for another tab's worker to open it. A record
    /// in memory has nobody to hand it to and is kept, so this refuses it.
    pub fn close(self) -> Result<(), JsError> {
        if !self.persistent {
            return Err(JsError::new("the record is in memory: closing it would lose it"));
        }
        drop(self.store);
        opfs::pause().map_err(|reason| JsError::new(&reason))
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

    /// The photo files a record the IndexedDB build kept needs (JSON `[{from, to}]`: the blob
    /// key and the file name), written before [`WebStore::move_from_indexeddb`] so that no row
    /// ever names a file that is not there.
    pub fn indexeddb_files(dump_json: &str) -> Result<String, JsError> {
        let dump = from_indexeddb::parse(dump_json).map_err(|e| JsError::new(&e.message))?;
        let files = from_indexeddb::files(&dump.stores).map_err(|e| JsError::new(&e.message))?;
        Ok(files_json(&files).to_string())
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
                "files": files_json(&m.files),
                "clinic_token": m.clinic_token, "patient_id": m.patient_id,
            }}),
        };
        Ok(json.to_string())
    }
}

fn files_json(files: &[from_indexeddb::FileMove]) -> serde_json::Value {
    files.iter().map(|f| serde_json::json!({ "from": f.from, "to": f.to })).collect()
}

#[cfg(target_arch = "wasm32")]
mod opfs {
    use std::cell::RefCell;

    use sqlite_wasm_vfs::sahpool::{
        OpfsSAHError, OpfsSAHPoolCfgBuilder, OpfsSAHPoolUtil, install as install_pool,
    };

    pub enum Unavailable {
        NotOffered,
        Failed(String),
    }

    thread_local! {
        /// The pool this worker installed (a worker has one thread).
        static POOL: RefCell<Option<OpfsSAHPoolUtil>> = const { RefCell::new(None) };
    }

    fn failed(e: OpfsSAHError) -> String {
        format!("the browser's storage for the record: {e}")
    }

    /// Registers the OPFS pool as SQLite's default VFS (the first time in this worker), and takes
    /// its files back if this worker had let go of them.
    pub async fn install() -> Result<(), Unavailable> {
        let options = OpfsSAHPoolCfgBuilder::new().directory(".afterglow-sqlite").build();
        let pool = match install_pool::<sqlite_wasm_rs::WasmOsCallback>(&options, true).await {
            Ok(pool) => pool,
            Err(OpfsSAHError::NotSupported) => return Err(Unavailable::NotOffered),
            Err(e) => return Err(Unavailable::Failed(failed(e))),
        };
        if pool.is_paused() {
            pool.resume().await.map_err(|e| Unavailable::Failed(failed(e)))?;
        }
        POOL.with(|p| *p.borrow_mut() = Some(pool));
        Ok(())
    }

    /// Lets go of the pool's files (the record must be closed first).
    pub fn pause() -> Result<(), String> {
        POOL.with(|p| match p.borrow().as_ref() {
            Some(pool) => pool.pause().map_err(failed),
            None => Ok(()),
        })
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

    pub fn pause() -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use shared::effects::{StoreOperation, StoreResult};

    use super::WebStore;

    const FIXTURE: &str = include_str!("../../../crates/store/tests/fixtures/indexeddb-v1.json");

    /// Off the browser there is no OPFS, so opening answers at once, with the record in memory.
    fn open() -> WebStore {
        let mut opening = pin!(WebStore::open());
        match opening.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Ok(store)) => store,
            Poll::Ready(Err(_)) => panic!("the store did not open"),
            Poll::Pending => panic!("opening waited on a browser that is not there"),
        }
    }

    fn load(store: &mut WebStore) -> StoreResult {
        let bytes = store.handle(&bincode::serialize(&StoreOperation::LoadRecord).unwrap());
        bincode::deserialize(&bytes.unwrap()).unwrap()
    }

    #[test]
    fn without_opfs_the_record_is_kept_in_memory_and_says_so() {
        let mut store = open();
        assert!(!store.persistent());
        let save = StoreOperation::SaveLanguage { tag: "es".into() };
        let done: StoreResult =
            bincode::deserialize(&store.handle(&bincode::serialize(&save).unwrap()).unwrap())
                .unwrap();
        assert!(matches!(done, StoreResult::Done));
        let StoreResult::Loaded { record } = load(&mut store) else { panic!("not loaded") };
        assert_eq!(record.language_tag.as_deref(), Some("es"));
    }

    #[test]
    fn the_indexeddb_record_moves_once_and_its_files_are_named_first() {
        let files: serde_json::Value =
            serde_json::from_str(&WebStore::indexeddb_files(FIXTURE).unwrap()).unwrap();
        let files = files.as_array().unwrap();
        assert_eq!(files.len(), 4);
        for file in files {
            let to = file["to"].as_str().unwrap();
            assert!(to.starts_with("photos/") && to.ends_with(".jpg") && to.len() == 75, "{to}");
        }
        let mut store = open();
        let moved: serde_json::Value =
            serde_json::from_str(&store.move_from_indexeddb(FIXTURE).unwrap()).unwrap();
        assert_eq!(moved["moved"]["checkins"], 12, "{moved}");
        assert_eq!(moved["moved"]["files"].as_array().unwrap().len(), 4);
        let StoreResult::Loaded { record } = load(&mut store) else { panic!("not loaded") };
        assert_eq!((record.checkins.len(), record.photos.len()), (12, 2));
        let again: serde_json::Value =
            serde_json::from_str(&store.move_from_indexeddb(FIXTURE).unwrap()).unwrap();
        assert_eq!(again["already_held"], true);
    }
}
