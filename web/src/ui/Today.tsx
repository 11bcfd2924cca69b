import type { RefObject } from "react";
import { useApp } from "./context";
import { UrgentHelp } from "./UrgentHelp";

export function Today({ headingRef, onAddSession }: { headingRef: RefObject<HTMLHeadingElement | null>; onAddSession: () => void }) {
  const { view } = useApp();
  const t = view.today;
  if (!t) return <p>No clock yet.</p>;
  return (
    <section aria-labelledby="today-title" data-testid="today">
      <h1 id="today-title" ref={headingRef} tabIndex={-1}>{t.phase_title || "Today"}</h1>
      <p className="muted" data-testid="phase" data-phase={t.phase}>
        {t.day_index != null ? `Day ${t.day_index} after your session · ` : ""}times in your zone, {view.zone}
      </p>
      {t.warnings.length > 0 && (
        <div className="card warn" role="note"><h2>Talk to your clinic about</h2><ul>{t.warnings.map((w) => <li key={w.id}>{w.text}</li>)}</ul></div>
      )}
      <div className="grid">
        <div className="card"><h2>Do</h2><ul>{t.dos.map((d) => <li key={d.id}>{d.text}</li>)}</ul></div>
        <div className="card"><h2>Don't</h2><ul>{t.donts.map((d) => <li key={d.id}>{d.text}</li>)}</ul></div>
      </div>
      {t.restrictions.length > 0 && (
        <div className="card" data-testid="unlocks">
          <h2>When you can again</h2>
          <table>
            <thead><tr><th scope="col">Activity</th><th scope="col">From (your time)</th></tr></thead>
            <tbody>{t.restrictions.map((r) => <tr key={r.id}><td>{r.title}</td><td>{r.unlock}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      {t.expected.length > 0 && (
        <div className="card"><h2>What you may feel</h2><ul>{t.expected.map((e, i) => <li key={i}>{e}</li>)}</ul></div>
      )}
      {t.prep_tasks.length > 0 && (
        <div className="card"><h2>Before your next session</h2><ul>{t.prep_tasks.map((p) => <li key={p.id}>{p.title} — {p.due_label}</li>)}</ul></div>
      )}
      {t.next_session && <p>Next session: {t.next_session.start_label}</p>}
      <button type="button" onClick={onAddSession}>Add another session</button>
      <UrgentHelp />
    </section>
  );
}
