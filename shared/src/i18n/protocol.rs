//! The catalogue's words about the clinic's stored aftercare protocol (issue 15). One key, so
//! both languages live here rather than in an `en_`/`es_` pair.

use super::Language;

impl Language {
    /// The stored clinic protocol did not parse on load, so the default plan is shown.
    /// `{detail}`: the parser's reason (the protocol's field, for the clinic; no patient data).
    pub fn stored_protocol_unusable(self) -> &'static str {
        match self {
            Self::En => {
                "Your clinic's saved aftercare plan cannot be used ({detail}); showing \
                         the standard plan instead"
            }
            Self::Es => {
                "No se puede usar el plan de cuidados guardado de su clínica ({detail}); \
                         se muestra el plan habitual"
            }
        }
    }
}
