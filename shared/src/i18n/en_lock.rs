//! English for the app lock (keys in `lock.rs`).

use super::lock::LockWords;

pub(super) const LOCK: LockWords = LockWords {
    title: "Afterglow is locked",
    body: "Your check-ins and photos are hidden until you unlock.",
    unlock: "Unlock",
    reason: "Unlock to see your aftercare record.",
    failed: "Not unlocked. Try again, or use your device passcode.",
    setting_label: "Lock Afterglow",
    setting_hint: "Ask for Face ID, your fingerprint or your device passcode when you come back \
                   to the app.",
};
