import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served by the clinic server under /app/ (same origin as the share API: no CORS).
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  // The typegen leaves compiled CommonJS (.js) beside its TypeScript sources; use the sources.
  resolve: { extensions: [".ts", ".tsx", ".mjs", ".js", ".jsx", ".json"] },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
});
