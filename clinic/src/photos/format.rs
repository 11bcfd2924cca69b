//! The sealed photo file (issue 19): a small header, then the XChaCha20-Poly1305 ciphertext of
//! the JPEG and its 16-byte tag.
//!
//! | bytes | field |
//! |---|---|
//! | 4 | magic `AGph` (a JPEG starts `FF D8`, so an older server's plaintext file is told apart) |
//! | 1 | format version, 1 |
//! | 8 | key id ([`KeyId`]): the wrong key is named before anything is decrypted |
//! | 24 | random nonce (XChaCha's 192 bits: random nonces never need a counter) |
//! | 8 | plaintext length, little-endian: a truncated file is named as truncated |
//!
//! The associated data is a label, the whole header, the patient's folder name (SHA-256 of the
//! patient id) and the photo's name (SHA-256 of the plaintext): a file moved to another
//! patient's folder or renamed fails to open.

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::{Aead, Payload};

use super::key::{KeyId, PhotoKey};

const MAGIC: &[u8; 4] = b"AGph";
const VERSION: u8 = 1;
/// Bytes before the ciphertext.
pub const HEADER_LEN: usize = 4 + 1 + 8 + 24 + 8;
const TAG_LEN: usize = 16;
const LABEL: &[u8] = b"afterglow photo v1\0";

/// What a photo file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JPEG as an older (or keyless) server wrote it.
    Plaintext,
    /// Sealed under the key with this id.
    Sealed(KeyId),
}

/// Why a photo file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// A JPEG as a server without a photo key writes it.
    #[error(
        "an unencrypted photo file (written without a photo key); restart the server to seal it"
    )]
    Plaintext,
    /// Sealed, but under another key.
    #[error("sealed with photo key {found}, not with the key given ({expected})")]
    WrongKey {
        /// The file's key id.
        found: KeyId,
        /// The given key's id.
        expected: KeyId,
    },
    /// A format this server does not read.
    #[error("a sealed photo file of format version {0}; this server reads version 1")]
    UnknownVersion(u8),
    /// Shorter than its header says.
    #[error("a truncated photo file ({have} of {want} bytes)")]
    Truncated {
        /// Bytes present.
        have: u64,
        /// Bytes the header promises.
        want: u64,
    },
    /// The tag does not verify: bytes changed, or the file was moved or renamed.
    #[error(
        "the photo file does not authenticate: it was changed, or moved from another name or patient"
    )]
    Tampered,
    /// Neither sealed nor a JPEG.
    #[error("not a photo file (neither sealed nor a JPEG)")]
    Unknown,
}

impl From<OpenError> for std::io::Error {
    fn from(e: OpenError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

/// Reads what a file is from its first bytes (at least [`HEADER_LEN`] when there are as many).
pub fn kind(head: &[u8]) -> Result<Kind, OpenError> {
    if head.starts_with(&[0xFF, 0xD8]) {
        return Ok(Kind::Plaintext);
    }
    if !head.starts_with(MAGIC) {
        return Err(OpenError::Unknown);
    }
    if head.len() < HEADER_LEN {
        let want = (HEADER_LEN + TAG_LEN) as u64;
        return Err(OpenError::Truncated { have: head.len() as u64, want });
    }
    if head[4] != VERSION {
        return Err(OpenError::UnknownVersion(head[4]));
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(&head[5..13]);
    Ok(Kind::Sealed(KeyId(id)))
}

/// Checks a sealed file's length against its header (no key needed: backups); a plaintext
/// file passes.
pub fn check_length(file: &[u8]) -> Result<(), OpenError> {
    if kind(file)? == Kind::Plaintext {
        return Ok(());
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&file[37..45]);
    let want = u64::from_le_bytes(len).saturating_add((HEADER_LEN + TAG_LEN) as u64);
    let have = file.len() as u64;
    if have < want {
        return Err(OpenError::Truncated { have, want });
    }
    if have > want {
        return Err(OpenError::Tampered);
    }
    Ok(())
}

fn associated_data(header: &[u8], folder: &str, sha256: &str) -> Vec<u8> {
    let mut ad = Vec::with_capacity(LABEL.len() + HEADER_LEN + folder.len() + sha256.len() + 1);
    ad.extend_from_slice(LABEL);
    ad.extend_from_slice(header);
    ad.extend_from_slice(folder.as_bytes());
    ad.push(b'/');
    ad.extend_from_slice(sha256.as_bytes());
    ad
}

/// Seals `plaintext` as the photo `sha256` in the patient folder `folder`.
pub fn seal(
    key: &PhotoKey,
    folder: &str,
    sha256: &str,
    plaintext: &[u8],
) -> std::io::Result<Vec<u8>> {
    let nonce = crate::secrets::random_bytes::<24>().map_err(std::io::Error::other)?;
    let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&key.id().0);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&(plaintext.len() as u64).to_le_bytes());
    let aad = associated_data(&out, folder, sha256);
    let sealed = key
        .cipher
        .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad: &aad })
        .map_err(|_| std::io::Error::other("photo encryption failed"))?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a photo file read from `folder/sha256.jpg`, telling apart a plaintext file, the wrong
