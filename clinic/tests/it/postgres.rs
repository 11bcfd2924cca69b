//! What only the PostgreSQL backend has: row-level security as the second wall between
//! clinics, its schema-version rule, and the audit chain in its tables. These run in the
//! suite's PostgreSQL pass (`cargo xtask test-postgres`, part of `cargo xtask test`); on the
//! SQLite pass each says it was not run and returns.

use chrono::Utc;
use clinic::store::postgres::PostgresStore;
use clinic::store::{AuditCheck, ClinicSettings, StoreError};

use clinic::Operations;
use clinic::state::Limits;

use crate::harness::{STAFF_EMAIL, STAFF_PASSWORD, Server, checkin, cli_ok, cli_refused, jpeg};
use crate::pg::{self, TestDatabase, off_runtime};

fn on_postgres(test: &str) -> bool {
    let set = pg::server_url().is_some();
    if !set {
        eprintln!("{test}: not run ({} is not set; the PostgreSQL pass runs it)", pg::ENV);
    }
    set
}

/// The first column of every row `sql` returns, on a connection that named `clinic` (or
/// none) as the server does, so only the row policies stand between it and other clinics.
fn as_clinic(url: &str, clinic: Option<&str>, sql: &str) -> Result<Vec<String>, String> {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    let clinic = clinic.map(str::to_owned);
    off_runtime(move || {
        let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        if let Some(clinic) = clinic {
            tx.execute("SELECT set_config('app.clinic_id', $1, true)", &[&clinic]).unwrap();
        }
        let rows = tx.query(&sql, &[]).map_err(|e| {
            e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_owned())
        })?;
        Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
    })
}

#[tokio::test]
async fn a_query_without_a_clinic_filter_still_sees_only_its_clinics_rows() {
    if !on_postgres("row-level security") {
        return;
    }
    let server = Server::start().await;
    let north = ClinicSettings { name: "North".into(), ..ClinicSettings::default() };
    let north = server.store().add_clinic("north", &north, Utc::now()).unwrap();
    let south = server.clinic();
    server.patient("Ann South").await;
    let north_invite = server.invite_in(north, "Bea North");
    let enrolled = server.enroll_raw(&north_invite.code).await;
    assert_eq!(enrolled.status(), 201);
    let token =
        enrolled.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    server.checkin_id(&token, "key-north-checkin", &checkin("urgent", None)).await;
    let url = pg::url_for(&server.db).unwrap();
    let (s, n) = (south.get().to_string(), north.get().to_string());

    // The Rust code "forgot" its WHERE clause: the policies still wall each clinic in.
    let names = |clinic: Option<&str>| as_clinic(&url, clinic, "SELECT name FROM patients");
    assert_eq!(names(Some(&s)).unwrap(), ["Ann South"]);
    assert_eq!(names(Some(&n)).unwrap(), ["Bea North"]);
    // No clinic named (a forgotten scope) sees nothing at all, not everything.
    assert!(names(None).unwrap().is_empty());
    assert!(names(Some("")).unwrap().is_empty());
    assert!(names(Some("not a number")).unwrap().is_empty());
    for table in ["devices", "invites", "checkins", "idempotency", "audit_log", "staff_alerts"] {
        let sql = format!("SELECT clinic_id::text FROM {table}");
        let seen = as_clinic(&url, Some(&n), &sql).unwrap();
        assert!(!seen.is_empty(), "{table}: the clinic's own rows are visible");
        assert!(seen.iter().all(|c| *c == n), "{table}: only clinic {n}'s rows, got {seen:?}");
    }
    // Writes are walled too: an update without a filter changes only the clinic's rows, and a
    // row for another clinic cannot be written.
    let renamed = as_clinic(&url, Some(&n), "UPDATE patients SET name = 'x' RETURNING id");
    assert_eq!(renamed.unwrap().len(), 1);
    assert_eq!(names(Some(&s)).unwrap(), ["Ann South"], "the other clinic's row is untouched");
    let planted = as_clinic(
        &url,
        Some(&n),
        &format!(
            "INSERT INTO patients (id, name, created_at, clinic_id) \
             VALUES ('planted', 'p', '2026-01-01T00:00:00.000Z', {s}) RETURNING id"
        ),
    );
    assert!(planted.unwrap_err().contains("row-level security"));
}

#[tokio::test]
async fn the_audit_chain_verifies_and_names_an_edited_row() {
    if !on_postgres("audit chain") {
        return;
    }
    let server = Server::start().await;
    let staff = server.staff().await;
    let p = server.patient("Ann Example").await;
    server.checkin_id(&p.token, "key-audit-checkin", &checkin("urgent", None)).await;
    assert_eq!(staff.get(&format!("/patients/{}", p.id)).await.status(), 200);
    let rows = match server.store().verify_audit().unwrap() {
        AuditCheck::Intact { rows, .. } => rows,
        broken @ AuditCheck::Broken { .. } => panic!("{broken:?}"),
    };
    assert!(rows >= 3, "{rows}");
    let raw = server.raw();
    assert!(
        raw.execute("DELETE FROM audit_log WHERE id = 2", &[]).unwrap_err().contains("append-only")
    );
    // Someone with the owner's rights who turns the trigger off is still caught.
    raw.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update", &[]).unwrap();
    raw.execute("UPDATE audit_log SET action = 'nothing' WHERE id = 2", &[]).unwrap();
    match server.store().verify_audit().unwrap() {
        AuditCheck::Broken { row, reason } => {
            assert_eq!(row, 2);
            assert!(reason.contains("row 2 was edited"), "{reason}");
        }
        intact @ AuditCheck::Intact { .. } => panic!("{intact:?}"),
    }
}

