//! The one error type that crosses the FFI, mapped in one place. Messages never carry patient data.

use shared::effects::{StoreError, StoreErrorKind};

/// Why a call into the core failed. Not named `*Error`: uniffi would rename it `*Exception`.
/// Fields are called `reason`: a `message` field clashes with `Throwable.message` in Kotlin.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CoreFailure {
    /// The shell sent bytes that are not a valid event or effect output (a shell bug).
    #[error("malformed input from the shell: {reason}")]
    MalformedInput { reason: String },
    /// The data was written by a newer app version; the shell should ask for an update.
    #[error("{reason}")]
    NewerVersion { reason: String },
    /// The data directory or database cannot be used; it was left untouched.
    #[error("{reason}")]
    Storage { reason: String },
    /// A bug in the core; nothing stored was changed by this call.
    #[error("internal error: {reason}")]
    Internal { reason: String },
}

impl From<StoreError> for CoreFailure {
    fn from(error: StoreError) -> Self {
        match error.kind {
            StoreErrorKind::NewerVersion => Self::NewerVersion { reason: error.message },
            _ => Self::Storage { reason: error.message },
        }
    }
}

/// Runs `call`, turning a panic into [`CoreFailure::Internal`] so none crosses the FFI.
pub(crate) fn guard<T>(call: impl FnOnce() -> Result<T, CoreFailure>) -> Result<T, CoreFailure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the core panicked".into());
        Err(CoreFailure::Internal { reason: message })
    })
}
