import type { RefObject } from "react";
import { useApp } from "./context";
import { eventShowTimelinePage } from "../shell/types";

export function Timeline({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const page = view.timeline;
  return (
    <section aria-labelledby="timeline-title">
      <h1 id="timeline-title" ref={headingRef} tabIndex={-1}>{page.title}</h1>
      <ol className="timeline" data-testid="timeline">
        {page.entries.map((e) => (
          <li key={e.id + e.at} className={e.past ? "past" : ""}>
            <span className="when">{e.at_label}</span> <span>{e.title}</span>
          </li>
        ))}
      </ol>
      {page.page_count > 1 && (
        <nav aria-label={page.pages_label} className="pager">
          <button type="button" disabled={page.page === 0} onClick={() => send(eventShowTimelinePage(page.page - 1))}>{page.earlier}</button>
          <span>{page.page_label}</span>
          <button type="button" disabled={page.page + 1 >= page.page_count} onClick={() => send(eventShowTimelinePage(page.page + 1))}>{page.later}</button>
        </nav>
      )}
    </section>
  );
}
