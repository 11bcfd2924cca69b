// The app's worker: the core (web/core's CoreFfi) and its handlers — the phones' SQLite store on
// OPFS, the share client's steps, the journal's rows — run here, the one place browsers give
// OPFS's synchronous file handles. The page only draws the views it is sent and forwards the
// patient's events (web/src/shell/core.ts). This file routes: each effect the core asks for goes
// to the Rust handler or the browser I/O that carries it out, and the answer goes back.
//
// Page → worker: { type: "event", id, bytes } | { type: "pick", source, file } |
//                { type: "export", id, what: "fhir" | "pdf", zone }
// Worker → page: { type: "started", persistent } | { type: "failed", reason } |
//                { type: "view", bytes } | { type: "done", id, error? } | { type: "notify", bytes } |
//                { type: "download", blob, name } | { type: "queued" } | { type: "changed" } |
//                { type: "exported", id, blob?, error? }
import init, { CoreFfi, WebStore } from "../../generated/pkg/afterglow_web.js";
import { decode, encode } from "../shell/bytes";
import { Requests, serializeClinicOperation, serializeNotifyOperation, serializeStoreOperation } from "../shell/types";
import { Record } from "./record.js";
import { moveFromIndexedDb } from "./indexeddb.js";
import { removeUnlisted } from "./files.js";
import { read, send } from "./transport.js";
import { handlePhoto, picked, reportThumbnails } from "./photos";

type Post = (message: unknown, transfer?: Transferable[]) => void;
const post: Post = (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] });

/** Tells the other tabs' workers that the record changed (their pages reload it). */
const changes = new BroadcastChannel("afterglow-changes");
changes.onmessage = () => post({ type: "changed" });

/** What is stored, in counts and states (no patient text: web/core `inspect`), for whoever asks
 *  on this origin: the browser tests, and anyone checking what this device holds. */
const inspection = new BroadcastChannel("afterglow-inspect");
inspection.onmessage = async ({ data }) => {
  if (data?.ask !== "inspect") return;
  const { record } = await starting;
  const held = JSON.parse(await record.use((store) => store.inspect()));
  inspection.postMessage({ answer: data.nonce, ...held });
};

async function start(): Promise<{ core: CoreFfi; record: Record }> {
  await init();
  const record = new Record(WebStore);
  // The IndexedDB build's record, if any, moves first: starting on an empty store beside it
  // would leave it behind for good (a store with a record is never merged into).
  await moveFromIndexedDb(record, WebStore);
  const listed: string[] = await record.use((store) => store.referenced_files());
  await removeUnlisted(listed);
  const persistent: boolean = await record.use((store) => store.persistent);
  post({ type: "started", persistent });
  return { core: new CoreFfi(), record };
}

const starting = start();
starting.catch((e) => post({ type: "failed", reason: String((e as Error)?.message ?? e) }));

const download = (blob: Blob, name: string) => post({ type: "download", blob, name });

async function process(core: CoreFfi, record: Record, bytes: Uint8Array): Promise<void> {
  const requests = decode(bytes, (d) => Requests.deserialize(d)).value;
  const pending: Promise<void>[] = [];
  const answer = (id: number, work: Promise<Uint8Array>) =>
    pending.push(work.then((output) => process(core, record, core.resolve(id, output))));
  for (const { id, effect } of requests) {
    switch (effect.kind) {
      case "Render": {
        const view = core.view();
        post({ type: "view", bytes: view }, [view.buffer]);
        break;
      }
      case "Store": {
        const op = encode((s) => serializeStoreOperation(effect.value, s));
        const writes = effect.value.kind !== "LoadRecord";
        answer(id, record.use((store) => store.handle(op))
          .then((r: Uint8Array) => { if (writes) changes.postMessage("store"); return r; })
          .catch((e: unknown) => WebStore.store_failed(errorName(e))));
        break;
      }
      case "Photo":
        answer(id, handlePhoto(record, effect.value, download).then((r) => {
          if (effect.value.kind === "Import" || effect.value.kind === "Delete") changes.postMessage("photo");
          return r;
        }));
        break;
      case "Clinic": {
        // The core queued items: the page asks the browser to wake it when the network is back.
        if (effect.value.kind === "Enqueue") post({ type: "queued" });
        const op = encode((s) => serializeClinicOperation(effect.value, s));
        answer(id, record.lend((store) => store.clinic(op, send, read))
          .then((r: Uint8Array) => { changes.postMessage("clinic"); return r; })
          .catch((e: unknown) => WebStore.clinic_failed(errorName(e))));
        break;
      }
      case "Notify":
        // Fire-and-forget: the page keeps the timers (the core expects no answer).
        post({ type: "notify", bytes: encode((s) => serializeNotifyOperation(effect.value, s)) });
        break;
    }
  }
  await Promise.all(pending);
}

/** The browser's name for an error (`QuotaExceededError`, …): the detail the core's failure
 *  carries; the core words it. */
function errorName(e: unknown): string {
  return String((e as { name?: string })?.name);
}

async function exported(record: Record, what: string, zone: string): Promise<Blob> {
  const now = Date.now();
  if (what === "fhir") {
    const json: string = await record.use((store) => store.fhir_bundle(now));
    return new Blob([json], { type: "application/fhir+json" });
  }
  const names: string[] = await record.use((store) => store.report_thumb_files());
  const { joined, lengths } = await reportThumbnails(names);
  const pdf: Uint8Array = await record.use((store) => store.pdf_report(now, zone, joined, lengths));
  return new Blob([pdf as BlobPart], { type: "application/pdf" });
}

self.onmessage = async ({ data }: MessageEvent) => {
  if (data.type === "pick") {
    picked.set(data.source, data.file);
    return;
  }
  let started: { core: CoreFfi; record: Record };
  try {
    started = await starting;
  } catch (e) {
    post({ type: data.type === "export" ? "exported" : "done", id: data.id, error: String((e as Error)?.message ?? e) });
    return;
  }
  const { core, record } = started;
  if (data.type === "event") {
    try {
      await process(core, record, core.update(data.bytes));
      post({ type: "done", id: data.id });
    } catch (e) {
      post({ type: "done", id: data.id, error: String((e as Error)?.message ?? e) });
    }
  } else if (data.type === "export") {
    try {
      post({ type: "exported", id: data.id, blob: await exported(record, data.what, data.zone) });
    } catch (e) {
      post({ type: "exported", id: data.id, error: String((e as Error)?.message ?? e) });
    }
  }
};
