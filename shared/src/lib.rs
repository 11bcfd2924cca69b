//! Afterglow's core: everything the app *decides*, nothing it *does*.
//!
//! This crate is a [Crux](https://github.com/redbadger/crux) app. It holds the model, the events,
//! the view models and the effects, and it performs no I/O: storage, HTTP and platform services
//! are effects that shells carry out (see `ARCHITECTURE.md`). A CI step fails if rusqlite,
//! reqwest, tokio or hyper ever enter this crate's normal dependency tree.

pub mod app;
pub mod checkin;
pub mod domain;
pub mod effects;
pub mod export;
pub mod i18n;
pub mod journal;
pub mod lock;
pub mod protocol;
pub mod reminders;
pub mod sharing;
pub mod timeline;
pub mod view;

pub use app::{Aftercare, Event, Model};
pub use crux_core::{Core, Request};
pub use effects::Effect;
pub use view::ViewModel;
