//! The share API's requests (clinic/API.md), built in the core so every shell sends the same
//! bytes. Times go out as RFC 3339 with the offset of the zone they were made in, plus that zone.

use chrono::{DateTime, FixedOffset, Timelike, Utc};
use chrono_tz::Tz;
use share_api::{
    Answers, CHECKINS_V2_PATH, CheckinUpload, ENROLL_PATH, EnrollRequest, MAX_AREA_CHARS,
    MAX_NOTE_CHARS, MAX_RULE_IDS, PHOTOS_PATH, SESSIONS_PATH, SessionUpload, is_rule_id,
};

use super::invite::{Invite, percent_encode};
use crate::checkin::{Checkin, Level};
use crate::domain::Session;
use crate::domain::clock::{instant_from_ms, parse_zone};
use crate::effects::{ClinicOperation, EnrollDraft, OutboxBody, OutboxDraft, OutboxKind};
use crate::journal::{Photo, day_label};
use crate::view::rfc3339;

/// Check-ins go to version 2, which adds the discharge answer and every warning sign.
pub const CHECKINS_PATH: &str = CHECKINS_V2_PATH;

/// `POST /api/v1/enroll`. No device label: staff see it, and the core cannot know a name-free one.
pub fn enroll(invite: &Invite, auto_share: bool) -> EnrollDraft {
    let body = EnrollRequest {
        invite_code: invite.code.clone(),
        device_label: None,
        app_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
    };
    EnrollDraft {
        server: invite.server.clone(),
        path: ENROLL_PATH.to_owned(),
        body_json: to_json(&body),
        auto_share,
    }
}

fn zone_or_utc(name: &str) -> Tz {
    parse_zone(name).unwrap_or(Tz::UTC)
}

fn instant(ms: i64) -> DateTime<Utc> {
    instant_from_ms(ms).unwrap_or_default()
}

/// The server's limits on free text: longer text would be refused, so it is cut.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The instant with the offset of `zone`, to the second (as the API documents its times).
fn local(instant: DateTime<Utc>, zone: Tz) -> DateTime<FixedOffset> {
    let local = instant.with_timezone(&zone).fixed_offset();
    local.with_nanosecond(0).unwrap_or(local)
}

fn to_json(body: &impl serde::Serialize) -> String {
    // The wire types hold only strings, numbers and lists: serialising them cannot fail.
    serde_json::to_string(body).unwrap_or_default()
}

/// `POST /api/v2/checkins`: the scores answered, the temperature, the discharge answer and every
/// sign answered "yes", so a finding below the deciding level (pus next to an urgent sign)
/// reaches the clinic too (clinical review, major 9); the rule ids say which decided the level.
/// Ending this device's access at the clinic (`DELETE /api/v1/device` with the token).
pub fn unlink() -> ClinicOperation {
    ClinicOperation::Revoke { path: share_api::DEVICE_PATH.to_owned() }
}

pub fn checkin(checkin: &Checkin) -> OutboxDraft {
    let d = &checkin.details;
    let zone = zone_or_utc(&d.zone);
    let a = &d.answers;
    let answers = Answers {
        pain: a.pain,
        redness: a.redness,
        swelling: a.swelling,
        itching: a.itch,
        temperature_c: a.temperature_tenths_c.map(|tenths| f64::from(tenths) / 10.0),
        discharge: a.discharge.map(|d| d.key().to_owned()),
        signs: Some(a.signs.iter().map(|s| s.key().to_owned()).collect()),
    };
    let body = CheckinUpload {
        // To the millisecond: the clinic's answers find their check-in by it (`answers`).
        recorded_at: instant(d.taken_utc_ms).with_timezone(&zone).fixed_offset(),
        zone: zone.name().to_owned(),
        level: wire_level(d.triage.level),
        rule_ids: d
            .triage
            .rules
            .iter()
            .filter(|id| is_rule_id(id))
            .take(MAX_RULE_IDS)
            .cloned()
            .collect(),
        answers,
        note: a.note.as_deref().map(|note| cut(note, MAX_NOTE_CHARS)),
    };
    OutboxDraft {
        kind: OutboxKind::Checkin,
        local_id: checkin.id,
        label: format!("Check-in {}", day_label(d.session_id.map(|_| d.day_index))),
        path: CHECKINS_PATH.to_owned(),
        body: OutboxBody::Json { json: to_json(&body) },
    }
}

