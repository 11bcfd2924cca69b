//! The clinic link and the outbox (share API v1, `clinic/API.md`) on the shell side.
//!
//! Interface stage: no transport yet. The stored state is "not linked, nothing queued", and
//! every other operation says linking is not available, so shells can be built against it.

use shared::effects::{ClinicError, ClinicErrorKind, ClinicOperation, ClinicResult};

/// Answers a clinic operation while no transport is built in.
pub fn not_available(operation: &ClinicOperation) -> ClinicResult {
    let _ = operation;
    ClinicResult::Failed {
        error: ClinicError {
            kind: ClinicErrorKind::NotLinked,
            message: "linking to a clinic is not available in this version yet".into(),
        },
    }
}
