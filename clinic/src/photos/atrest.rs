//! Photo files at rest, at start and on rotation (issue 19): the census of the photo folder,
//! sealing the plaintext files an older (or keyless) server left, and re-sealing every file
//! from an old key to a new one. Each file is replaced whole (temporary file, fsync, rename,
//! folder fsync), so a crash leaves every file either as it was or done, and a rerun finishes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::format::{self, HEADER_LEN, Kind, OpenError};
use super::fs::{is_sha256_hex, write_durably};
use super::key::{KeyFileError, KeyId, PhotoKey};
use super::{PhotoBlobs, PhotoStore, SealedPhotos};

/// Why the photos could not be made ready, or a rotation did not finish.
#[derive(Debug, thiserror::Error)]
pub enum AtRestError {
    /// The key file was refused.
    #[error(transparent)]
    Key(#[from] KeyFileError),
    /// The photo folder could not be read or written.
    #[error("photo folder: {0}")]
    Io(#[from] std::io::Error),
    /// Sealed files, and no key.
    #[error(
        "{count} photo files are encrypted (photo key {key}) but no --photo-key-file was given: \
         start with the key they were sealed with"
    )]
    SealedWithoutKey {
        /// How many.
        count: usize,
        /// Their key (the first found).
        key: KeyId,
    },
    /// Files sealed with a key other than the one(s) given.
    #[error(
        "{count} photo files are sealed with photo key {found}, not with the key given ({given}): \
         give the key they were sealed with, or finish the rotation with `clinic photo-key \
         rotate` (one is {example})"
    )]
    OtherKey {
        /// How many.
        count: usize,
        /// Their key (the first found).
        found: KeyId,
        /// The key given.
        given: KeyId,
        /// One of them.
        example: PathBuf,
    },
    /// Files a rotation could not open; they were left as they were.
    #[error(
        "{count} photo files were left under the old key ({why}; one is {example}); every other \
         file is under the new key. Restore those files from a backup and run the rotation again"
    )]
    Unrotated {
        /// How many.
        count: usize,
        /// Why the first failed.
        why: OpenError,
        /// The first.
        example: PathBuf,
    },
    /// Both keys are one.
    #[error("the old and the new photo key are the same key ({0})")]
    SameKey(KeyId),
}

/// One photo file: its patient folder's name, its photo name and where it is.
struct PhotoFile {
    folder: String,
    sha: String,
    path: PathBuf,
}

/// Every photo file under the per-patient folders, and the temporary files a crash left.
fn walk(files: &PhotoStore) -> std::io::Result<(Vec<PhotoFile>, Vec<PathBuf>)> {
    let (mut photos, mut leftovers) = (Vec::new(), Vec::new());
    let top = match fs::read_dir(files.dir()) {
        Ok(top) => top,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((photos, leftovers)),
        Err(e) => return Err(e),
    };
    for folder in top {
        let folder = folder?;
        let name = folder.file_name().to_string_lossy().into_owned();
        if !is_sha256_hex(&name) || !folder.file_type()?.is_dir() {
            continue;
        }
        for entry in fs::read_dir(folder.path())? {
            let path = entry?.path();
            let file =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match file.strip_suffix(".jpg") {
                Some(sha) if is_sha256_hex(sha) => {
                    photos.push(PhotoFile { folder: name.clone(), sha: sha.to_owned(), path })
                }
                _ if file.contains(".tmp-") => leftovers.push(path),
                _ => {}
            }
        }
    }
    photos.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((photos, leftovers))
}

/// What the first bytes of a file say it is.
fn kind_of(path: &Path) -> std::io::Result<Result<Kind, OpenError>> {
    let mut head = Vec::with_capacity(HEADER_LEN);
    fs::File::open(path)?.take(HEADER_LEN as u64).read_to_end(&mut head)?;
    Ok(format::kind(&head))
}

/// Files per kind: plaintext, sealed per key id, unreadable.
#[derive(Default)]
struct Census {
    plaintext: Vec<PhotoFile>,
    sealed: BTreeMap<[u8; 8], Vec<PhotoFile>>,
    unreadable: Vec<(PhotoFile, OpenError)>,
}

fn census(files: &PhotoStore) -> std::io::Result<(Census, Vec<PathBuf>)> {
    let (photos, leftovers) = walk(files)?;
    let mut census = Census::default();
    for photo in photos {
        match kind_of(&photo.path)? {
            Ok(Kind::Plaintext) => census.plaintext.push(photo),
            Ok(Kind::Sealed(id)) => census.sealed.entry(id.0).or_default().push(photo),
            Err(why) => census.unreadable.push((photo, why)),
        }
    }
    Ok((census, leftovers))
}

/// Re-writes one file sealed under `key` (from plaintext, or opened under `old`).
fn reseal(photo: &PhotoFile, old: Option<&PhotoKey>, key: &PhotoKey) -> Result<(), AtRestError> {
    let file = fs::read(&photo.path)?;
    let plaintext = match old {
        Some(old) => {
            format::open(old, &photo.folder, &photo.sha, &file).map_err(std::io::Error::from)?
        }
        None => file,
    };
    let sealed = format::seal(key, &photo.folder, &photo.sha, &plaintext)?;
    let folder = photo.path.parent().unwrap_or(Path::new("."));
    write_durably(folder, &photo.path, &photo.sha, &sealed)?;
    Ok(())
}

