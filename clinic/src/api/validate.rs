//! Range and length checks that serde cannot express. Failures are 422.

use chrono_tz::Tz;
use shared::checkin::{Discharge, Sign};

use super::wire::{CheckinUpload, SessionUpload};
use crate::error::ApiError;
use crate::store::{Answers, NewCheckin, TreatmentSession};

pub use share_api::MAX_NOTE_CHARS;
use share_api::{MAX_AREA_CHARS, MAX_RULE_IDS, is_rule_id};

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::Invalid(message.into())
}

/// The zone must be a known IANA name.
pub fn zone(zone: &str) -> Result<(), ApiError> {
    zone.parse::<Tz>().map(|_| ()).map_err(|_| invalid("zone must be an IANA time zone name"))
}

fn note(note: Option<String>) -> Result<Option<String>, ApiError> {
    match note {
        Some(n) if n.chars().count() > MAX_NOTE_CHARS => {
            Err(invalid(format!("note is longer than {MAX_NOTE_CHARS} characters")))
        }
        // Stored verbatim (escaping happens when rendered); an empty note is no note.
        Some(n) if n.is_empty() => Ok(None),
        other => Ok(other),
    }
}

fn answers(a: &Answers) -> Result<(), ApiError> {
    let in_range = |value: Option<u8>, max: u8, name: &str| match value {
        Some(v) if v > max => Err(invalid(format!("{name} must be 0–{max}"))),
        _ => Ok(()),
    };
    in_range(a.pain, 10, "pain")?;
    in_range(a.redness, 4, "redness")?;
    in_range(a.swelling, 3, "swelling")?;
    in_range(a.itching, 10, "itching")?;
    if let Some(t) = a.temperature_c
        && !(t.is_finite() && (30.0..=45.0).contains(&t))
    {
        return Err(invalid("temperature_c must be 30–45"));
    }
    // Closed sets, from the app's own core: a key the app cannot send is refused.
    if let Some(d) = &a.discharge
        && Discharge::from_key(d).is_none()
    {
        return Err(invalid("discharge must be one of none, clear, blood, pus"));
    }
    if let Some(signs) = &a.signs {
        if signs.len() > Sign::ALL.len() {
            return Err(invalid("too many signs"));
        }
        if signs.iter().any(|s| Sign::from_key(s).is_none()) {
            return Err(invalid("signs must be the app's sign keys"));
        }
    }
    Ok(())
}

/// API v1 has no discharge or signs: an upload carrying them belongs on v2.
pub fn v1_only(a: &Answers) -> Result<(), ApiError> {
    if a.discharge.is_some() || a.signs.is_some() {
        return Err(invalid("discharge and signs are part of /api/v2/checkins"));
    }
    Ok(())
}

fn rule_ids(ids: &[String]) -> Result<(), ApiError> {
    if ids.len() > MAX_RULE_IDS {
        return Err(invalid(format!("at most {MAX_RULE_IDS} rule ids")));
    }
    if !ids.iter().all(|id| is_rule_id(id)) {
        return Err(invalid("rule ids are 1–32 letters, digits or -_."));
    }
    Ok(())
}

/// Checks a check-in upload and gives it a server id.
pub fn checkin(upload: CheckinUpload, id: String) -> Result<NewCheckin, ApiError> {
    zone(&upload.zone)?;
    answers(&upload.answers)?;
    rule_ids(&upload.rule_ids)?;
    Ok(NewCheckin {
        id,
        recorded_at: upload.recorded_at.to_utc(),
        zone: upload.zone,
        level: upload.level,
        rule_ids: upload.rule_ids,
        answers: upload.answers,
        note: note(upload.note)?,
    })
}

/// Checks a session upload and gives it a server id.
pub fn session(upload: SessionUpload, id: String) -> Result<TreatmentSession, ApiError> {
    zone(&upload.zone)?;
    if let Some(d) = upload.depth_mm
        && !(d.is_finite() && (0.0..=3.0).contains(&d))
    {
        return Err(invalid("depth_mm must be 0–3"));
    }
    if upload.area.as_ref().is_some_and(|a| a.chars().count() > MAX_AREA_CHARS) {
        return Err(invalid(format!("area is longer than {MAX_AREA_CHARS} characters")));
    }
    Ok(TreatmentSession {
        id,
        performed_at: upload.performed_at.to_utc(),
        zone: upload.zone,
        depth_mm: upload.depth_mm,
        area: upload.area,
        note: note(upload.note)?,
    })
}
