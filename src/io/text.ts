// Text tables: np.savetxt (NumPy's text for the same arguments), np.loadtxt (the parser of
// NumPy >= 1.23) and np.genfromtxt (missing values filled).

import { OverflowError, TypeError, ValueError, ioMsg } from "../../runtime/errors.js";
import { allocStorage } from "../../runtime/buffer.js";
import { cStrides } from "../../compiler/ir.js";
import { DType, dt, dtype as toDType, type DTypeLike } from "../dtype.js";
import { NDArray, fromBuffer } from "../ndarray.js";
import { asarray, flatValues, storageFromValues } from "../creation.js";
import { squeeze, transpose } from "../shape.js";
import { argsOf } from "../join.js";
import { pyFormat, type PyScalar } from "./pyformat.js";
import { asBytes, isPath, readPath, writePath, type PathLike } from "./files.js";
import { reprStr } from "./pyliteral.js";

/** Text input: a path, the text itself (a string holding a newline), bytes, or an iterable of lines. */
export type TextSource = PathLike | BytesLike | Iterable<string>;
type BytesLike = ArrayBuffer | ArrayBufferView;

const decode = (b: Uint8Array, encoding: string | null | undefined): string =>
  new TextDecoder(encoding === "latin1" || encoding === "latin-1" || encoding === "bytes" ? "latin1" : encoding ?? "utf-8").decode(b);

const splitLines = (text: string): string[] => {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
};

/** The lines of a text source (newlines removed). */
async function linesOf(src: unknown, encoding?: string | null): Promise<string[]> {
  if (typeof src === "string" && /[\n\r]/.test(src)) return splitLines(src);
  if (isPath(src)) return splitLines(decode(await readPath(src), encoding));
  const b = asBytes(src);
  if (b) return splitLines(decode(b, encoding));
  if (src !== null && typeof src === "object" && Symbol.iterator in src)
    return Array.from(src as Iterable<unknown>, (l) => String(l).replace(/\r?\n$|\r$/, ""));
  throw new ValueError(ioMsg.fnameRead(src === null ? "<class 'NoneType'>" : `<class '${typeof src}'>`));
}

// ---- savetxt ---------------------------------------------------------------------------

export interface SavetxtOptions {
  fmt?: string | readonly string[]; delimiter?: string; newline?: string; header?: string;
  footer?: string; comments?: string; encoding?: string | null;
}

/** NumPy's scalar type name of a dtype (for messages and %r). */
const scalarName = (d: DType): string => (d.kind === "U" ? "str_" : d.id === "bool" ? "bool" : d.id);

