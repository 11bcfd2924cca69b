// The record's storage in the browser, checked in Debian's headless Chromium: web/core built
// with its `sqlite` feature (afterglow_store on SQLite compiled to wasm), in a dedicated worker,
// the file in OPFS through the sahpool VFS. A real HTTP server on loopback serves the page.
// Started by `cargo xtask web-test` (env: CHROMIUM, FIXTURE, WASM); what it
// measures goes to web/test-artifacts/storage.json.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { extname, join, normalize } from "node:path";
import { seedIndexedDb } from "../indexeddb-fixture.mjs";

const WEB = new URL("../../", import.meta.url).pathname;
const ARTIFACTS = join(WEB, "test-artifacts/");
mkdirSync(ARTIFACTS, { recursive: true });
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through cargo xtask web-test)`);
  return v;
};
const fixtureText = readFileSync(env("FIXTURE"), "utf8");
const fixture = JSON.parse(fixtureText);

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
// A clinic for the share client's check: enrol answers a token; check-ins are refused once
// (503, Retry-After) and stored the second time. What each request carried is kept.
const clinic = { asked: [], checkins: 0 };
function answerAsClinic(req, res, path) {
  clinic.asked.push({ path, authorization: req.headers.authorization ?? null, key: req.headers["idempotency-key"] ?? null });
  if (path === "clinic/api/v1/enroll") {
    res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({
      api_version: 1, device_id: "dev-1", token: "tok-secret-1", patient_id: "pat-1",
      clinic: { name: "Loopback Clinic", phone: "+1 555 0100", after_hours_advice: "" }, care_protocol: {},
    }));
  } else if (path === "clinic/api/v1/checkins") {
    clinic.checkins += 1;
    if (clinic.checkins === 1) res.writeHead(503, { "Retry-After": "60" }).end();
    else res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ id: "c-1" }));
  } else {
    res.writeHead(404).end();
  }
}

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
  if (path.startsWith("clinic/")) {
    req.resume();
    req.on("end", () => answerAsClinic(req, res, path));
    return;
  }
  if (!["tests/storage/", "src/worker/", "generated/pkg/"].some((dir) => path.startsWith(dir)) || !path.endsWith(".js") && !path.endsWith(".html") && !path.endsWith(".wasm")) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = readFileSync(join(WEB, path));
    res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream", "Cache-Control": "no-store" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const URL_ = `http://127.0.0.1:${server.address().port}/tests/storage/index.html`;

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const context = await browser.newContext();
context.setDefaultTimeout(60_000);

