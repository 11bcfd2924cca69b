//! The client's steps against a real SQLite store (in memory) and a transport that answers
//! from a script and records what it was asked: what is sent, with which key, and what each
//! answer does to the rows. The same steps against a real clinic server on loopback are
//! `testing/system/tests/sharing` (through the CLI and the mobile library).
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns; a failed unwrap is a failed test

use std::cell::RefCell;
use std::collections::VecDeque;

use afterglow_share_client::{Body, Request, SecretStore, ShareClient, TOKEN_KEY, Transport};
use afterglow_store::SqliteStore;
use afterglow_store::outbox;
use shared::effects::{
    ClinicLink, ClinicOperation, ClinicReason, ClinicResult, OutboxBody, OutboxDraft, OutboxKind,
    OutboxState,
};
use shared::sharing::delivery::{Backoff, Exchange};

/// What one request carried: URL, token, idempotency key, and whether its body was JSON.
type Asked = (String, Option<String>, Option<String>, bool);

#[derive(Default)]
struct Script {
    answers: RefCell<VecDeque<Exchange>>,
    asked: RefCell<Vec<Asked>>,
}

impl Transport for Script {
    async fn send(&self, request: Request<'_>) -> Exchange {
        self.asked.borrow_mut().push((
            request.url.clone(),
            request.token.map(str::to_owned),
            request.idempotency_key.map(str::to_owned),
            matches!(request.body, Body::Json(_)),
        ));
        self.answers.borrow_mut().pop_front().expect("a request the script did not expect")
    }

    async fn read_stored(&self, _file: &str) -> Option<Vec<u8>> {
        None
    }
}

#[derive(Default)]
struct Memory(RefCell<Option<String>>);

impl SecretStore for Memory {
    fn get(&self, _key: &str) -> Result<Option<String>, String> {
        Ok(self.0.borrow().clone())
    }
    fn set(&self, _key: &str, value: &str) -> Result<(), String> {
        *self.0.borrow_mut() = Some(value.to_owned());
        Ok(())
    }
    fn delete(&self, _key: &str) -> Result<(), String> {
        *self.0.borrow_mut() = None;
        Ok(())
    }
}

fn key() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("key-{}", N.fetch_add(1, Ordering::Relaxed))
}

fn linked() -> (SqliteStore, ShareClient<Script, Memory>) {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let link = ClinicLink {
        server: "http://127.0.0.1:9".into(),
        device_id: "d-1".into(),
        clinic_name: "Clinic".into(),
        clinic_phone: "+1 555".into(),
        after_hours_advice: String::new(),
        auto_share: false,
        relink_needed: false,
        linked_utc_ms: 0,
    };
    outbox::save_link(store.connection_mut(), &link).unwrap();
    let client = ShareClient {
        transport: Script::default(),
        secrets: Memory::default(),
        backoff: Backoff { base_ms: 1_000, cap_ms: 600_000 },
        new_key: key,
    };
    client.secrets.set(TOKEN_KEY, "secret-token").unwrap();
    (store, client)
}

fn answered(status: u16, retry_after: Option<&str>, body: &str) -> Exchange {
    Exchange::Answered { status, retry_after: retry_after.map(str::to_owned), body: body.into() }
}

fn run(
    client: &ShareClient<Script, Memory>,
    store: &mut SqliteStore,
    op: ClinicOperation,
) -> ClinicResult {
    futures_executor::block_on(client.handle(store, op))
}

fn checkin(local_id: i64) -> OutboxDraft {
    OutboxDraft {
        kind: OutboxKind::Checkin,
        local_id,
        label: format!("Check-in {local_id}"),
        path: "/api/v1/checkins".into(),
        body: OutboxBody::Json { json: "{}".into() },
    }
}

