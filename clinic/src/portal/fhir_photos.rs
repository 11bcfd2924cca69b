//! The patient's photos in the FHIR download. The Bundle is one JSON document, built whole in
//! memory (base64 text in a `serde_json::Value`, then the serialised body), so the photos it
//! embeds are capped by size: the most recent ones whose JPEGs together fit a budget
//! (`Limits::fhir_photo_bytes`, [`EMBED_BUDGET_BYTES`] by default). Every other photo is still listed (a DocumentReference with its
//! time and size, no Binary) and says that it is not in the file and where to get it: the
//! patient's page downloads each photo on its own. The page says before the download how many
//! photos will be left out.

use shared::export::fhir::{FhirPhoto, PhotoData};

use crate::photos::PhotoBlobs;
use crate::store::PhotoRecord;

/// JPEG bytes one download embeds at most. Base64 makes them 4/3 larger: the bytes and the
/// value (32 + 43 MiB), then the value and the body (43 + 43 MiB and the JSON's indentation)
/// exist together, so one export peaks near 90 MiB (arithmetic, not a measurement).
/// The app sends photos of 2048 px under 2 MiB, so this is at least 16 photos, usually far more.
pub const EMBED_BUDGET_BYTES: u64 = 32 * 1024 * 1024;

/// Why a photo over the budget is not in the file (the DocumentReference's description).
pub fn over_budget(budget: u64) -> String {
    format!(
        "this download embeds at most {} of photos, the most recent first; download it from \
         the patient's page in the clinic portal",
        size_text(budget)
    )
}

/// `32 MiB`, `512 KiB`, `900 bytes`: the budget in the words the page and the Bundle use.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB && b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// Why a photo whose file could not be read is not in the file.
pub const UNREADABLE: &str = "its file could not be read when this download was made; try \
     the patient's page in the clinic portal";

/// A photo's bytes as the export holds them.
#[derive(Debug)]
pub enum Held {
    Jpeg(Vec<u8>),
    OverBudget,
    Unreadable,
}

/// For each photo (in the store's order, oldest first), whether the download embeds it: the
/// most recent ones whose sizes together fit `budget`. From the first photo that does not fit,
/// it and every older one are left out, so the file holds an unbroken run of the latest photos
/// ("the N most recent") rather than a scattering of small old ones.
pub fn embedded(photos: &[PhotoRecord], budget: u64) -> Vec<bool> {
    let mut flags = vec![false; photos.len()];
    let mut used: u64 = 0;
    for (flag, photo) in flags.iter_mut().zip(photos).rev() {
        match used.checked_add(photo.byte_len) {
            Some(total) if total <= budget => {
                used = total;
                *flag = true;
            }
            _ => break,
        }
    }
    flags
}

/// How many photos the download leaves out for size (shown on the patient's page).
pub fn left_out(photos: &[PhotoRecord], budget: u64) -> usize {
    embedded(photos, budget).iter().filter(|e| !**e).count()
}

/// What the download will leave out, said on the patient's page beside its link.
pub fn page_note(photos: &[PhotoRecord], budget: u64) -> Option<String> {
    let left_out = left_out(photos, budget);
    (left_out > 0).then(|| {
        let photos = if left_out == 1 { "photo is" } else { "photos are" };
        format!(
            " (it embeds at most {} of photos, the most recent first: {left_out} older {photos} \
             listed in it without the image; download them one by one below)",
            size_text(budget)
        )
    })
}

/// Reads the bytes of the photos within `budget` (blocking file reads: call it on the
/// blocking pool). A file that cannot be read is named as such in the Bundle, not dropped.
pub fn read(
    blobs: &dyn PhotoBlobs,
    patient_id: &str,
    photos: &[PhotoRecord],
    budget: u64,
) -> Vec<Held> {
    photos
        .iter()
        .zip(embedded(photos, budget))
        .map(|(photo, embed)| {
            if !embed {
                return Held::OverBudget;
            }
            match blobs.get(patient_id, &photo.sha256) {
                Ok(jpeg) => Held::Jpeg(jpeg),
                Err(e) => {
                    // The kind only: a path would name the patient's folder.
                    tracing::warn!(kind = ?e.kind(), "fhir export: a photo file could not be read");
                    Held::Unreadable
                }
            }
        })
        .collect()
}

