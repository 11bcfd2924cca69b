// The Notify effect: the core sends the whole schedule; the shell replaces what it had. On the
// web that is the in-app list (shown from the view model) plus, while the page is open and the
// patient allowed it, a Notifications API alert at each time. Closed pages get nothing: the
// .ics download puts the same reminders into the patient's own calendar.
import type { Place, ScheduledNotification } from "./types";

const timers = new Map<string, number>();
/** setTimeout's longest delay (~24.8 days); later reminders are re-planned before then. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function replaceAll(notifications: ScheduledNotification[], now = Date.now()): number {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
  for (const n of notifications) {
    const delay = Number(n.fire_at_utc_ms) - now;
    if (delay < 0 || delay > MAX_DELAY_MS) continue;
    timers.set(n.id, window.setTimeout(() => show(n), delay));
  }
  return timers.size;
}

function show(n: ScheduledNotification) {
  timers.delete(n.id);
  if (typeof Notification === "function" && Notification.permission === "granted") {
    // `tag` = the stable id: a re-plan never shows the same reminder twice.
    const shown = new Notification(n.title, { body: n.body, tag: n.id });
    // A tap brings the page forward on the place the core chose for the reminder (review #28).
    shown.onclick = () => {
      window.focus();
      shown.close();
      for (const listener of openedListeners) listener(n.opens);
    };
  }
}

const openedListeners = new Set<(place: Place) => void>();

/** Calls `listener` with the place of each reminder the patient taps; returns the unsubscribe. */
export function onReminderOpened(listener: (place: Place) => void): () => void {
  openedListeners.add(listener);
  return () => openedListeners.delete(listener);
}

export function scheduledCount(): number {
  return timers.size;
}
