//! The photo pipeline, in Rust on the shell side of the bridge (shared by the CLI and, through
//! the FFI library, the phone apps): photo bytes never cross the bincode bridge.
//!
//! Import, in order: byte-size limit; format from the magic bytes (JPEG, PNG; HEIC refused with
//! "convert to JPEG first"); declared dimensions against the pixel limits *before* any decoding
//! (decompression bombs); JPEG completeness from its segment structure (decoders grey-fill a
//! cut-short file and call it fine); decode with libjpeg-turbo scaling in the DCT (a 12 MP photo
//! decodes at 1/2 straight to 2016 px); EXIF orientation applied to the pixels; re-encoded from
//! pixels, so no metadata block survives (GPS, device, maker notes, XMP, IPTC, ICC, trailers);
//! a 384 px thumbnail; both files named by the SHA-256 of their bytes and written
//! temp → fsync → rename; then the row, in one transaction. A failure at any step leaves the
//! directory and the table as they were.
//!
//! Decoder choice: TurboJPEG (bundled libjpeg-turbo, built with cmake + nasm) with DCT scaling,
//! then afterglow_resample (one pixel type, two filters; it replaced fast_image_resize, which
//! was a quarter of the mobile library's code: docs/library-size.md). `Pipeline::PureRust`
//! (zune-jpeg + jpeg-encoder, `pure_rust.rs`, feature `pure-rust-jpeg`, off in the mobile
//! library) runs the same steps without C; `benches/jpeg_ab` measured it at 2.1x TurboJPEG's import wall time
//! and 2.2x its peak memory on the 12 MP benchmark photo, so TurboJPEG stays the default
//! (docs/adr/0002); `benches/import.rs` measures our import against `vipsthumbnail`.

mod compare;
mod decode;
mod errors;
mod exif_meta;
mod files;
mod font;
mod pipeline;
#[cfg(feature = "pure-rust-jpeg")]
mod pure_rust;
mod raster;
#[cfg(feature = "pure-rust-jpeg")]
mod scan_check;
#[doc(hidden)]
pub mod testdata;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::TransactionBehavior;
use shared::effects::photo::{ComparisonRequest, PhotoImport, PhotoProbe};
use shared::effects::{PhotoOperation, PhotoResult};
use shared::journal::Photo;

use crate::SqliteStore;
use crate::store::photo_rows as db;
use crate::store::query_error;

pub use db::load_all;
pub use errors::ImportError;
pub use files::{PHOTOS_DIR, write_atomic};
// Format sniffing, the JPEG walk and the limits are the `photo_check` crate's (shared with
// the clinic, the report and the web core).
pub use photo_check::{Limits, STORED_QUALITY, THUMB_QUALITY};
pub use pipeline::{Pipeline, Processed, process, thumbnail};

/// The patient's photos: the files under `<data dir>/photos/` and their rows.
#[derive(Debug)]
pub struct PhotoLibrary {
    data_dir: PathBuf,
    dir: PathBuf,
    limits: Limits,
    pipeline: Pipeline,
}

impl PhotoLibrary {
    /// Opens the photos directory (creating it, private to the patient) and removes what a crash
    /// or an interrupted delete left behind: temporary files and files no row refers to.
    pub fn open(data_dir: &Path, store: &SqliteStore) -> Result<Self, ImportError> {
        let dir = data_dir.join(PHOTOS_DIR);
        files::ensure_dir(&dir).map_err(ImportError::Write)?;
        let keep = db::referenced_files(store.connection()).map_err(ImportError::Store)?;
        files::remove_unlisted(&dir, &keep).map_err(ImportError::Write)?;
        Ok(Self {
            data_dir: data_dir.to_owned(),
            dir,
            limits: Limits::default(),
            pipeline: Pipeline::default(),
        })
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Uses another JPEG codec (the benchmark compares them on the same import).
    pub fn with_pipeline(mut self, pipeline: Pipeline) -> Self {
        self.pipeline = pipeline;
        self
    }

    /// Where a photo's file (`Photo::file`, relative to the data dir) is on disk.
    pub fn path_of(&self, relative: &str) -> PathBuf {
        self.data_dir.join(relative)
    }

    /// Carries out one photo operation.
    pub fn handle(&self, store: &mut SqliteStore, operation: PhotoOperation) -> PhotoResult {
        let result = match operation {
            PhotoOperation::Probe { source } => {
                self.probe(&source).map(|probe| PhotoResult::Probed { probe })
            }
            PhotoOperation::Import { import } => {
                self.import(store, &import).map(|photo| PhotoResult::Imported { photo })
            }
            PhotoOperation::Delete { id } => self.delete(store, id).map(|()| PhotoResult::Deleted),
            PhotoOperation::Export { id, destination } => self
                .export(store, id, &destination)
                .map(|path| PhotoResult::Written { path: path.display().to_string() }),
            PhotoOperation::Compare { comparison } => self
                .compare(store, &comparison)
                .map(|path| PhotoResult::Written { path: path.display().to_string() }),
        };
        result.unwrap_or_else(|e| PhotoResult::Failed { error: e.to_photo_error() })
    }

    /// Size, format and declared dimensions, plus the camera's date; decodes nothing.
    pub fn probe(&self, source: &str) -> Result<PhotoProbe, ImportError> {
        let bytes = self.read_source(source)?;
        let (_, width, height) = self.pipeline.check(&bytes, &self.limits)?;
        let facts = exif_meta::read(&bytes);
        Ok(PhotoProbe {
            width,
            height,
            camera_local_time: facts.local_time,
            camera_offset_minutes: facts.offset_minutes,
        })
    }

    /// Processes and stores a photo the core has placed; returns it as stored.
    pub fn import(
        &self,
        store: &mut SqliteStore,
        import: &PhotoImport,
    ) -> Result<Photo, ImportError> {
        let bytes = self.read_source(&import.source)?;
        let processed = self.pipeline.process(&bytes, &self.limits)?;
        drop(bytes);
        if let Some(id) = db::id_with_sha(store.connection(), &processed.stored_sha256)
            .map_err(ImportError::Store)?
        {
            return Err(ImportError::Duplicate(id));
        }
        let full_name = files::content_name(&processed.stored_sha256);
        let thumb_name = files::content_name(&processed.thumb_sha256);
        let written = self.write_files(&processed, &full_name, &thumb_name);
        let inserted = written.and_then(|()| {
            let conn = store.connection_mut();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| ImportError::Store(query_error(e)))?;
            let id = db::insert(
                &tx,
                &db::NewRow {
                    id: None,
                    import,
                    note: import.note.as_deref(),
                    width: processed.width,
                    height: processed.height,
                    sha256: &processed.stored_sha256,
                    thumb_sha256: &processed.thumb_sha256,
                    imported_utc_ms: now_ms(),
                },
            )
            .map_err(ImportError::Store)?;
            tx.commit().map_err(|e| ImportError::Store(query_error(e)))?;
            Ok(id)
        });
        match inserted {
            Ok(id) => find(store, id),
            Err(e) => {
                // Nothing refers to the new files: take them back (the next open would too).
                let _ = std::fs::remove_file(self.dir.join(&full_name));
                let _ = std::fs::remove_file(self.dir.join(&thumb_name));
                Err(e)
            }
        }
    }

