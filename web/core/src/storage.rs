//! The patient's record in SQLite inside the browser: the same store the phones use
//! (`afterglow_store`), its file kept in the origin-private file system (OPFS) by the "sahpool"
//! VFS. That VFS needs synchronous file handles, which browsers give to dedicated workers only,
//! so this runs in one; where OPFS is not offered, the record is kept in memory for the session
//! and [`WebStore::persistent`] says so. Operations and results are bincode, as on the bridge.
//!
//! The VFS holds its files exclusively, so one worker at a time can have the record open: a tab
//! that needs it asks the holder (the worker's code coordinates with a Web Lock), and the holder
//! lets go with [`WebStore::close`]; opening again picks the file up where the other tab left it.

use std::cell::RefCell;
use std::rc::Rc;

use afterglow_share_client::SecretStore;
use afterglow_store::SqliteStore;
use afterglow_store::from_indexeddb::{self, Outcome};
use rusqlite::Connection;
use shared::effects::{StoreErrorKind, StoreOperation};
use wasm_bindgen::prelude::*;

use crate::share;

/// The record's file in the VFS's pool.
const DB_FILE: &str = "/afterglow.db";

/// An open record.
#[wasm_bindgen]
pub struct WebStore {
    /// Shared with a clinic step in flight ([`WebStore::clinic`]).
    pub(crate) store: Rc<RefCell<SqliteStore>>,
    /// The clinic token's own file (or memory, with the record).
    pub(crate) secrets: Rc<Connection>,
    pub(crate) persistent: bool,
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
                let secrets =
                    share::open_secrets(Some(share::SECRETS_FILE)).map_err(|e| JsError::new(&e))?;
                Ok(Self::new(store, secrets, true))
            }
            Err(opfs::Unavailable::NotOffered) => {
                let store = SqliteStore::open_in_memory().map_err(|e| JsError::new(&e.message))?;
                let secrets = share::open_secrets(None).map_err(|e| JsError::new(&e))?;
                Ok(Self::new(store, secrets, false))
            }
            Err(opfs::Unavailable::Failed(reason)) => Err(JsError::new(&reason)),
        }
    }

    /// Closes the record and lets go of its file, for another tab's worker to open it. A record
    /// in memory has nobody to hand it to and is kept, so this refuses it; so is one a clinic
    /// step still holds (the worker waits for its calls before handing over).
    pub fn close(self) -> Result<(), JsError> {
        if !self.persistent {
            return Err(JsError::new("the record is in memory: closing it would lose it"));
        }
        if Rc::strong_count(&self.store) > 1 || Rc::strong_count(&self.secrets) > 1 {
            return Err(JsError::new("a clinic step is still using the record"));
        }
        drop(self.store);
        drop(self.secrets);
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
        let result = self.store.borrow_mut().handle(operation);
        bincode::serialize(&result).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Carries out one clinic operation (bincode `ClinicOperation`) with the share client's
    /// steps (`crate::share`): `send` and `read` are the worker's `fetch` and stored-file
    /// reader. Resolves to a bincode `ClinicResult`.
    pub fn clinic(
        &self,
        operation: &[u8],
        send: js_sys::Function,
        read: js_sys::Function,
    ) -> Result<js_sys::Promise, JsError> {
        let operation: shared::effects::ClinicOperation = bincode::deserialize(operation)
            .map_err(|e| JsError::new(&format!("not a clinic operation: {e}")))?;
        let client = share::client(share::Fetch { send, read }, Rc::clone(&self.secrets));
        let mut db = share::SharedStore(Rc::clone(&self.store));
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            let result = client.handle(&mut db, operation).await;
            bincode::serialize(&result)
                .map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into())
                .map_err(|e| JsError::new(&e.to_string()).into())
        }))
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
    /// `readIndexedDb` in `web/src/worker/indexeddb.js` gives) into this store once. Answers
    /// JSON: `{"moved": {counts, files: [{from, to}], token_kept, patient_id_kept}}` or
    /// `{"already_held": true}`. The clinic token and the FHIR patient id go straight into their
    /// own store, never back to JavaScript.
    pub fn move_from_indexeddb(&mut self, dump_json: &str) -> Result<String, JsError> {
        let dump = from_indexeddb::parse(dump_json).map_err(|e| JsError::new(&e.message))?;
        let outcome = from_indexeddb::move_into(&mut self.store.borrow_mut(), &dump)
            .map_err(|e| JsError::new(&e.message))?;
        let json = match outcome {
            Outcome::AlreadyHeld => serde_json::json!({ "already_held": true }),
            Outcome::Moved(m) => {
                let secrets = share::Secrets(Rc::clone(&self.secrets));
                if let Some(id) = &m.patient_id {
                    secrets.set(crate::journal::PATIENT_ID_KEY, id).map_err(|e| {
                        JsError::new(&format!("the FHIR patient id cannot be kept: {e}"))
                    })?;
                }
                if let Some(token) = &m.clinic_token {
                    // The rows are in. If the token cannot be kept, the move reports it and the
                    // first delivery finds the link without one: relink needed, nothing lost.
                    secrets.set(afterglow_share_client::TOKEN_KEY, token).map_err(|e| {
                        JsError::new(&format!("the clinic token cannot be kept: {e}"))
                    })?;
                }
                serde_json::json!({ "moved": {
                    "sessions": m.sessions, "checkins": m.checkins, "photos": m.photos,
                    "outbox_items": m.outbox_items,
                    "files": files_json(&m.files),
                    "token_kept": m.clinic_token.is_some(), "patient_id_kept": m.patient_id.is_some(),
                }})
            }
        };
        Ok(json.to_string())
    }
}

