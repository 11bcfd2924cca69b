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
  const { shell } = useApp();
  const [status, setStatus] = useState("");
  const fhir = async () => {
    try {
      const record = fromJson("PatientRecord", await loadRecordJson(shell.db));
      const json = fhir_bundle(record, await patientId(shell.db), Date.now());
      download(new Blob([json], { type: "application/fhir+json" }), "afterglow-fhir.json");
      setStatus("The FHIR file was downloaded.");
    } catch (e) {
      setStatus(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
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
      setStatus("The PDF report was downloaded.");
    } catch (e) {
      setStatus(`The report failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section aria-labelledby="records-title">
      <h1 id="records-title" ref={headingRef} tabIndex={-1}>Your records</h1>
      <p>Download your sessions and check-ins as a FHIR R4 file your clinic's systems can read.</p>
      <button type="button" onClick={fhir}>Download FHIR (JSON)</button>
      <p>Or a PDF recovery report any clinic can file: sessions, check-ins with their triage level, the trend chart and your journal photos.</p>
      <button type="button" onClick={pdf} aria-label="Download PDF report (sessions, check-ins, chart and photos)">Download PDF report</button>
      <p role="status">{status}</p>
    </section>
  );
}
