//! A synchronous shell: sends events to the core and carries out its effects until it is idle.

use std::collections::VecDeque;
use std::path::Path;

use afterglow_handlers::clinic::{ClinicClient, ClinicConfig, FileSecretStore};
use afterglow_handlers::{PhotoLibrary, SqliteStore};
use anyhow::{Context, anyhow, bail};
use shared::domain::PatientRecord;
use shared::effects::{NotifyOperation, ScheduledNotification, StoreOperation, StoreResult};
use shared::i18n::{Language, fill};
use shared::{Aftercare, Core, Effect, Event, ViewModel, domain::Clock};

/// The database file inside the data dir.
pub const DB_FILE: &str = "afterglow.db";

pub struct Shell {
    core: Core<Aftercare>,
    store: SqliteStore,
    photos: PhotoLibrary,
    clinic: ClinicClient,
    /// The last schedule the core asked for. A terminal has no notification centre: the CLI
    /// keeps it (and prints the plan from the view model), the way a phone would hand it on.
    scheduled: Option<Vec<ScheduledNotification>>,
    /// The patient's language, for the errors worded here rather than in the view.
    language: Language,
}

impl Shell {
    /// Opens the data dir (creating it private to the user) and loads the record; errors are
    /// in `language`.
    pub fn open(data_dir: &Path, clock: Clock, language: Language) -> anyhow::Result<Self> {
        create_private_dir(data_dir, language)?;
        let store = SqliteStore::open(&data_dir.join(DB_FILE))
            .map_err(|e| anyhow!(language.store_error(&e)))?;
        let photos = PhotoLibrary::open(data_dir, &store)
            .map_err(|e| anyhow!(language.photo_error(&e.to_photo_error())))?;
        // The token lives in <data-dir>/clinic-token, created with mode 0600.
        let secrets = Box::new(FileSecretStore::new(data_dir));
        let clinic =
            ClinicClient::new(data_dir, secrets, clinic_config()?).map_err(|e| anyhow!(e))?;
        let mut shell =
            Self { core: Core::new(), store, photos, clinic, scheduled: None, language };
        shell.send_ok(Event::Start { clock })?;
        Ok(shell)
    }

    /// Sends an event and carries out every effect that follows; returns the view afterwards.
    pub fn send(&mut self, event: Event) -> ViewModel {
        let mut queue: VecDeque<Effect> = self.core.process_event(event).into();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Render(_) => {}
                Effect::Store(mut request) => {
                    let result = self.store.handle(request.operation.clone());
                    // A resolve error would mean the core no longer waits for this request:
                    // there is nothing left to deliver, so the effect is dropped.
                    queue.extend(self.core.resolve(&mut request, result).unwrap_or_default());
                }
                Effect::Notify(request) => {
                    let NotifyOperation::ReplaceAll { notifications } = request.operation;
                    self.scheduled = Some(notifications);
                }
                Effect::Photo(mut request) => {
                    let result = self.photos.handle(&mut self.store, request.operation.clone());
                    queue.extend(self.core.resolve(&mut request, result).unwrap_or_default());
                }
                Effect::Clinic(mut request) => {
                    let result = self.clinic.handle(&mut self.store, request.operation.clone());
                    queue.extend(self.core.resolve(&mut request, result).unwrap_or_default());
                }
            }
        }
        self.core.view()
    }

    /// The pending schedule as the core last replaced it (`None` if it never asked).
    pub fn scheduled(&self) -> Option<&[ScheduledNotification]> {
        self.scheduled.as_deref()
    }

    /// The stored record as the store loads it at start (for exports, which read it whole).
    pub fn record(&mut self) -> anyhow::Result<PatientRecord> {
        match self.store.handle(StoreOperation::LoadRecord) {
            StoreResult::Loaded { record } => Ok(record),
            StoreResult::Failed { error } => bail!("{}", self.language.store_error(&error)),
            other => {
                let words = self.language.storage_words();
                bail!("{}", fill(words.out_of_turn, &[("detail", &format!("{other:?}"))]))
            }
        }
    }

    /// Where a photo's stored file (relative to the data dir) is on disk.
    pub fn photo_path(&self, relative: &str) -> std::path::PathBuf {
        self.photos.path_of(relative)
    }

    /// Like [`Shell::send`], but an error in the view becomes an `Err`.
    pub fn send_ok(&mut self, event: Event) -> anyhow::Result<ViewModel> {
        let view = self.send(event);
        match &view.error {
            Some(error) => bail!("{}", error.message),
            None => Ok(view),
        }
    }
}

/// The clinic client's waits: the defaults (connect 5 s, request 20 s), or
/// `AFTERGLOW_CLINIC_TIMEOUT_MS` / `AFTERGLOW_CLINIC_CONNECT_TIMEOUT_MS` (tests shorten them).
fn clinic_config() -> anyhow::Result<ClinicConfig> {
    let mut config = ClinicConfig::default();
    let millis = |name: &str| -> anyhow::Result<Option<std::time::Duration>> {
        match std::env::var(name) {
            Ok(v) => Ok(Some(std::time::Duration::from_millis(
                v.parse().with_context(|| format!("{name} must be a number of milliseconds"))?,
            ))),
            Err(_) => Ok(None),
        }
    };
    if let Some(request) = millis("AFTERGLOW_CLINIC_TIMEOUT_MS")? {
        config.timeouts.request = request;
    }
    if let Some(connect) = millis("AFTERGLOW_CLINIC_CONNECT_TIMEOUT_MS")? {
        config.timeouts.connect = connect;
    }
    Ok(config)
}

fn create_private_dir(dir: &Path, language: Language) -> anyhow::Result<()> {
    let words = &language.words().terminal;
    let path = dir.display().to_string();
    std::fs::create_dir_all(dir)
        .with_context(|| fill(words.cannot_create_data_dir, &[("path", &path)]))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Health data: only the patient's own account may read it.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| fill(words.cannot_restrict_data_dir, &[("path", &path)]))?;
    }
    Ok(())
}