/** The text savetxt writes for `X` (NumPy's savetxt, line for line). */
export function savetxtText(X: unknown, opts: SavetxtOptions = {}): string {
  const { fmt = "%.18e", delimiter = " ", newline = "\n", header = "", footer = "", comments = "# " } = opts;
  const a = asarray(X);
  if (a.ndim === 0 || a.ndim > 2) throw new ValueError(ioMsg.savetxtDims(a.ndim));
  const rows = a.ndim === 1 ? a.size : a.shape[0], ncol = a.ndim === 1 ? 1 : a.shape[1];
  const complex = a.dtype.kind === "c";
  let format: string;
  if (Array.isArray(fmt)) {
    if (fmt.length !== ncol) throw new TypeError(ioMsg.fmtShape(JSON.stringify(fmt).replace(/"/g, "'").replace(/,/g, ", ")));
    format = fmt.join(delimiter);
  } else if (typeof fmt === "string") {
    const n = (fmt.match(/%/g) ?? []).length;
    const error = new ValueError(ioMsg.fmtCount(fmt));
    if (n === 1) format = Array(ncol).fill(complex ? ` (${fmt}+${fmt}j)` : fmt).join(delimiter);
    else if (complex && n !== 2 * ncol) throw error;
    else if (!complex && n !== ncol) throw error;
    else format = fmt;
  } else throw new ValueError(ioMsg.fmtInvalid(String(fmt)));
  const values = flatValues(a), d = a.dtype, name = scalarName(d);
  const partName = d.id === "complex64" ? "float32" : "float64";
  const scalar = (v: unknown): PyScalar => ({ kind: d.kind === "c" ? "f" : (d.kind as PyScalar["kind"]), v: v as PyScalar["v"], single: d.id === "float32", name });
  const out: string[] = [];
  if (header.length > 0) out.push(comments + header.replace(/\n/g, "\n" + comments) + newline);
  for (let r = 0; r < rows; r++) {
    const row = values.slice(r * ncol, (r + 1) * ncol);
    if (complex) {
      const parts: PyScalar[] = [];
      for (const v of row as { re: number; im: number }[]) {
        parts.push({ kind: "f", v: v.re, single: d.id === "complex64", name: partName }, { kind: "f", v: v.im, single: d.id === "complex64", name: partName });
      }
      out.push((pyFormat(format, parts) + newline).replaceAll("+-", "-"));
    } else {
      try {
        out.push(pyFormat(format, row.map(scalar)) + newline);
      } catch (e) {
        if (e instanceof globalThis.TypeError) throw new TypeError(ioMsg.fmtMismatch(String(d), format));
        throw e;
      }
    }
  }
  if (footer.length > 0) out.push(comments + footer.replace(/\n/g, "\n" + comments) + newline);
  return out.join("");
}

/**
 * `np.savetxt(fname, X, { fmt = "%.18e", delimiter = " ", newline = "\n", header, footer,
 * comments = "# ", encoding })`: writes a 1-D or 2-D array as text, as NumPy does (Python's
 * `%` formats). `fname` null resolves to the text. Example: `await np.savetxt("a.csv", a, { delimiter: "," })`.
 */
export async function savetxt(fname: PathLike | null, X: unknown, ...args: unknown[]): Promise<string | undefined> {
  const o = argsOf(["fmt", "delimiter", "newline", "header", "footer", "comments", "encoding"], args) as SavetxtOptions;
  const text = savetxtText(X, o);
  if (fname === null || fname === undefined) return text;
  if (!isPath(fname)) throw new ValueError(ioMsg.fname);
  const enc = o.encoding ?? "utf-8";
  if (/^latin-?1$/i.test(enc)) {
    const b = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) throw new ValueError(`'latin-1' codec can't encode character '\\u${c.toString(16).padStart(4, "0")}' in position ${i}: ordinal not in range(256)`);
      b[i] = c;
    }
    await writePath(fname, b);
  } else await writePath(fname, text);
  return undefined;
}

// ---- value parsing -------------------------------------------------------------------

const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** Python's float(s) (surrounding whitespace allowed), or null. */
export function parseFloatPy(s: string): number | null {
  const t = s.trim();
  if (!FLOAT.test(t)) return null;
  const l = t.toLowerCase().replace(/^\+/, "");
  if (l.endsWith("nan")) return NaN;
  if (l.endsWith("inf") || l.endsWith("infinity")) return l.startsWith("-") ? -Infinity : Infinity;
  return Number(t);
}

/** Python's complex(s): '1+2j', '(1-2.5j)', '3', '2j', or null. */
function parseComplexPy(s: string): { re: number; im: number } | null {
  let t = s.trim();
  if (t.startsWith("(") && t.endsWith(")")) t = t.slice(1, -1).trim();
  const num = "(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|inf(?:inity)?|nan)";
  let m = new RegExp(`^([+-]?${num})?(?:([+-]${num}?)[jJ])?$`, "i").exec(t);
  if (m && (m[1] !== undefined || m[2] !== undefined)) {
    const re = m[1] !== undefined ? parseFloatPy(m[1])! : 0;
    const im = m[2] === undefined ? 0 : m[2] === "+" || m[2] === "-" ? (m[2] === "-" ? -1 : 1) : parseFloatPy(m[2])!;
    return { re, im };
  }
  m = new RegExp(`^([+-]?${num})?[jJ]$`, "i").exec(t);
  if (m) return { re: 0, im: m[1] === undefined ? 1 : m[1] === "+" || m[1] === "-" ? (m[1] === "-" ? -1 : 1) : parseFloatPy(m[1])! };
  return null;
}

const INT_RANGE: Partial<Record<DType["id"], [bigint, bigint]>> = {
  int8: [-128n, 127n], int16: [-32768n, 32767n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n], uint16: [0n, 65535n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** One text field as an element of dtype `d`, or undefined when it does not parse. */
function parseField(s: string, d: DType): unknown {
  switch (d.kind) {
    case "f": { const v = parseFloatPy(s); return v === null ? undefined : v; }
    case "c": return parseComplexPy(s) ?? undefined;
    case "U": return s;
    case "b": {
      const t = s.trim();
      if (!/^[+-]?\d+$/.test(t)) return undefined;
      return BigInt(t) !== 0n;
    }
    default: {
      const t = s.trim();
      if (!/^[+-]?\d+$/.test(t)) return undefined;
      const v = BigInt(t), [lo, hi] = INT_RANGE[d.id]!;
      if (v < lo || v > hi) return undefined;
      return d.isBig ? v : Number(v);
    }
  }
}

/** A value returned by a converter, as an element of dtype `d`. */
function fromConverted(v: unknown, d: DType): unknown {
  if (typeof v === "string") return parseField(v, d);
  if (d.kind === "U") return String(v);
  if (d.kind === "b") return Boolean(v);
  if (d.kind === "f") return Number(v);
  if (d.kind === "c") return typeof v === "object" && v !== null ? v : { re: Number(v), im: 0 };
  const n = typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)));
  return d.isBig ? n : Number(n);
}

