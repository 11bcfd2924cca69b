//! Exports of the patient's own record, built without I/O: the shell reads what is needed
//! (e.g. the stored JPEG bytes of chosen photos), passes it in, and writes the result.

pub mod fhir;
mod fhir_checkin;
mod fhir_record;
mod ids;
