// The Clinic effect: transport to the clinic's share API (clinic/API.md) with fetch. The core
// builds every request and judges every answer (`judge_delivery`, `judge_enrolment`,
// `judge_unlink`, `judge_answers` in shared/src/sharing, tested there); this file only sends,
// reports what came back, and stores the verdict: the token (IndexedDB `meta`, never in the
// view or the logs — the browser has no Keychain) and the outbox (IndexedDB `outbox`, one
// idempotency key per item made at enqueue). Results go back as serde JSON of ClinicResult,
// turned into the bridge's bincode by the wasm core (`from_json`), so a wrong shape fails
// loudly there.
import { STORES, req, tx } from "./db";
import { encode } from "./bytes";
import { answersNotLinked, fromJson, judgeAnswers, judgeDelivery, judgeEnrolment, judgeUnlink, outboxStorageError, photoGoneReason, toJson } from "./wasm";
import { blobOf } from "./photos";
import { changes } from "./store";
import type { ClinicOperation } from "./types";

type Json = Record<string, any>;
const TIMEOUT_MS = 15_000;

const result = (value: Json) => fromJson("ClinicResult", value);

export async function handleClinic(db: IDBDatabase, op: ClinicOperation): Promise<Uint8Array> {
  try {
    switch (op.kind) {
      case "Enroll":
        return await enroll(db, toJson("EnrollDraft", encode((s) => op.enrollment.serialize(s))) as Json);
      case "Unlink":
        return await forget(db);
      case "Revoke":
        return await revoke(db, op.path);
      case "FetchAnswers":
        return await fetchAnswers(db, op.path);
      case "Enqueue": {
        const drafts = op.items.map((d) => toJson("OutboxDraft", encode((s) => d.serialize(s))) as Json);
        await enqueue(db, drafts);
        return await outboxResult(db);
      }
      case "Deliver":
        await deliver(db, Number(op.now_utc_ms));
        return await outboxResult(db);
    }
  } catch (e) {
    return result({ Failed: { error: outboxStorageError((e as Error)?.name ?? "error") } });
  }
}

/** Forgets the token and the link on this device (what is queued stays). */
async function forget(db: IDBDatabase): Promise<Uint8Array> {
  await tx(db, [STORES.meta], "readwrite", async (t) => {
    await req(t.objectStore(STORES.meta).delete("clinic_token"));
    await req(t.objectStore(STORES.meta).delete("clinic_link"));
  });
  changes?.postMessage({ kind: "Unlinked" });
  return result("Unlinked" as unknown as Json);
}

/** Asks the clinic to end this device's access; forgets token and link only when the core
 *  judges that it ended. Without a token there is no access left to end. */
async function revoke(db: IDBDatabase, path: string): Promise<Uint8Array> {
  const { token, link } = await tx(db, [STORES.meta], "readonly", async (t) => ({
    token: (await req(t.objectStore(STORES.meta).get("clinic_token"))) as string | undefined,
    link: (await req(t.objectStore(STORES.meta).get("clinic_link"))) as Json | undefined,
  }));
  if (!token || !link) return forget(db);
  const answer = await exchange(link.server + path, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
  const verdict = judgeUnlink(answer);
  if (verdict === "Ended") return forget(db);
  return result({ Failed: { error: verdict.NotEnded.error } });
}

/** Asks what the clinic did with the patient's check-ins; the core judges the answer. */
async function fetchAnswers(db: IDBDatabase, path: string): Promise<Uint8Array> {
  const { token, link } = await tx(db, [STORES.meta], "readonly", async (t) => ({
    token: (await req(t.objectStore(STORES.meta).get("clinic_token"))) as string | undefined,
    link: (await req(t.objectStore(STORES.meta).get("clinic_link"))) as Json | undefined,
  }));
  if (!token || !link) return result(answersNotLinked());
  const answer = await exchange(link.server + path, { method: "GET", headers: { Authorization: `Bearer ${token}` } });
  return result(judgeAnswers(answer));
}

/** Sends one request (POST unless `init.method` says otherwise) and reports what came back as
 *  the core's `Exchange`: facts, no judgement. */
async function exchange(url: string, init: RequestInit): Promise<Json> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", ...init, signal: abort.signal, credentials: "omit", cache: "no-store", redirect: "manual" });
    } catch {
      // DNS, refused, offline or blocked by the page's CSP: fetch does not tell them apart.
      return { NoAnswer: { transport: abort.signal.aborted ? "timeout" : "unreachable" } };
    }
    const retry_after = response.headers.get("Retry-After");
    try {
      return { Answered: { status: response.status, retry_after, body: await response.text() } };
    } catch {
      if (response.ok) return { AnswerCutShort: { status: response.status } };
      return { Answered: { status: response.status, retry_after, body: "" } };
    }
  } finally {
    clearTimeout(timer);
  }
}