/// The photo store a server starts with. Without a key: the plain folder, refused when any file
/// in it is sealed (ciphertext would otherwise be served as a JPEG), with a warning in the log.
/// With one (its file outside `data_folder`, private): refused when files are sealed under
/// another key (the wrong key, or an unfinished rotation), before anything is written; then the
/// plaintext files are sealed one by one and crash leftovers removed.
pub fn open_at_start(
    files: PhotoStore,
    key_file: Option<&Path>,
    data_folder: &Path,
) -> Result<Arc<dyn PhotoBlobs>, AtRestError> {
    let (census, leftovers) = census(&files)?;
    let Some(key_file) = key_file else {
        if let Some((id, sealed)) = census.sealed.iter().next() {
            return Err(AtRestError::SealedWithoutKey { count: sealed.len(), key: KeyId(*id) });
        }
        tracing::warn!(
            "photos are stored unencrypted: start with --photo-key-file to encrypt them at rest \
             (docs/operations.md, Photos at rest)"
        );
        return Ok(Arc::new(files));
    };
    let key = Arc::new(PhotoKey::load(key_file, Some(data_folder))?);
    if let Some((id, sealed)) = census.sealed.iter().find(|(id, _)| **id != key.id().0) {
        return Err(AtRestError::OtherKey {
            count: sealed.len(),
            found: KeyId(*id),
            given: key.id(),
            example: sealed[0].path.clone(),
        });
    }
    // The start is the only writer, so a temporary file now is a crash's leftover.
    for leftover in &leftovers {
        fs::remove_file(leftover)?;
    }
    for photo in &census.plaintext {
        reseal(photo, None, &key)?;
    }
    if !census.unreadable.is_empty() {
        tracing::warn!(
            count = census.unreadable.len(),
            "photo files that are neither sealed nor JPEG were left as they are; they will not be served"
        );
    }
    tracing::info!(
        key = %key.id(),
        sealed_now = census.plaintext.len(),
        "photos are sealed at rest"
    );
    Ok(Arc::new(SealedPhotos::new(files, key)))
}

/// What a rotation did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rotation {
    /// Files re-sealed from the old key to the new one.
    pub rotated: usize,
    /// Plaintext files sealed under the new key.
    pub sealed: usize,
    /// Files already under the new key (a rerun after a crash).
    pub skipped: usize,
    /// Files left for a later run (`max_files`).
    pub remaining: usize,
}

/// Re-seals every photo file from `old` to `new` (plaintext files are sealed under `new` too),
/// at most `max_files` of them in this run. Refused before anything is written when a file is
/// sealed under a third key. Files already under `new` are skipped, so a run stopped part-way
/// (a crash, `max_files`) is finished by running it again. Run it with the server stopped.
pub fn rotate(
    files: &PhotoStore,
    old: &PhotoKey,
    new: &PhotoKey,
    max_files: Option<usize>,
) -> Result<Rotation, AtRestError> {
    if old.id() == new.id() {
        return Err(AtRestError::SameKey(old.id()));
    }
    let (mut census, _leftovers) = census(files)?;
    if let Some((id, sealed)) =
        census.sealed.iter().find(|(id, _)| **id != old.id().0 && **id != new.id().0)
    {
        return Err(AtRestError::OtherKey {
            count: sealed.len(),
            found: KeyId(*id),
            given: old.id(),
            example: sealed[0].path.clone(),
        });
    }
    let under_old = census.sealed.remove(&old.id().0).unwrap_or_default();
    let mut report = Rotation {
        skipped: census.sealed.get(&new.id().0).map_or(0, Vec::len),
        ..Rotation::default()
    };
    let mut budget = max_files.unwrap_or(usize::MAX);
    let mut failed: Vec<(PathBuf, OpenError)> =
        census.unreadable.into_iter().map(|(p, why)| (p.path, why)).collect();
    let work =
        under_old.iter().map(|p| (p, Some(old))).chain(census.plaintext.iter().map(|p| (p, None)));
    for (photo, from) in work {
        if budget == 0 {
            report.remaining += 1;
            continue;
        }
        match reseal(photo, from, new) {
            Ok(()) if from.is_some() => report.rotated += 1,
            Ok(()) => report.sealed += 1,
            Err(AtRestError::Io(e)) => {
                match e.get_ref().and_then(|e| e.downcast_ref::<OpenError>()) {
                    Some(why) => failed.push((photo.path.clone(), why.clone())),
                    None => return Err(AtRestError::Io(e)),
                }
            }
            Err(e) => return Err(e),
        }
        budget -= 1;
    }
    let count = failed.len();
    match failed.into_iter().next() {
        Some((example, why)) => Err(AtRestError::Unrotated { count, why, example }),
        None => Ok(report),
    }
}
