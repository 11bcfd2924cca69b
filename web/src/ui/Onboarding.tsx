import { useState, type RefObject } from "react";
import { useApp } from "./context";
import { localInputValue, zone } from "./labels";
import { Profile, SessionForm, eventAddSession, eventSetProfile, type Screening, type TreatedArea } from "../shell/types";

export function Onboarding({ headingRef, onDone }: { headingRef: RefObject<HTMLHeadingElement | null>; onDone: () => void }) {
  const { view, send } = useApp();
  const p = view.profile;
  const [start, setStart] = useState(localInputValue(new Date(Date.now() - 3 * 3600_000)));
  const [depth, setDepth] = useState("0.5");
  const [areas, setAreas] = useState<string[]>(["Face"]);
  const [device, setDevice] = useState("");
  const [planned, setPlanned] = useState(false);
  const [flags, setFlags] = useState({
    cold_sore_history: p.cold_sore_history, pregnant: p.pregnant,
    isotretinoin_last_6_months: p.isotretinoin_last_6_months, anticoagulants: p.anticoagulants,
    keloid_tendency: p.keloid_tendency,
  });
  const [fitz, setFitz] = useState(p.fitzpatrick ?? 0);
  const [busy, setBusy] = useState(false);
  // The core's screening questions for this session; each "yes" becomes a warning, never a refusal.
  const [screening, setScreening] = useState<Screening["kind"][]>([]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const profile = new Profile(flags.cold_sore_history, fitz ? fitz : null, flags.pregnant,
      flags.isotretinoin_last_6_months, flags.anticoagulants, flags.keloid_tendency);
    await send(eventSetProfile(profile));
    const form = new SessionForm(start, zone(), depth,
      areas.map((kind) => ({ kind }) as TreatedArea), device.trim() || null, null, planned,
      screening.map((kind) => ({ kind }) as Screening));
    await send(eventAddSession(form));
    setBusy(false);
  };
  // The core reports a stored session with last_saved_session_id; then go to today.
  if (view.last_saved_session_id != null && !busy) setTimeout(onDone, 0);

  const flag = (key: keyof typeof flags, label: string) => (
    <label className="check"><input type="checkbox" checked={flags[key]} onChange={(e) => setFlags({ ...flags, [key]: e.target.checked })} /> {label}</label>
  );
  return (
    <form onSubmit={submit} aria-labelledby="onboarding-title">
      <h1 id="onboarding-title" ref={headingRef} tabIndex={-1}>Your treatment session</h1>
      <p>Tell Afterglow when your microneedling session was (or will be). Times are in your zone, {zone()}.</p>
      <fieldset>
        <legend>Session</legend>
        <label>Start <input type="datetime-local" name="start" required value={start} onChange={(e) => setStart(e.target.value)} /></label>
        <label>Needle depth (mm) <input type="number" name="depth" min="0.1" max="3" step="0.05" required value={depth} onChange={(e) => setDepth(e.target.value)} /></label>
        <fieldset>
          <legend>Treated areas</legend>
          {view.treated_areas.map(({ area: { kind }, label }) => (
            <label className="check" key={kind}>
              <input type="checkbox" checked={areas.includes(kind)}
                onChange={(e) => setAreas(e.target.checked ? [...areas, kind] : areas.filter((a) => a !== kind))} /> {label}
            </label>
          ))}
        </fieldset>
        <label>Device (optional) <input name="device" value={device} onChange={(e) => setDevice(e.target.value)} /></label>
        <label className="check"><input type="checkbox" checked={planned} onChange={(e) => setPlanned(e.target.checked)} /> This session is planned (in the future)</label>
      </fieldset>
      <fieldset data-testid="screening">
        <legend>{view.screening.title}</legend>
        {view.screening.questions.map(({ item: { kind }, text }) => (
          <label className="check" key={kind}>
            <input type="checkbox" name={`screen-${kind}`} checked={screening.includes(kind)}
              onChange={(e) => setScreening(e.target.checked ? [...screening, kind] : screening.filter((s) => s !== kind))} /> {text}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>About you (changes the advice, never refuses care)</legend>
        {flag("cold_sore_history", "I get cold sores")}
        {flag("pregnant", "I am pregnant")}
        {flag("isotretinoin_last_6_months", "I took isotretinoin in the last 6 months")}
        {flag("anticoagulants", "I take blood thinners")}
        {flag("keloid_tendency", "I form keloid scars")}
        <label>Skin type (Fitzpatrick)
          <select value={fitz} onChange={(e) => setFitz(Number(e.target.value))}>
            <option value={0}>Not sure</option>
            {[1, 2, 3, 4, 5, 6].map((n) => <option key={n} value={n}>Type {n}</option>)}
          </select>
        </label>
      </fieldset>
      <button type="submit" className="primary" disabled={busy}>Save and see today</button>
    </form>
  );
}
