import { useState, type RefObject } from "react";
import { useApp, download } from "./context";
import { STORES, req, tx } from "../shell/db";
import { loadRecordJson } from "../shell/store";
import { reportThumbnails } from "../shell/photos";
import { fhir_bundle, fromJson, pdf_report } from "../shell/wasm";
import { zone } from "./labels";

async function patientId(db: IDBDatabase): Promise<string> {
  return tx(db, [STORES.meta], "readwrite", async (t) => {
    const meta = t.objectStore(STORES.meta);
    const existing = (await req(meta.get("patient_id"))) as string | undefined;
    if (existing) return existing;
    const id = crypto.randomUUID();
    await req(meta.put(id, "patient_id"));
    return id;
  });
}

export function Exports({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { shell, view } = useApp();
  // Every word is the core's (view.records); the shell makes the files and says how it went.
  const w = view.records;
  const failed = (template: string, e: unknown) => template.replace("{reason}", e instanceof Error ? e.message : String(e));
  const [status, setStatus] = useState("");
  const fhir = async () => {
    try {
      const record = fromJson("PatientRecord", await loadRecordJson(shell.db));
      const json = fhir_bundle(record, await patientId(shell.db), Date.now());
      download(new Blob([json], { type: "application/fhir+json" }), "afterglow-fhir.json");
      setStatus(w.fhir_done);
    } catch (e) {
      setStatus(failed(w.fhir_failed, e));
    }
  };
  const pdf = async () => {
    try {
      const json = await loadRecordJson(shell.db);
      const photos = json.photos as { id: number; thumb_file: string }[];
      const { joined, lengths } = await reportThumbnails(shell.db, photos);
      const bytes = pdf_report(fromJson("PatientRecord", json), await patientId(shell.db), Date.now(), zone(),
        fromJson("Photos", photos), joined, lengths);
      download(new Blob([bytes as BlobPart], { type: "application/pdf" }), "afterglow-report.pdf");
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
