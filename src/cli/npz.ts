// The members of an .npz archive (a zip of .npy files) and the first bytes of each, read
// from the central directory without loading the archive: enough for `numfuse info` to report
// every member's header, and to map the elements of a member stored uncompressed.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { constants, inflateRawSync } from "node:zlib";
import { HEADER_READ } from "./header.js";
import { UserError } from "./failure.js";

export interface NpzMember {
  /** The name in the archive, ".npy" included. */
  name: string;
  /** 0 stored (np.savez), 8 deflated (np.savez_compressed). */
  method: number;
  /** Where the member's bytes start in the archive file. */
  dataStart: number;
  csize: number;
  usize: number;
  /** Its first bytes, uncompressed (the whole .npy header when it is one). */
  head: Uint8Array;
}

function readAt(fd: number, pos: number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  let done = 0;
  while (done < n) {
    const k = readSync(fd, b, done, n - done, pos + done);
    if (k === 0) break;
    done += k;
  }
  return b.subarray(0, done);
}

const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The members of the zip archive at `path`, in directory order. */
export function npzMembers(path: string): NpzMember[] {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = readAt(fd, size - tailLen, tailLen), tv = le(tail);
    let eocd = -1;
    for (let p = tail.length - 22; p >= 0; p--) if (tv.getUint32(p, true) === 0x06054b50) { eocd = p; break; }
    if (eocd < 0) throw new UserError(`${path}: not a zip archive (no end of central directory)`);
    let count = tv.getUint16(eocd + 10, true), cdSize = tv.getUint32(eocd + 12, true), cdOffset = tv.getUint32(eocd + 16, true);
    // zip64: the locator just before the record points at the zip64 end record
    if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && tv.getUint32(eocd - 20, true) === 0x07064b50) {
      const z = le(readAt(fd, Number(tv.getBigUint64(eocd - 12, true)), 56));
      count = Number(z.getBigUint64(32, true));
      cdSize = Number(z.getBigUint64(40, true));
      cdOffset = Number(z.getBigUint64(48, true));
    }
    const cd = readAt(fd, cdOffset, cdSize), cv = le(cd);
    const members: NpzMember[] = [];
    for (let p = 0, k = 0; k < count; k++) {
      if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) throw new UserError(`${path}: damaged zip central directory`);
      const method = cv.getUint16(p + 10, true), nameLen = cv.getUint16(p + 28, true), extraLen = cv.getUint16(p + 30, true), commentLen = cv.getUint16(p + 32, true);
      let csize = cv.getUint32(p + 20, true), usize = cv.getUint32(p + 24, true), local = cv.getUint32(p + 42, true);
      const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLen));
      // zip64 extra field: the 64-bit values of the fields saturated above, in this order
      for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
        const id = cv.getUint16(e, true), len = cv.getUint16(e + 2, true);
        if (id === 1) {
          let q = e + 4;
          const next = () => { const v = Number(cv.getBigUint64(q, true)); q += 8; return v; };
          if (usize === 0xffffffff) usize = next();
          if (csize === 0xffffffff) csize = next();
          if (local === 0xffffffff) local = next();
        }
        e += 4 + len;
      }
      p += 46 + nameLen + extraLen + commentLen;
      const lh = le(readAt(fd, local, 30));
      const dataStart = local + 30 + lh.getUint16(26, true) + lh.getUint16(28, true);
      const raw = readAt(fd, dataStart, Math.min(csize, HEADER_READ + 4096));
      const head = method === 0 ? raw : method === 8 ? inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }) : new Uint8Array(0);
      members.push({ name, method, dataStart, csize, usize, head: head.subarray(0, Math.min(head.length, HEADER_READ)) });
    }
    return members;
  } finally { closeSync(fd); }
}

/** Whether a file starts as a zip archive does. */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
}

/** The first `n` bytes of a file. */
export function fileHead(path: string, n: number): Uint8Array {
  const fd = openSync(path, "r");
  try { return readAt(fd, 0, n); } finally { closeSync(fd); }
}
