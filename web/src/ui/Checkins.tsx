import { useState, type RefObject } from "react";
import { useApp } from "./context";
import { Trend } from "./Trend";
import {
  CheckinForm, TemperatureInput, eventCheckin, checkinEventSubmit, checkinEventSubmitUrgent, temperatureUnitCelsius,
  temperatureUnitFahrenheit, type Discharge, type Sign, type SignQuestion,
} from "../shell/types";

// Every question's words come from the core (view.checkins.questionnaire); nothing is pre-filled,
// and the browser's `required` keeps the form from being sent half-answered.
export function Checkins({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const [redness, setRedness] = useState<number | null>(null);
  const [swelling, setSwelling] = useState<number | null>(null);
  const [pain, setPain] = useState("");
  const [itch, setItch] = useState("");
  const [temp, setTemp] = useState("");
  const [fahrenheit, setFahrenheit] = useState(false);
  const [discharge, setDischarge] = useState<Discharge["kind"] | null>(null);
  // One list per fieldset: the core's grouping decides which signs are urgent, not this file.
  const [urgentSigns, setUrgentSigns] = useState<Sign["kind"][]>([]);
  const [otherSigns, setOtherSigns] = useState<Sign["kind"][]>([]);
  const [note, setNote] = useState("");
  const [asking, setAsking] = useState(true);
  const result = view.checkins.last_result;
  const questions = view.checkins.questionnaire;

  const submit = async (urgentOnly: boolean) => {
    performance.mark("afterglow:checkin-input");
    const chosen = [...urgentSigns, ...otherSigns];
    // An urgent-first "yes" goes as its own event: the core builds that check-in.
    const event = urgentOnly
      ? checkinEventSubmitUrgent(urgentSigns.map((kind) => ({ kind }) as Sign))
      : checkinEventSubmit(new CheckinForm(redness, swelling, pain.trim() ? Number(pain) : null, itch.trim() ? Number(itch) : null,
        temp.trim()
          ? new TemperatureInput(temp, fahrenheit ? temperatureUnitFahrenheit() : temperatureUnitCelsius())
          : null,
        discharge ? ({ kind: discharge } as Discharge) : null, chosen.map((kind) => ({ kind }) as Sign), note.trim() || null));
    await send(eventCheckin(event));
    setAsking(false);
    requestAnimationFrame(() => performance.mark("afterglow:checkin-rendered"));
  };

  return (
    <section aria-labelledby="checkin-title">
      <h1 id="checkin-title" ref={headingRef} tabIndex={-1}>Daily check-in</h1>
      {result && !asking ? (
        // An urgent result interrupts (assertive); the others are announced politely.
        <div className={`card level-${result.level.kind}`} role={result.level.kind === "Urgent" ? "alert" : "status"} data-testid="triage" data-level={result.level.kind}>
          <h2>{view.checkins.last_result_title}</h2>
          <p>{result.advice}</p>
          {view.checkins.clinic_advice && <p data-testid="clinic-advice">{view.checkins.clinic_advice}</p>}
          {view.checkins.call_clinic && <p><a className="button" data-testid="call-clinic" href={view.checkins.call_clinic.uri}>{view.checkins.call_clinic.label}</a></p>}
          {view.checkins.share_note && <p data-testid="share-note">{view.checkins.share_note}</p>}
          <p className="muted">Day {result.day_index}{result.rules.length ? ` · rules ${result.rules.join(", ")}` : ""}</p>
          <button type="button" onClick={() => setAsking(true)}>New check-in</button>
        </div>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(false); }}>
          <fieldset>
            <legend>{questions.urgent_first_title}</legend>
            <SignBoxes questions={questions.urgent_first} chosen={urgentSigns} setChosen={setUrgentSigns} />
            {urgentSigns.length > 0 && (
              <button type="button" className="danger" onClick={() => submit(true)}>{questions.urgent_submit_label}</button>
            )}
          </fieldset>
          <fieldset>
            <legend>{questions.redness_title}</legend>
            {questions.redness.map((label, i) => <label className="check" key={i}><input type="radio" name="redness" value={i} required checked={redness === i} onChange={() => setRedness(i)} /> {label}</label>)}
          </fieldset>
          <fieldset>
            <legend>{questions.swelling_title}</legend>
            {questions.swelling.map((label, i) => <label className="check" key={i}><input type="radio" name="swelling" value={i} required checked={swelling === i} onChange={() => setSwelling(i)} /> {label}</label>)}
          </fieldset>
          <label>{questions.pain_title} <input type="number" name="pain" min={0} max={10} required value={pain} onChange={(e) => setPain(e.target.value)} /></label>
          <label>{questions.itch_title} <input type="number" name="itch" min={0} max={10} required value={itch} onChange={(e) => setItch(e.target.value)} /></label>
          <label>{questions.temperature_label} <input type="text" inputMode="decimal" name="temperature" placeholder={questions.temperature_example} value={temp} onChange={(e) => setTemp(e.target.value)} /></label>
          <label className="check"><input type="checkbox" name="fahrenheit" checked={fahrenheit} onChange={(e) => setFahrenheit(e.target.checked)} /> {questions.fahrenheit_label}</label>
          <fieldset>
            <legend>{questions.discharge_title}</legend>
            {questions.discharge.map(({ discharge: { kind }, text }) => <label className="check" key={kind}><input type="radio" name="discharge" value={kind} required checked={discharge === kind} onChange={() => setDischarge(kind)} /> {text}</label>)}
          </fieldset>
          <fieldset>
            <legend>{questions.other_signs_title}</legend>
            <SignBoxes questions={questions.other_signs} chosen={otherSigns} setChosen={setOtherSigns} />
          </fieldset>
          <label>{questions.note_label} <textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} /></label>
          <button type="submit" className="primary">{questions.submit_label}</button>
        </form>
      )}
      <Trend />
      <h2>History</h2>
      <ul className="history" data-testid="history">
        {view.checkins.history.entries.map((c) => (
          <li key={String(c.id)}>{c.taken_label} — <strong>{c.level_title}</strong> ({c.scores_label})</li>
        ))}
      </ul>
    </section>
  );
}

/** A yes/no box per question, in the core's order and words. */
function SignBoxes({ questions, chosen, setChosen }: {
  questions: SignQuestion[]; chosen: Sign["kind"][]; setChosen: (signs: Sign["kind"][]) => void;
}) {
  return questions.map(({ sign: { kind }, text }) => (
    <label className="check" key={kind}>
      <input type="checkbox" name={`sign-${kind}`} checked={chosen.includes(kind)}
        onChange={(e) => setChosen(e.target.checked ? [...chosen, kind] : chosen.filter((s) => s !== kind))} /> {text}
    </label>
  ));
}
