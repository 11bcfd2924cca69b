//! The catalogue's words for what the core refuses in a typed form: a date and time
//! (`TimeError`), a session (`SessionError`, also a note's length and characters), and a
//! photo's date against the series (`PlacementError`). The errors carry what was typed; the
//! words are chosen here, in the patient's language.

use serde::Serialize;

use super::{Language, en_form_errors, es_form_errors, fill};
use crate::domain::{SessionError, TimeError};
use crate::journal::PlacementError;

#[derive(Serialize, Debug)]
pub struct FormErrorWords {
    /// `{zone}`.
    pub unknown_zone: &'static str,
    /// `{typed}`.
    pub unparseable_time: &'static str,
    /// `{local}`, `{zone}`.
    pub skipped_by_dst: &'static str,
    /// `{local}`, `{zone}`, `{earlier}`, `{later}`.
    pub ambiguous_time: &'static str,
    pub time_out_of_range: &'static str,
    /// `{typed}`.
    pub depth_not_a_number: &'static str,
    pub depth_not_positive: &'static str,
    /// `{depth}`.
    pub depth_too_deep: &'static str,
    pub no_area: &'static str,
    pub too_long_ago: &'static str,
    pub too_far_ahead: &'static str,
    pub planned_in_the_past: &'static str,
    /// `{field}`, `{len}`, `{max}`.
    pub text_too_long: &'static str,
    /// `{field}`.
    pub text_control_characters: &'static str,
    pub field_note: &'static str,
    pub field_device: &'static str,
    pub field_notes: &'static str,
    pub photo_no_session: &'static str,
    /// `{taken}`, `{first}`: dates as the patient reads them.
    pub photo_before_first_session: &'static str,
    /// `{taken}`.
    pub photo_in_the_future: &'static str,
}

impl Language {
    pub fn form_error_words(self) -> &'static FormErrorWords {
        match self {
            Self::En => &en_form_errors::FORM_ERRORS,
            Self::Es => &es_form_errors::FORM_ERRORS,
        }
    }

    /// A date and time that cannot be read or does not exist, in the patient's words.
    pub fn time_error(self, error: &TimeError) -> String {
        let w = self.form_error_words();
        match error {
            TimeError::UnknownZone(zone) => fill(w.unknown_zone, &[("zone", zone)]),
            TimeError::Unparseable(typed) => fill(w.unparseable_time, &[("typed", typed)]),
            TimeError::SkippedByDst { local, zone } => {
                fill(w.skipped_by_dst, &[("local", local), ("zone", zone)])
            }
            TimeError::Ambiguous { local, zone, earlier, later } => fill(
                w.ambiguous_time,
                &[("local", local), ("zone", zone), ("earlier", earlier), ("later", later)],
            ),
            TimeError::OutOfRange => w.time_out_of_range.to_owned(),
        }
    }

    /// Why a session (or a note) was refused, in the patient's words.
    pub fn session_error(self, error: &SessionError) -> String {
        let w = self.form_error_words();
        let field = |name: &str| match name {
            "device" => w.field_device,
            "notes" => w.field_notes,
            _ => w.field_note,
        };
        match error {
            SessionError::Time(e) => self.time_error(e),
            SessionError::DepthNotANumber(typed) => fill(w.depth_not_a_number, &[("typed", typed)]),
            SessionError::DepthNotPositive => w.depth_not_positive.to_owned(),
            SessionError::DepthTooDeep(depth) => fill(w.depth_too_deep, &[("depth", depth)]),
            SessionError::NoArea => w.no_area.to_owned(),
            SessionError::TooLongAgo => w.too_long_ago.to_owned(),
            SessionError::TooFarAhead => w.too_far_ahead.to_owned(),
            SessionError::PlannedInThePast => w.planned_in_the_past.to_owned(),
            SessionError::TooLong { field: name, len, max } => fill(
                w.text_too_long,
                &[("field", field(name)), ("len", &len.to_string()), ("max", &max.to_string())],
            ),
            SessionError::ControlCharacters { field: name } => {
                fill(w.text_control_characters, &[("field", field(name))])
            }
        }
    }

    /// Why a photo cannot be placed in the journal, in the patient's words.
    pub fn placement_error(self, error: &PlacementError) -> String {
        let w = self.form_error_words();
        match error {
            PlacementError::Time(e) => self.time_error(e),
            PlacementError::NoSession => w.photo_no_session.to_owned(),
            PlacementError::BeforeFirstSession { taken, first } => {
                fill(w.photo_before_first_session, &[("taken", taken), ("first", first)])
            }
            PlacementError::InTheFuture { taken } => {
                fill(w.photo_in_the_future, &[("taken", taken)])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English words are the errors' own texts, so nothing changes for an English reader.
    #[test]
    fn english_reads_as_the_errors_did_and_spanish_differs() {
        let errors = [
            SessionError::Time(TimeError::UnknownZone("Mars/Base".into())),
            SessionError::Time(TimeError::Unparseable("tomorrow".into())),
            SessionError::Time(TimeError::SkippedByDst {
                local: "02:30".into(),
                zone: "Europe/Madrid".into(),
            }),
            SessionError::Time(TimeError::Ambiguous {
                local: "01:30".into(),
                zone: "America/New_York".into(),
                earlier: "-04:00".into(),
                later: "-05:00".into(),
            }),
            SessionError::Time(TimeError::OutOfRange),
            SessionError::DepthNotANumber("1.5.5".into()),
            SessionError::DepthNotPositive,
            SessionError::DepthTooDeep("3.5".into()),
            SessionError::NoArea,
            SessionError::TooLongAgo,
            SessionError::TooFarAhead,
            SessionError::PlannedInThePast,
            SessionError::TooLong { field: "device", len: 300, max: 200 },
            SessionError::ControlCharacters { field: "notes" },
        ];
        for error in errors {
            assert_eq!(Language::En.session_error(&error), error.to_string());
            let es = Language::Es.session_error(&error);
            assert_ne!(es, error.to_string(), "{error:?}");
            assert!(!es.contains('{'), "{es}");
        }
        for error in [
            PlacementError::NoSession,
            PlacementError::BeforeFirstSession {
                taken: "1 Mar 2026 10:00".into(),
                first: "8 Mar 2026 09:00".into(),
            },
            PlacementError::InTheFuture { taken: "1 Mar 2027 10:00".into() },
        ] {
            assert_eq!(Language::En.placement_error(&error), error.to_string());
            assert_ne!(Language::Es.placement_error(&error), error.to_string());
        }
    }
}
