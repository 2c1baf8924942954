// The .npy header as written in the file (numpy/lib/format.py): what `numfuse info` reports
// before any element is read. np.load answers with native arrays, so the stored byte order,
// format version and header size come from here.

import { UserError } from "./failure.js";

export interface NpyHeader {
  version: string;
  /** NumPy's dtype.str as stored ('<f8', '>i4', '|b1', '<U5', '|V12' for records). */
  descr: string;
  /** NumPy's dtype.name ('float64', 'str160', 'bytes40', 'void96'). */
  name: string;
  /** '<', '>' or '|' (not applicable). */
  byteorder: "<" | ">" | "|";
  /** Bytes per element. */
  itemsize: number;
  /** A structured dtype's field list, in Python's text. */
  fields?: string;
  fortran: boolean;
  shape: number[];
  /** Bytes from the file's start to the first element. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
/** Bytes that hold any header NumPy writes without allow_pickle (its 10000-character limit). */
export const HEADER_READ = 12 + 10_000 + 64;

type Py = string | number | boolean | null | Py[] | { [k: string]: Py };
/** The parsed values that were tuples (both parse to arrays; their text differs). */
const tuples = new WeakSet<Py[]>();

/** Python literals as NumPy writes them in headers: dicts, tuples, lists, strings, ints, True/False/None. */
function parsePy(text: string): Py {
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] ?? "")) i++; };
  const fail = (): never => { throw new Error("bad literal"); };
  function value(): Py {
    ws();
    const c = text[i];
    if (c === "{" || c === "(" || c === "[") {
      const close = c === "{" ? "}" : c === "(" ? ")" : "]";
      i++;
      const items: Py[] = [], dict: Record<string, Py> = {};
      for (;;) {
        ws();
        if (text[i] === close) { i++; break; }
        const v = value();
        if (c === "{") { ws(); if (text[i++] !== ":") fail(); dict[String(v)] = value(); } else items.push(v);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== close) fail();
      }
      if (c === "(") tuples.add(items);
      return c === "{" ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail();
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(True|False|None|-?\d+)/.exec(text.slice(i)) ?? fail();
    i += m[0].length;
    return m[0] === "True" ? true : m[0] === "False" ? false : m[0] === "None" ? null : Number(m[0]);
  }
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

/** NumPy's dtype.name for a simple descr ('<f8' → 'float64', '<U5' → 'str160'). */
function nameOf(kind: string, size: number): string {
  const bits = 8 * size;
  switch (kind) {
    case "b": return "bool";
    case "i": return `int${bits}`;
    case "u": return `uint${bits}`;
    case "f": return `float${bits}`;
    case "c": return `complex${bits}`;
    case "U": return `str${32 * size}`;
    case "S": return `bytes${bits}`;
    case "V": return `void${bits}`;
    default: return kind;
  }
}

/** Bytes of one element of a simple descr's kind and size ('<U5' holds 5 UCS-4 characters). */
const elementSize = (kind: string, size: number): number => (kind === "U" ? 4 * size : size);

/** Bytes of a record of NumPy's field list [(name, descr[, shape]), ...] (packed, as np.save writes it), or null. */
function structSize(fields: Py[]): number | null {
  let total = 0;
  for (const f of fields) {
    if (!Array.isArray(f) || f.length < 2) return null;
    const [, descr, shape] = f;
    const one = Array.isArray(descr) ? structSize(descr) : typeof descr === "string" ? simpleSize(descr) : null;
    if (one === null) return null;
    const count = Array.isArray(shape) ? (shape as number[]).reduce((x, y) => x * y, 1) : typeof shape === "number" ? shape : 1;
    total += one * count;
  }
  return total;
}

function simpleSize(descr: string): number | null {
  const m = /^[<>|=]?([a-zA-Z?])(\d*)$/.exec(descr);
  return m ? elementSize(m[1], m[2] === "" ? 1 : Number(m[2])) : null;
}

/** Python's text of a header value (field lists as NumPy writes them: a list of tuples). */
function pyText(v: Py): string {
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null) return "None";
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    const inner = v.map((x) => pyText(x)).join(", ");
    return !tuples.has(v) ? `[${inner}]` : v.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyText(x)}`).join(", ")}}`;
}

/** Parses the header at the start of `bytes` (which must hold all of it); `what` names the file in errors. */
export function parseHeader(bytes: Uint8Array, what: string): NpyHeader {
  if (bytes.length < 8 || !MAGIC.every((c, k) => bytes[k] === c))
    throw new UserError(`${what}: not a .npy file (it does not start with \\x93NUMPY)`);
  const version = `${bytes[6]}.${bytes[7]}`;
  if (!["1.0", "2.0", "3.0"].includes(version)) throw new UserError(`${what}: unknown .npy format version ${version}`);
  const sizeBytes = version === "1.0" ? 2 : 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 + sizeBytes) throw new UserError(`${what}: truncated .npy header`);
  const hlen = sizeBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + sizeBytes;
  if (bytes.length < start + hlen) throw new UserError(`${what}: truncated .npy header (${hlen} bytes announced, ${bytes.length - start} present)`);
  const raw = bytes.subarray(start, start + hlen);
  const text = version === "3.0" ? new TextDecoder().decode(raw) : String.fromCharCode(...raw);
  let d: Py;
  try { d = parsePy(text.trim()); } catch { throw new UserError(`${what}: cannot parse the .npy header ${JSON.stringify(text.trim())}`); }
  if (typeof d !== "object" || d === null || Array.isArray(d) || !("descr" in d) || !Array.isArray(d.shape) || typeof d.fortran_order !== "boolean")
    throw new UserError(`${what}: the .npy header lacks descr, fortran_order or shape`);
  const shape = d.shape as number[];
  if (!shape.every((n) => typeof n === "number" && n >= 0)) throw new UserError(`${what}: bad shape in the .npy header`);
  const base = { version, fortran: d.fortran_order, shape, dataOffset: start + hlen };
  if (Array.isArray(d.descr)) {
    const itemsize = structSize(d.descr);
    if (itemsize === null) throw new UserError(`${what}: cannot read the field list ${pyText(d.descr)}`);
    return { ...base, descr: `|V${itemsize}`, name: `void${8 * itemsize}`, byteorder: "|", itemsize, fields: pyText(d.descr) };
  }
  const m = typeof d.descr === "string" ? /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(d.descr) : null;
  if (!m) throw new UserError(`${what}: cannot read the dtype ${pyText(d.descr)}`);
  const kind = m[2] === "?" ? "b" : m[2], size = m[3] === "" ? 1 : Number(m[3]);
  const itemsize = elementSize(kind, size);
  // NumPy writes '|' where order does not apply (one-byte elements, byte strings)
  const byteorder = itemsize === 1 || kind === "S" || kind === "V" || m[1] === "|" ? "|" : m[1] === ">" ? ">" : "<";
  return { ...base, descr: `${byteorder}${kind}${size}`, name: nameOf(kind, size), byteorder, itemsize };
}