/** Splits a line into fields: on whitespace runs (delimiter null) or on `delimiter`, honouring quotes. */
function splitFields(line: string, delimiter: string | null, quote: string | null): string[] {
  if (quote === null) {
    if (delimiter === null) { const t = line.trim(); return t === "" ? [] : t.split(/\s+/); }
    return line.split(delimiter);
  }
  const out: string[] = [];
  let cur = "", inQuote = false, i = 0, started = false;
  const isDelim = (j: number) => (delimiter === null ? /\s/.test(line[j]) : line.startsWith(delimiter, j));
  while (i < line.length) {
    const c = line[i];
    if (inQuote) {
      if (c === quote) {
        if (line[i + 1] === quote) { cur += quote; i += 2; continue; }
        inQuote = false; i++; continue;
      }
      cur += c; i++; continue;
    }
    if (c === quote && (cur === "" || (delimiter === null && !started))) { inQuote = true; started = true; i++; continue; }
    if (isDelim(i)) {
      if (delimiter === null) {
        if (started) out.push(cur);
        cur = ""; started = false;
        while (i < line.length && /\s/.test(line[i])) i++;
        continue;
      }
      out.push(cur); cur = ""; i += delimiter.length; continue;
    }
    cur += c; started = true; i++;
  }
  if (delimiter !== null || started) out.push(cur);
  return out;
}

/** The line with its comment removed (the earliest of the comment markers). */
function stripComment(line: string, comments: readonly string[]): string {
  let cut = line.length;
  for (const c of comments) { const k = line.indexOf(c); if (k >= 0 && k < cut) cut = k; }
  return line.slice(0, cut);
}

const commentList = (c: unknown): string[] => {
  if (c === null || c === undefined) return [];
  const list = typeof c === "string" ? [c] : [...(c as Iterable<string>)];
  if (list.includes("")) throw new ValueError(ioMsg.emptyComment);
  return list;
};

/** Whether a dtype argument asks for strings of the longest field's width ('U', 'str'). */
const isFlexibleStr = (x: unknown): boolean => typeof x === "string" && /^[<>|=]?(U|str|unicode|U0)$/.test(x);

