/// <reference types="vite-plugin-pwa/client" />
// The service worker's update flow. A new deployment installs a new worker that waits; this
// shows the core's words for it with a button, and reloads only when the patient presses it,
// so a half-filled form is never lost. Offline, the waiting page is served from the precache.
import { useEffect, useState } from "react";
import { registerSW } from "virtual:pwa-register";
import { whenStarted } from "./shell/core";

export function UpdatePrompt() {
  const [words, setWords] = useState("");
  const [update, setUpdate] = useState<(() => Promise<void>) | null>(null);

  useEffect(() => whenStarted((shell) => shell.subscribe((view) => setWords(view.update_ready))), []);

  // Registered once the core has started: the worker's install downloads the whole app again
  // (the wasm core too) and would otherwise compete with the first visit's own downloads.
  useEffect(() => whenStarted(() => {
    if (!("serviceWorker" in navigator)) return;
    const updateSW = registerSW({
      immediate: true,
      // A worker is waiting: offer the reload (skip waiting, then reload once it controls).
      onNeedRefresh: () => setUpdate(() => () => updateSW(true)),
      onRegisteredSW: (_url, registration) => {
        // Look for a new deployment on every visit back to the app and hourly while it is open.
        if (!registration) return;
        const check = () => void registration.update().catch(() => {});
        document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") check(); });
        window.setInterval(check, 3600_000);
      },
    });
  }), []);

  if (!update || !words) return null;
  return (
    <div role="status" data-testid="update-ready" className="update-ready">
      <button type="button" onClick={() => void update()}>{words}</button>
    </div>
  );
}
