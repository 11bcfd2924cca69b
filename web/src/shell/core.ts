// The shell's half of the bridge: sends events to the wasm core, carries out the effects it asks
// for (Store -> IndexedDB, Photo -> canvas pipeline, Notify -> timers + Notifications API,
// Render -> the React view), resolves them, and repeats with whatever follows.
import { CoreFfi, loadWasm } from "./wasm";
import { openDb } from "./db";
import { decode, encode } from "./bytes";
import { changes, handleStore } from "./store";
import { handlePhoto, type Download } from "./photos";
import { replaceAll } from "./notify";
import { handleClinic } from "./clinic";
import { onBackgroundSync, requestBackgroundSync } from "./backgroundSync";
import {
  Clock, Requests, ViewModel, eventStart, eventClockChanged, eventSetLanguage, eventSharing, sharingEventSync,
  serializeEvent, serializePhotoResult, serializeStoreResult,
  type Event,
} from "./types";

export type Listener = (view: ViewModel) => void;

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

export class Shell {
  private listeners = new Set<Listener>();
  view: ViewModel | null = null;

  private constructor(private core: CoreFfi, public db: IDBDatabase, private download: Download) {}

  static async start(download: Download, dbName?: string): Promise<Shell> {
    const [, db] = await Promise.all([loadWasm(), openDb(dbName)]);
    const shell = new Shell(new CoreFfi(), db, download);
    // Another tab stored something: reload the record so this tab never writes from stale state.
    changes?.addEventListener("message", () => shell.send(eventStart(clockNow())));
    await shell.send(eventStart(clockNow()));
    // The browser's language picks the core's words ("es-ES" → Spanish; unknown → English).
    await shell.send(eventSetLanguage(navigator.language));
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
    const effects = this.core.update(encode((s) => serializeEvent(event, s)));
    return this.process(effects);
  }

  private async process(bytes: Uint8Array): Promise<void> {
    const requests = decode(bytes, (d) => Requests.deserialize(d)).value;
    const pending: Promise<void>[] = [];
    for (const { id, effect } of requests) {
      switch (effect.kind) {
        case "Render":
          this.render();
          break;
        case "Store":
          pending.push(handleStore(this.db, effect.value).then((r) =>
            this.process(this.core.resolve(id, encode((s) => serializeStoreResult(r, s))))));
          break;
        case "Photo":
          pending.push(handlePhoto(this.db, effect.value, this.download).then((r) =>
            this.process(this.core.resolve(id, encode((s) => serializePhotoResult(r, s))))));
          break;
        case "Clinic":
          // The core queued items: have the browser wake us when the network is back.
          if (effect.value.kind === "Enqueue") void requestBackgroundSync();
          pending.push(handleClinic(this.db, effect.value).then((bytes) => this.process(this.core.resolve(id, bytes))));
          break;
        case "Notify":
          // Fire-and-forget: the core expects no answer.
          replaceAll(effect.value.notifications);
          break;
      }
    }
    await Promise.all(pending);
  }

  private render() {
    const view = decode(this.core.view(), (d) => ViewModel.deserialize(d));
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }
}
