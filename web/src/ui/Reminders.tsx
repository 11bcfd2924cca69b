import { useEffect, useState, type RefObject } from "react";
import { useApp, download } from "./context";
import { PrefsForm, eventReminders, remindersEventExportCalendar, remindersEventSetPrefsTyped, type ReminderKind } from "../shell/types";
import { scheduledCount } from "../shell/notify";

export function Reminders({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const r = view.reminders;
  // The form as the core words and fills it; what is typed goes back as typed, and the core reads it.
  const f = r.form;
  const w = r.words;
  const [morning, setMorning] = useState(f.morning);
  const [evening, setEvening] = useState(f.evening);
  const [quiet, setQuiet] = useState(f.quiet);
  const [off, setOff] = useState<ReminderKind["kind"][]>(f.kinds.filter((k) => !k.on).map((k) => k.kind.kind));
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
      <h1 id="reminders-title" ref={headingRef} tabIndex={-1}>{w.title}</h1>
      {/* The core's note with this page's own count (only the browser knows it) put in. */}
      <p>{(permission === "granted" ? w.page_note_allowed : w.page_note_not_allowed).replace("{count}", String(scheduledCount()))}</p>
      <div className="row">
        {permission === "default" && (
          <button type="button" onClick={() => Notification.requestPermission().then(setPermission)}>{w.allow_notifications}</button>
        )}
        <button type="button" onClick={() => { setWantIcs(true); void send(eventReminders(remindersEventExportCalendar())); }}>{w.export_calendar}</button>
      </div>
      <form onSubmit={(e) => { e.preventDefault(); void send(eventReminders(remindersEventSetPrefsTyped(new PrefsForm(morning, evening, quiet, off.map((kind) => ({ kind }) as ReminderKind))))); }}>
        <div className="row">
          <label>{f.morning_label} <input type="time" value={morning} onChange={(e) => setMorning(e.target.value)} /></label>
          <label>{f.evening_label} <input type="time" value={evening} onChange={(e) => setEvening(e.target.value)} /></label>
          <label>{f.quiet_label} <input type="text" name="quiet" value={quiet} onChange={(e) => setQuiet(e.target.value)} /></label>
        </div>
        <fieldset>
          <legend>{f.kinds_label}</legend>
          {f.kinds.map(({ kind: { kind }, label }) => (
            <label className="check" key={kind}>
              <input type="checkbox" checked={!off.includes(kind)}
                onChange={(e) => setOff(e.target.checked ? off.filter((k) => k !== kind) : [...off, kind])} /> {label}
            </label>
          ))}
        </fieldset>
        <button type="submit">{w.save}</button>
      </form>
      <h2>{w.coming_up}</h2>
      <ul data-testid="upcoming">{r.upcoming.map((u) => <li key={u.id}><strong>{u.fire_label}</strong> — {u.title}: {u.body}</li>)}</ul>
    </section>
  );
}
