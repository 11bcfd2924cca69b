//! `CoreFfi`: update, resolve, view — the whole bridge.

use std::path::PathBuf;
use std::sync::Arc;

use afterglow_handlers::clinic::{ClinicClient, ClinicConfig, FileSecretStore};
use afterglow_handlers::{
    ClinicMiddleware, PhotoLibrary, PhotoMiddleware, SqliteStore, StoreMiddleware, middleware,
};
use crux_core::bridge::EffectId;
use crux_core::middleware::{BincodeFfiFormat, Bridge, HandleEffectLayer, Layer, MapEffectLayer};
use shared::effects::NativeEffect;
use shared::{Aftercare, Core};

use crate::failure::{CoreFailure, guard};
use crate::secrets::{SecretStore, ShellSecrets};

/// The database file inside the data dir the shell gives.
pub(crate) const DB_FILE: &str = "afterglow.db";

/// The core with storage, photos and the clinic handled in Rust, narrowed to what the native
/// shells carry out (`NativeEffect`: render, notifications).
type Stack = MapEffectLayer<
    HandleEffectLayer<
        HandleEffectLayer<HandleEffectLayer<Core<Aftercare>, StoreMiddleware>, PhotoMiddleware>,
        ClinicMiddleware,
    >,
    NativeEffect,
>;

/// Implemented by the shell (Swift/Kotlin): receives effects that follow one the core handled
/// itself, e.g. the render after storage answered. Called on a Rust worker thread.
#[uniffi::export(with_foreign)]
pub trait CruxShell: Send + Sync {
    /// `effects` is a bincode `Vec<Request<NativeEffectFfi>>`, as `update` returns.
    fn process_effects(&self, effects: Vec<u8>);
}

/// The core, its storage, and the bridge between them and the shell.
#[derive(uniffi::Object)]
pub struct CoreFfi {
    bridge: Bridge<Stack, BincodeFfiFormat>,
    /// Where the database and photos live (the report reads them directly).
    pub(crate) data_dir: PathBuf,
}

#[uniffi::export]
impl CoreFfi {
    /// Opens (creating if needed) the patient's data in `data_dir`. The clinic token is kept in
    /// an owner-only file in `data_dir` (the app's private storage); shells with a Keychain or
    /// Keystore use [`CoreFfi::with_secret_store`] instead.
    #[uniffi::constructor]
    pub fn new(data_dir: String, shell: Arc<dyn CruxShell>) -> Result<Arc<Self>, CoreFailure> {
        let secrets = Box::new(FileSecretStore::new(PathBuf::from(&data_dir)));
        Self::open(data_dir, shell, secrets)
    }

    /// Like [`CoreFfi::new`], with the clinic token in the platform's secret store.
    #[uniffi::constructor]
    pub fn with_secret_store(
        data_dir: String,
        shell: Arc<dyn CruxShell>,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Arc<Self>, CoreFailure> {
        Self::open(data_dir, shell, Box::new(ShellSecrets(secrets)))
    }
}

impl CoreFfi {
    fn open(
        data_dir: String,
        shell: Arc<dyn CruxShell>,
        secrets: Box<dyn afterglow_handlers::clinic::SecretStore + Send + Sync>,
    ) -> Result<Arc<Self>, CoreFailure> {
        guard(|| {
            let dir = PathBuf::from(data_dir);
            std::fs::create_dir_all(&dir).map_err(|e| CoreFailure::Storage {
                reason: format!("cannot create the data dir: {e}"),
            })?;
            let store = SqliteStore::open(&dir.join(DB_FILE))?;
            let photos = PhotoLibrary::open(&dir, &store).map_err(|e| CoreFailure::Storage {
                reason: format!("the photo journal cannot be opened: {e}"),
            })?;
            let client = ClinicClient::new(&dir, secrets, ClinicConfig::default())
                .map_err(|reason| CoreFailure::Internal { reason })?;
            // One connection, one writer thread: the clinic's thread sends its outbox steps there
            // and waits on the network holding none.
            let (store, photos, outbox) = middleware::start(store, photos);
            let clinic = ClinicMiddleware::start(outbox, Some(client));
            let bridge = Core::<Aftercare>::new()
                .handle_effects_using(store)
                .handle_effects_using(photos)
                .handle_effects_using(clinic)
                .map_effect::<NativeEffect>()
                .bridge(move |effects: Result<Vec<u8>, _>| {
                    // Serialising our own effect types cannot fail for well-formed ones; if it
                    // ever did, there is nothing the shell could act on, so nothing is sent.
                    if let Ok(bytes) = effects {
                        shell.process_effects(bytes);
                    }
                });
            Ok(Arc::new(Self { bridge, data_dir: dir }))
        })
    }
}

#[uniffi::export]
impl CoreFfi {
    /// Sends an event (bincode `Event`); returns the effects the shell must carry out now.
    pub fn update(&self, event: Vec<u8>) -> Result<Vec<u8>, CoreFailure> {
        guard(|| {
            let mut effects = Vec::new();
            self.bridge.update(&event, &mut effects).map_err(malformed)?;
            Ok(effects)
        })
    }

    /// Answers effect `id` with its output (bincode); returns the effects that follow.
    pub fn resolve(&self, id: u32, output: Vec<u8>) -> Result<Vec<u8>, CoreFailure> {
        guard(|| {
            let mut effects = Vec::new();
            self.bridge.resolve(EffectId(id), &output, &mut effects).map_err(malformed)?;
            Ok(effects)
        })
    }

    /// The current view model (bincode `ViewModel`).
    pub fn view(&self) -> Result<Vec<u8>, CoreFailure> {
        guard(|| {
            let mut view = Vec::new();
            self.bridge
                .view(&mut view)
                .map_err(|e| CoreFailure::Internal { reason: e.to_string() })?;
            Ok(view)
        })
    }
}

fn malformed(e: impl std::fmt::Display) -> CoreFailure {
    CoreFailure::MalformedInput { reason: e.to_string() }
}
