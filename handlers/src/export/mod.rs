//! Exports written by the shell: the PDF recovery report (written by the `afterglow_report`
//! crate, shared with the web core; the FHIR Bundle is built in the core,
//! `shared::export::fhir`, and only written by the shell).

/// The PDF recovery report, from the `afterglow_report` crate.
pub mod pdf {
    pub use afterglow_report::{ReportError, ReportInput, ReportPhoto, report};
}