async function enroll(db: IDBDatabase, draft: Json): Promise<Uint8Array> {
  const answer = await exchange(draft.server + draft.path, { headers: { "Content-Type": "application/json" }, body: draft.body_json });
  const verdict = judgeEnrolment(answer, draft.server, Boolean(draft.auto_share), Date.now());
  if (verdict.Err) return result({ Failed: { error: verdict.Err } });
  const { link, token, care_protocol_json } = verdict.Ok;
  await tx(db, [STORES.meta], "readwrite", async (t) => {
    await req(t.objectStore(STORES.meta).put(token, "clinic_token"));
    await req(t.objectStore(STORES.meta).put(link, "clinic_link"));
  });
  changes?.postMessage({ kind: "Linked" });
  return result({ Linked: { link, care_protocol_json } });
}

function newKey(): string {
  return `ag-${crypto.randomUUID()}`;
}

async function enqueue(db: IDBDatabase, drafts: Json[]) {
  const now = Date.now();
  await tx(db, [STORES.outbox], "readwrite", async (t) => {
    const store = t.objectStore(STORES.outbox);
    const rows = (await req(store.getAll())) as Json[];
    for (const d of drafts) {
      if (rows.some((r) => r.kind === d.kind && r.local_id === d.local_id)) continue; // never twice
      const row = {
        kind: d.kind, local_id: d.local_id, label: d.label, path: d.path, body: d.body,
        idempotency_key: newKey(), state: "queued", attempts: 0, queued_utc_ms: now,
        next_attempt_utc_ms: now, sent_utc_ms: null, last_error: null,
      };
      rows.push(row);
      await req(store.add(row));
    }
  });
}

let delivering: Promise<void> | null = null;

async function deliver(db: IDBDatabase, now: number) {
  // One delivery at a time per tab; the idempotency keys make a second tab's overlap harmless.
  while (delivering) await delivering;
  delivering = deliverDue(db, now).finally(() => { delivering = null; });
  await delivering;
}

async function deliverDue(db: IDBDatabase, now: number) {
  const { token, link, due } = await tx(db, [STORES.meta, STORES.outbox], "readonly", async (t) => ({
    token: (await req(t.objectStore(STORES.meta).get("clinic_token"))) as string | undefined,
    link: (await req(t.objectStore(STORES.meta).get("clinic_link"))) as Json | undefined,
    due: ((await req(t.objectStore(STORES.outbox).getAll())) as Json[])
      .filter((r) => r.state === "queued" && (r.next_attempt_utc_ms ?? 0) <= now),
  }));
  if (!token || !link || link.relink_needed) return;
  for (const item of due) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, "Idempotency-Key": item.idempotency_key };
    let body: BodyInit;
    if (item.body.Json) {
      headers["Content-Type"] = "application/json";
      body = item.body.Json.json;
    } else {
      const photo = (await tx(db, [STORES.photos], "readonly", (t) => req(t.objectStore(STORES.photos).get(item.body.Photo.photo_id)))) as Json | undefined;
      if (!photo) { await update(db, item.id, { state: "failed", last_error: photoGoneReason() }); continue; }
      headers["Content-Type"] = "image/jpeg";
      headers["X-Content-SHA256"] = photo.sha256;
      body = await blobOf(db, photo.file);
    }
    const answer = await exchange(link.server + item.path, { headers, body });
    const verdict = judgeDelivery(answer, item.idempotency_key, item.attempts, now);
    const attempts = item.attempts + 1;
    if (verdict.Sent) {
      await update(db, item.id, { attempts, state: "sent", sent_utc_ms: now, next_attempt_utc_ms: null, last_error: null });
    } else if (verdict.Retry) {
      const { next_attempt_utc_ms, reason, stop_pass } = verdict.Retry;
      await update(db, item.id, { attempts, next_attempt_utc_ms, last_error: reason });
      if (stop_pass) break;
    } else if (verdict.RelinkNeeded) {
      await update(db, item.id, { last_error: verdict.RelinkNeeded.reason });
      await tx(db, [STORES.meta], "readwrite", (t) => req(t.objectStore(STORES.meta).put({ ...link, relink_needed: true }, "clinic_link")));
      break;
    } else {
      await update(db, item.id, { attempts, state: "failed", next_attempt_utc_ms: null, last_error: verdict.Failed.reason });
    }
  }
  changes?.postMessage({ kind: "Delivered" });
}

function update(db: IDBDatabase, id: number, patch: Json) {
  return tx(db, [STORES.outbox], "readwrite", async (t) => {
    const store = t.objectStore(STORES.outbox);
    const row = await req(store.get(id));
    if (row) await req(store.put({ ...row, ...patch }));
  });
}

/** The link and every outbox item, oldest first, as ClinicResult::Outbox. */
async function outboxResult(db: IDBDatabase): Promise<Uint8Array> {
  const { link, items } = await outboxJson(db);
  return result({ Outbox: { link, items } });
}

export async function outboxJson(db: IDBDatabase): Promise<{ link: Json | null; items: Json[] }> {
  return tx(db, [STORES.meta, STORES.outbox], "readonly", async (t) => ({
    link: ((await req(t.objectStore(STORES.meta).get("clinic_link"))) as Json | undefined) ?? null,
    items: ((await req(t.objectStore(STORES.outbox).getAll())) as Json[]).sort((a, b) => a.queued_utc_ms - b.queued_utc_ms || a.id - b.id),
  }));
}
