//! The web app's record as its IndexedDB build kept it, moved into this store once: the web app
//! is to keep the patient's record in SQLite, and a patient who already has one in IndexedDB
//! must find every session, check-in, photo, outbox item and setting after the move.
//!
//! The input is every object store of the `afterglow` IndexedDB database (version 1), each entry
//! with its key: what the web app's worker reads before moving it (`web/src/worker/indexeddb.js`).
//! The move is one transaction into an empty store: it happens whole or not at all, and a store
//! that already holds a record is never merged into. Ids are kept (outbox items name their
//! check-ins, photos and sessions by id). Photo bytes are not SQLite's: the rows name their files
//! by content, and [`Moved::files`] says which stored blob becomes which file.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use shared::checkin::NewCheckin;
use shared::domain::{NewSession, Profile};
use shared::effects::photo::PhotoImport;
use shared::effects::{ClinicLink, OutboxBody, OutboxItem, StoreError, StoreErrorKind};
use shared::journal::Photo;
use shared::reminders::ReminderPrefs;

use crate::errors::{error, query_error};
use crate::photo_rows::{self, NewRow, PHOTOS_DIR};
use crate::{SqliteStore, app_lock, checkins, language, outbox, record, reminder_prefs};

/// The IndexedDB schema version this reads (web `db.ts`'s `DB_VERSION`).
pub const VERSION: u32 = 1;

/// Every object store of the IndexedDB database, as dumped.
#[derive(Debug, Deserialize)]
pub struct Dump {
    pub version: u32,
    pub stores: Stores,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Stores {
    pub meta: Vec<Entry>,
    pub sessions: Vec<Entry>,
    pub checkins: Vec<Entry>,
    pub photos: Vec<Entry>,
    pub blobs: Vec<Entry>,
    pub outbox: Vec<Entry>,
}

/// One record of an object store: its key and its value (a blob's value is `{"base64": …}`,
/// which the move never needs: only the key names the file).
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub key: Value,
    pub value: Value,
}

/// A photo file to keep: the blob stored under `from` becomes the file `to` (relative to the
/// data dir, as `Photo::file` names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMove {
    pub from: String,
    pub to: String,
}

/// What the move wrote, and what the caller still has to keep.
#[derive(Debug, Default)]
pub struct Moved {
    pub sessions: usize,
    pub checkins: usize,
    pub photos: usize,
    pub outbox_items: usize,
    /// Each journal photo's two blobs (stored image, thumbnail) and the files they become.
    pub files: Vec<FileMove>,
    /// The clinic token, for the shell's secret store: never part of the record.
    pub clinic_token: Option<String>,
    /// The id the web app's FHIR export names the patient by, so a clinic sees one patient.
    pub patient_id: Option<String>,
}

/// How the move ended.
#[derive(Debug)]
pub enum Outcome {
    Moved(Moved),
    /// The store already holds a record (an earlier move, or a record kept here since): nothing
    /// was written.
    AlreadyHeld,
}

/// Reads a dump (JSON text).
pub fn parse(json: &str) -> Result<Dump, StoreError> {
    serde_json::from_str(json).map_err(|e| {
        unreadable(format!("the browser's earlier record cannot be read (line {})", e.line()))
    })
}

/// Moves the dump's record into `store` in one transaction (see the module's rules).
pub fn move_into(store: &mut SqliteStore, dump: &Dump) -> Result<Outcome, StoreError> {
    if dump.version != VERSION {
        return Err(unreadable(format!(
            "the browser's earlier record is version {} and this build reads version {VERSION}; \
             it was left as it was",
            dump.version
        )));
    }
    let conn = store.connection_mut();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(query_error)?;
    if holds_a_record(&tx)? {
        return Ok(Outcome::AlreadyHeld);
    }
    let moved = write(&tx, &dump.stores)?;
    tx.commit().map_err(query_error)?;
    Ok(Outcome::Moved(moved))
}

fn holds_a_record(conn: &Connection) -> Result<bool, StoreError> {
    let tables = ["sessions", "checkins", "photos", "outbox", "clinic_link", "profile"];
    let query = tables
        .iter()
        .map(|t| format!("EXISTS (SELECT 1 FROM {t})"))
        .collect::<Vec<_>>()
        .join(" OR ");
    conn.query_row(&format!("SELECT {query}"), [], |r| r.get(0)).map_err(query_error)
}

