// The record's storage (web/core's `WebStore`, feature `sqlite`) in a dedicated worker, the only
// place browsers give OPFS's synchronous file handles. Answers the check page's calls; bytes are
// bincode, as on the bridge.
//
// The sahpool VFS holds the record's file exclusively, so one tab's worker has it at a time.
// Every call runs with it held: a worker without it asks the holder to let go (a message on the
// "afterglow-record" channel), waits for the Web Lock of that name, and opens the record; the
// holder closes it and releases the lock after the call it is in. Calls and hand-overs run one
// at a time, so the record is never closed under a call.
import init, { WebStore } from "../../generated/pkg-sqlite/afterglow_web.js";
import { readIndexedDb } from "./indexeddb.js";

const ready = init();
const channel = new BroadcastChannel("afterglow-record");
let store = null;
let releaseLock = null;
let tail = Promise.resolve();
const oneAtATime = (job) => (tail = tail.then(job, job));

async function held() {
  if (store) return store;
  await ready;
  channel.postMessage("want");
  await new Promise((locked) => {
    navigator.locks.request("afterglow-record", () => new Promise((release) => {
      releaseLock = release;
      locked();
    }));
  });
  try {
    store = await WebStore.open();
  } catch (e) {
    releaseLock();
    releaseLock = null;
    throw e;
  }
  return store;
}

channel.onmessage = ({ data }) => {
  if (data !== "want") return;
  void oneAtATime(() => {
    // A record kept in memory belongs to this page alone: there is nothing to hand over.
    if (!store || !store.persistent) return;
    store.close();
    store = null;
    releaseLock?.();
    releaseLock = null;
  });
};

/** The first start after the update: the IndexedDB build's record, if there is one, moves into
 *  the store. Its photo files are written to OPFS first (content-addressed, so a retry writes the
 *  same bytes), then the rows move in one transaction, then the IndexedDB database is deleted:
 *  stopped anywhere, the next start does the rest and loses nothing. */
async function moveFromIndexedDb() {
  const found = await readIndexedDb();
  if (!found) return { nothing_to_move: true };
  const text = JSON.stringify(found.dump);
  const files = JSON.parse(WebStore.indexeddb_files(text));
  const root = await navigator.storage.getDirectory();
  const photos = await root.getDirectoryHandle("photos", { create: true });
  for (const { from, to } of files) {
    const file = await photos.getFileHandle(to.replace(/^photos\//, ""), { create: true });
    const writable = await file.createWritable();
    await writable.write(found.blobs.get(from));
    await writable.close();
  }
  const outcome = JSON.parse((await held()).move_from_indexeddb(text));
  await new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(found.dump.database);
    r.onsuccess = resolve;
    r.onerror = () => reject(r.error);
  });
  return { ...outcome, files_written: files.length };
}

const TIMEOUT_MS = 15_000;

/** The share client's transport (web/core `share.rs`): sends one request and reports what came
 *  back as the core's `Exchange`, facts only — the core judges them. */
async function send(describedJson, jpeg) {
  const r = JSON.parse(describedJson);
  const headers = {};
  if (r.token) headers.Authorization = `Bearer ${r.token}`;
  if (r.idempotency_key) headers["Idempotency-Key"] = r.idempotency_key;
  let body;
  if (r.json != null) {
    headers["Content-Type"] = "application/json";
    body = r.json;
  } else if (jpeg) {
    headers["Content-Type"] = "image/jpeg";
    headers["X-Content-SHA256"] = r.jpeg_sha256;
    body = jpeg;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    let response;
    try {
      response = await fetch(r.url, { method: r.method, headers, body, signal: abort.signal, credentials: "omit", cache: "no-store", redirect: "manual" });
    } catch {
      // DNS, refused, offline or blocked by policy: fetch does not tell them apart.
      return JSON.stringify({ NoAnswer: { transport: abort.signal.aborted ? "timeout" : "unreachable" } });
    }
    const retry_after = response.headers.get("Retry-After");
    try {
      return JSON.stringify({ Answered: { status: response.status, retry_after, body: await response.text() } });
    } catch {
      if (response.ok) return JSON.stringify({ AnswerCutShort: { status: response.status } });
      return JSON.stringify({ Answered: { status: response.status, retry_after, body: "" } });
    }
  } finally {
    clearTimeout(timer);
  }
}

/** A stored file's bytes (`photos/<sha>.jpg` in OPFS), or null. */
async function read(name) {
  try {
    let dir = await navigator.storage.getDirectory();
    const parts = name.split("/");
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const file = await (await dir.getFileHandle(parts.at(-1))).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return null;
  }
}

async function answer(call, arg) {
  if (call === "open") return { persistent: (await held()).persistent };
  if (call === "handle") return { bytes: (await held()).handle(new Uint8Array(arg)) };
  if (call === "clinic") return { bytes: await (await held()).clinic(new Uint8Array(arg), send, read) };
  if (call === "move") return JSON.parse((await held()).move_from_indexeddb(arg));
  if (call === "move-from-indexeddb") return moveFromIndexedDb();
  if (call === "open-without-the-lock") {
    await ready;
    return { persistent: (await WebStore.open()).persistent };
  }
  throw new Error(`no call ${call}`);
}

self.onmessage = ({ data: { id, call, arg } }) => oneAtATime(async () => {
  const started = performance.now();
  try {
    const value = await answer(call, arg);
    self.postMessage({ id, value, ms: performance.now() - started });
  } catch (e) {
    self.postMessage({ id, error: String(e?.message ?? e) });
  }
});