let failed = 0;
const perf = {};
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(e?.message ?? e).split("\n").join("\n     ")}`);
  }
}
const assert = (cond, message) => { if (!cond) throw new Error(message); };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function openPage() {
  const page = await context.newPage();
  await page.goto(URL_);
  await page.waitForFunction(() => window.ready === true);
  return page;
}
const call = (page, name, arg) => page.evaluate(([n, a]) => window.storage(n, a), [name, arg]);
const bytes = (answer) => answer.bytes;

// bincode of StoreOperation::LoadRecord, and of SaveLanguage { tag: "es" | "fr" } (variant 7, u64 length).
const LOAD_RECORD = [0, 0, 0, 0];
const SAVE_SPANISH = [7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 101, 115];
const SAVE_FRENCH = [7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 102, 114];
const DONE = [2, 0, 0, 0];
const LOADED = [0, 0, 0, 0];

// bincode, as the bridge writes it: enum variants as u32, lengths as u64, little-endian.
const le = (n, size) => { const b = new Uint8Array(size); let v = BigInt(n); for (let i = 0; i < size; i++) { b[i] = Number(v & 0xffn); v >>= 8n; } return [...b]; };
const text = (s) => { const b = [...new TextEncoder().encode(s)]; return [...le(b.length, 8), ...b]; };
const enroll = (server) => [...le(0, 4), ...text(server), ...text("/api/v1/enroll"), ...text("{}"), 0];
const enqueueCheckin = (localId) => [...le(2, 4), ...le(1, 8), ...le(0, 4), ...le(localId, 8), ...text("Check-in"), ...text("/api/v1/checkins"), ...le(0, 4), ...text("{}")];
const deliver = (now) => [...le(3, 4), ...le(now, 8)];
const CLINIC_RESULT = ["Linked", "Unlinked", "Outbox", "Failed", "Answers"];
const resultKind = (answer) => CLINIC_RESULT[answer.bytes[0]];

let first = await openPage();
let record = null;

await test("in a dedicated worker the record opens in OPFS (lasting), not in memory", async () => {
  const opened = await call(first, "open");
  assert(opened.persistent === true, `persistent: ${opened.persistent}`);
  perf.open_ms = Math.round(opened.ms);
});

await test("the IndexedDB build's record (fixture) moves into SQLite whole", async () => {
  const answer = await call(first, "move", fixtureText);
  const moved = answer.moved;
  assert(moved, `answer: ${JSON.stringify(answer).slice(0, 200)}`);
  const count = (store) => fixture.stores[store].length;
  assert(moved.sessions === count("sessions") && moved.checkins === count("checkins"), JSON.stringify(moved));
  assert(moved.photos === count("photos") && moved.outbox_items === count("outbox"), JSON.stringify(moved));
  assert(moved.files.length === 2 * count("photos"), `files: ${moved.files.length}`);
  perf.move_fixture_ms = Math.round(answer.ms);
});

await test("a setting written in the worker and the whole record outlast a reload", async () => {
  const saved = await call(first, "handle", SAVE_SPANISH);
  assert(bytes(saved).join() === DONE.join(), `SaveLanguage answered ${bytes(saved).slice(0, 8)}`);
  const loaded = await call(first, "handle", LOAD_RECORD);
  record = bytes(loaded);
  assert(record.slice(0, 4).join() === LOADED.join(), `LoadRecord answered ${record.slice(0, 8)}`);
  await first.reload();
  await first.waitForFunction(() => window.ready === true);
  assert((await call(first, "open")).persistent === true, "not lasting after the reload");
  const again = bytes(await call(first, "handle", LOAD_RECORD));
  assert(again.join() === record.join(), `the record differs after the reload (${again.length} vs ${record.length} bytes)`);
  const tail = String.fromCharCode(...again);
  assert(tail.includes("\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000es"), "the language chosen is not in the record");
  const moveAgain = await call(first, "move", fixtureText);
  assert(moveAgain.already_held === true, `a second move: ${JSON.stringify(moveAgain).slice(0, 120)}`);
});

await test("two tabs share the record: the file is handed over (a Web Lock), each sees the other's writes, and an open that skips the hand-over is refused", async () => {
  const second = await openPage();
  // Without the hand-over the file is refused, never opened empty.
  let refused = null;
  try {
    await call(second, "open-without-the-lock");
  } catch (e) {
    refused = String(e.message);
  }
  assert(refused !== null, "a second open got the file the first tab holds");
  perf.open_without_the_lock = refused.slice(0, 160);
  await second.reload();
  await second.waitForFunction(() => window.ready === true);
  const handed = await call(second, "open");
  assert(handed.persistent === true, "not lasting in the second tab");
  perf.hand_over_ms = Math.round(handed.round_trip_ms);
  assert(bytes(await call(second, "handle", LOAD_RECORD)).join() === record.join(), "the second tab reads another record");
  // The second tab writes; the first takes the file back and reads it; and back again.
  const saved = await call(second, "handle", SAVE_FRENCH);
  assert(bytes(saved).join() === DONE.join(), `the second tab's write answered ${bytes(saved).slice(0, 8)}`);
  const seen = String.fromCharCode(...bytes(await call(first, "handle", LOAD_RECORD)));
  assert(seen.includes("\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000fr"), "the first tab does not see the second's write");
  assert(bytes(await call(first, "handle", SAVE_SPANISH)).join() === DONE.join(), "the first tab's write");
  const back = bytes(await call(second, "handle", LOAD_RECORD));
  assert(back.join() === record.join(), "the second tab does not see the first tab's write");
  await second.close();
});

