// Zip archives as Python's zipfile writes them for np.savez (every member opened with
// force_zip64, dated 1980-01-01, mode 0600), and a reader of any zip's central directory.
// Deflate is zlib's (Node's node:zlib; CompressionStream where Node is absent).

import { ValueError } from "../../runtime/errors.js";

interface Zlib {
  deflateRawSync(b: Uint8Array): Uint8Array;
  inflateRawSync(b: Uint8Array): Uint8Array;
  crc32?: (b: Uint8Array, init?: number) => number;
}
let zlib: Zlib | null | undefined;

/** Node's zlib, loaded once (null outside Node). */
export async function loadZlib(): Promise<Zlib | null> {
  if (zlib === undefined) {
    try { zlib = (await import("node:zlib")) as unknown as Zlib; } catch { zlib = null; }
  }
  return zlib;
}

let table: Uint32Array | null = null;
/** CRC-32 (zlib's when it has one, else a table-driven one). */
export function crc32(b: Uint8Array): number {
  if (zlib?.crc32) return zlib.crc32(b) >>> 0;
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = table[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function streamThrough(b: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = await new Response(new Blob([b as BlobPart]).stream().pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>)).arrayBuffer();
  return new Uint8Array(out);
}

/** Raw deflate (no zlib header), as zipfile's compressobj(level 6, DEFLATED, -15). */
export async function deflateRaw(b: Uint8Array): Promise<Uint8Array> {
  const z = await loadZlib();
  if (z) return z.deflateRawSync(b);
  return streamThrough(b, new CompressionStream("deflate-raw" as CompressionFormat));
}

/** Raw inflate where Node's zlib is absent. */
export async function inflateRawAsync(b: Uint8Array): Promise<Uint8Array> {
  const z = await loadZlib();
  if (z) return z.inflateRawSync(b);
  return streamThrough(b, new DecompressionStream("deflate-raw" as CompressionFormat));
}

export interface ZipMember { name: string; data: Uint8Array; compressed?: Uint8Array | null }

/** ZIP64_LIMIT of zipfile: sizes and offsets above it need zip64 fields. */
const ZIP64_LIMIT = 2 ** 31 - 1;
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const EXTERNAL_ATTR = 0o600 * 0x10000;

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array): void { this.parts.push(b); this.length += b.length; }
  /** A little-endian record: [size in bytes, value] pairs (8-byte values as numbers). */
  rec(fields: [1 | 2 | 4 | 8, number][]): void {
    const n = fields.reduce((s, [w]) => s + w, 0), b = new Uint8Array(n), v = new DataView(b.buffer);
    let p = 0;
    for (const [w, x] of fields) {
      if (w === 1) v.setUint8(p, x);
      else if (w === 2) v.setUint16(p, x, true);
      else if (w === 4) v.setUint32(p, x, true);
      else v.setBigUint64(p, BigInt(x), true);
      p += w;
    }
    this.push(b);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const b of this.parts) { out.set(b, p); p += b.length; }
    return out;
  }
}

const nameBytes = (name: string): { bytes: Uint8Array; flag: number } => {
  const ascii = /^[\x00-\x7f]*$/.test(name);
  return { bytes: new TextEncoder().encode(name), flag: ascii ? 0 : 0x800 };
};

/** A zip archive of members, stored or deflated (`compressed` holds the deflated bytes). */
export function writeZip(members: readonly ZipMember[]): Uint8Array {
  const w = new Writer();
  const central: { name: Uint8Array; flag: number; method: number; crc: number; csize: number; size: number; offset: number }[] = [];
  for (const m of members) {
    const { bytes: name, flag } = nameBytes(m.name);
    const body = m.compressed ?? m.data, method = m.compressed ? 8 : 0;
    const crc = crc32(m.data), offset = w.length;
    w.rec([[4, 0x04034b50], [1, 45], [1, 0], [2, flag], [2, method], [2, 0], [2, DOS_DATE], [4, crc],
      [4, 0xffffffff], [4, 0xffffffff], [2, name.length], [2, 20]]);
    w.push(name);
    w.rec([[2, 1], [2, 16], [8, m.data.length], [8, body.length]]);
    w.push(body);
    central.push({ name, flag, method, crc, csize: body.length, size: m.data.length, offset });
  }
  const start = w.length;
  for (const c of central) {
    const extra: number[] = [];
    let size = c.size, csize = c.csize, offset = c.offset;
    if (c.size > ZIP64_LIMIT || c.csize > ZIP64_LIMIT) { extra.push(c.size, c.csize); size = csize = 0xffffffff; }
    if (c.offset > ZIP64_LIMIT) { extra.push(c.offset); offset = 0xffffffff; }
    const extraLen = extra.length ? 4 + 8 * extra.length : 0;
    w.rec([[4, 0x02014b50], [1, 45], [1, 3], [1, 45], [1, 0], [2, c.flag], [2, c.method], [2, 0], [2, DOS_DATE],
      [4, c.crc], [4, csize], [4, size], [2, c.name.length], [2, extraLen], [2, 0], [2, 0], [2, 0], [4, EXTERNAL_ATTR], [4, offset]]);
    w.push(c.name);
    if (extra.length) w.rec([[2, 1], [2, 8 * extra.length], ...extra.map((x) => [8, x] as [8, number])]);
  }
  const end = w.length;
  let count = central.length, size = end - start, offset = start;
  if (count > 0xffff || offset > ZIP64_LIMIT || size > ZIP64_LIMIT) {
    w.rec([[4, 0x06064b50], [8, 44], [2, 45], [2, 45], [4, 0], [4, 0], [8, count], [8, count], [8, size], [8, offset]]);
    w.rec([[4, 0x07064b50], [4, 0], [8, end], [4, 1]]);
    count = Math.min(count, 0xffff); size = Math.min(size, 0xffffffff); offset = Math.min(offset, 0xffffffff);
  }
  w.rec([[4, 0x06054b50], [2, 0], [2, 0], [2, count], [2, count], [4, size], [4, offset], [2, 0]]);
  return w.bytes();
}

