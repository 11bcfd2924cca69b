//! FHIR downloads at once are bounded (issue 19): each builds the whole Bundle in memory (tens
//! of MiB with photos), so past `Limits::fhir_downloads` a download is refused at once with 503
//! and `Retry-After`, nothing read and no `export_fhir` audit row; the next one, once a
//! download has finished, is served.

use clinic::state::Limits;

use crate::harness::Server;

fn audited_exports(server: &Server) -> usize {
    let rows = server.store().clinic_audit_entries(server.clinic(), 500).unwrap();
    rows.iter().filter(|r| r.action == "export_fhir").count()
}

#[tokio::test]
async fn a_download_past_the_bound_gets_503_with_retry_after_and_nothing_is_exported() {
    let server = Server::start_with(Limits { fhir_downloads: 2, ..Limits::default() }).await;
    let staff = server.staff().await;
    let p = server.patient("Gated Gwen").await;
    let url = format!("/patients/{}/fhir", p.id);
    assert_eq!(staff.get(&url).await.status(), 200);
    assert_eq!(audited_exports(&server), 1);

    // Two downloads in progress (their permits held, as a slow build would hold them).
    let gate = server.fhir_gate();
    let held = gate.clone().acquire_many_owned(2).await.unwrap();
    let refused = staff.get(&url).await;
    assert_eq!(refused.status(), 503);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(audited_exports(&server), 1, "a refused download is not an export");
    // Other pages are not affected.
    assert_eq!(staff.get(&format!("/patients/{}", p.id)).await.status(), 200);

    drop(held);
    assert_eq!(staff.get(&url).await.status(), 200);
    assert_eq!(audited_exports(&server), 2);
    assert_eq!(gate.available_permits(), 2, "a finished download gives its permit back");
}
