import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import type { Plugin } from "vite";
import { readFileSync } from "node:fs";

// The app starts after the first paint: the entry script Vite puts in the page is replaced by
// `public/boot.js`, which requests the script and the wasm core together once the frame (and a
// first visit's notice) is on screen. The core is preloaded, because its glue code would only
// fetch it once the script has run: the first view then waits for one download, not two in a
// row. `crossorigin` makes the preload's credentials mode match fetch()'s default (same-origin),
// else the browser would download the core twice.
function startAfterFirstPaint(): Plugin {
  return {
    name: "afterglow-start-after-first-paint",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const core = Object.keys(ctx.bundle ?? {}).find((f) => /afterglow_web_bg-[\w-]+\.wasm$/.test(f));
        if (!core) throw new Error("the wasm core is not in the bundle: nothing to preload");
        const entryTag = /<script type="module" crossorigin src="(\/app\/assets\/index-[\w-]+\.js)"><\/script>\s*/;
        const entry = entryTag.exec(html)?.[1];
        if (!entry) throw new Error("no entry <script> in index.html to start after the first paint");
        if (html.includes('rel="modulepreload"')) throw new Error("index.html preloads modules: start them from boot.js too");
        return {
          html: html.replace(entryTag, ""),
          tags: [{ tag: "script", attrs: { src: "/app/boot.js", defer: true, "data-entry": entry, "data-core": `/app/${core}` }, injectTo: "head" }],
        };
      },
    },
  };
}

// The page carries its style, and a first visit paints the core's first-run notice at once, before the script and the wasm core
// have arrived (it is the largest thing on the first screen, so the largest paint no longer waits
// for the core). The words are the core's (`shared_types first-run`, run by `cargo xtask
// web-build`); the markup is App's welcome card, which replaces it, unmoved, once the core has
// started. A returning patient's navigations are answered by the service worker with
// `shell.html`, the frame alone, so a patient with a session never sees the notice flash.
function firstRunNotice(): Plugin {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return {
    name: "afterglow-first-run-notice",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const page = bundle["index.html"];
      if (!page || page.type !== "asset") throw new Error("index.html is not in the bundle");
      // The style (6 KB) goes into the page: the first paint then waits for no other request.
      const css = Object.values(bundle).filter((f) => f.type === "asset" && f.fileName.endsWith(".css"));
      if (css.length !== 1) throw new Error(`expected one stylesheet, found ${css.length}`);
      const [style] = css as { fileName: string; source: string | Uint8Array }[];
      const link = new RegExp(`<link rel="stylesheet"[^>]*href="/app/${style.fileName}"[^>]*>`);
      const withLink = String(page.source);
      if (!link.test(withLink)) throw new Error(`no <link> to ${style.fileName} in index.html`);
      const frame = withLink.replace(link, () => `<style>${String(style.source).replace(/<\/style/gi, "<\\/style")}</style>`);
      delete bundle[style.fileName];
      this.emitFile({ type: "asset", fileName: "shell.html", source: frame });
      const notice = JSON.parse(readFileSync(new URL("./generated/first-run.json", import.meta.url), "utf8")) as { title: string; lines: string[] };
      const card = `<section class="card warn" role="note" aria-labelledby="welcome-title"><h2 id="welcome-title">${escape(notice.title)}</h2>`
        + `<ul>${notice.lines.map((line) => `<li>${escape(line)}</li>`).join("")}</ul></section>`;
      const main = '<main class="page">';
      if (!frame.includes(main)) throw new Error(`index.html has no ${main} to put the first-run notice in`);
      page.source = frame.replace(main, main + card);
    },
  };
}

// Served by the clinic server under /app/ (same origin as the share API: no CORS).
export default defineConfig({
  base: "/app/",
  plugins: [
    react(),
    startAfterFirstPaint(),
    firstRunNotice(),
    // Installable and offline-first: a manifest, and a Workbox service worker (scope /app/) that
    // precaches the shell and the wasm core. "prompt": a new worker waits until the patient
    // chooses to reload (web/src/UpdatePrompt.tsx), so a half-filled form is never lost.
    VitePWA({
      registerType: "prompt",
      injectRegister: false,
      filename: "sw.js",
      manifestFilename: "manifest.webmanifest",
      includeAssets: [],
      manifest: {
        id: "/app/",
        name: "Afterglow — aftercare companion",
        short_name: "Afterglow",
        description: "Aftercare after microneedling: check-ins, reminders and photos, kept on this device.",
        start_url: "/app/",
        scope: "/app/",
        display: "standalone",
        theme_color: "#3b0764",
        background_color: "#fafaf9",
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // Icons are left out: only installing uses them, and they would add 57 KB to the first visit.
        globPatterns: ["**/*.{js,css,html,wasm,webmanifest}"],
        // The wasm core is about 1.6 MB raw.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // Navigations (a returning patient) get the frame without the first-run notice.
        navigateFallback: "/app/shell.html",
        directoryIndex: "shell.html",
        cleanupOutdatedCaches: true,
        // Background Sync: the worker's `sync` event wakes the open pages (public/sync-relay.js).
        importScripts: ["sync-relay.js"],
      },
    }),
  ],
  // The typegen leaves compiled CommonJS (.js) beside its TypeScript sources; use the sources.
  resolve: { extensions: [".ts", ".tsx", ".mjs", ".js", ".jsx", ".json"] },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
  // The app's worker (web/src/worker/main.ts) is an ES module, as is the wasm core's glue.
  worker: { format: "es" },
});
