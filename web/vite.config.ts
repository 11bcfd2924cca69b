import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import type { Plugin } from "vite";

// The wasm core is fetched by its glue code only once the script has run; a preload in the page
// starts the download beside the script's, so the first screen waits for one download, not two
// in a row. `crossorigin` makes the preload's credentials mode match fetch()'s default
// (same-origin), else the browser would download the core twice.
function preloadWasmCore(): Plugin {
  return {
    name: "afterglow-preload-wasm-core",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const core = Object.keys(ctx.bundle ?? {}).find((f) => /afterglow_web_bg-[\w-]+\.wasm$/.test(f));
        if (!core) throw new Error("the wasm core is not in the bundle: nothing to preload");
        return [{
          tag: "link",
          attrs: { rel: "preload", href: `/app/${core}`, as: "fetch", type: "application/wasm", crossorigin: "anonymous" },
          injectTo: "head",
        }];
      },
    },
  };
}

// Served by the clinic server under /app/ (same origin as the share API: no CORS).
export default defineConfig({
  base: "/app/",
  plugins: [
    react(),
    preloadWasmCore(),
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
        description: "Aftercare after a laser or light treatment: check-ins, reminders and photos, kept on this device.",
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
        navigateFallback: "/app/index.html",
        cleanupOutdatedCaches: true,
        // Background Sync: the worker's `sync` event wakes the open pages (public/sync-relay.js).
        importScripts: ["sync-relay.js"],
      },
    }),
  ],
  // The typegen leaves compiled CommonJS (.js) beside its TypeScript sources; use the sources.
  resolve: { extensions: [".ts", ".tsx", ".mjs", ".js", ".jsx", ".json"] },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
});
