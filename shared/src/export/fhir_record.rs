//! What the FHIR builder reads: the parts of a record that both the app (its own history) and
//! the clinic server (the copy the patient shared) hold, so that one builder serves both and
//! the same check-in becomes the same resources wherever it is exported.

use crate::checkin::{Checkin, CheckinAnswers, Level};
use crate::domain::{Session, TreatedArea};
use crate::journal::Photo;

use super::fhir::PATIENT_ID_SYSTEM;

/// Who the Bundle is about.
#[derive(Debug, Clone, Copy)]
pub struct FhirPatient<'a> {
    /// The identifier's value; also the seed of every resource's derived UUID.
    pub id: &'a str,
    pub identifier_system: &'a str,
    /// The app keeps no name; a clinic knows its patient's.
    pub name: Option<&'a str>,
}

impl<'a> FhirPatient<'a> {
    /// The app's own export: a stable identifier, no name.
    pub fn app(id: &'a str) -> Self {
        Self { id, identifier_system: PATIENT_ID_SYSTEM, name: None }
    }
}

/// A treatment session as exported.
#[derive(Debug, Clone)]
pub struct FhirSession<'a> {
    /// The app's local id or the server's id.
    pub id: String,
    pub start_utc_ms: i64,
    pub zone: &'a str,
    /// Unknown when the clinic's copy was sent without one.
    pub depth_um: Option<u32>,
    pub areas: Vec<TreatedArea>,
    pub device: Option<&'a str>,
}

impl<'a> From<&'a Session> for FhirSession<'a> {
    fn from(session: &'a Session) -> Self {
        let d = &session.details;
        Self {
            id: session.id.to_string(),
            start_utc_ms: d.start_utc_ms,
            zone: &d.zone,
            depth_um: Some(d.depth_um),
            areas: d.areas.clone(),
            device: d.device.as_deref(),
        }
    }
}

/// A check-in as exported: the answers and the triage outcome.
#[derive(Debug, Clone)]
pub struct FhirCheckin<'a> {
    pub id: String,
    pub taken_utc_ms: i64,
    pub zone: &'a str,
    /// Days since the session; the clinic's copy does not carry it.
    pub day_index: Option<u32>,
    pub answers: CheckinAnswers,
    pub level: Level,
    pub rules: &'a [String],
    /// The advice the patient was shown; the clinic's copy does not carry it.
    pub advice: Option<&'a str>,
}

impl<'a> From<&'a Checkin> for FhirCheckin<'a> {
    fn from(checkin: &'a Checkin) -> Self {
        let d = &checkin.details;
        Self {
            id: checkin.id.to_string(),
            taken_utc_ms: d.taken_utc_ms,
            zone: &d.zone,
            day_index: Some(d.day_index),
            answers: d.answers.clone(),
            level: d.triage.level,
            rules: &d.triage.rules,
            advice: Some(&d.triage.advice),
        }
    }
}

/// A chosen photo with its stored JPEG, read by the shell.
#[derive(Debug, Clone, Copy)]
pub struct PhotoContent<'a> {
    pub photo: &'a Photo,
    pub jpeg: &'a [u8],
}

/// A photo as exported: a DocumentReference, and a Binary with its JPEG when embedded. Both
/// the app and the clinic hold only JPEGs (the app's pipeline re-encodes every import; the
/// server accepts nothing else), so the content type is fixed.
#[derive(Debug, Clone)]
pub struct FhirPhoto<'a> {
    /// The app's local id or the server's id; names the resources.
    pub id: String,
    pub taken_utc_ms: i64,
    /// The zone its date is written in: the session's for the app (a photo has none of its
    /// own), the one the app sent with it for the clinic's copy.
    pub zone: &'a str,
    /// The session (the app's id) it belongs to; the clinic's copy does not carry it.
    pub session_id: Option<String>,
    /// Days since that session; the clinic's copy does not carry it.
    pub day_index: Option<u32>,
    pub data: PhotoData<'a>,
}

/// Whether the photo's bytes are in the Bundle.
#[derive(Debug, Clone, Copy)]
pub enum PhotoData<'a> {
    /// The stored JPEG, embedded as a Binary (base64).
    Embedded(&'a [u8]),
    /// Not in this Bundle (e.g. past a download's size limit): the DocumentReference still
    /// names the photo, its time and size, and says why and where to get it.
    NotEmbedded { size: u64, reason: &'a str },
}

impl<'a> FhirPhoto<'a> {
    /// The app's chosen photo, its date written in the zone of its session among `sessions`
    /// (UTC when it has none there).
    pub fn from_app(content: &PhotoContent<'a>, sessions: &'a [Session]) -> Self {
        let photo = content.photo;
        let zone = photo
            .session_id
            .and_then(|id| sessions.iter().find(|s| s.id == id))
            .map_or("UTC", |s| s.details.zone.as_str());
        Self {
            id: photo.id.to_string(),
            taken_utc_ms: photo.taken_utc_ms,
            zone,
            session_id: photo.session_id.map(|id| id.to_string()),
            day_index: photo.day_index,
            data: PhotoData::Embedded(content.jpeg),
        }
    }
}

/// Everything a Bundle is built from.
#[derive(Debug, Clone)]
pub struct FhirRecord<'a> {
    pub patient: FhirPatient<'a>,
    pub sessions: Vec<FhirSession<'a>>,
    pub checkins: Vec<FhirCheckin<'a>>,
    pub photos: Vec<FhirPhoto<'a>>,
    pub generated_utc_ms: i64,
}
