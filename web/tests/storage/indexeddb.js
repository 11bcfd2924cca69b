// Reads the IndexedDB database the IndexedDB build of the web app keeps ("afterglow", version 1)
// whole: every object store with its keys. Self-contained, so it runs in the storage worker (the
// move to SQLite) and, passed to page.evaluate, in a page (legacy.mjs, which dumped the fixture).
// With `inlineBlobs` the image blobs come as base64 in the JSON; without, as `{ size }` there and
// the Blobs themselves in `blobs`. Null when the database does not exist (opening it would make it).
export async function readIndexedDb({ name = "afterglow", inlineBlobs = false } = {}) {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const names = [...db.objectStoreNames];
  const t = db.transaction(names, "readonly");
  const all = (store, what) => new Promise((resolve, reject) => {
    const r = store[what]();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const raw = {};
  for (const store of names) {
    const s = t.objectStore(store);
    raw[store] = { keys: await all(s, "getAllKeys"), values: await all(s, "getAll") };
  }
  // Blob bytes are read after the transaction: awaiting a read inside it would end it.
  const stores = {};
  const blobs = new Map();
  for (const [store, { keys, values }] of Object.entries(raw)) {
    stores[store] = [];
    for (let i = 0; i < keys.length; i++) {
      let value = values[i];
      if (value instanceof Blob && inlineBlobs) {
        const bytes = new Uint8Array(await value.arrayBuffer());
        let text = "";
        for (const b of bytes) text += String.fromCharCode(b);
        value = { base64: btoa(text) };
      } else if (value instanceof Blob) {
        blobs.set(keys[i], value);
        value = { size: value.size };
      }
      stores[store].push({ key: keys[i], value });
    }
  }
  const version = db.version;
  db.close();
  const dump = { database: name, version, stores };
  return inlineBlobs ? { dump } : { dump, blobs };
}
