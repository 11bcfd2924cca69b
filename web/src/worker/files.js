// The journal's image files in the origin-private file system, named as the rows name them
// (`photos/<sha256>.jpg`). The asynchronous OPFS API, which pages and workers both have: the
// worker writes and removes, the page reads what it shows. Plain JavaScript, shared by the app
// (worker and page) and the storage check.

async function folder(path, create) {
  let dir = await navigator.storage.getDirectory();
  for (const part of path) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

function split(name) {
  const parts = name.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) throw new Error(`not a stored file name: ${name}`);
  return { path: parts.slice(0, -1), file: parts.at(-1) };
}

/** A stored file as a Blob, or null when it is not there. */
export async function readFile(name) {
  try {
    const { path, file } = split(name);
    return await (await (await folder(path, false)).getFileHandle(file)).getFile();
  } catch {
    return null;
  }
}

/** A stored file's bytes, or null. */
export async function readBytes(name) {
  const blob = await readFile(name);
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

/** Writes a file whole: the bytes go to a new file that replaces the old one when closed. */
export async function writeFile(name, data) {
  const { path, file } = split(name);
  const handle = await (await folder(path, true)).getFileHandle(file, { create: true });
  const writable = await handle.createWritable();
  try {
    await writable.write(data);
    await writable.close();
  } catch (e) {
    await writable.abort().catch(() => {});
    throw e;
  }
}

/** Removes a file; a missing one is not an error. */
export async function removeFile(name) {
  try {
    const { path, file } = split(name);
    await (await folder(path, false)).removeEntry(file);
  } catch {
    // Not there, or the folder is not: nothing to remove.
  }
}

/** The files in `photos/` no row names and not written in the last hour (an import in another
 *  tab writes its files before its row): left over from an interrupted import or delete. */
export async function removeUnlisted(listed, now = Date.now()) {
  let dir;
  try {
    dir = await folder(["photos"], false);
  } catch {
    return 0;
  }
  const keep = new Set(listed);
  let removed = 0;
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind !== "file" || keep.has(name)) continue;
    const file = await handle.getFile();
    if (now - file.lastModified < 3_600_000) continue;
    await dir.removeEntry(name).catch(() => {});
    removed += 1;
  }
  return removed;
}
