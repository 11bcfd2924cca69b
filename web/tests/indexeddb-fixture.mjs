// The record the IndexedDB build of the web app kept (crates/store/tests/fixtures/
// indexeddb-v1.json, dumped from that build at 03e5ed1), written back into a page's IndexedDB
// with that build's schema (version 1), for the first start after the update to find.

/** Writes `fixture` into the page's origin as the IndexedDB build would have left it. */
export async function seedIndexedDb(page, fixture) {
  await page.evaluate(async (dump) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open("afterglow", dump.version);
      r.onupgradeneeded = () => {
        const d = r.result;
        d.createObjectStore("meta");
        for (const name of ["sessions", "checkins", "outbox"]) d.createObjectStore(name, { keyPath: "id", autoIncrement: true });
        d.createObjectStore("photos", { keyPath: "id", autoIncrement: true }).createIndex("sha256", "sha256", { unique: true });
        d.createObjectStore("blobs");
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const t = db.transaction(Object.keys(dump.stores), "readwrite");
    for (const [name, entries] of Object.entries(dump.stores)) {
      const store = t.objectStore(name);
      for (const { key, value } of entries) {
        if (name === "blobs") store.put(new Blob([Uint8Array.from(atob(value.base64), (c) => c.charCodeAt(0))], { type: "image/jpeg" }), key);
        else if (store.keyPath) store.put(value);
        else store.put(value, key);
      }
    }
    await new Promise((resolve, reject) => { t.oncomplete = resolve; t.onerror = () => reject(t.error); });
    db.close();
  }, fixture);
}