/** An array of rows of elements of dtype `d` (strings of unknown width when `flexible`). */
function tableArray(rows: unknown[][], ncol: number, d: DType, flexible: boolean): NDArray {
  const flat = rows.flat();
  if (flexible || d.kind === "U") {
    const width = flexible ? Math.max(1, ...flat.map((s) => [...String(s)].length)) : d.strlen;
    d = dt("str", width);
    for (let i = 0; i < flat.length; i++) flat[i] = [...String(flat[i])].slice(0, width).join("");
  }
  const shape = [rows.length, ncol];
  if (flat.length === 0) return fromBuffer(allocStorage(d.id, 0), d, { shape, strides: cStrides(shape), offset: 0 });
  return fromBuffer(storageFromValues(flat, d), d, { shape, strides: cStrides(shape), offset: 0 });
}

/** NumPy's _ensure_ndmin_ndarray: squeeze beyond ndmin, then at least ndmin dims (2: a column). */
function ensureNdmin(a: NDArray, ndmin: number): NDArray {
  if (a.ndim > ndmin) a = squeeze(a);
  if (a.ndim < ndmin) {
    if (ndmin === 1) a = a.reshape([a.size]);
    else if (ndmin === 2) a = a.ndim === 0 ? a.reshape([1, 1]) : transpose(a.reshape([1, a.size]));
  }
  return a;
}

const checkNdmin = (ndmin: number) => { if (![0, 1, 2].includes(ndmin)) throw new ValueError(ioMsg.ndmin(ndmin)); };

function resolveCols(usecols: unknown): number[] | null {
  if (usecols === null || usecols === undefined) return null;
  const list = typeof usecols === "number" ? [usecols] : usecols instanceof NDArray ? flatValues(usecols) : [...(usecols as Iterable<unknown>)];
  const bad = list.find((c) => !(typeof c === "number" && Number.isInteger(c)) && typeof c !== "bigint");
  if (bad !== undefined) throw new TypeError(ioMsg.usecolsType(typeof bad === "number" ? "float" : typeof bad === "string" ? "str" : typeof bad));
  return list.map(Number);
}

type Converter = (s: string) => unknown;
function convertersOf(c: unknown): ((col: number, ncol: number) => Converter | undefined) {
  if (c === null || c === undefined) return () => undefined;
  if (typeof c === "function") return () => c as Converter;
  const map = c instanceof Map ? c as Map<number, Converter> : new Map(Object.entries(c as Record<string, Converter>).map(([k, v]) => [Number(k), v]));
  return (col, ncol) => map.get(col) ?? map.get(col - ncol);
}

// ---- loadtxt ---------------------------------------------------------------------------

export interface LoadtxtOptions {
  dtype?: DTypeLike; comments?: string | readonly string[] | null; delimiter?: string | null;
  converters?: Converter | Record<number, Converter> | Map<number, Converter> | null; skiprows?: number;
  usecols?: number | readonly number[] | null; unpack?: boolean; ndmin?: number; encoding?: string | null;
  maxRows?: number | null; quotechar?: string | null;
}

