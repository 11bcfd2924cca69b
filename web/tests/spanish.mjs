// Issue 15 in the browser: a patient whose Chromium runs in es-ES, on a 360 px wide phone.
// Onboarding, Today, a check-in that must escalate and its advice, and the reminders (what the
// lock screen will show) all read Spanish; no screen pushes or clips anything past the screen's
// edge; and the language chosen in the app outlasts a reload even though the browser's locale
// says otherwise. Its own context: a fresh record.

import { openScreen } from "./phone.mjs";

const WIDTH = 360;

/** Every visible element that reaches past the right edge or clips its own text sideways. */
function overflowing(page) {
  return page.evaluate((width) => {
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push(`page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.querySelectorAll("body *")) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      // Off screen until focused (the skip link): not drawn for the patient.
      if (r.right <= 0 || r.bottom <= 0 || r.width === 0) continue;
      // A form control scrolls its own value by design (a file input's button and name): only
      // text an element hides sideways counts as cut.
      const control = ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName);
      const clips = !control && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
      if (r.right > width + 0.5 || clips) {
        const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} "${text}" right ${r.right.toFixed(0)}${clips ? `, clips ${el.scrollWidth} in ${el.clientWidth}` : ""}`);
      }
    }
    return out;
  }, WIDTH);
}