#[tokio::test]
async fn a_newer_or_foreign_database_is_refused_and_left_untouched() {
    if !on_postgres("schema version") {
        return;
    }
    let server = Server::start().await;
    let raw = server.raw();
    raw.execute("UPDATE afterglow_schema SET version = version + 1", &[]).unwrap();
    let url = pg::url_for(&server.db).unwrap();
    let opened = off_runtime(|| PostgresStore::open(&url).map(|_| ()));
    assert!(matches!(opened, Err(StoreError::NewerVersion { .. })), "{opened:?}");
    let out = crate::harness::clinic_cli(&server.db, &["staff", "list"], &[], None);
    let stderr = crate::harness::cli_refused(&out);
    assert!(stderr.contains("newer version") && stderr.contains("left untouched"), "{stderr}");
    let version = raw.number("SELECT version FROM afterglow_schema", &[]).unwrap();
    assert_eq!(version, clinic::store::migrations::LATEST_VERSION + 1, "untouched");

    let admin = pg::server_url().unwrap();
    let foreign = TestDatabase::create(&admin);
    let url = foreign.url.clone();
    off_runtime(|| {
        let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        client.batch_execute("CREATE TABLE orders (id int)").unwrap();
    });
    let opened = off_runtime(|| PostgresStore::open(&foreign.url).map(|_| ()));
    assert!(matches!(opened, Err(StoreError::NotOurs)), "{opened:?}");
}

#[tokio::test]
async fn a_sqlite_server_moves_to_postgres_with_every_row_and_the_same_audit_chain() {
    if !on_postgres("migrate-to-postgres") {
        return;
    }
    let server = Server::start_sqlite().await;
    let staff = server.staff().await;
    let p = server.patient("Ann Movesover").await;
    server.checkin_id(&p.token, "key-move-checkin", &checkin("urgent", Some("itchy"))).await;
    let photo = server.upload_photo(&p.token, "key-move-photo1", "image/jpeg", jpeg()).await;
    assert_eq!(photo.status(), 201);
    assert_eq!(staff.get(&format!("/patients/{}", p.id)).await.status(), 200);
    // A clinic's own alert addresses (schema 10) move with it.
    let mut settings = server.store().settings(server.clinic()).unwrap();
    settings.alert_emails = vec!["desk@clinic.example".into(), "duty@clinic.example".into()];
    server.store().save_settings(server.clinic(), &settings).unwrap();
    let before = server.store().verify_audit().unwrap();
    let detail_before = server.detail(&p.id).unwrap().unwrap();
    let (dir, db) = server.stop().await;

    let database = TestDatabase::create(&pg::server_url().unwrap());
    let copy = |db: &std::path::Path, url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
            .args(["migrate-to-postgres", "--database-url", url])
            .arg("--db")
            .arg(db)
            .output()
            .unwrap()
    };
    let report = cli_ok(&copy(&db, &database.url));
    assert!(report.contains("copied and verified"), "{report}");
    for line in ["patients                   1", "checkins                   1", "photos"] {
        assert!(report.contains(line), "{line}: {report}");
    }
    // Into a database that is not empty: refused, nothing changed.
    assert!(cli_refused(&copy(&db, &database.url)).contains("not empty"));

    // The same data dir, now on PostgreSQL: the chain, the records and the photo file are there.
    pg::adopt(&db, database);
    let moved = Server::start_on(dir, db, Limits::default(), Operations::default()).await;
    assert!(pg::url_for(&moved.db).is_some());
    assert_eq!(moved.store().verify_audit().unwrap(), before, "the same chain, the same head");
    assert_eq!(moved.store().settings(moved.clinic()).unwrap(), settings);
    let detail = moved.detail(&p.id).unwrap().unwrap();
    assert_eq!(format!("{:?}", detail.checkins), format!("{:?}", detail_before.checkins));
    assert_eq!(format!("{:?}", detail.photos), format!("{:?}", detail_before.photos));
    let portal = moved.portal();
    assert_eq!(portal.login(STAFF_EMAIL, STAFF_PASSWORD).await.status(), 303);
    let photo_url = format!("/patients/{}/photos/{}", p.id, detail.photos[0].id);
    assert_eq!(portal.get(&photo_url).await.status(), 200);
    // And it keeps working: the device uploads again; the next audit row chains on.
    moved.checkin_id(&p.token, "key-move-after", &checkin("watch", None)).await;
    assert!(matches!(moved.store().verify_audit().unwrap(), AuditCheck::Intact { .. }));
}
