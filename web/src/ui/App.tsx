import { useEffect, useRef, useState } from "react";
import { Shell } from "../shell/core";
import { onReminderOpened } from "../shell/notify";
import { eventChooseLanguage, eventShow, type PlaceView, type ViewModel } from "../shell/types";
import { Ctx } from "./context";
import { Today } from "./Today";
import { Onboarding } from "./Onboarding";
import { Timeline } from "./Timeline";
import { Checkins } from "./Checkins";
import { Journal } from "./Journal";
import { Reminders } from "./Reminders";
import { Exports } from "./Exports";
import { Clinic } from "./Clinic";
import { About } from "./About";
import { beforeCore } from "./beforeCore";

// The places, their words and order, and how many fit the phone's bottom bar are the core's
// (view.navigation); below 600 px the first of them and "More" make the bar (style.css; on wider
// screens every place is in the header and "More" is hidden).
type Tab = PlaceView;
const id = (t: Tab) => t.place.kind;

/** Drawn once the core has started (`shell`, its first view already made) or failed to. */
export function App({ shell, failure }: { shell?: Shell; failure?: unknown }) {
  const [view, setView] = useState<ViewModel | null>(shell?.view ?? null);
  const fatal = failure === undefined ? null : failure instanceof Error ? failure.message : String(failure);
  const [tab, setTab] = useState("Today");
  const [onboarding, setOnboarding] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);

  useEffect(() => shell?.subscribe(setView), [shell]);

  // A tapped reminder opens the place the core chose for it (review #28), as its tab would.
  const goRef = useRef<((t: Tab) => void) | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => onReminderOpened((place) => {
    const t = viewRef.current?.navigation.places.find((p) => p.place.kind === place.kind);
    if (t) goRef.current?.(t);
  }), []);

  // The page's language is the core's (the locale, or the patient's stored choice), so screen
  // readers and hyphenation follow it.
  useEffect(() => {
    if (view) document.documentElement.lang = view.language.tag;
  }, [view?.language.tag]);

  useEffect(() => {
    if (view?.ready && !performance.getEntriesByName("afterglow:interactive").length) {
      performance.mark("afterglow:interactive");
    }
  }, [view]);

  if (fatal) return <main className="page"><h1>{beforeCore.cannot_start}</h1><p role="alert">{fatal}</p></main>;
  // The same frame as index.html's (drawn before any script ran), so the switch moves nothing.
  if (!shell || !view || !view.ready) {
    return <><header className="bar"><span className="brand">Afterglow</span></header><main className="page"><p role="status">{view?.navigation.loading || beforeCore.loading}</p></main></>;
  }

  const send = (event: Parameters<Shell["send"]>[0]) => shell.send(event);
  // The core decides when the app is new to the patient: its welcome notice is shown until the
  // first session is stored.
  const firstRun = view.welcome != null;
  const nav = view.navigation;
  const bar = nav.places.slice(0, nav.in_bar);
  const rest = nav.places.slice(nav.in_bar);
  const go = (t: Tab) => {
    setMoreOpen(false);
    const show = () => {
      setTab(id(t));
      setOnboarding(false);
      // Move focus to the new screen's heading so keyboard and screen-reader users land there.
      setTimeout(() => heading.current?.focus(), 0);
    };
    // The core answers in its worker: the place changes once the view it made for that screen
    // has arrived, so no screen is drawn for a frame with the view of the one before (the
    // reminders' list, say, which the core writes only while that screen is shown).
    if (t.screen) void send(eventShow(t.screen)).then(show, show);
    else show();
  };
  goRef.current = go;

  const tabButton = (t: Tab) => (
    <li key={id(t)}>
      <button type="button" aria-current={tab === id(t) && !onboarding ? "page" : undefined} onClick={() => go(t)}>
        {t.label}
      </button>
    </li>
  );

  return (
    <Ctx.Provider value={{ shell, view, send }}>
      <a className="skip" href="#main">{nav.skip_to_content}</a>
      <header className="bar">
        <span className="brand">Afterglow</span>
        {/* The core's language toggle: its words are in the language it offers; the choice is stored. */}
        <button type="button" className="language" data-testid="language" lang={view.language.switch_tag}
          onClick={() => void send(eventChooseLanguage(view.language.switch_tag))}>{view.language.switch_label}</button>
        {!firstRun && (
          <nav aria-label={nav.label} className={moreOpen ? "open" : undefined}
            onKeyDown={(e) => {
              // Escape closes More and puts focus back on it, as for any disclosure menu.
              if (e.key === "Escape" && moreOpen) { setMoreOpen(false); moreButton.current?.focus(); }
            }}>
            <ul className="tabs">
              {bar.map(tabButton)}
              <li className="more">
                <button type="button" ref={moreButton} aria-expanded={moreOpen} aria-controls="more-tabs"
                  aria-current={rest.some((t) => id(t) === tab) && !onboarding ? "page" : undefined}
                  onClick={() => setMoreOpen(!moreOpen)}>
                  {nav.more}
                </button>
              </li>
            </ul>
            <ul className="extra" id="more-tabs">{rest.map(tabButton)}</ul>
          </nav>
        )}
      </header>
      <main id="main" className="page">
        {view.error && <p className="error" role="alert" data-testid="error">{view.error.message}</p>}
        {view.record_in_memory && (
          <section className="card warn" role="note" aria-labelledby="in-memory-title" data-testid="record-in-memory">
            <h2 id="in-memory-title">{view.record_in_memory.title}</h2>
            <ul>{view.record_in_memory.lines.map((line, i) => <li key={i}>{line}</li>)}</ul>
          </section>
        )}
        {view.welcome && (
          <section className="card warn" role="note" aria-labelledby="welcome-title" data-testid="welcome">
            <h2 id="welcome-title">{view.welcome.title}</h2>
            <ul>{view.welcome.lines.map((line, i) => <li key={i}>{line}</li>)}</ul>
          </section>
        )}
        {firstRun || onboarding ? (
          <Onboarding headingRef={heading} onDone={() => { setOnboarding(false); setTab("Today"); }} />
        ) : tab === "Today" ? (
          <Today headingRef={heading} onAddSession={() => setOnboarding(true)} />
        ) : tab === "Timeline" ? (
          <Timeline headingRef={heading} />
        ) : tab === "Checkins" ? (
          <Checkins headingRef={heading} />
        ) : tab === "Photos" ? (
          <Journal headingRef={heading} />
        ) : tab === "Reminders" ? (
          <Reminders headingRef={heading} />
        ) : tab === "Clinic" ? (
          <Clinic headingRef={heading} />
        ) : tab === "About" ? (
          <About headingRef={heading} />
        ) : (
          <Exports headingRef={heading} />
        )}
      </main>
    </Ctx.Provider>
  );
}
