// The Store effect against IndexedDB: the same domain operations and results as the native
// SQLite handler (crates/store): ids from auto-increment keys (never reused), sessions and
// check-ins returned in start/taken order (then id), a deleted session's check-ins and photos
// keep their rows with `session_id` cleared (SQLite: ON DELETE SET NULL).
import { STORES, req, tx } from "./db";
import { decode, encode } from "./bytes";
import { fromJson, toJson } from "./wasm";
import { outboxJson } from "./clinic";
import {
  Checkin, PatientRecord, Session, StoreError,
  storeErrorKindDiskFull, storeErrorKindNotFound, storeErrorKindOther,
  storeResultCheckinAdded, storeResultDone, storeResultFailed, storeResultLoaded, storeResultSessionAdded,
  type StoreOperation, type StoreResult,
} from "./types";

type Row = { id: number; details: Record<string, unknown> };

/** Tells other tabs that stored data changed (they reload their record). */
export const changes = typeof BroadcastChannel === "function" ? new BroadcastChannel("afterglow-changes") : null;

export async function handleStore(db: IDBDatabase, op: StoreOperation): Promise<StoreResult> {
  try {
    const result = await run(db, op);
    if (op.kind !== "LoadRecord") changes?.postMessage({ kind: op.kind });
    return result;
  } catch (e) {
    return storeResultFailed(storeError(e));
  }
}

async function run(db: IDBDatabase, op: StoreOperation): Promise<StoreResult> {
  switch (op.kind) {
    case "LoadRecord":
      return storeResultLoaded(await loadRecord(db));
    case "AddSession": {
      const details = toJson("NewSession", encode((s) => op.session.serialize(s)));
      const id = await tx(db, [STORES.sessions], "readwrite", (t) =>
        req(t.objectStore(STORES.sessions).add({ details })),
      );
      return storeResultSessionAdded(new Session(BigInt(id as number), op.session));
    }
    case "DeleteSession": {
      const id = Number(op.id);
      await tx(db, [STORES.sessions, STORES.checkins, STORES.photos], "readwrite", async (t) => {
        const sessions = t.objectStore(STORES.sessions);
        if ((await req(sessions.count(id))) === 0) throw notFound(`session ${id}`);
        await req(sessions.delete(id));
        for (const name of [STORES.checkins, STORES.photos]) {
          const store = t.objectStore(name);
          const rows = (await req(store.getAll())) as Record<string, any>[];
          for (const row of rows) {
            const holder = name === STORES.checkins ? row.details : row;
            if (holder.session_id === id) {
              holder.session_id = null;
              await req(store.put(row));
            }
          }
        }
      });
      return storeResultDone();
    }
    case "SaveProfile": {
      const profile = toJson("Profile", encode((s) => op.profile.serialize(s)));
      await putMeta(db, "profile", profile);
      return storeResultDone();
    }
    case "SaveProtocol":
      await putMeta(db, "protocol", op.json ?? null);
      return storeResultDone();
    case "AddCheckin": {
      const details = toJson("NewCheckin", encode((s) => op.checkin.serialize(s)));
      const id = await tx(db, [STORES.checkins], "readwrite", (t) =>
        req(t.objectStore(STORES.checkins).add({ details })),
      );
      return storeResultCheckinAdded(new Checkin(BigInt(id as number), op.checkin));
    }
    case "SaveReminderPrefs": {
      const prefs = toJson("ReminderPrefs", encode((s) => op.prefs.serialize(s)));
      await putMeta(db, "reminder_prefs", prefs);
      return storeResultDone();
    }
    case "SaveLanguage":
      // The tag the patient chose in the app ("es"): it outlasts a reload and the browser's locale.
      await putMeta(db, "language", op.tag);
      return storeResultDone();
    case "SaveAppLock":
      // The web never offers the lock (the core shows no setting here); kept if a core asks.
      await putMeta(db, "app_lock", op.on);
      return storeResultDone();
  }
}

function putMeta(db: IDBDatabase, key: string, value: unknown): Promise<unknown> {
  return tx(db, [STORES.meta], "readwrite", (t) => req(t.objectStore(STORES.meta).put(value, key)));
}

/** The record as JSON in PatientRecord's serde shape (also what the FHIR export reads). */
export async function loadRecordJson(db: IDBDatabase): Promise<Record<string, unknown>> {
  return tx(db, Object.values(STORES).filter((s) => s !== STORES.blobs && s !== STORES.outbox), "readonly", async (t) => {
    const meta = t.objectStore(STORES.meta);
    const profile = (await req(meta.get("profile"))) ?? defaultProfile();
    const protocol_json = (await req(meta.get("protocol"))) ?? null;
    const reminder_prefs = (await req(meta.get("reminder_prefs"))) ?? null;
    const language_tag = (await req(meta.get("language"))) ?? null;
    const app_lock = (await req(meta.get("app_lock"))) === true;
    const sessions = ((await req(t.objectStore(STORES.sessions).getAll())) as Row[]).sort(
      (a, b) => Number(a.details.start_utc_ms) - Number(b.details.start_utc_ms) || a.id - b.id,
    );
    const checkins = ((await req(t.objectStore(STORES.checkins).getAll())) as Row[]).sort(
      (a, b) => Number(a.details.taken_utc_ms) - Number(b.details.taken_utc_ms) || a.id - b.id,
    );
    const photos = ((await req(t.objectStore(STORES.photos).getAll())) as Record<string, number>[]).sort(
      (a, b) => a.taken_utc_ms - b.taken_utc_ms || a.id - b.id,
    );
    return { profile, sessions, protocol_json, checkins, reminder_prefs, photos, language_tag, app_lock };
  }).then(async (record) => {
    // The clinic link and outbox come with the record at start (PatientRecord.clinic_link/outbox).
    const { link, items } = await outboxJson(db);
    return { ...record, clinic_link: link, outbox: items };
  });
}

export async function loadRecord(db: IDBDatabase): Promise<PatientRecord> {
  const json = await loadRecordJson(db);
  return decode(fromJson("PatientRecord", json), (d) => PatientRecord.deserialize(d));
}

function defaultProfile() {
  return {
    cold_sore_history: false, fitzpatrick: null, pregnant: false,
    isotretinoin_last_6_months: false, anticoagulants: false, keloid_tendency: false,
  };
}

class KnownError extends Error {
  constructor(public error: StoreError) { super(error.message); }
}

function notFound(message: string) {
  return new KnownError(new StoreError(storeErrorKindNotFound(), message));
}

export function storeError(e: unknown): StoreError {
  if (e instanceof KnownError) return e.error;
  const name = (e as { name?: string })?.name;
  // The kind is what the core words for the patient; the browser's error name is the detail.
  if (name === "QuotaExceededError") return new StoreError(storeErrorKindDiskFull(), name);
  return new StoreError(storeErrorKindOther(), name ?? "IndexedDB");
}