/** loadtxt over lines (the synchronous core of `np.loadtxt`). */
export function loadtxtLines(lines: readonly string[], o: LoadtxtOptions = {}): NDArray {
  const flexible = isFlexibleStr(o.dtype);
  const d = flexible ? dt("str", 1) : o.dtype === undefined || o.dtype === null ? dt("float64") : toDType(o.dtype);
  const comments = o.comments === undefined ? ["#"] : commentList(o.comments);
  const delimiter = o.delimiter ?? null, quote = o.quotechar ?? null;
  if (delimiter !== null && comments.includes(delimiter)) throw new TypeError(ioMsg.commentDelimiter(String(comments), delimiter));
  const ndmin = o.ndmin ?? 0, skip = o.skiprows ?? 0, maxRows = o.maxRows ?? -1;
  checkNdmin(ndmin);
  for (const c of [delimiter, quote]) if (c !== null && [...c].length !== 1) throw new TypeError(ioMsg.controlChar(reprStr(c)));
  if (quote !== null && (comments.length > 1 || (comments.length === 1 && comments[0].length > 1))) throw new ValueError(ioMsg.quoteComments);
  if (skip < 0 || (o.maxRows !== undefined && o.maxRows !== null && o.maxRows < 0)) throw new ValueError(ioMsg.nonneg);
  const usecols = resolveCols(o.usecols), conv = convertersOf(o.converters);
  const rows: unknown[][] = [];
  let ncol = -1;
  for (let li = skip; li < lines.length && (maxRows < 0 || rows.length < maxRows); li++) {
    const line = comments.length ? stripComment(lines[li], comments) : lines[li];
    if (line.trim() === "") continue;
    const fields = splitFields(line, delimiter, quote);
    let cols: number[];
    if (usecols) {
      cols = usecols.map((c) => {
        const k = c < 0 ? c + fields.length : c;
        if (k < 0 || k >= fields.length) throw new ValueError(ioMsg.usecol(c, li + 1, fields.length));
        return k;
      });
    } else {
      if (ncol >= 0 && fields.length !== ncol)
        throw new ValueError(ioMsg.columnsChanged(ncol, fields.length, li + 1));
      cols = fields.map((_, i) => i);
    }
    ncol = cols.length;
    rows.push(cols.map((k, j) => {
      const c = conv(k, fields.length);
      const v = c ? fromConverted(c(fields[k]), d) : parseField(fields[k], d);
      if (v === undefined) throw new ValueError(ioMsg.convert(fields[k], d.kind === "U" ? "str" : d.name, rows.length, (usecols ? j : k) + 1));
      return v;
    }));
  }
  let a = rows.length === 0 ? tableArray([], 0, d, flexible).reshape([0]) : tableArray(rows, ncol, d, flexible);
  a = ensureNdmin(a, ndmin);
  return o.unpack ? transpose(a) : a;
}

/**
 * `np.loadtxt(fname, { dtype = float64, comments = "#", delimiter = whitespace, converters,
 * skiprows, usecols, unpack, ndmin, maxRows, quotechar })`: a table of text as an array.
 * `fname` is a path, the text (a string holding a newline), bytes, or an iterable of lines.
 * Example: `await np.loadtxt("a.csv", { delimiter: "," })`.
 */
export async function loadtxt(fname: TextSource, ...args: unknown[]): Promise<NDArray> {
  const o = argsOf(["dtype", "comments", "delimiter", "converters", "skiprows", "usecols", "unpack", "ndmin", "encoding", "maxRows"], args) as LoadtxtOptions;
  return loadtxtLines(await linesOf(fname, o.encoding), o);
}

// ---- genfromtxt -----------------------------------------------------------------------

export interface GenfromtxtOptions {
  dtype?: DTypeLike | null; comments?: string | null; delimiter?: string | number | readonly number[] | null;
  skipHeader?: number; skipFooter?: number; converters?: Record<number, Converter> | Map<number, Converter> | null;
  missingValues?: string | readonly string[] | Record<number, string | readonly string[]> | null;
  fillingValues?: unknown; usecols?: number | readonly number[] | null; autostrip?: boolean;
  unpack?: boolean | null; invalidRaise?: boolean; maxRows?: number | null; encoding?: string | null; ndmin?: number;
}

/** Splits a genfromtxt line: whitespace, a delimiter string, or fixed field widths. */
function splitGen(line: string, delimiter: GenfromtxtOptions["delimiter"], autostrip: boolean): string[] {
  line = line.replace(/[ \r\n]+$/, "").replace(/^[ \r\n]+/, "");
  if (!line) return [];
  let fields: string[];
  if (delimiter === null || delimiter === undefined) return line.trim().split(/\s+/);
  if (typeof delimiter === "number" || Array.isArray(delimiter)) {
    const widths = typeof delimiter === "number" ? Array(Math.ceil(line.length / delimiter)).fill(delimiter) : delimiter as number[];
    fields = [];
    let p = 0;
    for (const w of widths) { fields.push(line.slice(p, p + w)); p += w; }
  } else fields = line.split(delimiter as string);
  return autostrip ? fields.map((f) => f.trim()) : fields;
}

