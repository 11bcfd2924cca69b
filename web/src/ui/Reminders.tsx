import { useEffect, useState, type RefObject } from "react";
import { useApp, download } from "./context";
import { ReminderPrefs, WallTime, eventReminders, remindersEventExportCalendar, remindersEventSetPrefs } from "../shell/types";
import { scheduledCount } from "../shell/notify";

const hhmm = (t: WallTime) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
const wall = (s: string) => { const [h, m] = s.split(":").map(Number); return new WallTime(h || 0, m || 0); };

export function Reminders({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const r = view.reminders;
  const [morning, setMorning] = useState(hhmm(r.prefs.morning));
  const [evening, setEvening] = useState(hhmm(r.prefs.evening));
  const [permission, setPermission] = useState(typeof Notification === "function" ? Notification.permission : "unsupported");
  const [wantIcs, setWantIcs] = useState(false);

  useEffect(() => {
    if (wantIcs && r.calendar_ics) {
      download(new Blob([r.calendar_ics], { type: "text/calendar" }), "afterglow-reminders.ics");
      setWantIcs(false);
    }
  }, [wantIcs, r.calendar_ics]);

  return (
    <section aria-labelledby="reminders-title">
      <h1 id="reminders-title" ref={headingRef} tabIndex={-1}>Reminders</h1>
      <p>
        While this page is open, reminders appear as notifications{permission === "granted" ? "" : " once you allow them"}
        ({scheduledCount()} set for this visit). For reminders when the page is closed, add them to your calendar.
      </p>
      <div className="row">
        {permission === "default" && (
          <button type="button" onClick={() => Notification.requestPermission().then(setPermission)}>Allow notifications</button>
        )}
        <button type="button" onClick={() => { setWantIcs(true); void send(eventReminders(remindersEventExportCalendar())); }}>Download calendar (.ics)</button>
      </div>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void send(eventReminders(remindersEventSetPrefs(new ReminderPrefs(wall(morning), wall(evening), r.prefs.quiet, r.prefs.off)))); }}>
        <label>Morning <input type="time" value={morning} onChange={(e) => setMorning(e.target.value)} /></label>
        <label>Evening <input type="time" value={evening} onChange={(e) => setEvening(e.target.value)} /></label>
        <button type="submit">Save times</button>
      </form>
      <h2>Coming up</h2>
      <ul data-testid="upcoming">{r.upcoming.map((u) => <li key={u.id}><strong>{u.fire_label}</strong> — {u.title}: {u.body}</li>)}</ul>
    </section>
  );
}
