//! English for refused form input (keys in `form_errors.rs`).

use super::form_errors::FormErrorWords;

pub(super) const FORM_ERRORS: FormErrorWords = FormErrorWords {
    unknown_zone: "unknown time zone `{zone}`: use an IANA name such as Europe/London or America/New_York",
    unparseable_time: "cannot read `{typed}` as a date and time: use RFC 3339 (2026-03-07T22:00:00-05:00) or local YYYY-MM-DDTHH:MM",
    skipped_by_dst: "{local} does not exist in {zone}: the clocks went forward that night; pick another time",
    ambiguous_time: "{local} happens twice in {zone} (the clocks went back): give the offset, e.g. {earlier} or {later}",
    time_out_of_range: "the instant is out of range",
    depth_not_a_number: "needle depth \"{typed}\" is not a number of millimetres like 1.5 (at most 3 decimals)",
    depth_not_positive: "needle depth must be more than 0 mm",
    depth_too_deep: "needle depth {depth} mm is deeper than 3 mm, which is outside what Afterglow covers; ask your clinic",
    no_area: "pick at least one treated area",
    too_long_ago: "the session starts more than 10 years ago; check the date",
    too_far_ahead: "the session is booked more than 2 years ahead; check the date",
    planned_in_the_past: "a planned session must start in the future",
    text_too_long: "{field} is too long ({len} characters; at most {max})",
    text_control_characters: "{field} contains control characters",
    field_note: "note",
    field_device: "device",
    field_notes: "notes",
    photo_no_session: "add your first session before adding photos: each photo is placed by days after a session",
    photo_before_first_session: "the photo is dated {taken}, before your first session ({first}); check the date, or add that session first",
    photo_in_the_future: "the photo is dated {taken}, which is in the future; check the camera's clock or give the date",
};