/** Infers a column's dtype from its fields as genfromtxt's dtype=None does. */
function inferKind(values: readonly string[], missing: (s: string, col: number) => boolean, col: number): DType {
  const vals = values.filter((v) => !missing(v, col));
  if (vals.length && vals.every((v) => /^(true|false)$/i.test(v.trim()))) return dt("bool");
  if (vals.every((v) => /^[+-]?\d+$/.test(v.trim()))) {
    const big = vals.some((v) => { const n = BigInt(v.trim()); return n > 2n ** 31n - 1n || n < -(2n ** 31n); });
    return dt(big ? "int64" : "int32");
  }
  if (vals.every((v) => parseFloatPy(v) !== null)) return dt("float64");
  if (vals.every((v) => parseComplexPy(v) !== null)) return dt("complex128");
  return dt("str", Math.max(1, ...vals.map((v) => [...v].length)));
}

/** A genfromtxt field as Python's float/int/complex/str2bool read it, or undefined. */
function parseLoose(s: string, d: DType): unknown {
  if (d.kind === "b") {
    const t = s.trim().toUpperCase();
    return t === "TRUE" ? true : t === "FALSE" ? false : undefined;
  }
  if (d.kind === "i" || d.kind === "u") {
    const t = s.trim().replace(/(?<=\d)_(?=\d)/g, "");
    if (!/^[+-]?\d+$/.test(t)) return undefined;
    const v = BigInt(t), [lo, hi] = INT_RANGE[d.id]!;
    if (v < lo || v > hi) throw new OverflowError(`Python integer ${v} out of bounds for ${d.name}`);
    return d.isBig ? v : Number(v);
  }
  if (d.kind === "f") return parseFloatPy(s.replace(/(?<=\d)_(?=\d)/g, "")) ?? undefined;
  return parseField(s, d);
}

/** Default filling value of a dtype when a field is missing (NumPy's StringConverter defaults). */
const defaultFill = (d: DType): unknown =>
  d.kind === "f" ? NaN : d.kind === "c" ? { re: NaN, im: 0 } : d.kind === "b" ? false : d.kind === "U" ? "N/A" : d.isBig ? -1n : -1;

