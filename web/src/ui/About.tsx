import type { RefObject } from "react";
import { useApp } from "./context";

/** What the app is and is not, the triage table's status and the plan in use: the core's words. */
export function About({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const a = useApp().view.about;
  return (
    <section aria-labelledby="about-title" data-testid="about">
      <h1 id="about-title" ref={headingRef} tabIndex={-1}>{a.title}</h1>
      <p>{a.what_it_is}</p>
      <ul>{a.what_it_is_not.map((line, i) => <li key={i}>{line}</li>)}</ul>
      <p>{a.privacy}</p>
      <p data-testid="triage-table">{a.triage_table}</p>
      <p>{a.care_protocol}</p>
    </section>
  );
}
