//! The catalogue's words for a storage failure (`effects::StoreError`): the handlers give its
//! kind, and the core words it here in the patient's language. Only where the kind alone does
//! not say what happened does the handler's own detail appear, inside the sentence.

use serde::Serialize;

use super::{Language, en_storage, es_storage, fill};
use crate::effects::{StoreError, StoreErrorKind};

#[derive(Serialize, Debug)]
pub struct StorageWords {
    pub newer_version: &'static str,
    pub not_a_database: &'static str,
    pub disk_full: &'static str,
    pub write_failed: &'static str,
    pub read_only: &'static str,
    pub busy: &'static str,
    pub not_found: &'static str,
    /// `{detail}`: the handler's words for what failed (never the patient's data).
    pub other: &'static str,
    /// Storage, photos or the clinic answered another step than the one asked (a shell bug).
    /// `{detail}`: what it answered.
    pub out_of_turn: &'static str,
}

impl Language {
    /// A storage failure in words the patient can act on.
    pub fn store_error(self, error: &StoreError) -> String {
        let w = self.storage_words();
        let template = match error.kind {
            StoreErrorKind::NewerVersion => w.newer_version,
            StoreErrorKind::NotADatabase => w.not_a_database,
            StoreErrorKind::DiskFull => w.disk_full,
            StoreErrorKind::WriteFailed => w.write_failed,
            StoreErrorKind::ReadOnly => w.read_only,
            StoreErrorKind::Busy => w.busy,
            StoreErrorKind::NotFound => w.not_found,
            StoreErrorKind::Other => w.other,
        };
        fill(template, &[("detail", &error.message)])
    }

    pub fn storage_words(self) -> &'static StorageWords {
        match self {
            Self::En => &en_storage::STORAGE,
            Self::Es => &es_storage::STORAGE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_worded_in_both_languages_and_only_other_carries_the_detail() {
        let kinds = [
            StoreErrorKind::NewerVersion,
            StoreErrorKind::NotADatabase,
            StoreErrorKind::DiskFull,
            StoreErrorKind::WriteFailed,
            StoreErrorKind::ReadOnly,
            StoreErrorKind::Busy,
            StoreErrorKind::NotFound,
            StoreErrorKind::Other,
        ];
        for kind in kinds {
            let error = StoreError { kind, message: "DETAIL".into() };
            let (en, es) = (Language::En.store_error(&error), Language::Es.store_error(&error));
            assert_ne!(en, es, "{kind:?}");
            let with_detail = kind == StoreErrorKind::Other;
            for text in [&en, &es] {
                assert_eq!(text.contains("DETAIL"), with_detail, "{kind:?}: {text}");
                assert!(!text.contains('{'), "{text}");
            }
        }
    }
}
