// Reads a JPEG's SOF or a PNG's IHDR for the declared dimensions, before any pixel is decoded:
// the byte and pixel limits are checked on these numbers, so a decompression bomb is refused
// without being decoded (the native pipeline does the same, handlers/src/photo/limits.rs).

export type ImageFormat = "jpeg" | "png" | "heic" | "unknown";

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

export function sniff(bytes: Uint8Array): ImageFormat {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return "png";
  // ISO-BMFF `ftyp` box with a HEIF brand.
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"].includes(brand)) return "heic";
  }
  return "unknown";
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The declared size, or null when the header is missing or cut short. */
export function readHeader(bytes: Uint8Array): ImageHeader | null {
  const format = sniff(bytes);
  if (format === "png") {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    if (bytes.length < 24 || ascii(bytes, 12, 16) !== "IHDR") return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format, width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === "jpeg") return jpegSize(bytes);
  return format === "heic" ? { format, width: 0, height: 0 } : null;
}

function jpegSize(bytes: Uint8Array): ImageHeader | null {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    if (marker === 0xff) { i += 1; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (length < 2) return null;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry precision, height, width.
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 9 > bytes.length) return null;
      const height = (bytes[i + 5] << 8) | bytes[i + 6];
      const width = (bytes[i + 7] << 8) | bytes[i + 8];
      return { format: "jpeg", width, height };
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    i += 2 + length;
  }
  return null;
}

/** EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") as `YYYY-MM-DDTHH:MM:SS`, plus OffsetTimeOriginal. */
export function exifDate(bytes: Uint8Array): { local: string | null; offsetMinutes: number | null } {
  const none = { local: null, offsetMinutes: null };
  if (sniff(bytes) !== "jpeg") return none;
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker === 0xda) break;
    if (marker === 0xe1 && ascii(bytes, i + 4, i + 8) === "Exif") {
      return readTiff(bytes.subarray(i + 10, i + 2 + length));
    }
    i += 2 + length;
  }
  return none;
}

function readTiff(tiff: Uint8Array): { local: string | null; offsetMinutes: number | null } {
  const result = { local: null as string | null, offsetMinutes: null as number | null };
  if (tiff.length < 8) return result;
  const little = tiff[0] === 0x49;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const text = (entry: number): string | null => {
    const count = u32(entry + 4);
    const at = count > 4 ? u32(entry + 8) : entry + 8;
    if (at + count > tiff.length) return null;
    return ascii(tiff, at, at + count).replace(/\0.*$/, "");
  };
  const walk = (ifd: number, visit: (tag: number, entry: number) => void) => {
    if (ifd + 2 > tiff.length) return;
    const n = u16(ifd);
    for (let k = 0; k < n; k++) {
      const entry = ifd + 2 + k * 12;
      if (entry + 12 > tiff.length) return;
      visit(u16(entry), entry);
    }
  };
  try {
    let exifIfd = 0;
    walk(u32(4), (tag, entry) => { if (tag === 0x8769) exifIfd = u32(entry + 8); });
    if (!exifIfd) return result;
    walk(exifIfd, (tag, entry) => {
      if (tag === 0x9003) {
        const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text(entry) ?? "");
        if (m) result.local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
      }
      if (tag === 0x9011) {
        const m = /^([+-])(\d{2}):(\d{2})$/.exec(text(entry) ?? "");
        if (m) result.offsetMinutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
      }
    });
  } catch {
    // A damaged EXIF block only loses the camera date; the photo itself is still checked.
  }
  return result;
}
