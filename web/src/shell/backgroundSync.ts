// Background Sync, where the browser has it: when the core queues outbox items, ask the browser
// to fire the service worker's `sync` event once the network is back; the worker
// (public/sync-relay.js) only wakes the open pages, whose core then sends what is due. What is
// due and when to try again stays the core's decision (`judge_delivery`). Without Background
// Sync (or with no page open when it fires) the page's `online` event and the next open, both
// of which send the core its Sync event, do the same.
const TAG = "afterglow-outbox";
const WAKE = "afterglow-sync";

/** Asks for the `sync` event (a tag already waiting is not doubled). */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(TAG);
  } catch {
    // Refused or unavailable: the online event and the next open remain.
  }
}

/** Runs `flush` when the worker relays a `sync` event, and tells the worker when it is done. */
export function onBackgroundSync(flush: () => Promise<void>): void {
  navigator.serviceWorker?.addEventListener("message", (event: MessageEvent) => {
    if (event.data?.type !== WAKE) return;
    const reply = event.ports[0];
    void flush().finally(() => reply?.postMessage("done"));
  });
}
