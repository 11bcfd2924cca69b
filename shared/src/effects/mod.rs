//! The effects the core asks for. Each variant wraps one operation; [`store`] is carried out in
//! Rust on the shell side of the bridge (the `afterglow_handlers` crate on native, the TypeScript
//! shell on the web), `Render` by every shell, [`notify`] (local notifications) by each
//! platform shell. [`clinic`] (the share API) in Rust on native and in TypeScript on the web; the core judges
//! every answer.
//! [`photo`] is handled in Rust too (`afterglow_handlers::photo`): only paths
//! and ids cross the bridge. The mobile library narrows what is left to [`native`]'s
//! `NativeEffect` for Swift and Kotlin.
//!
//! Variant order is part of the bridge's wire format (bincode uses indices): only append.

pub mod clinic;
mod clinic_reason;
pub mod native;
pub mod notify;
pub mod photo;
mod photo_reason;
pub mod store;

use crux_core::{macros::effect, render::RenderOperation};

pub use clinic::{
    ClinicAnswer, ClinicError, ClinicErrorKind, ClinicLink, ClinicOperation, ClinicReason,
    ClinicResult, EnrollDraft, OutboxBody, OutboxDraft, OutboxItem, OutboxKind, OutboxState,
};
pub use native::{NativeEffect, NativeEffectFfi};
pub use notify::{NotifyOperation, ScheduledNotification};
pub use photo::{PhotoError, PhotoErrorKind, PhotoOperation, PhotoReason, PhotoResult};
pub use store::{StoreError, StoreErrorKind, StoreOperation, StoreResult};

#[effect(facet_typegen)]
#[derive(Debug)]
pub enum Effect {
    Render(RenderOperation),
    Store(StoreOperation),
    Notify(NotifyOperation),
    Photo(PhotoOperation),
    Clinic(ClinicOperation),
}