export async function spanishTests({ test, assert, browser, APP_URL, shot }) {
  const context = await browser.newContext({ locale: "es-ES", viewport: { width: WIDTH, height: 740 } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const fits = async (where) => {
    const wide = await overflowing(page);
    assert(wide.length === 0, `${where} at ${WIDTH} px: ${wide.slice(0, 5).join("; ")}`);
  };
  const open = (label) => openScreen(page, label, { screens: "Pantallas", more: "Más" });

  try {
    await test("es-ES: onboarding and Today read Spanish at 360 px", async () => {
      await page.goto(APP_URL);
      await page.getByRole("heading", { name: "Su sesión de tratamiento" }).waitFor();
      assert((await page.evaluate(() => document.documentElement.lang)) === "es", "the page's lang is not es");
      const skip = await page.locator("a.skip").textContent();
      assert(skip === "Saltar al contenido", `skip link: ${skip}`);
      const welcome = await page.getByTestId("welcome").innerText();
      assert(welcome.includes("Afterglow no hace diagnósticos"), `first-run notice: ${welcome}`);
      const screening = await page.getByTestId("screening").innerText();
      assert(screening.includes("Le salen fuegos (herpes labial)"), `screening: ${screening}`);
      await fits("onboarding");
      await shot("es-01-onboarding", page);
      await page.getByLabel("Me salen fuegos (herpes labial)").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="about-you"] input[type="checkbox"]').checked);
      await page.getByRole("button", { name: "Guardar y ver hoy" }).click();
      await page.getByTestId("today").waitFor();
      // The session as the form opened (this minute): the first phase, its restrictions ending
      // "desde hoy/mañana …".
      await page.getByRole("heading", { name: "Piel recién tratada: las primeras 24 horas" }).waitFor();
      const unlocks = await page.getByTestId("unlocks").innerText();
      assert(unlocks.includes("Maquillaje permitido") && /desde (hoy|mañana) \d{2}:\d{2}/.test(unlocks), `unlocks: ${unlocks}`);
      const card = await page.getByTestId("urgent-help").innerText();
      assert(card.includes("Llame ahora a su número local de emergencias"), `urgent help: ${card}`);
      await fits("today");
      await shot("es-02-today", page);
    });

    await test("es-ES: a check-in with pus escalates, then an urgent sign, advice in Spanish", async () => {
      await open("Control");
      await page.locator('form[data-step="UrgentFirst"]').waitFor();
      await fits("check-in, urgent-first step");
      const step = async (name) => {
        await page.locator('form button[type="submit"].primary').click();
        await page.locator(`form[data-step="${name}"]`).waitFor();
        await fits(`check-in, step ${name}`);
      };
      const pick = async (selector) => {
        await page.locator(selector).click();
        await page.waitForFunction((s) => document.querySelector(s)?.checked === true, selector);
      };
      await step("Skin");
      await pick('input[name="redness"][value="1"]');
      await pick('input[name="swelling"][value="0"]');
      await step("PainAndItch");
      await pick('input[name="pain"][value="3"]');
      await pick('input[name="itch"][value="0"]');
      await step("Signs");
      await pick('input[name="discharge"][value="Pus"]');
      await step("Finish");
      await page.locator('form button[type="submit"].primary').click();
      const triage = page.getByTestId("triage");
      await triage.waitFor();
      assert((await triage.getAttribute("data-level")) === "ContactClinic", `level ${await triage.getAttribute("data-level")}`);
      const contact = await triage.innerText();
      assert(contact.includes("Comuníquese hoy con su clínica"), `result: ${contact}`);
      await fits("contact-clinic result");
      await shot("es-03-contact-clinic", page);
      await page.getByRole("button", { name: "Nuevo control" }).click();
      await page.locator('button[name="sign-Allergy"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="triage"]')?.dataset.level === "Urgent");
      const advice = await triage.locator("p").first().innerText();
      assert(advice.startsWith("Llame ahora a su número local de emergencias"), `advice: ${advice}`);
      await fits("urgent result");
      await shot("es-04-urgent", page);
    });

    await test("es-ES: every screen fits 360 px, and the language chosen outlasts a reload", async () => {
      for (const label of ["Calendario", "Fotos", "Avisos", "Clínica", "Registros", "Acerca de", "Hoy"]) {
        await open(label);
        await page.locator("main h1").first().waitFor();
        await fits(label);
        if (label === "Fotos") {
          await page.getByRole("heading", { name: "Diario de fotos", level: 1 }).waitFor();
          await page.getByText("Todavía no hay fotos.").waitFor();
        }
        if (label === "Clínica") {
          // The clinic screen's words are the core's (shared/src/i18n/es_sharing.rs).
          await page.getByRole("heading", { name: "Su clínica", level: 1 }).waitFor();
          const clinic = await page.locator("main").innerText();
          assert(clinic.includes("Vincular con su clínica") && clinic.includes("Código de invitación"), `clinic: ${clinic.slice(0, 300)}`);
          assert(!/Link with your clinic|Invite code|Not linked to a clinic/.test(clinic), `English on the clinic screen: ${clinic.slice(0, 300)}`);
          await shot("es-06-clinic", page);
        }
        if (label === "Avisos") {
          // What the lock screen will show: the core wrote the pending notifications in Spanish.
          await page.getByRole("heading", { name: "Avisos", level: 1 }).waitFor();
          const upcoming = await page.getByTestId("upcoming").innerText();
          assert(/Vuelva a hacer el control|Control diario|Maquillaje permitido/.test(upcoming), `upcoming: ${upcoming.slice(0, 200)}`);
          assert(!/Daily check-in|Morning skincare|Check in again| OK \(/.test(upcoming), `English in upcoming: ${upcoming.slice(0, 200)}`);
          const form = await page.locator("main form").innerText();
          assert(form.includes("Avisarme de") && form.includes("Horas de silencio"), `form: ${form.slice(0, 200)}`);
          await shot("es-05-reminders", page);
        }
      }
      assert((await page.locator("main h1").first().innerText()).length > 0, "no heading on Today");
      // The browser says es-ES; the patient chooses English in the app: it stays after a reload.
      await page.getByTestId("language").click();
      await page.getByRole("navigation", { name: "Screens" }).waitFor();
      await page.reload();
      await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Today", exact: true }).waitFor();
      assert((await page.evaluate(() => document.documentElement.lang)) === "en", "the choice was not kept");
    });
  } finally {
    await context.close();
  }

  // Without a core there is no catalogue to ask: the words drawn then were written into the app
  // from it at build time (shared_types before-core), in the locale's language.
  await test("es-ES: when the core cannot load, the page says so in Spanish", async () => {
    const broken = await browser.newContext({ locale: "es-ES", viewport: { width: WIDTH, height: 740 } });
    try {
      await broken.route("**/*.wasm", (route) => route.abort());
      const tab = await broken.newPage();
      await tab.goto(APP_URL);
      await tab.getByRole("heading", { name: "Afterglow no puede iniciarse" }).waitFor({ timeout: 30_000 });
      const reason = await tab.getByRole("alert").innerText();
      assert(reason.trim().length > 0, "no reason under the heading");
    } finally {
      await broken.close();
    }
  });
}
