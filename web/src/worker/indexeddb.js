// The record the IndexedDB build of the web app kept ("afterglow", version 1), and its move into
// SQLite on the first start after the update. Plain JavaScript, shared by the app's worker and
// the storage check's. (At 03e5ed1, web/tests/legacy.mjs read it the same way, with the blobs
// inlined as base64, to dump crates/store/tests/fixtures/indexeddb-v1.json.)
import { writeFile } from "./files.js";

// Reads the database whole: every object store with its keys, the image blobs as `{ size }` in
// the JSON and the Blobs themselves in `blobs`. Null when the database does not exist (opening it
// would make it).
export async function readIndexedDb(name = "afterglow") {
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
  // The Blobs are kept whole: their bytes are read when written to OPFS, after the transaction
  // (awaiting a read inside it would end it).
  const stores = {};
  const blobs = new Map();
  for (const [store, { keys, values }] of Object.entries(raw)) {
    stores[store] = [];
    for (let i = 0; i < keys.length; i++) {
      let value = values[i];
      if (value instanceof Blob) {
        blobs.set(keys[i], value);
        value = { size: value.size };
      }
      stores[store].push({ key: keys[i], value });
    }
  }
  const version = db.version;
  db.close();
  return { dump: { database: name, version, stores }, blobs };
}

/** Moves the IndexedDB build's record, if there is one, into the store (`record`: ./record.js).
 *  Its photo files are written to OPFS first (content-addressed, so a retry writes the same
 *  bytes), then the rows move in one transaction (the token and the FHIR patient id into their
 *  own store, in Rust), then the IndexedDB database is deleted: stopped anywhere, the next start
 *  does the rest and loses nothing. */
export async function moveFromIndexedDb(record, WebStore) {
  const found = await readIndexedDb();
  if (!found) return { nothing_to_move: true };
  const text = JSON.stringify(found.dump);
  const files = JSON.parse(WebStore.indexeddb_files(text));
  for (const { from, to } of files) await writeFile(to, found.blobs.get(from));
  const outcome = JSON.parse(await record.use((store) => store.move_from_indexeddb(text)));
  await new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(found.dump.database);
    r.onsuccess = resolve;
    r.onerror = () => reject(r.error);
  });
  return { ...outcome, files_written: files.length };
}
