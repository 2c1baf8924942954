// Python literals, both ways, as far as .npy headers need them (what `ast.literal_eval`
// reads and `repr` writes): strings, ints, booleans, None, tuples, lists and dicts.

import { ValueError } from "../../runtime/errors.js";

/** A parsed Python literal. Tuples are `{ tuple: [...] }` so that `(3,)` and `[3]` stay apart. */
export type PyValue = string | number | boolean | null | PyTuple | PyValue[] | PyDict;
export interface PyTuple { tuple: PyValue[] }
export interface PyDict { dict: Map<string, PyValue> }

export const isTuple = (v: PyValue): v is PyTuple => typeof v === "object" && v !== null && "tuple" in v;
export const isDict = (v: PyValue): v is PyDict => typeof v === "object" && v !== null && "dict" in v;

/** Parses one Python literal; throws SyntaxError (caught by the caller) on anything else. */
export function parsePy(src: string): PyValue {
  let i = 0;
  const ws = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  const fail = (): never => { throw new SyntaxError(`invalid syntax at ${i}`); };
  const value = (): PyValue => {
    ws();
    const c = src[i];
    if (c === "'" || c === '"') return str();
    if (c === "(" || c === "[") return seq(c === "(" ? ")" : "]");
    if (c === "{") return dict();
    const m = /^(?:[-+]?\d+L?|True|False|None)/.exec(src.slice(i, i + 64));
    if (!m) return fail();
    i += m[0].length;
    if (m[0] === "True") return true;
    if (m[0] === "False") return false;
    if (m[0] === "None") return null;
    return Number(m[0].replace("L", ""));
  };
  const str = (): string => {
    const q = src[i++];
    let out = "";
    while (i < src.length && src[i] !== q) {
      if (src[i] === "\\") {
        const e = src[++i];
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
        if (e === "x") { out += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16)); i += 3; continue; }
        if (e === "u") { out += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16)); i += 5; continue; }
        out += map[e] ?? "\\" + e;
        i++;
      } else out += src[i++];
    }
    if (src[i] !== q) fail();
    i++;
    return out;
  };
  const seq = (close: string): PyValue => {
    i++;
    const items: PyValue[] = [];
    let comma = false;
    for (;;) {
      ws();
      if (src[i] === close) { i++; break; }
      items.push(value());
      ws();
      if (src[i] === ",") { i++; comma = true; continue; }
      if (src[i] !== close) fail();
    }
    if (close === "]") return items;
    // (x) is x, not a tuple
    return items.length === 1 && !comma ? items[0] : { tuple: items };
  };
  const dict = (): PyDict => {
    i++;
    const map = new Map<string, PyValue>();
    for (;;) {
      ws();
      if (src[i] === "}") { i++; break; }
      const k = value();
      if (typeof k !== "string") fail();
      ws();
      if (src[i++] !== ":") fail();
      map.set(k as string, value());
      ws();
      if (src[i] === ",") { i++; continue; }
      if (src[i] !== "}") fail();
    }
    return { dict: map };
  };
  const v = value();
  ws();
  if (i !== src.length) fail();
  return v;
}

/** Python's repr of a str (single quotes unless the text holds one and no double quote). */
export function reprStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + q;
}

/** Python's repr of a tuple of ints: `()`, `(3,)`, `(2, 3)`. */
export const reprTuple = (t: readonly number[]): string => `(${t.join(", ")}${t.length === 1 ? "," : ""})`;

/** Python's repr of bytes: `b'\x93NUMPY'`. */
export function reprBytes(b: Uint8Array): string {
  let out = "";
  const hasQ = b.includes(0x27), hasDQ = b.includes(0x22);
  const q = hasQ && !hasDQ ? '"' : "'";
  for (const c of b) {
    if (c === 0x5c) out += "\\\\";
    else if (String.fromCharCode(c) === q) out += "\\" + q;
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += String.fromCharCode(c);
  }
  return `b${q}${out}${q}`;
}

/** Python's repr of a parsed literal (for messages). */
export function reprPy(v: PyValue): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return reprStr(v);
  if (Array.isArray(v)) return `[${v.map(reprPy).join(", ")}]`;
  if (isTuple(v)) return `(${v.tuple.map(reprPy).join(", ")}${v.tuple.length === 1 ? "," : ""})`;
  if (isDict(v)) return `{${[...v.dict].map(([k, x]) => `${reprStr(k)}: ${reprPy(x)}`).join(", ")}}`;
  throw new ValueError("not a Python literal");
}
