// The Clinic effect: transport to the clinic's share API (clinic/API.md) with fetch. The core
// builds every request; this file owns the token (IndexedDB `meta`, never in the view or the
// logs — the browser has no Keychain), the outbox (IndexedDB `outbox`, one idempotency key per
// item made at enqueue), retries with exponential backoff + full jitter, Retry-After, and the
// stop on 401 (link.relink_needed). Results go back as serde JSON of ClinicResult, turned into
// the bridge's bincode by the wasm core (`from_json`), so a wrong shape fails loudly there.
import { STORES, req, tx } from "./db";
import { encode } from "./bytes";
import { fromJson, toJson } from "./wasm";
import { blobOf } from "./photos";
import { changes } from "./store";
import type { ClinicOperation } from "./types";

type Json = Record<string, any>;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60 * 60_000;
const TIMEOUT_MS = 15_000;

const result = (value: Json) => fromJson("ClinicResult", value);
const failed = (kind: string, message: string) => result({ Failed: { error: { kind, message } } });

export async function handleClinic(db: IDBDatabase, op: ClinicOperation): Promise<Uint8Array> {
  try {
    switch (op.kind) {
      case "Enroll":
        return await enroll(db, toJson("EnrollDraft", encode((s) => op.enrollment.serialize(s))) as Json);
      case "Unlink":
        await tx(db, [STORES.meta], "readwrite", async (t) => {
          await req(t.objectStore(STORES.meta).delete("clinic_token"));
          await req(t.objectStore(STORES.meta).delete("clinic_link"));
        });
        changes?.postMessage({ kind: "Unlinked" });
        return result("Unlinked" as unknown as Json);
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
    return failed("storage", `the outbox could not be read or written (${(e as Error)?.name ?? "error"})`);
  }
}

async function post(url: string, init: RequestInit): Promise<Response | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, method: "POST", signal: abort.signal, credentials: "omit", cache: "no-store" });
  } catch {
    return null; // network error, DNS, refused, timeout, or blocked by the page's CSP
  } finally {
    clearTimeout(timer);
  }
}

async function enroll(db: IDBDatabase, draft: Json): Promise<Uint8Array> {
  const response = await post(draft.server + draft.path, { headers: { "Content-Type": "application/json" }, body: draft.body_json });
  if (!response) return failed("unreachable", `the clinic at ${draft.server} cannot be reached; check the address and your connection, then try again`);
  if (response.status === 404 || response.status === 400) return failed("invalid_invite", "this invite code is not known to the clinic; check it and try again");
  if (response.status === 410) return failed("expired_invite", "this invite has expired or was already used; ask your clinic for a new one");
  if (response.status >= 500 || response.status === 429) return failed("server_error", "the clinic's server is having trouble; try again in a few minutes");
  if (response.status !== 201) return failed("other", `the clinic refused the link (HTTP ${response.status})`);
  let body: Json;
  try { body = await response.json(); } catch { return failed("bad_response", "the clinic's answer could not be read"); }
  if (typeof body?.token !== "string" || typeof body?.device_id !== "string") return failed("bad_response", "the clinic's answer could not be read");
  const link = {
    server: draft.server, device_id: body.device_id,
    clinic_name: String(body.clinic?.name ?? ""), clinic_phone: String(body.clinic?.phone ?? ""),
    after_hours_advice: String(body.clinic?.after_hours_advice ?? ""),
    auto_share: Boolean(draft.auto_share), relink_needed: false, linked_utc_ms: Date.now(),
  };
  await tx(db, [STORES.meta], "readwrite", async (t) => {
    await req(t.objectStore(STORES.meta).put(body.token, "clinic_token"));
    await req(t.objectStore(STORES.meta).put(link, "clinic_link"));
  });
  changes?.postMessage({ kind: "Linked" });
  return result({ Linked: { link, care_protocol_json: JSON.stringify(body.care_protocol ?? null) } });
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

/** Exponential backoff with full jitter, capped; a server's Retry-After wins when later. */
export function nextDelay(attempts: number, retryAfterSeconds: number | null, random = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempts, 20));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
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
      if (!photo) { await update(db, item.id, { state: "failed", last_error: "the photo is no longer in the journal" }); continue; }
      headers["Content-Type"] = "image/jpeg";
      headers["X-Content-SHA256"] = photo.sha256;
      body = await blobOf(db, photo.file);
    }
    const response = await post(link.server + item.path, { headers, body });
    const attempts = item.attempts + 1;
    if (!response) {
      await update(db, item.id, { attempts, next_attempt_utc_ms: Date.now() + nextDelay(attempts, null), last_error: "the clinic could not be reached" });
      break; // offline: the rest would fail the same way
    }
    if (response.status === 200 || response.status === 201) {
      await update(db, item.id, { attempts, state: "sent", sent_utc_ms: Date.now(), next_attempt_utc_ms: null, last_error: null });
    } else if (response.status === 401) {
      await update(db, item.id, { attempts, last_error: "the clinic no longer accepts this device; link again" });
      await tx(db, [STORES.meta], "readwrite", (t) => req(t.objectStore(STORES.meta).put({ ...link, relink_needed: true }, "clinic_link")));
      break;
    } else if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      await update(db, item.id, {
        attempts, next_attempt_utc_ms: Date.now() + nextDelay(attempts, Number.isFinite(retryAfter) ? retryAfter : null),
        last_error: response.status === 429 ? "the clinic asked to slow down" : "the clinic's server had a problem",
      });
    } else {
      let reason = `refused (HTTP ${response.status})`;
      try { const j = await response.json(); if (typeof j?.message === "string") reason = j.message; } catch { /* keep the status */ }
      await update(db, item.id, { attempts, state: "failed", next_attempt_utc_ms: null, last_error: reason });
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