#[test]
fn a_retried_item_keeps_its_key_until_the_clinic_stores_it() {
    let (mut store, client) = linked();
    let queued = run(&client, &mut store, ClinicOperation::Enqueue { items: vec![checkin(7)] });
    assert!(matches!(queued, ClinicResult::Outbox { ref items, .. } if items.len() == 1));
    // Queued twice is queued once.
    run(&client, &mut store, ClinicOperation::Enqueue { items: vec![checkin(7)] });

    client.transport.answers.borrow_mut().push_back(answered(503, Some("120"), ""));
    let now = afterglow_store::now_ms() + 1;
    let ClinicResult::Outbox { items, .. } =
        run(&client, &mut store, ClinicOperation::Deliver { now_utc_ms: now })
    else {
        panic!("no outbox")
    };
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].state, items[0].attempts), (OutboxState::Queued, 1));
    let next = items[0].next_attempt_utc_ms.unwrap();
    assert!(next >= now + 120_000, "Retry-After honoured: {next} vs {now}");

    // Not due yet: nothing is sent.
    run(&client, &mut store, ClinicOperation::Deliver { now_utc_ms: next - 1 });
    assert_eq!(client.transport.asked.borrow().len(), 1);

    client.transport.answers.borrow_mut().push_back(answered(201, None, r#"{"id":"c-9"}"#));
    let ClinicResult::Outbox { items, .. } =
        run(&client, &mut store, ClinicOperation::Deliver { now_utc_ms: next })
    else {
        panic!("no outbox")
    };
    assert_eq!(items[0].state, OutboxState::Sent);
    let asked = client.transport.asked.borrow();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].0, "http://127.0.0.1:9/api/v1/checkins");
    assert_eq!(asked[0].1.as_deref(), Some("secret-token"));
    assert!(asked[0].2.is_some() && asked[0].2 == asked[1].2, "one key on every try: {asked:?}");
    assert!(asked[0].3);
}

#[test]
fn a_refused_token_stops_the_queue_and_a_missing_photo_fails_its_item() {
    let (mut store, client) = linked();
    let photo = OutboxDraft {
        kind: OutboxKind::Photo,
        local_id: 3,
        label: "Photo".into(),
        path: "/api/v1/photos".into(),
        body: OutboxBody::Photo { photo_id: 3 },
    };
    run(
        &client,
        &mut store,
        ClinicOperation::Enqueue { items: vec![photo, checkin(1), checkin(2)] },
    );
    client.transport.answers.borrow_mut().push_back(answered(401, None, ""));
    let now = afterglow_store::now_ms() + 1;
    let ClinicResult::Outbox { link, items } =
        run(&client, &mut store, ClinicOperation::Deliver { now_utc_ms: now })
    else {
        panic!("no outbox")
    };
    assert!(link.unwrap().relink_needed);
    // The photo's row is gone: failed without a request; the first check-in met the 401 and
    // the pass stopped, so the second was never tried.
    assert_eq!(items[0].state, OutboxState::Failed);
    assert_eq!(items[0].last_error, Some(ClinicReason::PhotoGone));
    assert_eq!(client.transport.asked.borrow().len(), 1);
    assert_eq!(items[2].attempts, 0);

    // Until the patient links again, nothing more is sent.
    run(&client, &mut store, ClinicOperation::Deliver { now_utc_ms: now + 3_600_000 });
    assert_eq!(client.transport.asked.borrow().len(), 1);
}

#[test]
fn unlinking_forgets_the_token_and_the_link_but_not_the_queue() {
    let (mut store, client) = linked();
    run(&client, &mut store, ClinicOperation::Enqueue { items: vec![checkin(1)] });
    assert!(matches!(run(&client, &mut store, ClinicOperation::Unlink), ClinicResult::Unlinked));
    assert_eq!(client.secrets.get(TOKEN_KEY).unwrap(), None);
    assert!(outbox::load_link(store.connection_mut()).unwrap().is_none());
    assert_eq!(outbox::load_items(store.connection_mut()).unwrap().len(), 1);
}

#[test]
fn keys_are_version_4_uuids() {
    let key = afterglow_share_client::uuid_v4([0xff; 16]);
    assert_eq!(key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    let key = afterglow_share_client::uuid_v4([0; 16]);
    assert_eq!(key, "00000000-0000-4000-8000-000000000000");
}
