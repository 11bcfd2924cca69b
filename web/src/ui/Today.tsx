import type { RefObject } from "react";
import { useApp } from "./context";
import { UrgentHelp } from "./UrgentHelp";
import type { TodaySection } from "../shell/types";

// Today's sections, their order and every word are the core's (shared/src/view/today_sections.rs);
// this draws them, the restrictions as a table of what and from when.
export function Today({ headingRef, onAddSession }: { headingRef: RefObject<HTMLHeadingElement | null>; onAddSession: () => void }) {
  const { view } = useApp();
  const t = view.today;
  if (!t) return <p role="status" aria-busy="true" />;
  return (
    <section aria-labelledby="today-title" data-testid="today">
      <h1 id="today-title" ref={headingRef} tabIndex={-1}>{t.words.title}</h1>
      <p className="muted" data-testid="phase" data-phase={t.phase}>{t.words.subtitle}</p>
      {t.words.protocol_note && <p className="muted" data-testid="protocol-note">{t.words.protocol_note}</p>}
      {t.sections.map((s) => <Section key={s.kind.kind} section={s} what={t.words.what_column} when={t.words.when_column} />)}
      <button type="button" onClick={onAddSession}>{t.words.add_session}</button>
      <UrgentHelp />
    </section>
  );
}

function Section({ section, what, when }: { section: TodaySection; what: string; when: string }) {
  const kind = section.kind.kind;
  if (kind === "Restrictions") {
    return (
      <div className="card" data-testid="unlocks">
        <h2>{section.title}</h2>
        <table>
          <thead><tr><th scope="col">{what}</th><th scope="col">{when}</th></tr></thead>
          <tbody>{section.lines.map((l, i) => <tr key={i}><td>{l.text}</td><td>{l.time}</td></tr>)}</tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="card" role={kind === "Warnings" ? "note" : undefined} data-section={kind}>
      <h2>{section.title}</h2>
      <ul>{section.lines.map((l, i) => <li key={i}>{l.text}{l.time ? <span className="muted"> · {l.time}</span> : null}</li>)}</ul>
    </div>
  );
}
