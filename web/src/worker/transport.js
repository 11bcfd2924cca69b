// The share client's transport (web/core `share.rs`): sends one request and reports what came
// back — facts only, read into the core's `Exchange` by `Exchange::observed` and judged there —
// and reads the stored photo an upload sends. Plain JavaScript, shared by the app's worker and the storage check's.
import { readBytes } from "./files.js";

const TIMEOUT_MS = 15_000;

/** `describedJson`: { method, url, token, idempotency_key, json, jpeg_sha256 }; `jpeg`: the
 *  photo's bytes for an upload. Resolves to the JSON text of what was seen (web/core `share.rs`
 *  `Seen`): `{ Response: { status, retry_after, body } }`, `body` null when reading it broke
 *  off, or `{ NoAnswer: { transport } }`. */
export async function send(describedJson, jpeg) {
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
      response = await fetch(r.url, {
        method: r.method, headers, body, signal: abort.signal, credentials: "omit", cache: "no-store", redirect: "manual",
      });
    } catch {
      // DNS, refused, offline or blocked by the page's CSP: fetch does not tell them apart.
      return JSON.stringify({ NoAnswer: { transport: abort.signal.aborted ? "timeout" : "unreachable" } });
    }
    const text = await response.text().catch(() => null);
    return JSON.stringify({ Response: { status: response.status, retry_after: response.headers.get("Retry-After"), body: text } });
  } finally {
    clearTimeout(timer);
  }
}

/** A stored file's bytes (`photos/<sha256>.jpg`), or null. */
export const read = readBytes;
