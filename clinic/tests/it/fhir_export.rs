//! The portal's FHIR download carries what the server holds (issue 19): a check-in with its
//! level, signs and the patient's note, and the photos with their bytes, up to a size budget
//! past which older photos are listed without their image (and the patient's page says how
//! many). Each Bundle is checked by a third-party validator (Python `fhir.resources`, as the
//! app's export is in cli/tests/export.rs).

use std::process::Command;

use clinic::state::Limits;
use serde_json::Value;

use crate::harness::{STAFF_EMAIL, Server, checkin, jpeg};

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

/// Standard base64 with padding, written out so the test does not trust the server's encoder.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            let sextet = (n >> (18 - 6 * i)) & 63;
            out.push(if i <= chunk.len() { char::from(ABC[sextet as usize]) } else { '=' });
        }
    }
    out
}

async fn upload_photo_at(server: &Server, token: &str, key: &str, taken_at: &str, bytes: Vec<u8>) {
    let response = server
        .http
        .post(format!("{}/api/v1/photos?taken_at={taken_at}&zone=Europe%2FMadrid", server.url))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

/// Validates `bundle` with `fhir.resources` (R4B, identical to R4 for these resources) and
/// answers its resource counts. Without the validator the check is skipped with a note, except
/// under CI (`cargo xtask setup` installs it).
fn validated_counts(bundle: &Value) -> Option<Value> {
    let has = Command::new("python3")
        .args(["-c", "import fhir.resources.R4B.bundle"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(std::env::var_os("CI").is_none(), "CI must install fhir.resources (xtask setup)");
        eprintln!("fhir.resources missing: the FHIR validation was skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, bundle.to_string()).unwrap();
    let script = r#"
import sys, json, collections
from fhir.resources.R4B.bundle import Bundle
raw = open(sys.argv[1]).read()
bundle = Bundle.model_validate_json(raw) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(raw)
print(json.dumps(collections.Counter(type(e.resource).__name__ for e in bundle.entry)))
"#;
    let out = Command::new("python3").args(["-c", script]).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "fhir.resources rejected the Bundle:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[tokio::test]
async fn the_download_carries_the_checkin_note_level_and_the_photo_bytes() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let note = "itchy along the jaw since the morning";
    server.upload(&p.token, "key-fx-c-0001", &checkin("watch", Some(note))).await;
    upload_photo_at(&server, &p.token, "key-fx-p-0001", "2026-11-20T10%3A00%3A00Z", jpeg()).await;

    let staff = server.staff().await;
    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(!page.contains("without the image"), "nothing is left out of a small record");
    let bundle: Value = staff.get(&format!("/patients/{}/fhir", p.id)).await.json().await.unwrap();

    // The patient's note and the triage level are in the QuestionnaireResponse.
    let qr = resources(&bundle, "QuestionnaireResponse")[0];
    let item =
        |id: &str| qr["item"].as_array().unwrap().iter().find(|i| i["linkId"] == id).cloned();
    assert_eq!(item("note").unwrap()["answer"][0]["valueString"], note);
    assert_eq!(item("triage-level").unwrap()["answer"][0]["valueCoding"]["code"], "watch");
    // The photo: a DocumentReference pointing at a Binary holding the stored bytes.
    let (docs, binaries) = (resources(&bundle, "DocumentReference"), resources(&bundle, "Binary"));
    assert_eq!((docs.len(), binaries.len()), (1, 1));
    assert_eq!(binaries[0]["data"], base64(&jpeg()));
    assert_eq!(binaries[0]["contentType"], "image/jpeg");
    let attachment = &docs[0]["content"][0]["attachment"];
    assert_eq!(attachment["size"], jpeg().len());
    assert_eq!(docs[0]["date"], "2026-11-20T11:00:00+01:00", "the time in the zone sent with it");
    let binary_url = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Binary")
        .map(|e| e["fullUrl"].clone())
        .unwrap();
    assert_eq!(attachment["url"], binary_url);

    if let Some(counts) = validated_counts(&bundle) {
        assert_eq!((&counts["DocumentReference"], &counts["Binary"]), (&1.into(), &1.into()));
        assert_eq!(counts["QuestionnaireResponse"], 1);
    }
}

#[tokio::test]
async fn past_the_budget_older_photos_are_listed_without_bytes_and_the_page_says_how_many() {
    let len = u64::try_from(jpeg().len()).unwrap();
    // Room for two photos' bytes: the third, oldest, is left out.
    let server =
        Server::start_with(Limits { fhir_photo_bytes: 2 * len, ..Limits::default() }).await;
    let p = server.patient("Ann Example").await;
    for (n, day) in [(1, 18), (2, 19), (3, 20)] {
        let at = format!("2026-11-{day}T10%3A00%3A00Z");
        upload_photo_at(&server, &p.token, &format!("key-fx-p-000{n}"), &at, jpeg()).await;
    }
    let staff = server.staff().await;
    let page = staff.page(&format!("/patients/{}", p.id)).await;
    assert!(
        page.contains(&format!("it embeds at most {} bytes of photos", 2 * len))
            && page.contains("1 older photo is listed in it without the image"),
        "the page says what the download leaves out"
    );

    let bundle: Value = staff.get(&format!("/patients/{}/fhir", p.id)).await.json().await.unwrap();
    let (docs, binaries) = (resources(&bundle, "DocumentReference"), resources(&bundle, "Binary"));
    assert_eq!((docs.len(), binaries.len()), (3, 2), "every photo listed, two embedded");
    let left_out: Vec<&&Value> = docs
        .iter()
        .filter(|d| d["description"].as_str().unwrap().contains("not in this file"))
        .collect();
    assert_eq!(left_out.len(), 1);
    let doc = left_out[0];
    assert!(doc["date"].as_str().unwrap().starts_with("2026-11-18"), "the oldest is left out");
    let attachment = &doc["content"][0]["attachment"];
    assert_eq!(attachment["size"], len);
    assert!(attachment.get("url").is_none() && attachment.get("data").is_none());
    let description = doc["description"].as_str().unwrap();
    assert!(description.contains("download it from the patient's page"), "{description}");

    if let Some(counts) = validated_counts(&bundle) {
        assert_eq!((&counts["DocumentReference"], &counts["Binary"]), (&3.into(), &2.into()));
    }
}

#[tokio::test]
async fn staff_notes_and_the_reply_are_in_the_download_pointing_at_the_check_in() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let id = server.checkin_id(&p.token, "key-fx-notes-01", &checkin("urgent", None)).await;
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/checkins/{id}/handled", p.id);
    let form = [("csrf", csrf.as_str()), ("note", "phoned, no fever"), ("reply", "Call us at 5")];
    assert_eq!(staff.post(&path, &form).await.status(), 303);
    let form = [("csrf", csrf.as_str()), ("note", "second call: settling")];
    assert_eq!(staff.post(&path, &form).await.status(), 303);

    let bundle: Value = staff.get(&format!("/patients/{}/fhir", p.id)).await.json().await.unwrap();
    let qr_url = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "QuestionnaireResponse")
        .map(|e| e["fullUrl"].as_str().unwrap().to_owned())
        .unwrap();
    let patient_url = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .map(|e| e["fullUrl"].as_str().unwrap().to_owned())
        .unwrap();

    // Each note: a ClinicalImpression by its author, about the check-in, oldest first.
    let notes = resources(&bundle, "ClinicalImpression");
    let summaries: Vec<&str> = notes.iter().map(|n| n["summary"].as_str().unwrap()).collect();
    assert_eq!(summaries, ["phoned, no fever", "second call: settling"]);
    for note in &notes {
        assert_eq!(note["assessor"]["display"], STAFF_EMAIL);
        assert_eq!(note["supportingInfo"][0]["reference"], qr_url.as_str());
        assert_eq!(note["subject"]["reference"], patient_url.as_str());
    }
    // The reply: one Communication to the patient about the check-in.
    let replies = resources(&bundle, "Communication");
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["payload"][0]["contentString"], "Call us at 5");
    assert_eq!(replies[0]["recipient"][0]["reference"], patient_url.as_str());
    assert_eq!(replies[0]["about"][0]["reference"], qr_url.as_str());
    if let Some(counts) = validated_counts(&bundle) {
        assert_eq!(counts["ClinicalImpression"], 2, "{counts}");
        assert_eq!(counts["Communication"], 1, "{counts}");
    }
}
