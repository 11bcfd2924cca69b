// Where the web app keeps the record (docs/web-storage.md), as a patient meets it: the previous
// build's IndexedDB record moved on the first start, and a browser without lasting storage.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { seedIndexedDb } from "./indexeddb-fixture.mjs";

export async function recordTests({ test, assert, browser, APP_URL, FIXTURE, inspect, tab, shot }) {
  await test("the previous build's IndexedDB record moves into SQLite on the first start: every row, the photos, the link", async () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
    const fresh = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    try {
      const p = await fresh.newPage();
      // A file of the app's origin that does not start the app: the record is written there first,
      // as the IndexedDB build left it.
      await p.goto(new URL("manifest.webmanifest", APP_URL).href);
      await seedIndexedDb(p, fixture);
      await p.goto(APP_URL);
      await p.getByTestId("today").waitFor();
      const held = await inspect(p);
      const count = (store) => fixture.stores[store].length;
      assert(held.persistent === true, "the moved record is not on OPFS");
      assert(held.sessions === count("sessions") && held.checkins === count("checkins"), `moved: ${JSON.stringify(held).slice(0, 300)}`);
      assert(held.photos.length === count("photos") && held.outbox.length === count("outbox"), `moved: ${JSON.stringify(held).slice(0, 300)}`);
      assert(held.linked === true && held.token_kept === true, "the clinic link or its token did not move");
      const databases = await p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      assert(!databases.includes("afterglow"), `IndexedDB still holds: ${databases}`);
      await tab("Photos", p);
      await p.locator(".thumb img").nth(1).waitFor();
      await shot("13b-moved-from-indexeddb", p);
    } finally {
      await fresh.close();
    }
  });

  await test("without lasting storage (an insecure origin) the record is kept in memory and the core says so on every screen", async () => {
    // The app's own server, reached by a name that is not loopback: no secure context, so no OPFS,
    // Web Locks or service worker.
    const app = new URL(APP_URL);
    const insecure = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP insecure.afterglow.test ${app.hostname}`],
    });
    try {
      const p = await (await insecure.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
      const url = `http://insecure.afterglow.test:${app.port}${app.pathname}`;
      await p.goto(url);
      const notice = p.getByTestId("record-in-memory");
      await notice.waitFor();
      const words = await notice.innerText();
      assert(words.includes("Nothing you enter is kept after you close this page") && words.includes("normal window"), words);
      assert((await inspect(p)).persistent === false, "the worker says the record lasts");
      await p.getByRole("button", { name: "Save and see today" }).click();
      await p.getByTestId("today").waitFor();
      assert((await p.getByTestId("record-in-memory").count()) === 1, "the notice left Today");
      assert((await inspect(p)).sessions === 1, "the session was not kept for the session");
      await shot("13c-record-in-memory", p);
      // As it said: closing the page (here, loading it again) starts over.
      await p.goto(url);
      await p.getByRole("button", { name: "Save and see today" }).waitFor();
      assert((await inspect(p)).sessions === 0, "a record in memory outlasted the page");
    } finally {
      await insecure.close();
    }
  });
}
