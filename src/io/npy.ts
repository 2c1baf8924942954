// The .npy format (numpy/lib/format.py): magic, version, a Python-dict header padded to 64
// bytes, then the raw elements in C or Fortran order. Written byte for byte as NumPy writes it.

import { TypeError, ValueError, ioMsg } from "../../runtime/errors.js";
import { dt, dtype as toDType, type DType, type DTypeLike } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { arrayBytes, arrayFromBytes, type ElementFormat } from "./bytes.js";
import { descrToDType, reprDescr } from "../structured/bytes.js";
import { isDict, isTuple, parsePy, reprBytes, reprPy, reprStr, reprTuple, type PyValue } from "./pyliteral.js";

export const MAGIC = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
const ARRAY_ALIGN = 64;
/** Spare header room NumPy leaves so a writer can grow the shape in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** NumPy's limit on the header text unless allow_pickle (format._MAX_HEADER_SIZE). */
const MAX_HEADER_SIZE = 10000;

/** NumPy's descr of a numfuse dtype: '<f8', '|b1', '<U5' (a structured dtype: the Python repr of its descr list). */
export const descrOf = (d: DType): string | { repr: string } => (d.kind === "V" ? { repr: reprDescr(d.descr) } : d.str);

/** Whether an array is written in Fortran order (F-contiguous and not C-contiguous, as NumPy decides). */
function fortranOrder(a: NDArray): boolean {
  if (a.ndim < 2 || a.isPending) return false;
  const f = a.flags;
  return f.fContiguous && !f.cContiguous;
}

const latin1 = (s: string): Uint8Array | null => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return out;
};

/** The header block (magic to newline) for a dict text, in the oldest version that holds it. */
export function wrapHeader(text: string): Uint8Array {
  const l1 = latin1(text);
  const body = l1 ?? new TextEncoder().encode(text);
  const hlen = body.length + 1;
  const pad = (prefix: number) => ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
  let version: number, sizeBytes: number;
  if (l1 && hlen + pad(10) < 0x10000) { version = 1; sizeBytes = 2; }
  else { version = l1 ? 2 : 3; sizeBytes = 4; }
  const padlen = pad(6 + 2 + sizeBytes);
  const total = 6 + 2 + sizeBytes + hlen + padlen;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (sizeBytes === 2) view.setUint16(8, hlen + padlen, true);
  else view.setUint32(8, hlen + padlen, true);
  out.set(body, 8 + sizeBytes);
  out.fill(0x20, 8 + sizeBytes + body.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/** The header dict text NumPy writes for an array, spare room included. */
export function headerText(descr: string | { repr: string }, fortran: boolean, shape: readonly number[]): string {
  let text = `{'descr': ${typeof descr === "string" ? reprStr(descr) : descr.repr}, 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${reprTuple(shape)}, }`;
  if (shape.length > 0) text += " ".repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[fortran ? shape.length - 1 : 0]).length);
  return text;
}