fn write(conn: &Connection, stores: &Stores) -> Result<Moved, StoreError> {
    let mut moved = Moved::default();
    let meta: HashMap<&str, &Value> =
        stores.meta.iter().filter_map(|e| Some((e.key.as_str()?, &e.value))).collect();
    let present = |key: &str| meta.get(key).copied().filter(|v| !v.is_null());

    if let Some(profile) = present("profile") {
        record::save_profile(conn, &value::<Profile>(profile, "the health profile")?)?;
    }
    if let Some(json) = present("protocol").and_then(Value::as_str) {
        record::save_protocol(conn, Some(json))?;
    }
    if let Some(prefs) = present("reminder_prefs") {
        reminder_prefs::save(conn, &value::<ReminderPrefs>(prefs, "the reminder times")?)?;
    }
    if let Some(tag) = present("language").and_then(Value::as_str) {
        language::save(conn, tag)?;
    }
    if present("app_lock").and_then(Value::as_bool) == Some(true) {
        app_lock::save(conn, true)?;
    }
    moved.clinic_token = present("clinic_token").and_then(Value::as_str).map(str::to_owned);
    moved.patient_id = present("patient_id").and_then(Value::as_str).map(str::to_owned);

    let mut sessions = HashSet::new();
    for entry in &stores.sessions {
        let id = id_of(entry, "a session")?;
        let details = value::<NewSession>(field(&entry.value, "details"), "a session")?;
        record::insert_session(conn, Some(id), &details)?;
        sessions.insert(id);
    }
    moved.sessions = sessions.len();
    // A reference to a session that is gone reads as none, as a deleted session's do.
    let kept = |id: Option<i64>| id.filter(|id| sessions.contains(id));

    for entry in &stores.checkins {
        let id = id_of(entry, "a check-in")?;
        let mut details = value::<NewCheckin>(field(&entry.value, "details"), "a check-in")?;
        details.session_id = kept(details.session_id);
        checkins::insert(conn, Some(id), &details)?;
        moved.checkins += 1;
    }

    moved.files = files(stores)?;
    for entry in &stores.photos {
        let photo = value::<Photo>(&entry.value, "a photo")?;
        let thumb_sha256 = thumb_sha(&photo.thumb_file)?;
        let import = PhotoImport {
            source: String::new(),
            taken_utc_ms: photo.taken_utc_ms,
            taken_source: photo.taken_source,
            session_id: kept(photo.session_id),
            day_index: photo.day_index,
            area: photo.area,
            note: photo.note.clone(),
        };
        photo_rows::insert(
            conn,
            &NewRow {
                id: Some(photo.id),
                import: &import,
                note: photo.note.as_deref(),
                width: photo.width,
                height: photo.height,
                sha256: &photo.sha256,
                thumb_sha256,
                imported_utc_ms: photo.imported_utc_ms,
            },
        )?;
        moved.photos += 1;
    }

    if let Some(link) = present("clinic_link") {
        outbox::save_link(conn, &value::<ClinicLink>(link, "the clinic link")?)?;
    }
    for entry in &stores.outbox {
        let item = value::<OutboxItem>(&entry.value, "an outbox item")?;
        let key = field(&entry.value, "idempotency_key").as_str().unwrap_or_default();
        let path = field(&entry.value, "path").as_str().unwrap_or_default();
        let body = value::<OutboxBody>(field(&entry.value, "body"), "an outbox item")?;
        outbox::restore(conn, &item, key, path, &body)?;
        moved.outbox_items += 1;
    }
    Ok(moved)
}

/// Each journal photo's two image blobs and the files they become, for writing the files before
/// the move (content-addressed, so writing them twice is harmless). A photo whose blob is missing
/// is an error: its row would name a file that never comes.
pub fn files(stores: &Stores) -> Result<Vec<FileMove>, StoreError> {
    let blobs: HashSet<&str> = stores.blobs.iter().filter_map(|e| e.key.as_str()).collect();
    let mut files = Vec::with_capacity(2 * stores.photos.len());
    for entry in &stores.photos {
        let photo = value::<Photo>(&entry.value, "a photo")?;
        for name in [&photo.file, &photo.thumb_file] {
            if !blobs.contains(name.as_str()) {
                return Err(unreadable(format!("photo {}'s image is missing", photo.id)));
            }
        }
        let file = |sha: &str| format!("{PHOTOS_DIR}/{}", photo_rows::content_name(sha));
        files.push(FileMove { from: photo.file.clone(), to: file(&photo.sha256) });
        let thumb = file(thumb_sha(&photo.thumb_file)?);
        files.push(FileMove { from: photo.thumb_file.clone(), to: thumb });
    }
    Ok(files)
}

/// The thumbnail's content hash from its IndexedDB name (`photos/<sha256>.thumb.jpg`).
fn thumb_sha(name: &str) -> Result<&str, StoreError> {
    name.strip_prefix("photos/")
        .and_then(|rest| rest.strip_suffix(".thumb.jpg"))
        .filter(|sha| sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| unreadable("a photo's thumbnail has a name this build does not know"))
}

fn id_of(entry: &Entry, what: &str) -> Result<i64, StoreError> {
    field(&entry.value, "id")
        .as_i64()
        .or_else(|| entry.key.as_i64())
        .ok_or_else(|| unreadable(format!("{what} has no id")))
}

fn field<'a>(value: &'a Value, name: &str) -> &'a Value {
    value.get(name).unwrap_or(&Value::Null)
}

fn value<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, StoreError> {
    // serde's message can quote the value it met, so it is left out: no patient data in logs.
    T::deserialize(value)
        .map_err(|_| unreadable(format!("{what} in the browser's earlier record cannot be read")))
}

fn unreadable(message: impl Into<String>) -> StoreError {
    error(StoreErrorKind::Other, message)
}
