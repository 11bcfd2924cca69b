// The Photo effect in the app's worker, with the native pipeline's guarantees
// (handlers/src/photo): byte and pixel limits checked on the file header before any decoding and
// HEIC refused, by the core's photo_check crate (photo_size_refusal, photo_probe); EXIF
// orientation applied (createImageBitmap 'from-image'), every metadata block (EXIF/GPS/XMP)
// dropped by re-encoding the pixels on a canvas, 2048 px stored + 384 px thumbnail as JPEG. The
// files go to OPFS first, named by content, then the row (web/core `journal.rs`, the phones'
// rows), so no row names a missing file; files an interrupted import leaves are removed at a
// later start (`removeUnlisted`). Results are bincode `PhotoResult`s for the core.
import { WebStore, photo_probe, photo_size_refusal } from "../../generated/pkg/afterglow_web.js";
import { decode, encode } from "../shell/bytes";
import {
  PhotoError, deserializePhotoResult, serializePhotoResult,
  photoErrorKindDamaged, photoErrorKindNotFound, photoErrorKindOther,
  photoReasonCannotDraw, photoReasonCorrupt, photoReasonNoSuchPhoto, photoReasonPickedGone, photoReasonUnreadable,
  photoResultFailed, photoResultProbed, photoResultWritten,
  type PhotoErrorKind, type PhotoImport, type PhotoOperation, type PhotoProbe, type PhotoReason, type PhotoResult,
} from "../shell/types";
import { readFile, removeFile, writeFile } from "./files.js";
import type { Record } from "./record.js";

/** What the re-encode produces; the limits on what is accepted are the core's (photo_check). */
const LIMITS = { storedLongEdge: 2048, thumbLongEdge: 384, storedQuality: 0.85, thumbQuality: 0.8 };

/** Offers a file to the patient (the page does the download). */
export type Download = (blob: Blob, name: string) => void;

/** Files the patient picked, by the `source` name the core is given (`picked:<n>`). */
export const picked = new Map<string, Blob>();

class PhotoFailure extends Error {
  constructor(public error: PhotoError) { super(error.reason.kind); }
}

const fail = (kind: PhotoErrorKind, reason: PhotoReason) => new PhotoFailure(new PhotoError(kind, reason));
const result = (r: PhotoResult) => encode((s) => serializePhotoResult(r, s));

export async function handlePhoto(record: Record, op: PhotoOperation, download: Download): Promise<Uint8Array> {
  try {
    switch (op.kind) {
      case "Probe":
        return result(photoResultProbed((await checked(op.source)).probe));
      case "Import":
        return await importPhoto(record, op.photo_import);
      case "Delete":
        return await deletePhoto(record, Number(op.id));
      case "Export": {
        const [file] = await filesOf(record, Number(op.id));
        download(await stored(file), op.destination || `afterglow-photo-${op.id}.jpg`);
        return result(photoResultWritten(op.destination));
      }
      case "Compare": {
        const c = op.comparison;
        const png = await drawComparison(record, Number(c.before_id), Number(c.after_id), c.before_label, c.after_label);
        download(png, c.destination || "afterglow-comparison.png");
        return result(photoResultWritten(c.destination));
      }
    }
  } catch (e) {
    if (e instanceof PhotoFailure) return result(photoResultFailed(e.error));
    // The kind (disk full or not) is the core's reading of the browser's error name.
    return WebStore.photo_failed(String((e as { name?: string })?.name));
  }
}

/** Size and format checks on the bytes and the declared header, nothing decoded (the core's). */
async function checked(source: string): Promise<{ file: Blob; probe: PhotoProbe }> {
  const file = picked.get(source);
  if (!file) throw fail(photoErrorKindNotFound(), photoReasonPickedGone());
  const refusal = photo_size_refusal(file.size);
  if (refusal) throw new PhotoFailure(decode(refusal, PhotoError.deserialize));
  const probed = decode(photo_probe(new Uint8Array(await file.arrayBuffer())), deserializePhotoResult);
  if (probed.kind === "Failed") throw new PhotoFailure(probed.error);
  if (probed.kind !== "Probed") throw new Error(`the photo check answered ${probed.kind}`);
  return { file, probe: probed.probe };
}

async function importPhoto(record: Record, imp: PhotoImport): Promise<Uint8Array> {
  const { file } = await checked(imp.source);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw fail(photoErrorKindDamaged(), photoReasonCorrupt());
  }
  const full = await reencode(bitmap, LIMITS.storedLongEdge, LIMITS.storedQuality);
  const thumb = await reencode(bitmap, LIMITS.thumbLongEdge, LIMITS.thumbQuality);
  bitmap.close();
  const [sha, thumbSha] = await Promise.all([sha256(full.blob), sha256(thumb.blob)]);
  const draft = encode((s) => imp.serialize(s));
  // Exactly this photo is stored already: refused before its files are written (they are the
  // stored photo's own files, by name).
  const existing: number | undefined = await record.use((store) => store.photo_with_sha(sha));
  if (existing != null) return record.use((store) => store.add_photo(draft, full.width, full.height, sha, thumbSha));
  await writeFile(`photos/${thumbSha}.jpg`, thumb.blob);
  await writeFile(`photos/${sha}.jpg`, full.blob);
  picked.delete(imp.source);
  return record.use((store) => store.add_photo(draft, full.width, full.height, sha, thumbSha));
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

/** A photo's two files (stored, thumbnail); refused when there is no such photo. */
async function filesOf(record: Record, id: number): Promise<string[]> {
  const files: string[] = await record.use((store) => store.photo_files(id));
  if (files.length !== 2) throw fail(photoErrorKindNotFound(), photoReasonNoSuchPhoto(BigInt(id)));
  return files;
}

async function stored(name: string): Promise<Blob> {
  const blob = await readFile(name);
  if (!blob) throw fail(photoErrorKindNotFound(), photoReasonUnreadable("NotFound"));
  return blob;
}

/** The row goes first (the patient no longer sees the photo once it commits), then the files. */
async function deletePhoto(record: Record, id: number): Promise<Uint8Array> {
  const files: string[] = await record.use((store) => store.photo_files(id));
  const answer: Uint8Array = await record.use((store) => store.delete_photo(id));
  if (decode(answer, deserializePhotoResult).kind === "Deleted") await Promise.all(files.map(removeFile));
  return answer;
}

async function drawComparison(record: Record, before: number, after: number, beforeLabel: string, afterLabel: string) {
  const files = [(await filesOf(record, before))[0], (await filesOf(record, after))[0]];
  const bitmaps = await Promise.all(files.map(async (f) => createImageBitmap(await stored(f))));
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

/** The thumbnails the PDF report shows, their bytes one after another and each one's length. */
export async function reportThumbnails(names: string[]) {
  const thumbs = await Promise.all(names.map(async (n) => new Uint8Array(await (await stored(n)).arrayBuffer())));
  const lengths = new Uint32Array(thumbs.map((t) => t.length));
  const joined = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const t of thumbs) {
    joined.set(t, at);
    at += t.length;
  }
  return { joined, lengths };
}
