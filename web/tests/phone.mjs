// The phone layout (issue 20) at 390 × 844: the tabs as a bottom bar of at most five with the
// rest under "More", every control at least 44 × 44 px on every screen, and the trend chart
// drawing a patient's first check-in. Called from run.mjs with the record the other tests filled.

export const SCREENS = ["Today", "Timeline", "Check-in", "Photos", "Reminders", "Clinic", "Records", "About"];

/** Opens a screen by its tab, through "More" when the tab is not in the bottom bar, and waits
 * until the app shows it (its tab is the current page), not just until the tap. */
export async function openScreen(page, label, { screens = "Screens", more = "More" } = {}) {
  const nav = page.getByRole("navigation", { name: screens });
  const button = nav.getByRole("button", { name: label, exact: true });
  // The bar and all its tabs are drawn together: once it is there, a hidden tab is under More.
  await nav.waitFor();
  if (!(await button.isVisible())) await nav.getByRole("button", { name: more, exact: true }).click();
  await button.click();
  const whole = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await nav.locator('button[aria-current="page"]', { hasText: whole }).waitFor({ state: "attached" });
}

/** Every visible control smaller than 44 × 44 px. A checkbox, radio or file input is pressed
 * through its label, so the label is what is measured for those. */
export function smallTargets(page) {
  return page.evaluate(() => {
    const small = [];
    for (const el of document.querySelectorAll("button, a[href], input, select, textarea, summary")) {
      const target = ["checkbox", "radio", "file"].includes(el.type) ? (el.closest("label") ?? el) : el;
      if (!target.checkVisibility({ visibilityProperty: true })) continue;
      const r = target.getBoundingClientRect();
      // Off screen until focused (the skip link): not a target to touch.
      if (r.right <= 0 || r.bottom <= 0) continue;
      if (r.width < 44 - 0.01 || r.height < 44 - 0.01) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? el.name ?? "").trim().slice(0, 40);
        small.push(`${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ""} "${name}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
      }
    }
    return small;
  });
}

export async function phoneTests({ test, assert, page, browser, APP_URL, checkIn, shot }) {
  await test("at 390 px the tabs are a bottom bar of five, the rest under More", async () => {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(APP_URL);
      const nav = page.getByRole("navigation", { name: "Screens" });
      await nav.waitFor();
      const box = await nav.boundingBox();
      assert(Math.abs(box.y + box.height - 844) < 1 && box.width >= 389, `the bar is not at the bottom: ${JSON.stringify(box)}`);
      const visible = await nav.getByRole("button").evaluateAll((bs) => bs.filter((b) => b.checkVisibility()).map((b) => b.textContent));
      assert(visible.length <= 5 && visible.at(-1) === "More", `bottom bar: ${visible.join(", ")}`);
      const more = nav.getByRole("button", { name: "More", exact: true });
      assert((await more.getAttribute("aria-expanded")) === "false", "More is open before it is pressed");
      await more.click();
      assert((await more.getAttribute("aria-expanded")) === "true", "More does not say it is open");
      const rest = SCREENS.filter((s) => !visible.includes(s));
      for (const s of rest) assert(await nav.getByRole("button", { name: s, exact: true }).isVisible(), `${s} is not under More`);
      await shot("22-phone-more", page);
      // Escape closes it and gives focus back to More.
      await nav.getByRole("button", { name: "Clinic", exact: true }).focus();
      await page.keyboard.press("Escape");
      assert((await more.getAttribute("aria-expanded")) === "false", "Escape does not close More");
      assert(await more.evaluate((b) => b === document.activeElement), "focus is not back on More after Escape");
      await more.click();
      await nav.getByRole("button", { name: "Reminders", exact: true }).click();
      await page.getByRole("heading", { level: 1 }).filter({ hasText: /remind/i }).waitFor();
      assert(!(await nav.getByRole("button", { name: "Reminders", exact: true }).isVisible()), "More stays open after a choice");
      assert((await more.getAttribute("aria-current")) === "page", "More does not show that a screen under it is open");
      // The bar covers nothing: the last thing on the page can scroll above it.
      const covered = await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        const last = [...document.querySelectorAll("#main *")].filter((e) => e.getBoundingClientRect().height > 0).at(-1);
        return last.getBoundingClientRect().bottom > document.querySelector('nav[aria-label="Screens"]').getBoundingClientRect().top + 0.5;
      });
      assert(!covered, "the bottom bar covers the end of the page");
    } finally {
      await page.setViewportSize(before);
    }
  });

  await test("at 390 px every button, link and field on every screen is at least 44 × 44 px", async () => {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(APP_URL);
      await page.getByRole("navigation", { name: "Screens" }).waitFor();
      const found = [];
      let measured = 0;
      for (const screen of SCREENS) {
        await openScreen(page, screen);
        await page.waitForTimeout(300); // one render after the core's view arrives
        measured += await page.locator("button, a[href], input, select, textarea").count();
        for (const s of await smallTargets(page)) found.push(`${screen}: ${s}`);
      }
      // With More open its tabs are measured too.
      await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "More", exact: true }).click();
      for (const s of await smallTargets(page)) found.push(`More open: ${s}`);
      assert(measured > 50, `only ${measured} controls measured`);
      assert(found.length === 0, `targets under 44 × 44 px:\n${found.join("\n")}`);
    } finally {
      await page.setViewportSize(before);
    }
  });

  await test("on a slow network the frame paints before the wasm core arrives, which downloads once, beside the script", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(60_000);
    const slow = await context.newPage();
    try {
      // About Lighthouse's mobile network: 1.6 Mbit/s down, 150 ms round trips.
      const cdp = await context.newCDPSession(slow);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 84_000 });
      await slow.goto(APP_URL);
      await slow.getByRole("heading", { name: "Your treatment session" }).waitFor();
      const t = await slow.evaluate(() => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime;
        const res = performance.getEntriesByType("resource");
        const wasm = res.filter((e) => e.name.endsWith(".wasm"));
        const script = res.find((e) => /\/assets\/index-[^/]+\.js$/.test(e.name));
        return { fcp, wasm: wasm.map((e) => ({ start: e.startTime, end: e.responseEnd, initiator: e.initiatorType })), scriptEnd: script?.responseEnd };
      });
      assert(t.wasm.length === 1, `the wasm core was fetched ${t.wasm.length} times: ${JSON.stringify(t)}`);
      const [wasm] = t.wasm;
      assert(wasm.initiator === "link", `the wasm core was not preloaded by the page: ${JSON.stringify(t)}`);
      assert(wasm.start < t.scriptEnd, `the core's download began after the script's had ended: ${JSON.stringify(t)}`);
      assert(t.fcp != null && t.fcp < wasm.end, `the first paint waited for the core: ${JSON.stringify(t)}`);
      // The app's worker, which runs the core, takes the module the page preloaded from the
      // HTTP cache: nothing more on the wire.
      const [worker] = slow.workers();
      assert(worker, "the app's worker is not running");
      const inWorker = await worker.evaluate(() => performance.getEntriesByType("resource")
        .filter((e) => e.name.endsWith(".wasm")).map((e) => ({ transfer: e.transferSize, decoded: e.decodedBodySize })));
      assert(inWorker.length === 1 && inWorker[0].transfer === 0 && inWorker[0].decoded > 0, `the worker's fetch of the core: ${JSON.stringify(inWorker)}`);
    } finally {
      await context.close();
    }
  });

  await test("the trend chart shows a patient's first and only check-in", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(60_000);
    const fresh = await context.newPage();
    try {
      await fresh.goto(APP_URL);
      await fresh.getByRole("button", { name: "Save and see today" }).click();
      await fresh.getByTestId("today").waitFor();
      await openScreen(fresh, "Check-in");
      await checkIn(fresh, { pain: 3 });
      await fresh.getByTestId("triage").waitFor();
      const trend = fresh.getByTestId("trend");
      await trend.waitFor();
      const dots = await trend.locator("svg g[data-series] circle").evaluateAll((cs) => cs.map((c) => {
        const r = c.getBoundingClientRect();
        const svg = c.ownerSVGElement.getBoundingClientRect();
        return { series: c.parentElement.dataset.series, w: r.width, cx: r.x + r.width / 2 - svg.x, svgWidth: svg.width, fill: getComputedStyle(c).fill };
      }));
      assert(dots.length === 3, `one check-in should draw 3 dots (pain, redness, swelling), drew ${JSON.stringify(dots)}`);
      for (const d of dots) {
        assert(d.w >= 4 && d.fill !== "none", `${d.series} dot not drawn: ${JSON.stringify(d)}`);
        assert(d.cx > 0 && d.cx < d.svgWidth, `${d.series} dot outside the chart: ${JSON.stringify(d)}`);
      }
      await shot("23-trend-one-checkin", fresh);
    } finally {
      await context.close();
    }
  });
}