/// Answers for an operation the worker could not hand to the store (the record could not be
/// opened, a file could not be written): the browser's error name is the detail, and a full
/// disk (`QuotaExceededError`) is told apart, for the core to word.
#[wasm_bindgen]
impl WebStore {
    /// A bincode `StoreResult::Failed`.
    pub fn store_failed(error_name: &str) -> Result<Vec<u8>, JsError> {
        let result = shared::effects::StoreResult::Failed { error: store_error(error_name) };
        bincode::serialize(&result).map_err(|e| JsError::new(&e.to_string()))
    }

    /// A bincode `PhotoResult::Failed`.
    pub fn photo_failed(error_name: &str) -> Result<Vec<u8>, JsError> {
        let result = crate::journal::storage(store_error(error_name));
        bincode::serialize(&result).map_err(|e| JsError::new(&e.to_string()))
    }

    /// A bincode `ClinicResult::Failed` (the outbox could not be read or written).
    pub fn clinic_failed(error_name: &str) -> Result<Vec<u8>, JsError> {
        let result = shared::effects::ClinicResult::Failed {
            error: shared::sharing::delivery::storage_failure(error_name),
        };
        bincode::serialize(&result).map_err(|e| JsError::new(&e.to_string()))
    }
}

fn store_error(error_name: &str) -> shared::effects::StoreError {
    let kind = if error_name == "QuotaExceededError" {
        StoreErrorKind::DiskFull
    } else {
        StoreErrorKind::Other
    };
    shared::effects::StoreError { kind, message: error_name.to_owned() }
}

impl WebStore {
    fn new(store: SqliteStore, secrets: Connection, persistent: bool) -> Self {
        Self { store: Rc::new(RefCell::new(store)), secrets: Rc::new(secrets), persistent }
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
        // The token went to its own store, not back to JavaScript.
        assert_eq!(moved["moved"]["token_kept"], true, "{moved}");
        assert!(!moved.to_string().contains("clinic_token"), "{moved}");
        let kept = super::share::Secrets(std::rc::Rc::clone(&store.secrets));
        assert!(afterglow_share_client::SecretStore::get(&kept, "clinic-token").unwrap().is_some());
        let StoreResult::Loaded { record } = load(&mut store) else { panic!("not loaded") };
        assert_eq!((record.checkins.len(), record.photos.len()), (12, 2));
        let again: serde_json::Value =
            serde_json::from_str(&store.move_from_indexeddb(FIXTURE).unwrap()).unwrap();
        assert_eq!(again["already_held"], true);
    }
}
