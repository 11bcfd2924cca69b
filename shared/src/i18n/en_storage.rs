//! English for storage failures (keys in `storage.rs`).

use super::storage::StorageWords;

pub(super) const STORAGE: StorageWords = StorageWords {
    newer_version: "your data was saved by a newer version of Afterglow: update the app to open it (nothing was changed)",
    not_a_database: "the data file is not an Afterglow database or is damaged; it was left untouched",
    disk_full: "this device is out of storage space; nothing was changed — free some space and try again",
    write_failed: "the data file cannot be written (is the device full?); nothing was changed — free some space and try again",
    read_only: "the data file cannot be written (permissions); nothing was changed",
    busy: "the data file is busy in another window or instance of the app; try again",
    not_found: "that record is no longer stored; nothing was changed",
    other: "storage failed ({detail}); nothing was changed",
    out_of_turn: "an internal step answered out of turn ({detail})",
};
