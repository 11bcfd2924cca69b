//! Sharing through the real `afterglow` binary with the real clinic server on loopback: the
//! server runs from the clinic crate's library in a child process (this test binary re-run as
//! `clinic_server_child`), so it can be killed with SIGKILL and restarted on the same database.
//! Misbehaving servers (500, 429, junk, too slow, 422) are tiny raw TCP servers.

// Helpers outside #[test] fns unwrap too: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used)]

mod harness;
mod misbehaving_servers;
mod real_server;

use std::io::Write;
use std::path::PathBuf;

use harness::{ADDR_ENV, DB_ENV};

/// The clinic server, run by the parent test as a child process.
#[test]
#[ignore = "the clinic server process of the sharing tests, started by them"]
fn clinic_server_child() {
    let (Ok(db), Ok(addr)) = (std::env::var(DB_ENV), std::env::var(ADDR_ENV)) else { return };
    let config = clinic::ServeConfig {
        db: PathBuf::from(db),
        database_url: None,
        addr: addr.parse().unwrap(),
        limits: clinic::state::Limits::default(),
        web_dir: None,
        app_addr: None,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let bound = clinic::bind(&config).await.unwrap();
        println!("listening on http://{}", bound.local_addr().unwrap());
        std::io::stdout().flush().unwrap();
        bound.run(std::future::pending()).await.unwrap();
    });
}
