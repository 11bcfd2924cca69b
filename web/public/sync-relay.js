// Background Sync relay, imported by the generated service worker (vite.config.ts). The page
// registers the tag when the core queues outbox items; the browser fires `sync` once the network
// is back. The worker only wakes the open app pages (web/src/shell/backgroundSync.ts), whose
// core sends what is due by its own retry policy, and stays alive until they answer. With no
// page open, the next open sends it.
self.addEventListener("sync", (event) => {
  if (event.tag !== "afterglow-outbox") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((pages) =>
      Promise.all(pages.map((page) => new Promise((done) => {
        const channel = new MessageChannel();
        const timer = setTimeout(done, 60000);
        channel.port1.onmessage = () => { clearTimeout(timer); done(); };
        page.postMessage({ type: "afterglow-sync" }, [channel.port2]);
      }))),
    ),
  );
});
