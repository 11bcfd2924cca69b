//! Exports written by the shell: the PDF recovery report (the FHIR Bundle is built in the core,
//! `shared::export::fhir`, and only written by the shell).

mod canvas;
pub mod pdf;
