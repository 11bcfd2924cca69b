// The record's storage (web/core's `WebStore`, feature `sqlite`) in a dedicated worker, the only
// place browsers give OPFS's synchronous file handles. Answers the check page's calls; bytes are
// bincode, as on the bridge.
import init, { WebStore } from "../../generated/pkg-sqlite/afterglow_web.js";

const ready = init();
let store = null;

self.onmessage = async ({ data: { id, call, arg } }) => {
  try {
    await ready;
    const started = performance.now();
    let value;
    if (call === "open") {
      store = await WebStore.open();
      value = { persistent: store.persistent };
    } else if (call === "handle") {
      value = { bytes: store.handle(new Uint8Array(arg)) };
    } else if (call === "move") {
      value = JSON.parse(store.move_from_indexeddb(arg));
    } else {
      throw new Error(`no call ${call}`);
    }
    self.postMessage({ id, value, ms: performance.now() - started });
  } catch (e) {
    self.postMessage({ id, error: String(e?.message ?? e) });
  }
};
