// Starts the app once the first screen is painted (vite.config.ts, `startAfterFirstPaint`).
// The page already shows the frame and, on a first visit, the core's first-run notice; the
// script and the wasm core (about 0.5 MB on the wire) are requested only after that paint, so
// they never share the network with what the patient sees first. Both are requested together:
// the core downloads beside the script, not after it.
(() => {
  const { entry, core } = document.currentScript.dataset;
  const start = () => {
    document.head.append(Object.assign(document.createElement("link"), {
      rel: "preload", href: core, as: "fetch", type: "application/wasm", crossOrigin: "anonymous",
    }));
    document.head.append(Object.assign(document.createElement("script"), {
      type: "module", src: entry, crossOrigin: "anonymous",
    }));
  };
  // A page opened in the background paints nothing until shown: start it at once.
  if (document.visibilityState === "hidden") start();
  else requestAnimationFrame(() => setTimeout(start, 0));
})();
