import { useState, type RefObject } from "react";
import { useApp, download } from "./context";
import { zone } from "./labels";

export function Exports({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { shell, view } = useApp();
  // Every word is the core's (view.records); the shell makes the files and says how it went.
  const w = view.records;
  const failed = (template: string, e: unknown) => template.replace("{reason}", e instanceof Error ? e.message : String(e));
  const [status, setStatus] = useState("");
  const fhir = async () => {
    try {
      download(await shell.export("fhir", zone()), "afterglow-fhir.json");
      setStatus(w.fhir_done);
    } catch (e) {
      setStatus(failed(w.fhir_failed, e));
    }
  };
  const pdf = async () => {
    try {
      download(await shell.export("pdf", zone()), "afterglow-report.pdf");
      setStatus(w.pdf_done);
    } catch (e) {
      setStatus(failed(w.pdf_failed, e));
    }
  };
  return (
    <section aria-labelledby="records-title">
      <h1 id="records-title" ref={headingRef} tabIndex={-1}>{w.title}</h1>
      <p>{w.fhir_intro}</p>
      <button type="button" onClick={fhir}>{w.download_fhir}</button>
      <p>{w.pdf_intro}</p>
      <button type="button" onClick={pdf} aria-label={w.download_pdf_label}>{w.download_pdf}</button>
      <p role="status">{status}</p>
    </section>
  );
}