/** The .npy bytes of an array (what `np.save` writes). */
export function npyBytes(a: NDArray): Uint8Array {
  a.evalSync();
  const fortran = fortranOrder(a);
  const header = wrapHeader(headerText(descrOf(a.dtype), fortran, a.shape));
  const data = arrayBytes(a, fortran ? "F" : "C");
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

/** NumPy's message for a short read (format._read_bytes). */
const eof = (what: string, want: number, got: number) => new ValueError(ioMsg.eof(what, want, got));

/** The element format of a header's descr ('<f8', '>i4', '|b1', '<U5'). */
export function parseDescr(descr: PyValue, allowPickle: boolean): ElementFormat {
  if (typeof descr !== "string") {
    if (Array.isArray(descr)) {
      const swaps: [number, number][] = [];
      const dtype = descrToDType(descr, swaps);
      return { dtype, bigEndian: swaps.length > 0, swaps };
    }
    throw new ValueError(ioMsg.descr(reprPy(descr)));
  }
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (!m) throw new ValueError(ioMsg.descr(reprStr(descr)));
  const [, order, kind, sizeText] = m;
  const size = sizeText === "" ? 0 : Number(sizeText);
  if (kind === "O") {
    if (!allowPickle) throw new ValueError(ioMsg.objectArrays);
    throw new TypeError("object arrays (pickled Python objects) cannot be loaded by numfuse");
  }
  const bigEndian = order === ">";
  if (kind === "U") return { dtype: dt("str", size), bigEndian };
  // numfuse has no float16 and no byte strings: they load widened to float32 and U<n>
  if (kind === "f" && size === 2) return { dtype: dt("float32"), bigEndian, half: true };
  if (kind === "S" || kind === "a") return { dtype: dt("str", size), bigEndian, bytes: true };
  const ids: Record<string, DType["id"]> = {
    b1: "bool", "?1": "bool", i1: "int8", i2: "int16", i4: "int32", i8: "int64",
    u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64", f4: "float32", f8: "float64", c8: "complex64", c16: "complex128",
  };
  const id = ids[`${kind}${size}`];
  if (!id) throw new TypeError(`data type ${reprStr(descr)} is not supported by numfuse`);
  return { dtype: dt(id), bigEndian };
}

/** Bytes of one element as stored (a float16 is 2, a byte string one per character). */
export const storedItemsize = (f: ElementFormat): number => (f.half ? 2 : f.bytes ? f.dtype.strlen : f.dtype.itemsize);

/**
 * The element format of a dtype argument: NumPy codes with a byte order or a stored type
 * numfuse widens ('>i4', '<f2', 'S5') read as a descr, anything else as `np.dtype(x)`.
 */
export function elementFormatOf(x: DTypeLike): ElementFormat {
  if (typeof x === "string" && (/^>/.test(x.trim()) || /^[<>|=]?(f2|float16|half|e|[Sa]\d*)$/.test(x.trim()))) {
    const t = x.trim().replace(/^([<>|=]?)(float16|half|e)$/, "$1f2");
    return parseDescr(/^[<>|=]/.test(t) ? t : `<${t}`, false);
  }
  return { dtype: toDType(x), bigEndian: false };
}

export interface ParsedHeader { version: [number, number]; fmt: ElementFormat; fortran: boolean; shape: number[]; dataOffset: number }

/** Reads the magic, version and header dict of .npy bytes. */
export function readHeader(bytes: Uint8Array, allowPickle = false): ParsedHeader {
  if (bytes.length < 8) throw eof("magic string", 8, bytes.length);
  if (!MAGIC.every((c, i) => bytes[i] === c))
    throw new ValueError(ioMsg.magic(reprBytes(MAGIC), reprBytes(bytes.subarray(0, 6))));
  const version: [number, number] = [bytes[6], bytes[7]];
  const key = version.join(".");
  if (key !== "1.0" && key !== "2.0" && key !== "3.0")
    throw new ValueError(ioMsg.version(version[0], version[1]));
  const sizeBytes = key === "1.0" ? 2 : 4;
  if (bytes.length < 8 + sizeBytes) throw eof("array header length", sizeBytes, bytes.length - 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = sizeBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + sizeBytes;
  if (bytes.length < start + hlen) throw eof("array header", hlen, bytes.length - start);
  const raw = bytes.subarray(start, start + hlen);
  const text = key === "3.0" ? new TextDecoder("utf-8").decode(raw) : String.fromCharCode(...raw);
  if (text.length > MAX_HEADER_SIZE && !allowPickle)
    throw new ValueError(ioMsg.headerSize(text.length));
  let d: PyValue;
  try {
    d = parsePy(text.trim());
  } catch {
    throw new ValueError(ioMsg.headerParse(reprStr(text)));
  }
  if (!isDict(d)) throw new ValueError(ioMsg.headerNotDict(reprPy(d)));
  const keys = [...d.dict.keys()].sort();
  if (keys.join() !== "descr,fortran_order,shape") throw new ValueError(ioMsg.headerKeys(keys.map(reprStr)));
  const shape = d.dict.get("shape")!, fortran = d.dict.get("fortran_order")!;
  if (!isTuple(shape) || !shape.tuple.every((x) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0))
    throw new ValueError(ioMsg.shape(reprPy(shape)));
  if (typeof fortran !== "boolean") throw new ValueError(ioMsg.fortranOrder(reprPy(fortran)));
  const fmt = parseDescr(d.dict.get("descr")!, allowPickle);
  return { version, fmt, fortran, shape: shape.tuple as number[], dataOffset: start + hlen };
}

/** The array in .npy bytes (what `np.load` returns for a .npy file). */
export function readNpy(bytes: Uint8Array, allowPickle = false): NDArray {
  const h = readHeader(bytes, allowPickle);
  const count = h.shape.reduce((x, y) => x * y, 1), size = storedItemsize(h.fmt);
  const avail = bytes.length - h.dataOffset, need = count * size;
  if (avail < need) {
    const got = size ? Math.floor(avail / size) : 0;
    throw new ValueError(ioMsg.shortData(reprTuple(h.shape), count, got));
  }
  return arrayFromBytes(bytes.subarray(h.dataOffset, h.dataOffset + need), h.fmt, h.shape, h.fortran ? "F" : "C");
}
