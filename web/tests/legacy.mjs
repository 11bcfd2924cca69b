// The record as the IndexedDB build of the web app keeps it, dumped whole when DUMP_INDEXEDDB
// names a file: every object store with its keys, blobs as base64. A dump made by that build is
// the fixture its move to SQLite is tested against (crates/store/tests/fixtures/).
import { writeFileSync } from "node:fs";

export async function dumpIndexedDb(page, file) {
  const dump = await page.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open("afterglow"); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const names = [...db.objectStoreNames];
    const t = db.transaction(names, "readonly");
    const all = (store, what) => new Promise((res, rej) => { const r = store[what](); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const raw = {};
    for (const name of names) {
      const store = t.objectStore(name);
      raw[name] = { keys: await all(store, "getAllKeys"), values: await all(store, "getAll") };
    }
    // Blob bytes are read after the transaction: awaiting a read inside it would end it.
    const stores = {};
    for (const [name, { keys, values }] of Object.entries(raw)) {
      stores[name] = [];
      for (let i = 0; i < keys.length; i++) {
        let value = values[i];
        if (value instanceof Blob) {
          const bytes = new Uint8Array(await value.arrayBuffer());
          let text = "";
          for (const b of bytes) text += String.fromCharCode(b);
          value = { base64: btoa(text) };
        }
        stores[name].push({ key: keys[i], value });
      }
    }
    const version = db.version;
    db.close();
    return { database: "afterglow", version, stores };
  });
  writeFileSync(file, JSON.stringify(dump, null, 1));
  return dump;
}
