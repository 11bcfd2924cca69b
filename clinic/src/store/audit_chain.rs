//! The audit log's hash chain, the same on both backends: each row stores `prev_hash` (the
//! previous row's `row_hash`, or [`GENESIS`] for the first) and
//! `row_hash = sha256(prev_hash || "\n" || content)`, where content is the JSON array of the
//! row's other columns as stored (its clinic too, from the first row written by schema 6 on).
//! A database copied from one backend to the other keeps a chain that verifies.

use serde_json::json;

use crate::secrets::sha256_hex;

/// `prev_hash` of the first row.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The columns a row hash covers, in a fixed order.
pub(crate) struct Content<'a> {
    pub(crate) id: i64,
    pub(crate) at: &'a str,
    pub(crate) staff_id: Option<i64>,
    pub(crate) actor: &'a str,
    pub(crate) action: &'a str,
    pub(crate) patient_id: Option<&'a str>,
    pub(crate) subject: Option<&'a str>,
    pub(crate) address: Option<&'a str>,
    /// `None` for rows chained before schema 6 (no clinic in the hash); else the row's clinic.
    pub(crate) clinic: Option<Option<i64>>,
}

pub(crate) fn row_hash(prev_hash: &str, c: &Content<'_>) -> String {
    let content = match c.clinic {
        None => {
            json!([c.id, c.at, c.staff_id, c.actor, c.action, c.patient_id, c.subject, c.address])
        }
        Some(clinic) => json!([
            c.id,
            c.at,
            c.staff_id,
            c.actor,
            c.action,
            c.patient_id,
            c.subject,
            c.address,
            clinic
        ]),
    };
    sha256_hex(format!("{prev_hash}\n{content}"))
}
