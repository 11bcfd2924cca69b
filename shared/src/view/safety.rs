//! What the app is and is not, in the patient's words: the About screen, the notice before the
//! first session, and the standing "when to get urgent help" card. Written once here so every
//! shell shows the same safety net (clinical review §4.4, §4.5 and major 13).

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::checkin::{Sign, TRIAGE_TABLE_VERSION};
use crate::effects::ClinicLink;
use crate::i18n::{Language, fill};

/// The About screen.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct AboutView {
    pub title: String,
    /// What the app does, one paragraph.
    pub what_it_is: String,
    /// What it is not, one sentence each.
    pub what_it_is_not: Vec<String>,
    /// Where the patient's data is and when it leaves the device.
    pub privacy: String,
    /// "Check-in triage table version 2: a proposal …".
    pub triage_table: String,
    /// The aftercare plan in use and whose it is.
    pub care_protocol: String,
}

/// Shown before the first session is added: the same limits as the About screen, read once
/// before the patient relies on the app.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct NoticeView {
    pub title: String,
    pub lines: Vec<String>,
}

/// The red flags, always on Today, so a patient who never checks in still sees them.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct UrgentHelpView {
    pub title: String,
    /// The action, first and alone: the emergency number, never the clinic.
    pub action: String,
    /// The signs, in the check-in's urgent-first words and order.
    pub signs: Vec<String>,
    /// When linked: tell the clinic afterwards (second, after the emergency action).
    pub afterwards: Option<String>,
}

pub(crate) fn urgent_help(link: Option<&ClinicLink>, language: Language) -> UrgentHelpView {
    let w = &language.words().safety;
    let mut signs: Vec<String> =
        Sign::URGENT_FIRST.into_iter().map(|s| s.question_in(language).to_owned()).collect();
    // The fever row of the urgent table (U2), which has no yes/no question of its own.
    signs.push(w.fever_sign.to_owned());
    UrgentHelpView {
        title: w.urgent_title.to_owned(),
        action: w.urgent_action.to_owned(),
        signs,
        afterwards: link.map(|link| tell_clinic_afterwards(link, language)),
    }
}

/// The clinic's line on an urgent result: second, after the emergency action, never softening it.
pub(crate) fn tell_clinic_afterwards(link: &ClinicLink, language: Language) -> String {
    let clinic = [("clinic", link.clinic_name.as_str()), ("phone", link.clinic_phone.as_str())];
    fill(language.words().safety.tell_clinic_afterwards, &clinic)
}

pub(crate) fn about(model: &Model) -> AboutView {
    let language = model.language;
    let w = &language.words().notice;
    let protocol = model.shown_protocol();
    let whose = if model.protocol.is_none() { w.protocol_default } else { w.protocol_clinic };
    AboutView {
        title: w.about_title.to_owned(),
        what_it_is: w.what_it_is.to_owned(),
        what_it_is_not: limits(language),
        privacy: w.privacy.to_owned(),
        triage_table: fill(
            w.triage_table,
            &[("version", TRIAGE_TABLE_VERSION), ("status", w.triage_table_status)],
        ),
        care_protocol: fill(
            w.care_protocol,
            &[("name", &protocol.name), ("version", &protocol.version), ("whose", whose)],
        ),
    }
}

/// What the app is not, one sentence each: on the About screen and the first-run notice.
fn limits(language: Language) -> Vec<String> {
    let w = &language.words().notice;
    // Shares wait in the clinic's portal until someone opens it: "sent" must not read as "the
    // clinic has been told" (clinical review §4.3).
    [w.not_a_diagnosis, w.not_monitored, w.follow_your_clinic, w.in_an_emergency]
        .map(str::to_owned)
        .to_vec()
}

/// The notice before the first session; `None` once any session is stored.
pub(crate) fn welcome(model: &Model) -> Option<NoticeView> {
    let record = model.record.as_ref()?;
    record.sessions.is_empty().then(|| first_run_notice_in(model.language))
}

/// The first-run notice's words in English. Also written into the web app's page at build time
/// (`shared_types first-run`), so a first visit paints it before the wasm core has arrived.
pub fn first_run_notice() -> NoticeView {
    first_run_notice_in(Language::En)
}

/// The first-run notice in the patient's language.
pub fn first_run_notice_in(language: Language) -> NoticeView {
    NoticeView { title: language.words().notice.title.to_owned(), lines: limits(language) }
}
