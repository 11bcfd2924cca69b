//! Exports of the patient's own record, built without I/O: the shell reads what is needed
//! (e.g. the stored JPEG bytes of chosen photos), passes it in, and writes the result.

pub mod fhir;
mod fhir_checkin;
mod fhir_record;
mod ids;

/// The `urn:uuid:` a Bundle built for `scope` (the patient's id) gives the resource `kind` of
/// record `id`, so a caller adding its own resources (the clinic's notes and replies) can
/// refer to the builder's.
pub fn resource_urn(scope: &str, kind: &str, id: &str) -> String {
    format!("urn:uuid:{}", ids::derived_uuid(scope, kind, id))
}