/// The photos in the builder's terms. The server holds a photo's time, zone and bytes; the
/// upload does not carry the app's session link or day count, so neither is invented here.
pub fn fhir_photos<'a>(
    photos: &'a [PhotoRecord],
    held: &'a [Held],
    over_budget: &'a str,
) -> Vec<FhirPhoto<'a>> {
    photos
        .iter()
        .zip(held)
        .map(|(photo, held)| FhirPhoto {
            id: photo.id.clone(),
            taken_utc_ms: photo.taken_at.timestamp_millis(),
            zone: &photo.zone,
            session_id: None,
            day_index: None,
            data: match held {
                Held::Jpeg(jpeg) => PhotoData::Embedded(jpeg),
                Held::OverBudget => {
                    PhotoData::NotEmbedded { size: photo.byte_len, reason: over_budget }
                }
                Held::Unreadable => {
                    PhotoData::NotEmbedded { size: photo.byte_len, reason: UNREADABLE }
                }
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn photo(n: u8, byte_len: u64) -> PhotoRecord {
        PhotoRecord {
            id: format!("photo-{n}"),
            sha256: format!("{n:064x}"),
            taken_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
                + chrono::Duration::days(i64::from(n)),
            zone: "Europe/London".into(),
            byte_len,
        }
    }

    #[test]
    fn the_most_recent_photos_that_fit_are_embedded_and_the_older_ones_left_out() {
        let photos = [photo(1, 10), photo(2, 30), photo(3, 40), photo(4, 20)];
        assert_eq!(embedded(&photos, 100), [true, true, true, true]);
        assert_eq!(embedded(&photos, 90), [false, true, true, true]);
        // The newest run stops at the first that does not fit, even if an older one would.
        assert_eq!(embedded(&photos, 61), [false, false, true, true]);
        assert_eq!(left_out(&photos, 61), 2);
        let note = page_note(&photos, 61).unwrap();
        assert!(
            note.contains("at most 61 bytes of photos") && note.contains(": 2 older photos are")
        );
        assert_eq!(page_note(&photos, 100), None);
        assert_eq!(embedded(&photos, 19), [false, false, false, false]);
        assert_eq!(embedded(&[], 0), Vec::<bool>::new());
        // A size near u64::MAX does not overflow into "fits".
        assert_eq!(embedded(&[photo(1, u64::MAX), photo(2, 10)], u64::MAX), [false, true]);
    }

    #[test]
    fn a_patient_with_many_photos_gets_a_bounded_download() {
        // 2 GiB of 2 MiB photos, the per-patient quota's worth: the embedded bytes stay within
        // the budget and the rest are counted as left out.
        let photos: Vec<PhotoRecord> =
            (0..=255).cycle().take(1024).map(|n| photo(n, 2 * 1024 * 1024)).collect();
        let flags = embedded(&photos, EMBED_BUDGET_BYTES);
        let bytes: u64 =
            photos.iter().zip(&flags).filter(|(_, e)| **e).map(|(p, _)| p.byte_len).sum();
        assert!(bytes <= EMBED_BUDGET_BYTES);
        assert_eq!(flags.iter().filter(|e| **e).count(), 16);
        assert_eq!(left_out(&photos, EMBED_BUDGET_BYTES), 1024 - 16);
        assert!(flags[1024 - 16..].iter().all(|e| *e), "the latest are the ones embedded");
    }

    #[test]
    fn photos_past_the_budget_are_named_with_the_reason_and_no_bytes() {
        let photos = [photo(1, 50), photo(2, 5)];
        let held = [Held::OverBudget, Held::Jpeg(vec![0xFF, 0xD8, 0xFF, 0xD9])];
        let reason = over_budget(EMBED_BUDGET_BYTES);
        assert!(reason.contains("at most 32 MiB of photos"), "{reason}");
        let out = fhir_photos(&photos, &held, &reason);
        assert!(
            matches!(out[0].data, PhotoData::NotEmbedded { size: 50, reason: r } if r == reason)
        );
        assert!(matches!(out[1].data, PhotoData::Embedded(b) if b.len() == 4));
        assert_eq!((out[1].id.as_str(), out[1].zone), ("photo-2", "Europe/London"));
        assert_eq!(out[1].taken_utc_ms, photos[1].taken_at.timestamp_millis());
        assert!(out.iter().all(|p| p.session_id.is_none() && p.day_index.is_none()));
        assert_eq!((size_text(3 * 1024), size_text(1000)), ("3 KiB".into(), "1000 bytes".into()));
    }
}
