// Test images built in the test itself: a JPEG carrying EXIF with GPS coordinates (to prove
// the stored copy has none), a PNG whose header declares 20000 x 20000 pixels, a non-image.

/** Inserts an APP1 EXIF segment (DateTimeOriginal + GPS latitude/longitude) after SOI. */
export function withGpsExif(jpeg, dateTime = "2026:11:21 10:30:00") {
  const entries = [];
  const le = (n, bytes) => { const out = []; for (let i = 0; i < bytes; i++) out.push((n >> (8 * i)) & 0xff); return out; };
  // TIFF little endian: "II" 42, IFD0 at 8.
  const tiff = [0x49, 0x49, 0x2a, 0x00, ...le(8, 4)];
  // IFD0: 2 entries (ExifIFD pointer 0x8769, GPS pointer 0x8825), next IFD 0.
  const ifd0At = 8, ifd0Size = 2 + 2 * 12 + 4;
  const exifAt = ifd0At + ifd0Size;               // Exif IFD: 1 entry
  const exifSize = 2 + 12 + 4;
  const gpsAt = exifAt + exifSize;                // GPS IFD: 4 entries
  const gpsSize = 2 + 4 * 12 + 4;
  const dataAt = gpsAt + gpsSize;
  const dateBytes = [...Buffer.from(dateTime + "\0", "latin1")]; // 20 bytes
  const latAt = dataAt + dateBytes.length;
  const lonAt = latAt + 24;
  const entry = (tag, type, count, value) => [...le(tag, 2), ...le(type, 2), ...le(count, 4), ...value];
  tiff.push(...le(2, 2), ...entry(0x8769, 4, 1, le(exifAt, 4)), ...entry(0x8825, 4, 1, le(gpsAt, 4)), ...le(0, 4));
  tiff.push(...le(1, 2), ...entry(0x9003, 2, 20, le(dataAt, 4)), ...le(0, 4));
  tiff.push(...le(4, 2),
    ...entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),          // GPSLatitudeRef "N"
    ...entry(0x0002, 5, 3, le(latAt, 4)),             // GPSLatitude
    ...entry(0x0003, 2, 2, [0x57, 0, 0, 0]),          // GPSLongitudeRef "W"
    ...entry(0x0004, 5, 3, le(lonAt, 4)),             // GPSLongitude
    ...le(0, 4));
  tiff.push(...dateBytes);
  const rational = (n, d) => [...le(n, 4), ...le(d, 4)];
  tiff.push(...rational(51, 1), ...rational(30, 1), ...rational(1234, 100)); // 51° 30' 12.34"
  tiff.push(...rational(0, 1), ...rational(7, 1), ...rational(3999, 100));
  const payload = [...Buffer.from("Exif\0\0", "latin1"), ...tiff];
  const length = payload.length + 2;
  const app1 = [0xff, 0xe1, (length >> 8) & 0xff, length & 0xff, ...payload];
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from(app1), jpeg.subarray(2)]);
}

/** A PNG signature + IHDR declaring `w` x `h`: enough for the header check, never decodable. */
export function hugePngHeader(w = 20000, h = 20000) {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write("IHDR", 12, "latin1");
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  b[24] = 8; b[25] = 2;
  return b;
}

/** Whether JPEG bytes still hold an EXIF block or the GPS reference letters' segment. */
export function hasExif(bytes) {
  const buf = Buffer.from(bytes);
  return buf.includes(Buffer.from("Exif\0\0", "latin1"));
}