/** One member found in a zip's central directory. */
export interface ZipEntry { name: string; method: number; crc: number; csize: number; size: number; dataOffset: number }

const badZip = (why: string) => new ValueError(`File is not a zip file: ${why}`);

/** The members of a zip archive, from its central directory (no member is read). */
export function readZipDirectory(b: Uint8Array): ZipEntry[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let p = b.length - 22; p >= Math.max(0, b.length - 22 - 0xffff); p--) {
    if (v.getUint32(p, true) === 0x06054b50) { eocd = p; break; }
  }
  if (eocd < 0) throw badZip("no end of central directory record");
  let count = v.getUint16(eocd + 10, true), dirOffset = v.getUint32(eocd + 16, true);
  const loc = eocd - 20;
  if (loc >= 0 && v.getUint32(loc, true) === 0x07064b50) {
    const z64 = Number(v.getBigUint64(loc + 8, true));
    if (z64 + 56 > b.length || v.getUint32(z64, true) !== 0x06064b50) throw badZip("corrupt zip64 end of central directory");
    count = Number(v.getBigUint64(z64 + 32, true));
    dirOffset = Number(v.getBigUint64(z64 + 48, true));
  }
  const out: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw badZip("corrupt central directory");
    const flag = v.getUint16(p + 8, true), method = v.getUint16(p + 10, true), crc = v.getUint32(p + 16, true);
    let csize = v.getUint32(p + 20, true), size = v.getUint32(p + 24, true);
    const nlen = v.getUint16(p + 28, true), xlen = v.getUint16(p + 30, true), clen = v.getUint16(p + 32, true);
    let offset = v.getUint32(p + 42, true);
    const rawName = b.subarray(p + 46, p + 46 + nlen);
    const name = flag & 0x800 ? new TextDecoder().decode(rawName) : String.fromCharCode(...rawName);
    // zip64 extra: the 0xffffffff fields, in the order size, compressed size, offset
    for (let x = p + 46 + nlen; x + 4 <= p + 46 + nlen + xlen;) {
      const tag = v.getUint16(x, true), len = v.getUint16(x + 2, true);
      if (tag === 1) {
        let q = x + 4;
        if (size === 0xffffffff) { size = Number(v.getBigUint64(q, true)); q += 8; }
        if (csize === 0xffffffff) { csize = Number(v.getBigUint64(q, true)); q += 8; }
        if (offset === 0xffffffff) { offset = Number(v.getBigUint64(q, true)); q += 8; }
      }
      x += 4 + len;
    }
    if (offset + 30 > b.length || v.getUint32(offset, true) !== 0x04034b50) throw badZip(`bad local header of ${name}`);
    const dataOffset = offset + 30 + v.getUint16(offset + 26, true) + v.getUint16(offset + 28, true);
    if (dataOffset + csize > b.length) throw badZip(`truncated member ${name}`);
    out.push({ name, method, crc, csize, size, dataOffset });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** A member's bytes (inflated with Node's zlib when deflated), CRC checked. */
export function readZipMember(b: Uint8Array, e: ZipEntry): Uint8Array {
  const raw = b.subarray(e.dataOffset, e.dataOffset + e.csize);
  let data: Uint8Array;
  if (e.method === 0) data = raw;
  else if (e.method === 8) {
    if (!zlib) throw new ValueError("a deflated member needs node:zlib here (np.load inflates members up front where it is absent)");
    data = zlib.inflateRawSync(raw);
  } else throw new ValueError(`That compression method is not supported (${e.method})`);
  if (crc32(data) !== e.crc) throw new ValueError(`Bad CRC-32 for file ${JSON.stringify(e.name)}`);
  return data;
}
