//! The platform's secret storage, implemented by the shell: iOS Keychain, Android Keystore.
//! The clinic token lives there, never in the database or a log.

use std::sync::Arc;

/// Implemented by the shell (Swift/Kotlin) over the Keychain / the Keystore.
#[uniffi::export(with_foreign)]
pub trait SecretStore: Send + Sync {
    /// The value under `key`, or `None` if there is none.
    fn get(&self, key: String) -> Result<Option<String>, SecretFailure>;
    /// Stores `value` under `key`, replacing any earlier one.
    fn set(&self, key: String, value: String) -> Result<(), SecretFailure>;
    /// Removes `key`; removing a missing key is not an error.
    fn delete(&self, key: String) -> Result<(), SecretFailure>;
}

/// Why the platform's secret store failed (e.g. the device is locked): the platform's own
/// detail (an exception or `OSStatus`), which the core words into the patient's sentence.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SecretFailure {
    #[error("{reason}")]
    Unavailable { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecretFailure {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Unavailable { reason: e.reason }
    }
}

/// The shell's store seen as the handlers' [`afterglow_handlers::clinic::SecretStore`].
pub(crate) struct ShellSecrets(pub(crate) Arc<dyn SecretStore>);

impl afterglow_handlers::clinic::SecretStore for ShellSecrets {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.0.get(key.to_owned()).map_err(|e| e.to_string())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0.set(key.to_owned(), value.to_owned()).map_err(|e| e.to_string())
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.0.delete(key.to_owned()).map_err(|e| e.to_string())
    }
}
