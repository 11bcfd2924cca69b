import { useEffect, useState } from "react";
import { readFile } from "../worker/files.js";

/** An object URL for a stored image (by the file name its row gives, `photos/<sha256>.jpg`, read
 *  from OPFS), revoked when no longer shown. */
export function useBlobUrl(name: string | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!name) return;
    let made: string | null = null;
    let live = true;
    readFile(name).then((b) => {
      if (live && b) { made = URL.createObjectURL(b); setUrl(made); } else if (live) setUrl(null);
    });
    return () => { live = false; if (made) URL.revokeObjectURL(made); };
  }, [name]);
  return url;
}
