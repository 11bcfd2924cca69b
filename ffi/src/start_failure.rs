//! What a shell shows when the core could not start (the data cannot be opened, or was written
//! by a newer version): the catalogue's words without a running core, in the language of the
//! device's locale tag, the same tag the shell sends in `Event::SetLanguage`.

use shared::i18n::{Language, fill};

/// The line to show, in the locale's language, with the failure's own reason for support (a
/// reason carries no patient data: see `CoreFailure`). Like every entry point it lets no panic
/// cross the FFI: should one happen, the reason alone is shown.
#[uniffi::export]
pub fn start_failure_words(locale_tag: String, reason: String) -> String {
    std::panic::catch_unwind(|| {
        let words = Language::from_tag(&locale_tag).words();
        fill(words.device.cannot_open, &[("reason", &reason)])
    })
    .unwrap_or(reason)
}

#[cfg(test)]
mod tests {
    use super::start_failure_words;

    #[test]
    fn the_locale_chooses_the_language_and_the_reason_is_kept() {
        let spanish = start_failure_words("es-MX".into(), "disk I/O error".into());
        assert_eq!(spanish, "Afterglow no puede abrir sus datos: disk I/O error");
        let english = start_failure_words("en-US".into(), "disk I/O error".into());
        assert_eq!(english, "Afterglow cannot open your data: disk I/O error");
        assert_eq!(
            start_failure_words("fr-FR".into(), "x".into()),
            "Afterglow cannot open your data: x"
        );
    }
}
