//! What the app is and is not, in the patient's words: the About screen, the notice before the
//! first session, and the standing "when to get urgent help" card. Written once here so every
//! shell shows the same safety net (clinical review §4.4, §4.5 and major 13).

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::app::Model;
use crate::checkin::{Sign, TRIAGE_TABLE_STATUS, TRIAGE_TABLE_VERSION};
use crate::effects::ClinicLink;
use crate::i18n::{Language, fill};

/// Shares wait in the clinic's portal until someone opens it: "sent" must not read as "the
/// clinic has been told" (clinical review §4.3; the research notes SeamlessMD says the same).
pub const NOT_MONITORED: &str = "Your clinic does not watch what you share in real time: a shared check-in may not be read for a day or more. For anything that cannot wait, call them.";

/// Not a diagnosis: the result comes from a fixed table of answers, not from looking at the skin.
pub const NOT_A_DIAGNOSIS: &str = "Afterglow does not diagnose. A check-in result sorts your answers with a fixed table; it cannot see your skin.";

pub const FOLLOW_YOUR_CLINIC: &str =
    "It does not replace your clinic's instructions: where they differ, follow your clinic.";

pub const IN_AN_EMERGENCY: &str =
    "In an emergency, call your local emergency number or go to an emergency department.";

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
    let protocol = model.protocol();
    let whose = if model.protocol.is_none() {
        "the app's default; your clinic can give you theirs"
    } else {
        "from your clinic"
    };
    AboutView {
        title: "About Afterglow".to_owned(),
        what_it_is: "Afterglow helps you look after your skin after microneedling: what to do and avoid each day, when each restriction ends, a daily check-in, reminders, and a private photo journal you can share with your clinic.".to_owned(),
        what_it_is_not: vec![
            NOT_A_DIAGNOSIS.to_owned(),
            NOT_MONITORED.to_owned(),
            FOLLOW_YOUR_CLINIC.to_owned(),
            IN_AN_EMERGENCY.to_owned(),
        ],
        privacy: "Your record stays on this device. Nothing is sent to your clinic until you link it and share, item by item or automatically if you turn that on.".to_owned(),
        triage_table: format!(
            "Check-in triage table version {TRIAGE_TABLE_VERSION}: {TRIAGE_TABLE_STATUS}."
        ),
        care_protocol: format!(
            "Aftercare plan: {}, version {} ({whose}).",
            protocol.name, protocol.version
        ),
    }
}

/// The notice before the first session; `None` once any session is stored.
pub(crate) fn welcome(model: &Model) -> Option<NoticeView> {
    let record = model.record.as_ref()?;
    record.sessions.is_empty().then(first_run_notice)
}

/// The first-run notice's words. Also written into the web app's page at build time
/// (`shared_types first-run`), so a first visit paints it before the wasm core has arrived.
pub fn first_run_notice() -> NoticeView {
    NoticeView {
        title: "Before you start".to_owned(),
        lines: vec![
            NOT_A_DIAGNOSIS.to_owned(),
            NOT_MONITORED.to_owned(),
            FOLLOW_YOUR_CLINIC.to_owned(),
            IN_AN_EMERGENCY.to_owned(),
        ],
    }
}