/** genfromtxt over lines (the synchronous core of `np.genfromtxt`). */
export function genfromtxtLines(lines: readonly string[], o: GenfromtxtOptions = {}): NDArray {
  if ((o as { names?: unknown }).names !== undefined && (o as { names?: unknown }).names !== null && (o as { names?: unknown }).names !== false)
    throw new TypeError("genfromtxt names= makes a structured array: not supported yet");
  if (Array.isArray(o.dtype)) throw new TypeError("genfromtxt with a structured dtype is not supported yet");
  const comments = o.comments === undefined ? "#" : o.comments;
  const skipHeader = o.skipHeader ?? 0, skipFooter = o.skipFooter ?? 0, ndmin = o.ndmin ?? 0;
  checkNdmin(ndmin);
  const autostrip = o.autostrip ?? false, invalidRaise = o.invalidRaise ?? true;
  if (o.maxRows !== undefined && o.maxRows !== null && skipFooter) throw new ValueError(ioMsg.footerMaxRows);
  const usecols = resolveCols(o.usecols);
  // missing markers: '' always, plus the user's (one list for all columns, or per column)
  const globalMissing = new Set<string>([""]);
  const perCol = new Map<number, Set<string>>();
  const mv = o.missingValues;
  if (typeof mv === "string") mv.split(",").forEach((s) => globalMissing.add(s.trim()));
  else if (Array.isArray(mv)) mv.forEach((s) => globalMissing.add(String(s)));
  else if (mv && typeof mv === "object") {
    for (const [k, v] of Object.entries(mv as Record<string, string | string[]>)) perCol.set(Number(k), new Set(typeof v === "string" ? v.split(",") : v));
  }
  const rows: string[][] = [];
  const invalid: [number, number][] = [];
  let ncol = -1;
  for (let li = skipHeader; li < lines.length; li++) {
    const line = comments === null ? lines[li] : lines[li].split(comments)[0];
    let fields = splitGen(line, o.delimiter, autostrip);
    if (fields.length === 0) continue;
    if (usecols) {
      const n = fields.length;
      fields = usecols.map((c) => fields[c < 0 ? c + n : c] ?? "");
    }
    if (ncol < 0) ncol = fields.length;
    if (fields.length !== ncol) { invalid.push([li + 1, fields.length]); continue; }
    rows.push(fields);
    if (o.maxRows !== undefined && o.maxRows !== null && rows.length >= o.maxRows) break;
  }
  if (skipFooter > 0) rows.splice(Math.max(0, rows.length - skipFooter));
  if (invalid.length && invalidRaise) throw new ValueError(ioMsg.genfromtxtErrors(invalid, ncol));
  const colIndex = (j: number) => (usecols ? usecols[j] : j);
  const missing = (s: string, j: number) => {
    const t = s.trim();
    if (globalMissing.has(t) || globalMissing.has(s)) return true;
    const set = perCol.get(colIndex(j)) ?? perCol.get(j);
    return set ? set.has(t) || set.has(s) : false;
  };
  if (rows.length === 0) return ensureNdmin(tableArray([], 0, dt("float64"), false).reshape([0]), ndmin);
  let d: DType;
  if (o.dtype === null) {
    const kinds = Array.from({ length: ncol }, (_, j) => inferKind(rows.map((r) => r[j]), missing, j));
    if (!kinds.every((k) => k.equals(kinds[0]))) throw new TypeError("genfromtxt with dtype=None found columns of different types: structured arrays are not supported");
    d = kinds[0];
  } else d = isFlexibleStr(o.dtype) ? dt("str", 1) : toDType(o.dtype ?? "float64");
  const fills = (j: number): unknown => {
    const f = o.fillingValues;
    if (f === undefined || f === null) return defaultFill(d);
    if (Array.isArray(f)) return f[j] ?? defaultFill(d);
    if (typeof f === "object" && !(f instanceof NDArray)) { const m = f as Record<number, unknown>; return m[colIndex(j)] ?? m[j] ?? defaultFill(d); }
    return f;
  };
  const conv = convertersOf(o.converters);
  // NumPy converts loosely: a field that parses is kept (even one listed as missing), any
  // other takes the column's filling value
  const values = rows.map((r) => r.map((s, j) => {
    const c = conv(colIndex(j), ncol);
    if (c) return fromConverted(c(s), d);
    const v = parseLoose(s, d);
    return v === undefined ? fromConverted(fills(j), d) : v;
  }));
  let a = tableArray(values, ncol, d, isFlexibleStr(o.dtype));
  a = ensureNdmin(a, ndmin);
  return o.unpack ? transpose(a) : a;
}

/**
 * `np.genfromtxt(fname, { dtype = float64, comments = "#", delimiter, skipHeader, skipFooter,
 * missingValues, fillingValues, usecols, converters, maxRows, unpack })`: loads a table whose
 * missing fields ('' or `missingValues`) become `fillingValues` (NaN for floats). `dtype: null`
 * infers one dtype for all columns. Example: `await np.genfromtxt("m.csv", { delimiter: ",", skipHeader: 1 })`.
 */
export async function genfromtxt(fname: TextSource, ...args: unknown[]): Promise<NDArray> {
  const o = argsOf(["dtype", "comments", "delimiter", "skipHeader", "skipFooter", "converters", "missingValues", "fillingValues", "usecols"], args) as GenfromtxtOptions;
  return genfromtxtLines(await linesOf(fname, o.encoding), o);
}
