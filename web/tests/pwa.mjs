// The installable, offline-first app (issue 20), in a fresh browser context of its own:
// the first visit's bytes on the wire, the manifest, the service worker taking control, the
// app opening offline with the record and taking a check-in, and the update prompt that never
// reloads on its own. Called from run.mjs after the other tests (it redeploys sw.js).
import { readFileSync, writeFileSync, existsSync, renameSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const DIST = new URL("../dist/", import.meta.url).pathname;
const KB = 1000;

export async function pwaTests({ test, assert, browser, portalPage, APP_URL, CLINIC_URL, INVITE_CODE_3, perf, checkIn, countRows, inspect, shot, startCheckIn, nextStep, pick }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const tab = (label) => page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: label, exact: true }).click();

  await test("the first visit is small on the wire (brotli), a repeat visit downloads nothing", async () => {
    await page.goto(APP_URL);
    await page.getByRole("heading", { name: "Your treatment session" }).waitFor();
    const entries = await page.evaluate(() => [
      ...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource"),
    ].map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));
    const total = entries.reduce((n, e) => n + e.transfer, 0);
    const wasm = entries.filter((e) => e.name.endsWith(".wasm")).reduce((n, e) => n + e.transfer, 0);
    perf.first_visit_bytes = { total_on_wire: total, wasm_on_wire: wasm, entries };
    // The module carries SQLite (lean: docs/web-storage.md), the store and the share client:
    // about 285 KB of the 700 (README, "Web app").
    assert(wasm > 0 && wasm <= 720 * KB, `wasm on the wire: ${wasm} B (budget 720 KB)`);
    assert(total <= 820 * KB, `first visit on the wire: ${total} B (budget 820 KB)`);
    // Brotli really was used: the wasm arrived far smaller than it is.
    const core = entries.find((e) => e.name.endsWith(".wasm"));
    assert(core.encoded < core.decoded / 3, `wasm not compressed: ${core.encoded} of ${core.decoded}`);
  });

  await test("the web app manifest is linked and names the app, its icons and /app/", async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    assert(href, "no <link rel=manifest>");
    const url = new URL(href, APP_URL).href;
    // Fetched by the page (its origin's name resolves in the browser).
    const get = (u) => page.evaluate(async (u) => {
      const r = await fetch(u, { cache: "no-store" });
      return { ok: r.ok, type: r.headers.get("content-type"), body: [...new Uint8Array(await r.arrayBuffer())] };
    }, u);
    const response = await get(url);
    assert(response.type === "application/manifest+json", `manifest type: ${response.type}`);
    const m = JSON.parse(Buffer.from(response.body).toString());
    assert(m.name && m.short_name && m.start_url === "/app/" && m.display === "standalone" && /^#[0-9a-f]{6}$/i.test(m.theme_color), `manifest: ${JSON.stringify(m)}`);
    for (const [size, purpose] of [["192x192", undefined], ["512x512", undefined], ["512x512", "maskable"]]) {
      const icon = m.icons.find((i) => i.sizes === size && i.purpose === purpose);
      assert(icon, `no ${size} ${purpose ?? "any"} icon`);
      const png = await get(new URL(icon.src, url).href);
      const body = Buffer.from(png.body);
      assert(png.ok && body.subarray(1, 4).toString() === "PNG", `icon ${icon.src}`);
      const [w, h] = [body.readUInt32BE(16), body.readUInt32BE(20)];
      assert(`${w}x${h}` === size, `icon ${icon.src} is ${w}x${h}`);
    }
  });

  await test("after the first visit a service worker (scope /app/) controls the page", async () => {
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert(new URL(scope).pathname === "/app/", `scope ${scope}`);
    // Each answer is saved by the core at once; the box shows the stored answer.
    await page.getByLabel("I get cold sores").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="about-you"] input[type="checkbox"]').checked);
    await page.getByRole("button", { name: "Save and see today" }).click();
    await page.getByTestId("today").waitFor();
    await page.reload();
    await page.getByTestId("today").waitFor();
    assert(await page.evaluate(() => navigator.serviceWorker.controller !== null), "no service worker controls the page");
    const again = await page.evaluate(() => performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation"))
      .filter((e) => new URL(e.name).pathname.startsWith("/app/")).reduce((n, e) => n + e.transferSize, 0));
    perf.repeat_visit_app_bytes_on_wire = again;
    assert(again === 0, `a repeat visit downloaded ${again} B of the app`);
  });

  await test("Chromium finds the app installable (and the portal, with no manifest, not)", async () => {
    // Chromium's own install criteria (what its install prompt checks), through the DevTools
    // protocol. It answers only "in-incognito" in a throwaway context, so this uses a profile on disk.
    const profile = mkdtempSync(join(tmpdir(), "afterglow-install-"));
    const install = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      viewport: { width: 390, height: 844 },
    });
    try {
      const p = await install.newPage();
      const cdp = await install.newCDPSession(p);
      const errors = async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors.map((e) => e.errorId);
      await p.goto(`${CLINIC_URL}/login`);
      const portal = await errors();
      assert(portal.length > 0, "the portal (no manifest) counts as installable: the check sees nothing");
      await p.goto(APP_URL);
      await p.getByRole("heading", { name: "Your treatment session" }).waitFor();
      await p.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      const app = await errors();
      assert(app.length === 0, `installability errors: ${app.join(", ")}`);
    } finally {
      await install.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  await test("offline, a reload opens Today with the record and a check-in is stored", async () => {
    const before = await countRows("checkins", page);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByTestId("today").waitFor();
      assert((await page.getByTestId("unlocks").locator("tbody tr").count()) > 0, "offline Today has no session");
      await shot("pwa-offline-today", page);
      await tab("Check-in");
      await checkIn(page);
      await page.getByTestId("triage").waitFor();
      assert((await countRows("checkins", page)) === before + 1, "the offline check-in was not stored");
      await page.reload();
      await tab("Check-in");
      await page.getByTestId("history").locator("li").nth(before).waitFor();
    } finally {
      await context.setOffline(false);
    }
  });

  await test("Background Sync: a share queued offline leaves when the network is back, woken by the service worker", async () => {
    // Linked to the clinic (a patient of its own), at the Clinic screen (under More at 390 px).
    const nav = page.getByRole("navigation", { name: "Screens" });
    const clinic = nav.getByRole("button", { name: "Clinic", exact: true });
    if (!(await clinic.isVisible())) await nav.getByRole("button", { name: "More", exact: true }).click();
    await clinic.click();
    await page.locator('input[name="invite"]').fill(INVITE_CODE_3);
    await page.getByRole("button", { name: "Link to my clinic" }).click();
    await page.getByTestId("linked").waitFor();
    // Only the worker's wake-up may flush on reconnecting: the page's own `online` handler is
    // silenced (a capturing listener runs first), and each wake-up is recorded.
    await page.evaluate(() => {
      window.__wakeUps = [];
      navigator.serviceWorker.addEventListener("message", (e) => { if (e.data?.type === "afterglow-sync") window.__wakeUps.push(Date.now()); });
      window.addEventListener("online", (e) => e.stopImmediatePropagation(), true);
    });
    const outbox = async () => (await inspect(page)).outbox;
    const tags = () => page.evaluate(async () => (await navigator.serviceWorker.ready).sync.getTags());
    await context.setOffline(true);
    let restored = 0;
    try {
      await page.getByRole("button", { name: "Share my check-ins, photos and sessions" }).click();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="outbox"] li')].some((li) => li.dataset.state === "Queued"));
      assert((await tags()).includes("afterglow-outbox"), `no Background Sync tag registered: ${await tags()}`);
      await shot("pwa-background-sync-queued", page);
      // The core's backoff decides when an item may go again: restore the network once all are due.
      const due = Math.max(...(await outbox()).filter((r) => r.state === "queued").map((r) => r.next_attempt_utc_ms));
      await page.waitForTimeout(Math.max(0, due - Date.now()) + 100);
    } finally {
      await context.setOffline(false);
      restored = Date.now();
    }
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('[data-testid="outbox"] li')];
      return items.length > 0 && items.every((li) => li.dataset.state === "Sent");
    }, null, { timeout: 30_000 });
    const sentAfter = Date.now() - restored;
    // One run (of about twenty) had everything sent and no wake-up yet (the page's own 15 s
    // tick also sends what is due): the wake-up is waited for on its own, up to 30 s, so a late
    // `sync` is told apart from none.
    await page.waitForFunction(() => window.__wakeUps.length > 0, null, { timeout: 30_000 }).catch(() => {});
    const wakeUps = await page.evaluate(() => window.__wakeUps);
    assert(wakeUps.length >= 1 && wakeUps[0] >= restored - 1000, `the service worker did not wake the page: ${wakeUps}`);
    const rows = await outbox();
    assert(rows.length >= 2 && rows.every((r) => r.state === "sent"), `outbox: ${JSON.stringify(rows.map((r) => [r.kind, r.state]))}`);
    assert((await tags()).length === 0, `a sync tag is left: ${await tags()}`);
    // The staff portal shows each check-in once: as many as the outbox sent, none twice.
    const shared = rows.filter((r) => r.kind === "checkin").length;
    const staff = await portalPage();
    try {
      await staff.goto(`${CLINIC_URL}/patients`);
      await staff.getByRole("link", { name: /Third Patient/ }).first().click();
      await staff.waitForURL(/patients\/[^/]+$/);
      const atClinic = await staff.getByTestId("findings").count();
      assert(shared > 0 && atClinic === shared, `the portal shows ${atClinic} check-ins of the ${shared} sent`);
    } finally {
      await staff.close();
    }
    perf.background_sync = { items: rows.length, woken_ms_after_reconnect: wakeUps[0] - restored, all_sent_ms_after_reconnect: sentAfter };
  });

  await test("a new deployment prompts for a reload and keeps a half-filled form until then", async () => {
    // Redeploy: a changed sw.js (its precompressed copies set aside so the change is served).
    const sw = `${DIST}sw.js`;
    const original = readFileSync(sw);
    const variants = [".br", ".gz"].filter((s) => existsSync(sw + s));
    try {
      for (const s of variants) renameSync(sw + s, `${sw + s}.kept`);
      writeFileSync(sw, Buffer.concat([original, Buffer.from(`\n// redeployed ${Date.now()}\n`)]));
      await tab("Check-in");
      await startCheckIn(page);
      await nextStep(page, "Skin");
      await pick(page, 'input[name="redness"][value="2"]');
      await pick(page, 'input[name="swelling"][value="1"]');
      await nextStep(page, "PainAndItch");
      await pick(page, 'input[name="pain"][value="6"]');
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const prompt = page.getByTestId("update-ready");
      await prompt.waitFor();
      const words = await prompt.innerText();
      assert(words.includes("A new version is ready") && words.includes("reload"), `prompt: ${words}`);
      await shot("pwa-update-ready", page);
      // Nothing reloads by itself: the half-filled form is still there a while later.
      await page.waitForTimeout(3000);
      assert(await page.locator('input[name="pain"][value="6"]').isChecked(), "the form was lost");
      await page.getByRole("button", { name: "Back" }).click();
      await page.locator('form[data-step="Skin"]').waitFor();
      assert(await page.locator('input[name="redness"][value="2"]').isChecked(), "the form was lost");
      const oldWorker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
      await Promise.all([page.waitForEvent("load"), prompt.getByRole("button").click()]);
      await page.getByTestId("today").waitFor();
      const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting);
      assert(waiting === null && oldWorker, "the new worker is still waiting after the reload");
      assert((await page.getByTestId("update-ready").count()) === 0, "the prompt stays after the reload");
    } finally {
      writeFileSync(sw, original);
      for (const s of variants) renameSync(`${sw + s}.kept`, sw + s);
    }
  });

  await context.close();
}
