//! `clinic audit verify`: walks the hash chain and says where it breaks.

use super::db::DbArgs;

use clap::Subcommand;

use crate::store::{AuditCheck, Store, StoreResult};

/// The audit subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the chain from the first row; exit 1 naming the first edited or removed row.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The report to print, and whether the chain is intact.
pub fn verify(store: &dyn Store) -> StoreResult<(String, bool)> {
    Ok(match store.verify_audit()? {
        AuditCheck::Intact { rows, head } => (
            format!(
                "audit log intact: {rows} rows, head {head}\n\
                 (rows removed from the end leave no trace in the file: compare the head with one noted earlier)"
            ),
            true,
        ),
        AuditCheck::Broken { row, reason } => {
            (format!("audit log TAMPERED at row {row}: {reason}"), false)
        }
    })
}
