import { useEffect, useRef, useState, type RefObject } from "react";
import { useApp } from "./context";
import { Trend } from "./Trend";
import {
  checkinAnswerDischarge, checkinAnswerFahrenheit, checkinAnswerItch, checkinAnswerNote, checkinAnswerPain,
  checkinAnswerRedness, checkinAnswerSign, checkinAnswerSwelling, checkinAnswerTemperature, checkinEventAnswer,
  checkinEventBack, checkinEventNext, checkinEventStartNew, eventCheckin, 
  type CheckinAnswer, type Discharge, type FormView, type Questionnaire, type Sign, type SignQuestion,
} from "../shell/types";

// The form is the core's (view.checkins.form): this file draws its current step, sends each
// answer as it is given, and sends "Next" / "Back". Which step comes next, what is missing and
// when an urgent answer is sent are decided in shared/src/checkin/draft.rs.
export function Checkins({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const { form, questionnaire, last_result: result, labels } = view.checkins;
  const answer = (a: CheckinAnswer) => send(eventCheckin(checkinEventAnswer(a)));
  // Input-to-render marks around the events that can store a check-in (the tests measure them).
  const storing = async (go: () => Promise<void>) => {
    performance.mark("afterglow:checkin-input");
    await go();
    requestAnimationFrame(() => performance.mark("afterglow:checkin-rendered"));
  };

  return (
    <section aria-labelledby="checkin-title" lang={view.language.tag}>
      <h1 id="checkin-title" ref={headingRef} tabIndex={-1}>{labels.title}</h1>
      {form ? (
        <StepForm form={form} q={questionnaire} answer={answer}
          urgent={(sign) => storing(() => answer(checkinAnswerSign(sign, true)))}
          next={() => storing(() => send(eventCheckin(checkinEventNext())))}
          back={() => send(eventCheckin(checkinEventBack()))} />
      ) : result ? (
        // An urgent result interrupts (assertive); the others are announced politely.
        <div className={`card level-${result.level.kind}`} role={result.level.kind === "Urgent" ? "alert" : "status"} data-testid="triage" data-level={result.level.kind}>
          <h2>{view.checkins.last_result_title}</h2>
          <p>{result.advice}</p>
          {view.checkins.clinic_advice && <p data-testid="clinic-advice">{view.checkins.clinic_advice}</p>}
          {view.checkins.call_clinic && <p><a className="button" data-testid="call-clinic" href={view.checkins.call_clinic.uri}>{view.checkins.call_clinic.label}</a></p>}
          {view.checkins.share_note && <p data-testid="share-note">{view.checkins.share_note}</p>}
          {view.checkins.clinic_answer.map((line) => <p key={line} data-testid="clinic-answer">{line}</p>)}
          <p className="muted">{view.checkins.last_result_detail}</p>
          <button type="button" onClick={() => void send(eventCheckin(checkinEventStartNew()))}>{questionnaire.new_checkin_label}</button>
        </div>
      ) : (
        <p role="status" aria-busy="true" />
      )}
      <Trend />
      <h2>{labels.history_title}</h2>
      <ul className="history" data-testid="history">
        {view.checkins.history.entries.map((c) => (
          <li key={String(c.id)}>{c.taken_label} — <strong>{c.level_title}</strong> ({c.scores_label})
            {c.clinic_answer.map((line) => <div key={line} className="muted">{line}</div>)}</li>
        ))}
      </ul>
    </section>
  );
}

function StepForm({ form, q, answer, urgent, next, back }: {
  form: FormView; q: Questionnaire; answer: (a: CheckinAnswer) => Promise<void>;
  urgent: (sign: Sign) => Promise<void>; next: () => Promise<void>; back: () => Promise<void>;
}) {
  // A new step moves focus to its first heading, so a screen reader starts reading there.
  const stepRef = useRef<HTMLParagraphElement>(null);
  const step = form.step.kind;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    stepRef.current?.focus();
  }, [step]);

  return (
    <form data-step={step} onSubmit={(e) => { e.preventDefault(); void next(); }}>
      <p className="muted" ref={stepRef} tabIndex={-1} data-testid="step">{form.progress_label}</p>
      {step === "UrgentFirst" && (
        <fieldset>
          <legend>{q.urgent_first_title}</legend>
          <p>{q.urgent_first_hint}</p>
          {q.urgent_first.map(({ sign, text }) => (
            <p key={sign.kind}><button type="button" className="danger" name={`sign-${sign.kind}`} onClick={() => void urgent(sign)}>{text}</button></p>
          ))}
        </fieldset>
      )}
      {step === "Skin" && <>
        <Scale name="redness" title={q.redness_title} labels={q.redness} value={form.redness} pick={(n) => answer(checkinAnswerRedness(n))} />
        <Scale name="swelling" title={q.swelling_title} labels={q.swelling} value={form.swelling} pick={(n) => answer(checkinAnswerSwelling(n))} />
      </>}
      {step === "PainAndItch" && <>
        <Scale name="pain" title={q.pain_title} labels={q.score_steps} value={form.pain} pick={(n) => answer(checkinAnswerPain(n))} inline />
        <Scale name="itch" title={q.itch_title} labels={q.score_steps} value={form.itch} pick={(n) => answer(checkinAnswerItch(n))} inline />
      </>}
      {step === "Signs" && <>
        <fieldset>
          <legend>{q.discharge_title}</legend>
          {q.discharge.map(({ discharge, text }) => (
            <label className="check" key={discharge.kind}>
              <input type="radio" name="discharge" value={discharge.kind} checked={form.discharge?.kind === discharge.kind}
                onChange={() => void answer(checkinAnswerDischarge({ kind: discharge.kind } as Discharge))} /> {text}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{q.other_signs_title}</legend>
          <SignBoxes questions={q.other_signs} chosen={form.signs} answer={answer} />
        </fieldset>
      </>}
      {step === "Finish" && <Finish form={form} q={q} answer={answer} />}
      {form.problem && <p className="error" role="alert" data-testid="form-problem">{form.problem}</p>}
      <p className="buttons">
        {form.back_label && <button type="button" onClick={() => void back()}>{form.back_label}</button>}
        <button type="submit" className="primary">{form.next_label}</button>
      </p>
    </form>
  );
}

/** One score: a radio per step, in the core's words. */
function Scale({ name, title, labels, value, pick, inline }: {
  name: string; title: string; labels: string[]; value: number | null; pick: (n: number) => Promise<void>; inline?: boolean;
}) {
  return (
    <fieldset className={inline ? "scale" : undefined}>
      <legend>{title}</legend>
      {labels.map((label, i) => (
        <label className="check" key={i}>
          <input type="radio" name={name} value={i} checked={value === i} onChange={() => void pick(i)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** The typed fields echo what is typed at once (the core's copy arrives a moment later). */
function Finish({ form, q, answer }: { form: FormView; q: Questionnaire; answer: (a: CheckinAnswer) => Promise<void> }) {
  const [temperature, setTemperature] = useState(form.temperature);
  const [note, setNote] = useState(form.note);
  return <>
    <label>{q.temperature_label} <input type="text" inputMode="decimal" name="temperature" placeholder={q.temperature_example} value={temperature}
      onChange={(e) => { setTemperature(e.target.value); void answer(checkinAnswerTemperature(e.target.value)); }} /></label>
    <label className="check"><input type="checkbox" name="fahrenheit" checked={form.fahrenheit}
      onChange={(e) => void answer(checkinAnswerFahrenheit(e.target.checked))} /> {q.fahrenheit_label}</label>
    <label>{q.note_label} <textarea name="note" value={note}
      onChange={(e) => { setNote(e.target.value); void answer(checkinAnswerNote(e.target.value)); }} /></label>
  </>;
}

/** A yes/no box per question, in the core's order and words. */
function SignBoxes({ questions, chosen, answer }: {
  questions: SignQuestion[]; chosen: Sign[]; answer: (a: CheckinAnswer) => Promise<void>;
}) {
  return questions.map(({ sign, text }) => (
    <label className="check" key={sign.kind}>
      <input type="checkbox" name={`sign-${sign.kind}`} checked={chosen.some((s) => s.kind === sign.kind)}
        onChange={(e) => void answer(checkinAnswerSign(sign, e.target.checked))} /> {text}
    </label>
  ));
}
