// The Photo effect in the browser, with the native pipeline's guarantees
// (handlers/src/photo): byte and pixel limits checked on the file header before any decoding and
// HEIC refused, by the core's photo_check crate (wasm: photo_size_refusal, photo_probe); EXIF
// orientation applied (createImageBitmap 'from-image'), every metadata block (EXIF/GPS/XMP)
// dropped by re-encoding the pixels on a canvas, 2048 px stored + 384 px thumbnail as JPEG, both
// blobs and the row written in one IndexedDB transaction.
import { STORES, req, tx } from "./db";
import { decode, encode } from "./bytes";
import { changes, storeError } from "./store";
import { photo_probe, photo_size_refusal, toJson } from "./wasm";
import {
  Photo, PhotoError, type PhotoProbe, deserializePhotoResult,
  photoErrorKindDamaged, photoErrorKindDiskFull, photoErrorKindDuplicate, photoErrorKindNotFound,
  photoErrorKindOther, photoReasonCannotDraw, photoReasonCorrupt, photoReasonDuplicate, photoReasonNoSuchPhoto,
  photoReasonPickedGone, photoReasonStorage, photoReasonUnreadable,
  photoResultDeleted, photoResultFailed, photoResultImported, photoResultProbed, photoResultWritten,
  type PhotoErrorKind, type PhotoOperation, type PhotoReason, type PhotoResult,
} from "./types";

/** What the re-encode produces; the limits on what is accepted are the core's (photo_check). */
export const LIMITS = {
  storedLongEdge: 2048,
  thumbLongEdge: 384,
  storedQuality: 0.85,
  thumbQuality: 0.8,
};

/** Files the patient picked, by the `source` name the core is given (`picked:<n>`). */
const picked = new Map<string, Blob>();
let pickedCount = 0;

export function pick(file: Blob): string {
  const source = `picked:${++pickedCount}`;
  picked.set(source, file);
  return source;
}

/** A refusal as the core's PhotoError: a kind and the reason with its numbers, which the core
 *  words for the patient. */
class PhotoFailure extends Error {
  constructor(public error: PhotoError) { super(error.reason.kind); }
}

const fail = (kind: PhotoErrorKind, reason: PhotoReason) => new PhotoFailure(new PhotoError(kind, reason));

export async function handlePhoto(db: IDBDatabase, op: PhotoOperation, download: Download): Promise<PhotoResult> {
  try {
    switch (op.kind) {
      case "Probe":
        return photoResultProbed((await checked(op.source)).probe);
      case "Import":
        return photoResultImported(await importPhoto(db, op.photo_import));
      case "Delete":
        await deletePhoto(db, Number(op.id));
        return photoResultDeleted();
      case "Export": {
        const photo = await photoRow(db, Number(op.id));
        const blob = await blobOf(db, photo.file);
        download(blob, op.destination || `afterglow-photo-${op.id}.jpg`);
        return photoResultWritten(op.destination);
      }
      case "Compare": {
        const c = op.comparison;
        const png = await drawComparison(db, Number(c.before_id), Number(c.after_id), c.before_label, c.after_label);
        download(png, c.destination || "afterglow-comparison.png");
        return photoResultWritten(c.destination);
      }
    }
  } catch (e) {
    if (e instanceof PhotoFailure) return photoResultFailed(e.error);
    const stored = storeError(e);
    const kind = stored.kind.kind === "DiskFull" ? photoErrorKindDiskFull() : photoErrorKindOther();
    return photoResultFailed(new PhotoError(kind, photoReasonStorage(stored)));
  }
}

export type Download = (blob: Blob, name: string) => void;

/** Size and format checks on the bytes and the declared header, nothing decoded (the core's). */
async function checked(source: string): Promise<{ file: Blob; probe: PhotoProbe }> {
  const file = picked.get(source);
  if (!file) throw fail(photoErrorKindNotFound(), photoReasonPickedGone());
  const refusal = photo_size_refusal(file.size);
  if (refusal) throw new PhotoFailure(decode(refusal, PhotoError.deserialize));
  const result = decode(photo_probe(new Uint8Array(await file.arrayBuffer())), deserializePhotoResult);
  if (result.kind === "Failed") throw new PhotoFailure(result.error);
  if (result.kind !== "Probed") throw new Error(`the photo check answered ${result.kind}`);
  return { file, probe: result.probe };
}

