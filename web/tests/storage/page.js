// The check page: starts the storage worker and lets the test call it (`window.storage`), and
// opens the same store on the main thread, where OPFS's synchronous handles are not offered.
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const waiting = new Map();
let next = 0;
worker.onmessage = ({ data }) => {
  const call = waiting.get(data.id);
  waiting.delete(data.id);
  if (data.error) call.reject(new Error(data.error));
  else call.resolve({ ...data.value, bytes: data.value.bytes && Array.from(data.value.bytes), ms: data.ms, round_trip_ms: performance.now() - call.sent });
};

window.storage = (call, arg) => new Promise((resolve, reject) => {
  const id = ++next;
  waiting.set(id, { resolve, reject, sent: performance.now() });
  worker.postMessage({ id, call, arg });
});

window.openOnMainThread = async () => {
  const module = await import("../../generated/pkg/afterglow_web.js");
  await module.default();
  const store = await module.WebStore.open();
  // Kept in memory for this page: a write and a read back.
  const done = store.handle(new Uint8Array([7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 101, 115]));
  return { persistent: store.persistent, answered: Array.from(done.slice(0, 4)) };
};
window.ready = true;
