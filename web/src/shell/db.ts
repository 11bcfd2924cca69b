// IndexedDB, the web shell's storage. Records are JSON in serde's shape (converted from and to
// the bridge's bincode by the wasm core: `to_json`/`from_json`), so each type has one definition,
// in Rust. Every operation is one IndexedDB transaction: it commits whole or not at all.

import { beforeCore } from "../ui/beforeCore";

export const DB_NAME = "afterglow";
export const DB_VERSION = 1;

export const STORES = {
  /** key "profile" | "protocol" | "reminder_prefs" | "patient_id" | "language" -> JSON value */
  meta: "meta",
  /** { id (auto), details: NewSession JSON } */
  sessions: "sessions",
  /** { id (auto), details: NewCheckin JSON } */
  checkins: "checkins",
  /** Photo JSON with its id (auto); index by sha256 */
  photos: "photos",
  /** key file name ("photos/<sha>.jpg") -> Blob */
  blobs: "blobs",
  /** { id (auto), ...outbox item } — the clinic outbox */
  outbox: "outbox",
} as const;

export function openDb(name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      // Version 1: the first schema. Later versions add stores/indexes here, never drop data.
      db.createObjectStore(STORES.meta);
      db.createObjectStore(STORES.sessions, { keyPath: "id", autoIncrement: true });
      db.createObjectStore(STORES.checkins, { keyPath: "id", autoIncrement: true });
      const photos = db.createObjectStore(STORES.photos, { keyPath: "id", autoIncrement: true });
      photos.createIndex("sha256", "sha256", { unique: true });
      db.createObjectStore(STORES.blobs);
      db.createObjectStore(STORES.outbox, { keyPath: "id", autoIncrement: true });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: close so it can proceed; this tab reloads.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(beforeCore.storage_blocked));
  });
}

/** Runs `body` in one transaction and resolves once it has committed. */
export function tx<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  body: (t: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = db.transaction(stores, mode, { durability: "strict" } as IDBTransactionOptions);
    let result: T;
    let failed: unknown = null;
    t.oncomplete = () => (failed ? reject(failed) : resolve(result));
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? failed ?? new Error("storage transaction aborted"));
    Promise.resolve()
      .then(() => body(t))
      .then((r) => { result = r; })
      .catch((e) => { failed = e; try { t.abort(); } catch { /* already finished */ } });
  });
}

export function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
