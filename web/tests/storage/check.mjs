// The record's storage in the browser, checked in Debian's headless Chromium: web/core built
// with its `sqlite` feature (afterglow_store on SQLite compiled to wasm), in a dedicated worker,
// the file in OPFS through the sahpool VFS. A real HTTP server on loopback serves the page.
// Started by `cargo xtask web-test` (env: CHROMIUM, FIXTURE, APP_WASM, SQLITE_WASM); what it
// measures goes to web/test-artifacts/storage.json.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { extname, join, normalize } from "node:path";

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
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
  if (!path.startsWith("tests/storage/") && !path.startsWith("generated/pkg-sqlite/")) {
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

// bincode of StoreOperation::LoadRecord, and of SaveLanguage { tag: "es" } (variant 7, u64 length).
const LOAD_RECORD = [0, 0, 0, 0];
const SAVE_SPANISH = [7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 101, 115];
const DONE = [2, 0, 0, 0];
const LOADED = [0, 0, 0, 0];

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

await test("a second tab is refused the file the first holds (never an empty record), and opens it once the first is closed", async () => {
  const second = await openPage();
  let refused = null;
  try {
    await call(second, "open");
  } catch (e) {
    refused = String(e.message);
  }
  assert(refused !== null, "the second tab opened the file the first holds");
  perf.second_tab_refusal = refused.slice(0, 160);
  await first.close();
  await second.reload();
  await second.waitForFunction(() => window.ready === true);
  assert((await call(second, "open")).persistent === true, "not lasting in the second tab");
  const seen = bytes(await call(second, "handle", LOAD_RECORD));
  assert(seen.join() === record.join(), "the second tab reads another record");
  first = second;
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
perf.wasm = { app_without_sqlite: size(env("APP_WASM")), with_sqlite: size(env("SQLITE_WASM")) };

await browser.close();
server.close();
writeFileSync(join(ARTIFACTS, "storage.json"), JSON.stringify(perf, null, 2));
console.log("storage:", JSON.stringify(perf));
console.log(failed ? `${failed} failed` : "storage check passed");
process.exit(failed ? 1 : 0);
