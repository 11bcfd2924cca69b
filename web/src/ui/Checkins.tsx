import { useState, type RefObject } from "react";
import { useApp } from "./context";
import { LEVEL_TEXT } from "./labels";
import { Trend } from "./Trend";
import {
  CheckinForm, TemperatureInput, eventCheckin, checkinEventSubmit, temperatureUnitCelsius,
  type Discharge, type Sign,
} from "../shell/types";

const REDNESS = ["no redness", "faint pink", "pink", "red, like a sunburn", "deep or dark red"];
const SWELLING = ["none", "slight", "clearly puffy", "very swollen"];
/** Signs that are urgent on their own: answering yes submits at once (no more questions). */
const URGENT: [Sign["kind"], string][] = [
  ["Allergy", "Lip, tongue or throat swelling, trouble breathing, or widespread hives"],
  ["Eye", "Eye pain, a change in vision, or swelling closing the eye"],
  ["Spreading", "Redness spreading beyond the treated area"],
  ["Streaks", "Red streaks running from the area"],
  ["Bleeding", "Bleeding that does not stop after 10–15 minutes of firm pressure"],
];
const OTHER: [Sign["kind"], string][] = [
  ["Warmth", "The area feels warmer than the skin around it"],
  ["Blisters", "Blisters, cold-sore-like sores, or a tingling patch"],
  ["Bumps", "New firm bumps"], ["DarkPatches", "Dark patches"], ["Unwell", "Feeling feverish, shivery or unwell"],
];
const DISCHARGE: [Discharge["kind"], string][] = [
  ["None", "None"], ["Clear", "Clear or sticky fluid"], ["Blood", "Spots of blood"],
  ["Pus", "Cloudy, yellow, green or thick fluid, or a bad smell"],
];

export function Checkins({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const [redness, setRedness] = useState(1);
  const [swelling, setSwelling] = useState(0);
  const [pain, setPain] = useState(2);
  const [itch, setItch] = useState(0);
  const [temp, setTemp] = useState("");
  const [discharge, setDischarge] = useState<Discharge["kind"]>("None");
  const [signs, setSigns] = useState<Sign["kind"][]>([]);
  const [note, setNote] = useState("");
  const [asking, setAsking] = useState(true);
  const result = view.checkins.last_result;

  const submit = async (urgentOnly: Sign["kind"][] | null) => {
    performance.mark("afterglow:checkin-input");
    const chosen = urgentOnly ?? signs;
    const form = urgentOnly
      ? new CheckinForm(0, 0, 0, 0, null, null, chosen.map((kind) => ({ kind }) as Sign), null)
      : new CheckinForm(redness, swelling, pain, itch,
        temp.trim() ? new TemperatureInput(Number(temp), temperatureUnitCelsius()) : null,
        { kind: discharge } as Discharge, chosen.map((kind) => ({ kind }) as Sign), note.trim() || null);
    await send(eventCheckin(checkinEventSubmit(form)));
    setAsking(false);
    requestAnimationFrame(() => performance.mark("afterglow:checkin-rendered"));
  };
  const toggle = (kind: Sign["kind"], on: boolean) => setSigns(on ? [...signs, kind] : signs.filter((s) => s !== kind));
  const urgentChosen = signs.filter((s) => URGENT.some(([k]) => k === s));

  return (
    <section aria-labelledby="checkin-title">
      <h1 id="checkin-title" ref={headingRef} tabIndex={-1}>Daily check-in</h1>
      {result && !asking ? (
        <div className={`card level-${result.level.kind}`} role="status" data-testid="triage" data-level={result.level.kind}>
          <h2>{LEVEL_TEXT[result.level.kind]}</h2>
          <p>{result.advice}</p>
          <p className="muted">Day {result.day_index}{result.rules.length ? ` · rules ${result.rules.join(", ")}` : ""}</p>
          <button type="button" onClick={() => setAsking(true)}>New check-in</button>
        </div>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(null); }}>
          <fieldset>
            <legend>First: do you have any of these now?</legend>
            {URGENT.map(([kind, label]) => (
              <label className="check" key={kind}><input type="checkbox" name={`sign-${kind}`} checked={signs.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} /> {label}</label>
            ))}
            {urgentChosen.length > 0 && (
              <button type="button" className="danger" onClick={() => submit(urgentChosen)}>Get advice now</button>
            )}
          </fieldset>
          <fieldset>
            <legend>Redness</legend>
            {REDNESS.map((label, i) => <label className="check" key={i}><input type="radio" name="redness" checked={redness === i} onChange={() => setRedness(i)} /> {label}</label>)}
          </fieldset>
          <fieldset>
            <legend>Swelling</legend>
            {SWELLING.map((label, i) => <label className="check" key={i}><input type="radio" name="swelling" checked={swelling === i} onChange={() => setSwelling(i)} /> {label}</label>)}
          </fieldset>
          <label>Pain (0 none – 10 worst) <input type="number" name="pain" min={0} max={10} value={pain} onChange={(e) => setPain(Number(e.target.value))} /></label>
          <label>Itch (0 – 10) <input type="number" name="itch" min={0} max={10} value={itch} onChange={(e) => setItch(Number(e.target.value))} /></label>
          <label>Temperature °C (optional) <input type="number" name="temperature" step="0.1" value={temp} onChange={(e) => setTemp(e.target.value)} /></label>
          <fieldset>
            <legend>Anything coming out of the skin?</legend>
            {DISCHARGE.map(([kind, label]) => <label className="check" key={kind}><input type="radio" name="discharge" value={kind} checked={discharge === kind} onChange={() => setDischarge(kind)} /> {label}</label>)}
          </fieldset>
          <fieldset>
            <legend>Other signs</legend>
            {OTHER.map(([kind, label]) => <label className="check" key={kind}><input type="checkbox" name={`sign-${kind}`} checked={signs.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} /> {label}</label>)}
          </fieldset>
          <label>Note (optional) <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} /></label>
          <button type="submit" className="primary">Check in</button>
        </form>
      )}
      <Trend />
      <h2>History</h2>
      <ul className="history" data-testid="history">
        {view.checkins.history.entries.map((c) => (
          <li key={String(c.id)}>{c.taken_label} — <strong>{LEVEL_TEXT[c.level.kind]}</strong> (redness {c.redness}, swelling {c.swelling}, pain {c.pain})</li>
        ))}
      </ul>
    </section>
  );
}