async function importPhoto(db: IDBDatabase, imp: import("./types").PhotoImport): Promise<Photo> {
  const { file } = await checked(imp.source);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw fail(photoErrorKindDamaged(), photoReasonCorrupt());
  }
  const stored = await reencode(bitmap, LIMITS.storedLongEdge, LIMITS.storedQuality);
  const thumb = await reencode(bitmap, LIMITS.thumbLongEdge, LIMITS.thumbQuality);
  bitmap.close();
  const sha = await sha256(stored.blob);
  const thumbSha = await sha256(thumb.blob);
  const fileName = `photos/${sha}.jpg`;
  const thumbName = `photos/${thumbSha}.thumb.jpg`;
  const now = Date.now();
  const draft = new Photo(0n, imp.taken_utc_ms, imp.taken_source, imp.session_id, imp.day_index, imp.area, imp.note,
    stored.width, stored.height, sha, fileName, thumbName, BigInt(now));
  const row = toJson("Photo", encode((s) => draft.serialize(s))) as Record<string, unknown>;
  delete row.id;
  const id = await tx(db, [STORES.photos, STORES.blobs], "readwrite", async (t) => {
    const photos = t.objectStore(STORES.photos);
    const existing = (await req(photos.index("sha256").get(sha))) as { id: number } | undefined;
    if (existing) throw fail(photoErrorKindDuplicate(), photoReasonDuplicate(BigInt(existing.id)));
    const blobs = t.objectStore(STORES.blobs);
    await req(blobs.put(stored.blob, fileName));
    await req(blobs.put(thumb.blob, thumbName));
    return (await req(photos.add(row))) as number;
  });
  changes?.postMessage({ kind: "PhotoImported" });
  draft.id = BigInt(id);
  return draft;
}

async function reencode(bitmap: ImageBitmap, longEdge: number, quality: number) {
  const scale = Math.min(1, longEdge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw fail(photoErrorKindOther(), photoReasonCannotDraw());
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  // A canvas holds pixels only: the JPEG it writes has no EXIF, GPS, XMP or comments.
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality });
  return { blob, width, height };
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function photoRow(db: IDBDatabase, id: number): Promise<{ id: number; file: string; thumb_file: string }> {
  const row = await tx(db, [STORES.photos], "readonly", (t) => req(t.objectStore(STORES.photos).get(id)));
  if (!row) throw fail(photoErrorKindNotFound(), photoReasonNoSuchPhoto(BigInt(id)));
  return row as { id: number; file: string; thumb_file: string };
}

/** A stored image by file name (`photos/<sha>.jpg`). */
export async function blobOf(db: IDBDatabase, name: string): Promise<Blob> {
  const blob = await tx(db, [STORES.blobs], "readonly", (t) => req(t.objectStore(STORES.blobs).get(name)));
  if (!(blob instanceof Blob)) throw fail(photoErrorKindNotFound(), photoReasonUnreadable("NotFound"));
  return blob;
}

async function deletePhoto(db: IDBDatabase, id: number) {
  await tx(db, [STORES.photos, STORES.blobs], "readwrite", async (t) => {
    const photos = t.objectStore(STORES.photos);
    const row = (await req(photos.get(id))) as { file: string; thumb_file: string } | undefined;
    if (!row) throw fail(photoErrorKindNotFound(), photoReasonNoSuchPhoto(BigInt(id)));
    await req(photos.delete(id));
    // Blobs are content-addressed: keep one another row still names.
    const rest = (await req(photos.getAll())) as { file: string; thumb_file: string }[];
    for (const name of [row.file, row.thumb_file]) {
      if (!rest.some((r) => r.file === name || r.thumb_file === name)) await req(t.objectStore(STORES.blobs).delete(name));
    }
  });
  changes?.postMessage({ kind: "PhotoDeleted" });
}

async function drawComparison(db: IDBDatabase, before: number, after: number, beforeLabel: string, afterLabel: string) {
  const rows = [await photoRow(db, before), await photoRow(db, after)];
  const bitmaps = await Promise.all(rows.map(async (r) => createImageBitmap(await blobOf(db, r.file))));
  const height = 1024;
  const widths = bitmaps.map((b) => Math.round((b.width * height) / b.height));
  const canvas = new OffscreenCanvas(widths[0] + widths[1] + 24, height + 64);
  const c = canvas.getContext("2d");
  if (!c) throw fail(photoErrorKindOther(), photoReasonCannotDraw());
  c.fillStyle = "#fff";
  c.fillRect(0, 0, canvas.width, canvas.height);
  c.drawImage(bitmaps[0], 0, 0, widths[0], height);
  c.drawImage(bitmaps[1], widths[0] + 24, 0, widths[1], height);
  c.fillStyle = "#111";
  c.font = "28px sans-serif";
  c.fillText(beforeLabel, 8, height + 44);
  c.fillText(afterLabel, widths[0] + 32, height + 44);
  bitmaps.forEach((b) => b.close());
  return canvas.convertToBlob({ type: "image/png" });
}

/** The journal photos (JSON rows, taken-at order) with their thumbnails' JPEG bytes, for the PDF report. */
export async function reportThumbnails(db: IDBDatabase, photos: { id: number; thumb_file: string }[]) {
  const thumbs = await Promise.all(photos.map(async (p) => new Uint8Array(await (await blobOf(db, p.thumb_file)).arrayBuffer())));
  const lengths = new Uint32Array(thumbs.map((t) => t.length));
  const joined = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const t of thumbs) {
    joined.set(t, at);
    at += t.length;
  }
  return { joined, lengths };
}
