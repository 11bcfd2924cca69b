// The page's half of the app: the core and its handlers run in a dedicated worker
// (web/src/worker/main.ts), with the record in SQLite on OPFS. This side forwards the patient's
// events (and the clock, the network coming back, another tab's changes) and draws the view
// models the worker sends; it keeps the reminders' timers (notifications belong to the page)
// and offers the files the worker makes as downloads.
import { decode, encode } from "./bytes";
import { beforeCore } from "../ui/beforeCore";
import { replaceAll } from "./notify";
import { onBackgroundSync, requestBackgroundSync } from "./backgroundSync";
import {
  Clock, ViewModel, deserializeNotifyOperation, eventRecordInMemory, eventStart, eventClockChanged, eventSetLanguage, eventSharing,
  sharingEventSync, serializeEvent,
  type Event,
} from "./types";

export type Listener = (view: ViewModel) => void;
export type Download = (blob: Blob, name: string) => void;

export function clockNow(): Clock {
  return new Clock(BigInt(Date.now()), Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
}

const startListeners = new Set<(shell: Shell) => void>();
let started: Shell | null = null;

/** Calls `listener` with the shell once it has started, or at once if it has (parts drawn
 * outside the app's tree, such as the update prompt, read the core's view through it). */
export function whenStarted(listener: (shell: Shell) => void): () => void {
  if (started) {
    listener(started);
    return () => {};
  }
  startListeners.add(listener);
  return () => startListeners.delete(listener);
}

type Waiting = { resolve: (value: any) => void; reject: (error: Error) => void };

export class Shell {
  private listeners = new Set<Listener>();
  private waiting = new Map<number, Waiting>();
  private next = 0;
  private picks = 0;
  view: ViewModel | null = null;
  /** Whether the record outlasts this session (OPFS) or is kept in memory for this page only. */
  persistent = true;

  private constructor(private worker: Worker, private download: Download) {}

  static async start(download: Download): Promise<Shell> {
    const worker = new Worker(new URL("../worker/main.ts", import.meta.url), { type: "module" });
    const shell = new Shell(worker, download);
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent) => {
        if (data.type === "started") {
          shell.persistent = data.persistent;
          resolve();
        } else if (data.type === "failed") {
          reject(data.reason);
        } else {
          shell.receive(data);
        }
      };
      worker.onerror = (e) => reject(e.message || beforeCore.worker_failed);
    });
    await ready;
    await shell.send(eventStart(clockNow()));
    // The browser's language picks the core's words ("es-ES" → Spanish; unknown → English).
    await shell.send(eventSetLanguage(navigator.language));
    // No lasting storage here (the worker keeps the record in memory): the core says so.
    if (!shell.persistent) await shell.send(eventRecordInMemory());
    // Deliver what is queued: now, when the network comes back (the `online` event, or the
    // service worker's Background Sync wake-up), and when a retry is due. The core judges what
    // is due by the clock it was last told, so it hears the time first.
    const flush = async () => {
      await shell.send(eventClockChanged(clockNow()));
      await shell.send(eventSharing(sharingEventSync()));
    };
    const sync = () => void flush();
    sync();
    window.addEventListener("online", sync);
    onBackgroundSync(flush);
    window.setInterval(() => {
      void shell.send(eventClockChanged(clockNow()));
      const due = shell.view?.sharing.next_sync_utc_ms;
      if (due != null && Number(due) <= Date.now()) sync();
    }, 15_000);
    started = shell;
    for (const listener of startListeners) listener(shell);
    startListeners.clear();
    return shell;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.view) listener(this.view);
    return () => this.listeners.delete(listener);
  }

  /** Sends an event; resolves once every effect it caused (and their follow-ups) is done. */
  send(event: Event): Promise<void> {
    return this.ask({ type: "event", bytes: encode((s) => serializeEvent(event, s)) });
  }

  /** Hands a file the patient picked to the worker; returns the `source` name the core is given. */
  pick(file: Blob): string {
    const source = `picked:${++this.picks}`;
    this.worker.postMessage({ type: "pick", source, file });
    return source;
  }

  /** The FHIR bundle or the PDF report, made in the worker from the stored record. */
  export(what: "fhir" | "pdf", zone: string): Promise<Blob> {
    return this.ask({ type: "export", what, zone });
  }

  private ask(message: Record<string, unknown>): Promise<any> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private receive(data: any) {
    switch (data.type) {
      case "view": {
        const view = decode(data.bytes, (d) => ViewModel.deserialize(d));
        this.view = view;
        for (const listener of this.listeners) listener(view);
        break;
      }
      case "done":
      case "exported": {
        const waiting = this.waiting.get(data.id);
        this.waiting.delete(data.id);
        if (data.error) waiting?.reject(new Error(data.error));
        else waiting?.resolve(data.blob);
        break;
      }
      case "notify":
        replaceAll(decode(data.bytes, deserializeNotifyOperation).notifications);
        break;
      case "download":
        this.download(data.blob, data.name);
        break;
      case "queued":
        void requestBackgroundSync();
        break;
      case "changed":
        // Another tab stored something: reload the record so this tab never writes from stale state.
        void this.send(eventStart(clockNow()));
        break;
    }
  }
}
