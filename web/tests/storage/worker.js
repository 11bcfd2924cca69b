// The check's worker: web/core's `WebStore` with the app's own worker modules
// (web/src/worker/*.js: the record's hand-over between tabs, the move from IndexedDB, the share
// client's transport), answering the check page's calls. Bytes are bincode, as on the bridge.
import init, { WebStore } from "../../generated/pkg/afterglow_web.js";
import { Record } from "../../src/worker/record.js";
import { moveFromIndexedDb } from "../../src/worker/indexeddb.js";
import { read, send } from "../../src/worker/transport.js";

const ready = init();
let record = null;

async function answer(call, arg) {
  await ready;
  record ??= new Record(WebStore);
  if (call === "open") return { persistent: await record.use((s) => s.persistent) };
  if (call === "handle") return { bytes: await record.use((s) => s.handle(new Uint8Array(arg))) };
  if (call === "clinic") return { bytes: await record.lend((s) => s.clinic(new Uint8Array(arg), send, read)) };
  if (call === "inspect") return JSON.parse(await record.use((s) => s.inspect()));
  if (call === "move") return JSON.parse(await record.use((s) => s.move_from_indexeddb(arg)));
  if (call === "move-from-indexeddb") return moveFromIndexedDb(record, WebStore);
  if (call === "open-without-the-lock") return { persistent: (await WebStore.open()).persistent };
  throw new Error(`no call ${call}`);
}

self.onmessage = async ({ data: { id, call, arg } }) => {
  const started = performance.now();
  try {
    const value = await answer(call, arg);
    self.postMessage({ id, value, ms: performance.now() - started });
  } catch (e) {
    self.postMessage({ id, error: String(e?.message ?? e) });
  }
};