    fn write_files(&self, p: &Processed, full: &str, thumb: &str) -> Result<(), ImportError> {
        files::write_atomic(&self.dir, thumb, &p.thumb).map_err(ImportError::Write)?;
        files::write_atomic(&self.dir, full, &p.stored).map_err(ImportError::Write)?;
        Ok(())
    }

    /// Deletes the row (the patient no longer sees the photo once this commits), then the files.
    /// A file that cannot be removed now is an orphan that the next [`PhotoLibrary::open`] removes.
    pub fn delete(&self, store: &mut SqliteStore, id: i64) -> Result<(), ImportError> {
        let photo = find(store, id)?;
        let conn = store.connection_mut();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| ImportError::Store(query_error(e)))?;
        if !db::delete(&tx, id).map_err(ImportError::Store)? {
            return Err(ImportError::NoSuchPhoto(id));
        }
        tx.commit().map_err(|e| ImportError::Store(query_error(e)))?;
        let _ = std::fs::remove_file(self.path_of(&photo.file));
        let _ = std::fs::remove_file(self.path_of(&photo.thumb_file));
        Ok(())
    }

    /// Copies a stored photo (already stripped and oriented) to `destination`.
    pub fn export(
        &self,
        store: &SqliteStore,
        id: i64,
        destination: &str,
    ) -> Result<PathBuf, ImportError> {
        let photo = find(store, id)?;
        let bytes = std::fs::read(self.path_of(&photo.file))
            .map_err(|e| ImportError::Unreadable(e.kind()))?;
        write_outside(Path::new(strip_file_uri(destination)), &bytes)
    }

    /// Draws two stored photos side by side with their labels into a PNG.
    pub fn compare(
        &self,
        store: &SqliteStore,
        request: &ComparisonRequest,
    ) -> Result<PathBuf, ImportError> {
        let read = |id| -> Result<Vec<u8>, ImportError> {
            let photo = find(store, id)?;
            std::fs::read(self.path_of(&photo.file)).map_err(|e| ImportError::Unreadable(e.kind()))
        };
        let before = read(request.before_id)?;
        let after = read(request.after_id)?;
        let png = compare::render(
            self.pipeline,
            (&before, &request.before_label),
            (&after, &request.after_label),
        )?;
        write_outside(Path::new(strip_file_uri(&request.destination)), &png)
    }

    /// Reads a source file, refusing an oversized one before reading it whole.
    fn read_source(&self, source: &str) -> Result<Vec<u8>, ImportError> {
        let path = Path::new(strip_file_uri(source));
        let file = std::fs::File::open(path).map_err(|e| ImportError::Unreadable(e.kind()))?;
        let mut bytes = Vec::new();
        file.take(self.limits.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::Unreadable(e.kind()))?;
        Ok(bytes)
    }
}

/// Writes a file the patient asked for (export, comparison) atomically next to its destination.
fn write_outside(destination: &Path, bytes: &[u8]) -> Result<PathBuf, ImportError> {
    let name = destination.file_name().and_then(|n| n.to_str()).ok_or(ImportError::Write(
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the destination has no file name"),
    ))?;
    let parent = match destination.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    files::write_atomic(parent, name, bytes).map_err(ImportError::Write)
}

pub use crate::store::photo_rows::stored_file;

/// Shells on phones hand over `file://` URIs; the CLI plain paths.
fn strip_file_uri(source: &str) -> &str {
    source.strip_prefix("file://").unwrap_or(source)
}

/// The stored photo with this id, or `NoSuchPhoto`.
fn find(store: &SqliteStore, id: i64) -> Result<Photo, ImportError> {
    db::find(store.connection(), id)
        .map_err(ImportError::Store)?
        .ok_or(ImportError::NoSuchPhoto(id))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
