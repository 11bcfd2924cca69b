//! Integration tests of the reminders feature: the planner, its properties, the .ics export
//! (checked by a real iCalendar parser) and the app's notification effect.

// Test helpers outside `#[test]` functions may unwrap too (clippy.toml covers only the latter).
#![allow(clippy::unwrap_used)]

mod app;
mod fixtures;
mod follow_up;
mod ics;
mod plan;
mod props;
