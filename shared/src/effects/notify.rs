//! Local notifications. The core sends the whole pending schedule at once; the shell replaces
//! every pending Afterglow notification with exactly this list (cancel all, then add), so
//! sending the same schedule twice changes nothing. Platform shells map it to
//! UNUserNotificationCenter (iOS), AlarmManager/WorkManager (Android) or the web's Notifications.

use crux_core::{Command, Request, capability::Operation, command::NotificationBuilder};
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::reminders::ReminderKind;
use crate::view::Place;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum NotifyOperation {
    /// Replace the whole pending schedule with `notifications` (soonest first, at most the
    /// platform cap the core was told). An empty list cancels everything pending.
    ReplaceAll { notifications: Vec<ScheduledNotification> },
}

/// One local notification to schedule.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ScheduledNotification {
    /// Stable across re-plans: use it as the platform's notification identifier.
    pub id: String,
    pub kind: ReminderKind,
    pub title: String,
    pub body: String,
    /// What a locked phone shows instead of the title and body (Android's public version, iOS's
    /// hidden-preview placeholder): a reminder can name a treatment or a symptom (review #20).
    pub public_text: String,
    /// The place a tap on it opens (the core decides; the shell navigates there).
    pub opens: Place,
    /// When to fire, UTC milliseconds. Schedule it as an absolute instant (not a wall-clock
    /// trigger): the core already resolved the patient's local time, DST and quiet hours.
    pub fire_at_utc_ms: i64,
    /// The local wall-clock time it was meant for (`YYYY-MM-DDTHH:MM`), for display.
    pub local_time: String,
}

impl Operation for NotifyOperation {
    type Output = ();
}

/// Asks the shell to replace the pending schedule.
pub fn replace_all<Effect, Event>(
    notifications: Vec<ScheduledNotification>,
) -> NotificationBuilder<Effect, Event, impl Future<Output = ()>>
where
    Effect: Send + From<Request<NotifyOperation>> + 'static,
    Event: Send + 'static,
{
    Command::notify_shell(NotifyOperation::ReplaceAll { notifications })
}
