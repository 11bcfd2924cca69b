import { createContext, useContext } from "react";
import type { Shell } from "../shell/core";
import type { ViewModel, Event } from "../shell/types";

export interface AppContext {
  shell: Shell;
  view: ViewModel;
  send: (event: Event) => Promise<void>;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useApp outside the app");
  return ctx;
}

/** Offers a Blob as a file download (exports, .ics, comparison PNG). */
export function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name.split("/").pop() || name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