/// `POST /api/v1/sessions`.
pub fn session(session: &Session) -> OutboxDraft {
    let d = &session.details;
    let zone = zone_or_utc(&d.zone);
    let start = instant(d.start_utc_ms);
    let areas: Vec<&str> = d.areas.iter().map(|a| a.key()).collect();
    let body = SessionUpload {
        performed_at: local(start, zone),
        zone: zone.name().to_owned(),
        depth_mm: Some(session.depth_mm()),
        area: (!areas.is_empty()).then(|| cut(&areas.join(", "), MAX_AREA_CHARS)),
        note: d.notes.as_deref().map(|notes| cut(notes, MAX_NOTE_CHARS)),
    };
    OutboxDraft {
        kind: OutboxKind::Session,
        local_id: session.id,
        label: format!("Session {}", start.with_timezone(&zone).format("%-d %b %Y")),
        path: SESSIONS_PATH.to_owned(),
        body: OutboxBody::Json { json: to_json(&body) },
    }
}

/// `POST /api/v1/photos?taken_at=..&zone=..`; the body is the stored JPEG. A photo has no zone
/// of its own: its session's zone, else the patient's current one.
pub fn photo(photo: &Photo, sessions: &[Session], current_zone: Tz) -> OutboxDraft {
    let zone = photo
        .session_id
        .and_then(|id| sessions.iter().find(|s| s.id == id))
        .map_or(current_zone, |s| zone_or_utc(&s.details.zone));
    let taken_at = rfc3339(instant(photo.taken_utc_ms), zone);
    OutboxDraft {
        kind: OutboxKind::Photo,
        local_id: photo.id,
        label: format!("Photo {}", day_label(photo.day_index)),
        path: format!(
            "{PHOTOS_PATH}?taken_at={}&zone={}",
            percent_encode(&taken_at),
            percent_encode(zone.name())
        ),
        body: OutboxBody::Photo { photo_id: photo.id },
    }
}

