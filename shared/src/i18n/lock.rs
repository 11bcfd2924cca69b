//! The catalogue's keys for the optional app lock: the lock screen and the setting's row.

use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct LockWords {
    pub title: &'static str,
    pub body: &'static str,
    /// The button that asks the platform (Face ID, fingerprint or the device passcode).
    pub unlock: &'static str,
    /// Shown inside the platform's own prompt.
    pub reason: &'static str,
    /// The platform said no (a wrong passcode, a face not recognised, or cancelled).
    pub failed: &'static str,
    pub setting_label: &'static str,
    pub setting_hint: &'static str,
}
