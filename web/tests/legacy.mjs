// The record as the IndexedDB build of the web app keeps it, dumped whole when DUMP_INDEXEDDB
// names a file: every object store with its keys, blobs as base64. A dump made by that build is
// the fixture its move to SQLite is tested against (crates/store/tests/fixtures/).
import { writeFileSync } from "node:fs";
import { readIndexedDb } from "./storage/indexeddb.js";

export async function dumpIndexedDb(page, file) {
  const { dump } = await page.evaluate(readIndexedDb, { inlineBlobs: true });
  writeFileSync(file, JSON.stringify(dump, null, 1));
  return dump;
}
