//! The share API's requests (clinic/API.md), built in the core so every shell sends the same
//! bytes. Times go out as RFC 3339 with the offset of the zone they were made in, plus that zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::invite::{Invite, percent_encode};
use crate::checkin::Checkin;
use crate::domain::Session;
use crate::domain::clock::{instant_from_ms, parse_zone};
use crate::effects::{EnrollDraft, OutboxBody, OutboxDraft, OutboxKind};
use crate::journal::{Photo, day_label};
use crate::view::rfc3339;

pub const ENROLL_PATH: &str = "/api/v1/enroll";
/// Version 2 adds the discharge answer and every warning sign (clinic/API.md).
pub const CHECKINS_PATH: &str = "/api/v2/checkins";
pub const SESSIONS_PATH: &str = "/api/v1/sessions";
pub const PHOTOS_PATH: &str = "/api/v1/photos";
/// The server's limits on free text (API.md): longer text would be refused, so it is cut.
const NOTE_MAX_CHARS: usize = 2_000;
const AREA_MAX_CHARS: usize = 100;
const MAX_RULE_IDS: usize = 32;

/// `POST /api/v1/enroll`. No device label: staff see it, and the core cannot know a name-free one.
pub fn enroll(invite: &Invite, auto_share: bool) -> EnrollDraft {
    let body = json!({
        "invite_code": invite.code,
        "app_version": env!("CARGO_PKG_VERSION"),
    });
    EnrollDraft {
        server: invite.server.clone(),
        path: ENROLL_PATH.to_owned(),
        body_json: body.to_string(),
        auto_share,
    }
}

fn zone_or_utc(name: &str) -> Tz {
    parse_zone(name).unwrap_or(Tz::UTC)
}

fn instant(ms: i64) -> DateTime<Utc> {
    instant_from_ms(ms).unwrap_or_default()
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A rule id the server accepts: 1–32 characters of `[A-Za-z0-9_.-]`.
fn is_wire_rule_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// `POST /api/v2/checkins`: the scores answered, the temperature, the discharge answer and every
/// sign answered "yes", so a finding below the deciding level (pus next to an urgent sign)
/// reaches the clinic too (clinical review, major 9); the rule ids say which decided the level.
pub fn checkin(checkin: &Checkin) -> OutboxDraft {
    let d = &checkin.details;
    let zone = zone_or_utc(&d.zone);
    let mut answers = Map::new();
    // An unanswered score is left out (the API's answers are all optional), never sent as 0.
    let a = &d.answers;
    let scores =
        [("pain", a.pain), ("redness", a.redness), ("swelling", a.swelling), ("itching", a.itch)];
    for (name, value) in scores {
        if let Some(value) = value {
            answers.insert(name.into(), json!(value));
        }
    }
    if let Some(tenths) = d.answers.temperature_tenths_c {
        answers.insert("temperature_c".into(), json!(f64::from(tenths) / 10.0));
    }
    if let Some(discharge) = a.discharge {
        answers.insert("discharge".into(), json!(discharge.key()));
    }
    let signs: Vec<&str> = a.signs.iter().map(|s| s.key()).collect();
    answers.insert("signs".into(), json!(signs));
    let rule_ids: Vec<&str> = d
        .triage
        .rules
        .iter()
        .map(String::as_str)
        .filter(|id| is_wire_rule_id(id))
        .take(MAX_RULE_IDS)
        .collect();
    let mut body = json!({
        "recorded_at": rfc3339(instant(d.taken_utc_ms), zone),
        "zone": zone.name(),
        "level": d.triage.level.key(),
        "rule_ids": rule_ids,
        "answers": Value::Object(answers),
    });
    if let (Some(note), Some(map)) = (&d.answers.note, body.as_object_mut()) {
        map.insert("note".into(), json!(cut(note, NOTE_MAX_CHARS)));
    }
    OutboxDraft {
        kind: OutboxKind::Checkin,
        local_id: checkin.id,
        label: format!("Check-in {}", day_label(d.session_id.map(|_| d.day_index))),
        path: CHECKINS_PATH.to_owned(),
        body: OutboxBody::Json { json: body.to_string() },
    }
}

/// `POST /api/v1/sessions`.
pub fn session(session: &Session) -> OutboxDraft {
    let d = &session.details;
    let zone = zone_or_utc(&d.zone);
    let start = instant(d.start_utc_ms);
    let mut body = json!({
        "performed_at": rfc3339(start, zone),
        "zone": zone.name(),
        "depth_mm": session.depth_mm(),
    });
    if let Some(map) = body.as_object_mut() {
        let areas: Vec<&str> = d.areas.iter().map(|a| a.key()).collect();
        if !areas.is_empty() {
            map.insert("area".into(), json!(cut(&areas.join(", "), AREA_MAX_CHARS)));
        }
        if let Some(notes) = &d.notes {
            map.insert("note".into(), json!(cut(notes, NOTE_MAX_CHARS)));
        }
    }
    OutboxDraft {
        kind: OutboxKind::Session,
        local_id: session.id,
        label: format!("Session {}", start.with_timezone(&zone).format("%-d %b %Y")),
        path: SESSIONS_PATH.to_owned(),
        body: OutboxBody::Json { json: body.to_string() },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::{CheckinAnswers, Level, NewCheckin, TriageResult};
    use crate::domain::{NewSession, TreatedArea};
    use crate::journal::TakenSource;

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
                "performed_at": "2026-11-17T14:00:00+00:00",
                "zone": "Europe/London",
                "depth_mm": 1.0,
                "area": "face, neck",
                "note": "fine"
            })
        );
    }

    #[test]
    fn photo_path_carries_the_encoded_time_and_zone() {
        let p = Photo {
            id: 4,
            taken_utc_ms: TAKEN_MS + 60_000,
            taken_source: TakenSource::Camera,
            session_id: Some(1),
            day_index: Some(2),
            area: None,
            note: None,
            width: 10,
            height: 10,
            sha256: "ab".into(),
            file: "photos/ab.jpg".into(),
            thumb_file: "photos/ab.thumb.jpg".into(),
            imported_utc_ms: TAKEN_MS,
        };
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