fn wire_level(level: Level) -> share_api::Level {
    match level {
        Level::Expected => share_api::Level::Expected,
        Level::Watch => share_api::Level::Watch,
        Level::ContactClinic => share_api::Level::ContactClinic,
        Level::Urgent => share_api::Level::Urgent,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checkin::{CheckinAnswers, Level, NewCheckin, TriageResult};
    use crate::domain::{NewSession, TreatedArea};

    /// 2026-11-21T08:30:00Z = 09:30 in Paris.
    const TAKEN_MS: i64 = 1_795_249_800_000;

    fn flagged_checkin(note: Option<&str>) -> Checkin {
        Checkin {
            id: 7,
            details: NewCheckin {
                taken_utc_ms: TAKEN_MS,
                zone: "Europe/Paris".into(),
                session_id: Some(1),
                day_index: 3,
                answers: CheckinAnswers {
                    redness: Some(3),
                    swelling: Some(2),
                    pain: Some(6),
                    itch: Some(1),
                    temperature_tenths_c: Some(379),
                    discharge: None,
                    signs: vec![],
                    note: note.map(str::to_owned),
                },
                triage: TriageResult {
                    level: Level::ContactClinic,
                    rules: vec!["C1".into(), "bad id with spaces".into()],
                    advice: "Call your clinic today.".into(),
                    day_index: 3,
                    flagged_for_sharing: true,
                },
            },
        }
    }

    fn json_of(draft: &OutboxDraft) -> Value {
        match &draft.body {
            OutboxBody::Json { json } => serde_json::from_str(json).unwrap(),
            OutboxBody::Photo { .. } => panic!("not json"),
        }
    }

    #[test]
    fn checkin_body_is_the_api_example() {
        let draft = checkin(&flagged_checkin(Some("hot and red")));
        assert_eq!(draft.path, "/api/v2/checkins");
        assert_eq!(draft.label, "Check-in Day 3");
        assert_eq!((draft.kind, draft.local_id), (OutboxKind::Checkin, 7));
        assert_eq!(
            json_of(&draft),
            json!({
                "recorded_at": "2026-11-21T09:30:00+01:00",
                "zone": "Europe/Paris",
                "level": "contact_clinic",
                "rule_ids": ["C1"],
                "answers": {
                    "pain": 6, "redness": 3, "swelling": 2, "itching": 1, "temperature_c": 37.9,
                    "signs": []
                },
                "note": "hot and red"
            })
        );
    }

    /// Major 9 (clinical review): pus next to an urgent sign reaches the clinic, with every
    /// sign answered "yes", not only the rule that decided the level.
    #[test]
    fn major_9_the_upload_carries_the_discharge_and_every_sign() {
        use crate::checkin::{Discharge, Sign};
        let mut c = flagged_checkin(None);
        c.details.answers.discharge = Some(Discharge::Pus);
        c.details.answers.signs = vec![Sign::Blisters, Sign::Eye];
        c.details.triage.rules = vec!["U3".into()];
        let body = json_of(&checkin(&c));
        assert_eq!(body["answers"]["discharge"], "pus");
        assert_eq!(body["answers"]["signs"], json!(["blisters", "eye"]));
        assert_eq!(body["rule_ids"], json!(["U3"]));
    }

    #[test]
    fn checkin_without_note_or_temperature_leaves_them_out() {
        let mut c = flagged_checkin(None);
        c.details.answers.temperature_tenths_c = None;
        let body = json_of(&checkin(&c));
        assert!(body.get("note").is_none());
        assert!(body["answers"].get("temperature_c").is_none());
    }

    #[test]
    fn long_notes_are_cut_to_the_server_limit() {
        let c = flagged_checkin(Some(&"é".repeat(2_500)));
        let body = json_of(&checkin(&c));
        assert_eq!(body["note"].as_str().unwrap().chars().count(), 2_000);
    }

    fn session_fixture() -> Session {
        Session {
            id: 1,
            details: NewSession {
                start_utc_ms: 1_794_924_000_000, // 2026-11-17T14:00:00Z
                zone: "Europe/London".into(),
                depth_um: 1000,
                areas: vec![TreatedArea::Face, TreatedArea::Neck],
                device: Some("pen".into()),
                notes: Some("fine".into()),
                screening: Vec::new(),
            },
        }
    }

    #[test]
    fn session_body_follows_the_api() {
        let draft = session(&session_fixture());
        assert_eq!(draft.path, "/api/v1/sessions");
        assert_eq!(draft.label, "Session 17 Nov 2026");
        assert_eq!(
            json_of(&draft),
            json!({
                "performed_at": "2026-11-17T14:00:00Z",
                "zone": "Europe/London",
                "depth_mm": 1.0,
                "area": "face, neck",
                "note": "fine"
            })
        );
    }

    #[test]
    fn photo_path_carries_the_encoded_time_and_zone() {
        let p = Photo { day_index: Some(2), ..crate::journal::photo_fixture(4, TAKEN_MS + 60_000) };
        let draft = photo(&p, &[session_fixture()], Tz::Europe__Paris);
        assert_eq!(
            draft.path,
            "/api/v1/photos?taken_at=2026-11-21T08%3A31%3A00%2B00%3A00&zone=Europe%2FLondon"
        );
        assert_eq!(draft.body, OutboxBody::Photo { photo_id: 4 });
        assert_eq!(draft.label, "Photo Day 2");
        let alone = photo(&Photo { session_id: None, ..p }, &[], Tz::Europe__Paris);
        assert!(
            alone.path.ends_with("taken_at=2026-11-21T09%3A31%3A00%2B01%3A00&zone=Europe%2FParis")
        );
    }

    #[test]
    fn enroll_body_has_the_code_and_no_label() {
        let invite =
            Invite { server: "https://glow.example".into(), code: "EMBY-HEPJ-KH1C".into() };
        let draft = enroll(&invite, true);
        assert_eq!(
            (draft.server.as_str(), draft.path.as_str()),
            ("https://glow.example", "/api/v1/enroll")
        );
        let body: Value = serde_json::from_str(&draft.body_json).unwrap();
        assert_eq!(body["invite_code"], "EMBY-HEPJ-KH1C");
        assert!(body.get("device_label").is_none());
        assert!(draft.auto_share);
    }
}
