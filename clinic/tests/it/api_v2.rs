//! API v2 check-ins (clinical review, major 9): the discharge answer and every warning sign
//! reach the clinic and are shown in the app's words; v1 keeps working unchanged.

use serde_json::{Value, json};

use crate::harness::{Server, checkin};

fn v2_checkin() -> Value {
    let mut body = checkin("urgent", None);
    body["rule_ids"] = json!(["U3"]);
    body["answers"]["discharge"] = json!("pus");
    body["answers"]["signs"] = json!(["eye", "blisters"]);
    body
}

async fn post(server: &Server, version: u8, token: &str, key: &str, body: &Value) -> u16 {
    server.upload_to(version, token, key, body).await.status().as_u16()
}

#[tokio::test]
async fn major_9_pus_and_signs_next_to_an_urgent_rule_reach_the_portal() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    assert_eq!(post(&server, 2, &p.token, "key-v2-1", &v2_checkin()).await, 201);
    assert_eq!(post(&server, 1, &p.token, "key-v1-1", &checkin("watch", None)).await, 201);
    let portal = server.staff().await;
    let page = portal.page(&format!("/patients/{}", p.id)).await;
    assert!(page.contains("discharge: Cloudy, yellow, green or thick fluid"), "{page}");
    assert!(page.contains("blisters or sores near the eye"), "the eye sign in words");
    assert!(page.contains("Blisters or cold-sore-like sores"), "the lower-level sign too");
    assert!(page.contains("not sent by this app version"), "the v1 upload says so");
}

#[tokio::test]
async fn v2_refuses_keys_the_app_cannot_send_and_v1_refuses_v2_fields() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let mut bad = v2_checkin();
    bad["answers"]["discharge"] = json!("green goo");
    assert_eq!(post(&server, 2, &p.token, "key-bad-1", &bad).await, 422);
    let mut bad = v2_checkin();
    bad["answers"]["signs"] = json!(["<script>"]);
    assert_eq!(post(&server, 2, &p.token, "key-bad-2", &bad).await, 422);
    assert_eq!(post(&server, 1, &p.token, "key-bad-3", &v2_checkin()).await, 422);
    let detail = server.detail(&p.id).unwrap().unwrap();
    assert!(detail.checkins.is_empty(), "nothing refused is stored");
}
