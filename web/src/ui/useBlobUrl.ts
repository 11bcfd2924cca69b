import { useEffect, useState } from "react";
import { blobOf } from "../shell/photos";
import { useApp } from "./context";

/** An object URL for a stored image (by file name), revoked when no longer shown. */
export function useBlobUrl(name: string | null | undefined): string | null {
  const { shell } = useApp();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!name) return;
    let made: string | null = null;
    let live = true;
    blobOf(shell.db, name).then((b) => { if (live) { made = URL.createObjectURL(b); setUrl(made); } }).catch(() => setUrl(null));
    return () => { live = false; if (made) URL.revokeObjectURL(made); };
  }, [name, shell]);
  return url;
}
