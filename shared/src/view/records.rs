//! The records screen's words: the FHIR file and the PDF report a patient can download (web)
//! or share (native). The shells make the files; the core words what they say about them.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct RecordsView {
    pub title: String,
    pub fhir_intro: String,
    pub download_fhir: String,
    /// Shown once the FHIR file was downloaded.
    pub fhir_done: String,
    /// `{reason}`: filled by the shell with the error it caught (no patient data in it).
    pub fhir_failed: String,
    pub pdf_intro: String,
    pub download_pdf: String,
    /// The PDF button's accessible name: what the report holds.
    pub download_pdf_label: String,
    pub pdf_done: String,
    /// `{reason}`, as `fhir_failed`.
    pub pdf_failed: String,
    /// The native apps' row that makes the report and opens the share sheet.
    pub share_pdf: String,
}

pub(super) fn build(language: Language) -> RecordsView {
    let w = &language.words().records;
    RecordsView {
        title: w.title.to_owned(),
        fhir_intro: w.fhir_intro.to_owned(),
        download_fhir: w.download_fhir.to_owned(),
        fhir_done: w.fhir_done.to_owned(),
        fhir_failed: w.fhir_failed.to_owned(),
        pdf_intro: w.pdf_intro.to_owned(),
        download_pdf: w.download_pdf.to_owned(),
        download_pdf_label: w.download_pdf_label.to_owned(),
        pdf_done: w.pdf_done.to_owned(),
        pdf_failed: w.pdf_failed.to_owned(),
        share_pdf: w.share_pdf.to_owned(),
    }
}
