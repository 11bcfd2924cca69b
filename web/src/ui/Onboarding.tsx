import { useState, type RefObject } from "react";
import { useApp } from "./context";
import { SessionForm, eventAddSession, eventAnswerProfile, eventChooseSkinType, type Screening, type TreatedArea } from "../shell/types";

export function Onboarding({ headingRef, onDone }: { headingRef: RefObject<HTMLHeadingElement | null>; onDone: () => void }) {
  const { view, send } = useApp();
  const about = view.profile_form;
  // Every word of the form is the core's (view.session_form), in the patient's language.
  const words = view.session_form;
  // The fields start as the core opens the form (this minute in the patient's zone, its depth,
  // the face), as on the phones.
  const initial = words.initial;
  const [start, setStart] = useState(initial.start);
  const [depth, setDepth] = useState(initial.depth_mm);
  const [areas, setAreas] = useState<string[]>(initial.areas.map((a) => a.kind));
  const [device, setDevice] = useState(initial.device ?? "");
  const [planned, setPlanned] = useState(initial.planned);
  const [busy, setBusy] = useState(false);
  // The core's screening questions for this session; each "yes" becomes a warning, never a refusal.
  const [screening, setScreening] = useState<Screening["kind"][]>(initial.screening.map((s) => s.kind));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const form = new SessionForm(start, initial.zone, depth,
      areas.map((kind) => ({ kind }) as TreatedArea), device.trim() || null, null, planned,
      screening.map((kind) => ({ kind }) as Screening));
    await send(eventAddSession(form));
    setBusy(false);
  };
  // The core reports a stored session with last_saved_session_id; then go to today.
  if (view.last_saved_session_id != null && !busy) setTimeout(onDone, 0);

  return (
    <form onSubmit={submit} aria-labelledby="onboarding-title">
      <h1 id="onboarding-title" ref={headingRef} tabIndex={-1}>{words.title}</h1>
      <p>{words.intro}</p>
      <fieldset>
        <legend>{words.session}</legend>
        <label>{words.start} <input type="datetime-local" name="start" value={start} onChange={(e) => setStart(e.target.value)} /></label>
        <label>{words.depth} <input type="number" name="depth" step="any" inputMode="decimal" value={depth} onChange={(e) => setDepth(e.target.value)} /></label>
        <fieldset>
          <legend>{words.areas}</legend>
          {view.treated_areas.map(({ area: { kind }, label }) => (
            <label className="check" key={kind}>
              <input type="checkbox" checked={areas.includes(kind)}
                onChange={(e) => setAreas(e.target.checked ? [...areas, kind] : areas.filter((a) => a !== kind))} /> {label}
            </label>
          ))}
        </fieldset>
        <label>{words.device} <input name="device" value={device} onChange={(e) => setDevice(e.target.value)} /></label>
        <label className="check"><input type="checkbox" checked={planned} onChange={(e) => setPlanned(e.target.checked)} /> {words.planned}</label>
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
      <fieldset data-testid="about-you">
        <legend>{about.title}</legend>
        <p>{about.note}</p>
        {/* Each answer is saved as it is given; the core holds the questions and the answers. */}
        {about.questions.map(({ flag, text, yes }) => (
          <label className="check" key={flag.kind}>
            <input type="checkbox" checked={yes} onChange={(e) => void send(eventAnswerProfile(flag, e.target.checked))} /> {text}
          </label>
        ))}
        <label>{about.skin_type_label}
          <select value={about.skin_types.findIndex((c) => c.chosen)}
            onChange={(e) => void send(eventChooseSkinType(about.skin_types[Number(e.target.value)].skin_type))}>
            {about.skin_types.map((c, i) => <option key={i} value={i}>{c.label}</option>)}
          </select>
        </label>
      </fieldset>
      <button type="submit" className="primary" disabled={busy}>{words.save}</button>
    </form>
  );
}