/// key, a truncated file and changed bytes.
pub fn open(key: &PhotoKey, folder: &str, sha256: &str, file: &[u8]) -> Result<Vec<u8>, OpenError> {
    match kind(file)? {
        Kind::Plaintext => return Err(OpenError::Plaintext),
        Kind::Sealed(found) if found != key.id() => {
            return Err(OpenError::WrongKey { found, expected: key.id() });
        }
        Kind::Sealed(_) => {}
    }
    check_length(file)?;
    let (header, body) = file.split_at(HEADER_LEN);
    let aad = associated_data(header, folder, sha256);
    let mut nonce = [0u8; 24];
    nonce.copy_from_slice(&header[13..37]);
    key.cipher
        .decrypt(&XNonce::from(nonce), Payload { msg: body, aad: &aad })
        .map_err(|_| OpenError::Tampered)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLDER: &str = "f0";
    const SHA: &str = "5a";

    fn key(n: u8) -> PhotoKey {
        PhotoKey::from_bytes(&[n; 32])
    }

    #[test]
    fn each_failure_is_told_apart() {
        let photo = b"\xFF\xD8 pretend jpeg \xFF\xD9".to_vec();
        let file = seal(&key(1), FOLDER, SHA, &photo).unwrap();
        assert!(!file.windows(photo.len()).any(|w| w == photo.as_slice()));
        assert_eq!(open(&key(1), FOLDER, SHA, &file).unwrap(), photo);
        assert_eq!(
            open(&key(2), FOLDER, SHA, &file),
            Err(OpenError::WrongKey { found: key(1).id(), expected: key(2).id() })
        );
        assert_eq!(open(&key(1), FOLDER, SHA, &photo), Err(OpenError::Plaintext));
        let short = &file[..file.len() - 3];
        assert!(matches!(open(&key(1), FOLDER, SHA, short), Err(OpenError::Truncated { .. })));
        assert!(matches!(
            open(&key(1), FOLDER, SHA, &file[..10]),
            Err(OpenError::Truncated { .. })
        ));
        for at in [HEADER_LEN + 2, file.len() - 1, 20] {
            let mut changed = file.clone();
            changed[at] ^= 1;
            assert_eq!(open(&key(1), FOLDER, SHA, &changed), Err(OpenError::Tampered), "byte {at}");
        }
        assert_eq!(open(&key(1), "other", SHA, &file), Err(OpenError::Tampered));
        assert_eq!(open(&key(1), FOLDER, "5b", &file), Err(OpenError::Tampered));
        let mut newer = file.clone();
        newer[4] = 2;
        assert_eq!(open(&key(1), FOLDER, SHA, &newer), Err(OpenError::UnknownVersion(2)));
        assert_eq!(open(&key(1), FOLDER, SHA, b"GIF89a"), Err(OpenError::Unknown));
    }

    #[test]
    fn sealing_a_4_mib_photo() {
        // Prints the cost per photo (--nocapture). In this unoptimised test build it is about
        // 1 s each way; with release settings (opt-level "s", LTO) it took 12–24 ms
        // (docs/operations.md, Photos at rest). The app's 2048 px photos are well under 4 MiB.
        let photo: Vec<u8> = (0..4 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        let started = std::time::Instant::now();
        let file = seal(&key(1), FOLDER, SHA, &photo).unwrap();
        let sealed = started.elapsed();
        let started = std::time::Instant::now();
        assert_eq!(open(&key(1), FOLDER, SHA, &file).unwrap(), photo);
        eprintln!("4 MiB photo: sealed in {sealed:?}, opened in {:?}", started.elapsed());
    }
}
