//! Issue 19, "the patient knows it arrived": staff opening the patient's page marks their
//! check-ins seen, marking one handled can carry a short reply, and the patient's app reads both
//! with `GET /api/v1/checkins/responses`, scoped by its token alone.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use share_api::{ClinicResponses, MAX_REPLY_CHARS, RESPONSES_PATH};

use crate::harness::{Server, checkin};

async fn responses(server: &Server, token: &str) -> ClinicResponses {
    let response = server
        .http
        .get(format!("{}{RESPONSES_PATH}", server.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_patient_reads_when_staff_saw_handled_and_answered_their_check_in() {
    let server = Server::start().await;
    let ann = server.patient("Ann Example").await;
    let bob = server.patient("Bob Example").await;
    let recorded = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut body = checkin("urgent", None);
    body["recorded_at"] = json!(recorded);
    let id = server.checkin_id(&ann.token, "key-reply-0001", &body).await;
    assert!(responses(&server, &ann.token).await.checkins.is_empty(), "nobody looked yet");

    let staff = server.staff().await;
    let before = Utc::now();
    staff.page(&format!("/patients/{}", ann.id)).await;
    let seen = responses(&server, &ann.token).await.checkins;
    assert_eq!(seen.len(), 1);
    let recorded: DateTime<Utc> = recorded.parse().unwrap();
    assert_eq!(seen[0].recorded_at, recorded, "the app matches its check-in by this instant");
    assert!(seen[0].seen_at.is_some_and(|at| at >= before - chrono::Duration::seconds(1)));
    assert_eq!((seen[0].handled_at, seen[0].reply.as_deref()), (None, None));

    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/checkins/{id}/handled", ann.id);
    let form =
        [("csrf", csrf.as_str()), ("note", "called"), ("reply", " We'll call you\nbefore noon ")];
    assert_eq!(staff.post(&path, &form).await.status(), 303);
    let answered = responses(&server, &ann.token).await.checkins;
    assert_eq!(answered[0].seen_at, seen[0].seen_at, "first seen stays");
    assert!(answered[0].handled_at.is_some());
    assert_eq!(answered[0].reply.as_deref(), Some("We'll call you before noon"), "one line");
    assert!(answered[0].reply_at.is_some());
    let page = staff.page(&format!("/patients/{}", ann.id)).await;
    assert!(
        page.contains("We&#39;ll call you before noon")
            || page.contains("We'll call you before noon")
    );

    // Another note without a reply keeps the reply; Bob's token sees none of Ann's.
    assert_eq!(staff.post(&path, &[("csrf", &csrf), ("note", "again")]).await.status(), 303);
    let kept = responses(&server, &ann.token).await.checkins;
    assert_eq!(kept[0].reply.as_deref(), Some("We'll call you before noon"));
    assert!(responses(&server, &bob.token).await.checkins.is_empty());
}

#[tokio::test]
async fn a_reply_too_long_is_refused_and_nothing_changes() {
    let server = Server::start().await;
    let ann = server.patient("Ann Example").await;
    let id =
        server.checkin_id(&ann.token, "key-reply-0002", &checkin("contact_clinic", None)).await;
    let staff = server.staff().await;
    let csrf = staff.csrf().await;
    let path = format!("/patients/{}/checkins/{id}/handled", ann.id);
    let long = "x".repeat(MAX_REPLY_CHARS + 1);
    let status =
        staff.post(&path, &[("csrf", &csrf), ("note", "n"), ("reply", &long)]).await.status();
    assert!(status.is_client_error(), "{status}");
    let detail = server.detail(&ann.id).unwrap().unwrap();
    assert_eq!((detail.checkins[0].handled_at, detail.checkins[0].reply.clone()), (None, None));
}

#[tokio::test]
async fn responses_need_a_device_token() {
    let server = Server::start().await;
    let response = server.http.get(format!("{}{RESPONSES_PATH}", server.url)).send().await.unwrap();
    assert_eq!(response.status(), 401);
}