await test("on the first start, the current app's IndexedDB record moves: photo files to OPFS, rows to SQLite, then IndexedDB is deleted", async () => {
  // A fresh profile holding only what today's app stored: the fixture, written back into an
  // IndexedDB database with today's schema (web/src/shell/db.ts, version 1).
  const fresh = await browser.newContext();
  try {
    const page = await fresh.newPage();
    await page.goto(URL_);
    await page.waitForFunction(() => window.ready === true);
    await seedIndexedDb(page, fixture);
    const answer = await call(page, "move-from-indexeddb");
    const count = (store) => fixture.stores[store].length;
    assert(answer.moved?.checkins === count("checkins") && answer.moved.photos === count("photos"), JSON.stringify(answer).slice(0, 300));
    assert(answer.files_written === 2 * count("photos"), `files written: ${answer.files_written}`);
    // The token and the FHIR patient id went to their own store, not back to JavaScript.
    assert(answer.moved.token_kept === true && answer.moved.patient_id_kept === true, JSON.stringify(answer.moved).slice(0, 300));
    assert(!JSON.stringify(answer).includes(fixture.stores.meta.find((m) => m.key === "clinic_token").value), "the token came back to JavaScript");
    const held = await call(page, "inspect");
    assert(held.token_kept === true && held.linked === true, `after the move: ${JSON.stringify(held).slice(0, 200)}`);
    perf.first_start_move_ms = Math.round(answer.ms);
    // Each file holds the bytes its name (their SHA-256) says; the IndexedDB database is gone.
    const checked = await page.evaluate(async (files) => {
      const photos = await (await navigator.storage.getDirectory()).getDirectoryHandle("photos");
      const wrong = [];
      for (const { to } of files) {
        const name = to.replace(/^photos\//, "");
        const bytes = await (await (await photos.getFileHandle(name)).getFile()).arrayBuffer();
        const hex = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
        if (`${hex}.jpg` !== name) wrong.push(name);
      }
      return { wrong, databases: (await indexedDB.databases()).map((d) => d.name) };
    }, answer.moved.files);
    assert(checked.wrong.length === 0, `files whose bytes differ from their name: ${checked.wrong}`);
    assert(!checked.databases.includes("afterglow"), `IndexedDB still holds: ${checked.databases}`);
    assert(bytes(await call(page, "handle", LOAD_RECORD)).length > 1000, "the moved record does not load");
    const again = await call(page, "move-from-indexeddb");
    assert(again.nothing_to_move === true, `a second start: ${JSON.stringify(again).slice(0, 200)}`);
  } finally {
    await fresh.close();
  }
});

await test("the share client's steps run in the worker: enrol keeps the token in its own file, a refused check-in is retried with its key after a reload", async () => {
  const fresh = await browser.newContext();
  try {
    let page = await fresh.newPage();
    await page.goto(URL_);
    await page.waitForFunction(() => window.ready === true);
    const server = new URL("/clinic", URL_).href;
    const linked = await call(page, "clinic", enroll(server));
    assert(resultKind(linked) === "Linked", `enrol answered ${resultKind(linked)}`);
    const stored = String.fromCharCode(...bytes(await call(page, "handle", LOAD_RECORD)));
    assert(stored.includes("Loopback Clinic") && !stored.includes("tok-secret-1"), "the record holds the token, or not the link");
    assert(resultKind(await call(page, "clinic", enqueueCheckin(41))) === "Outbox", "enqueue");
    const now = Date.now() + 1_000;
    assert(resultKind(await call(page, "clinic", deliver(now))) === "Outbox", "first delivery");
    // After a reload (the worker opens the record and the token's file again) the retry is due.
    await page.reload();
    await page.waitForFunction(() => window.ready === true);
    assert(resultKind(await call(page, "clinic", deliver(now + 3_600_000))) === "Outbox", "second delivery");
    const tries = clinic.asked.filter((a) => a.path === "clinic/api/v1/checkins");
    assert(tries.length === 2, `check-in requests: ${tries.length}`);
    assert(tries.every((t) => t.authorization === "Bearer tok-secret-1"), "a request without the token");
    assert(tries[0].key && tries[0].key === tries[1].key, `keys: ${tries.map((t) => t.key)}`);
    const outbox = (await call(page, "inspect")).outbox;
    assert(outbox.length === 1 && outbox[0].state === "sent" && outbox[0].attempts === 2, `outbox: ${JSON.stringify(outbox)}`);
    // Stored by the clinic, it is never sent again.
    await call(page, "clinic", deliver(now + 36_000_000));
    assert(clinic.asked.filter((a) => a.path === "clinic/api/v1/checkins").length === 2, "a sent check-in was sent again");
  } finally {
    await fresh.close();
  }
});

await test("where OPFS is not offered (the page's main thread) the record is kept in memory, and says so", async () => {
  const page = await openPage();
  const answer = await page.evaluate(() => window.openOnMainThread());
  assert(answer.persistent === false, `persistent: ${answer.persistent}`);
  assert(answer.answered.join() === DONE.join(), `a write in memory answered ${answer.answered}`);
  await page.close();
});

await test("round trips from the page to SQLite on OPFS and back are measured", async () => {
  const loads = [];
  const writes = [];
  for (let i = 0; i < 15; i++) {
    loads.push((await call(first, "handle", LOAD_RECORD)).round_trip_ms);
    writes.push((await call(first, "handle", SAVE_SPANISH)).round_trip_ms);
  }
  perf.load_record_round_trip_ms = { median: median(loads), record_bytes: record.length };
  perf.write_round_trip_ms = { median: median(writes), what: "SaveLanguage, one committed statement" };
});

const size = (file) => {
  const data = readFileSync(file);
  return {
    raw: statSync(file).size,
    gzip9: gzipSync(data, { level: 9 }).length,
    brotli11: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
perf.wasm = size(env("WASM"));

await browser.close();
server.close();
writeFileSync(join(ARTIFACTS, "storage.json"), JSON.stringify(perf, null, 2));
console.log("storage:", JSON.stringify(perf));
console.log(failed ? `${failed} failed` : "storage check passed");
process.exit(failed ? 1 : 0);
