// Subscripts, parsed twice as NumPy parses them. NumPy's einsum has two front ends with
// their own errors: the C one (`c_einsum`, run when `optimize` is false and for every step
// of an optimized path) and the Python one of `einsum_path` (run first when `optimize` is
// anything else), which spells each `...` out as unused letters. Both are here, with
// their messages; the labels of a parsed operand are character codes, 0 for an axis the
// ellipsis covers.

import { IndexError, TypeError, ValueError, einsumMsg } from "../../runtime/errors.js";


/** NumPy's 52 subscript letters, in its order (einsum_path names labels by index into it). */
export const SYMBOLS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const MAXDIMS = 32;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Python's repr of a character inside its UnicodeEncodeError message. */
function pyCharRepr(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** C einsum reads the subscripts as ASCII bytes (a UnicodeEncodeError is a ValueError). */
export function checkAscii(s: string): void {
  let pos = 0;
  for (const ch of s) {
    if (ch.codePointAt(0)! > 127) throw new ValueError(`'ascii' codec can't encode character '${pyCharRepr(ch)}' in position ${pos}: ordinal not in range(128)`);
    pos++;
  }
}

/** What C einsum makes of the subscripts, given each operand's ndim. */
export interface CParsed {
  /** Per operand and axis: the label's character code, 0 for an axis of the ellipsis. */
  readonly labels: readonly (readonly number[])[];
  /** The output's labels, 0 for an ellipsis axis. */
  readonly output: readonly number[];
  /** How many axes the ellipsis covers (the most any operand gives it). */
  readonly nBroadcast: number;
  /** Occurrences of each label over all inputs (by character code). */
  readonly counts: readonly number[];
}

/** One operand's subscripts (C's parse_operand_subscripts). */
function operandLabels(s: string, ndim: number, iop: number, counts: number[]): number[] {
  const labels: number[] = [];
  let ellipsis = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLetter(c)) {
      if (labels.length >= ndim) throw new ValueError(einsumMsg.tooManySubscripts(iop));
      labels.push(c);
      counts[c]++;
    } else if (c === 46) {
      if (ellipsis !== -1 || i + 2 >= s.length || s[++i] !== "." || s[++i] !== ".") throw new ValueError(einsumMsg.badDot(iop));
      ellipsis = labels.length;
    } else if (c !== 32) {
      throw new ValueError(einsumMsg.badChar(s[i]));
    }
  }
  if (ellipsis === -1) {
    if (labels.length !== ndim) throw new ValueError(einsumMsg.noEllipsis);
    return labels;
  }
  return [...labels.slice(0, ellipsis), ...new Array<number>(ndim - labels.length).fill(0), ...labels.slice(ellipsis)];
}

/** The output subscripts (C's parse_output_subscripts). */
function outputLabels(s: string, nBroadcast: number, counts: readonly number[]): number[] {
  const out: number[] = [];
  let ellipsis = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLetter(c)) {
      if (s.indexOf(s[i], i + 1) >= 0) throw new ValueError(einsumMsg.outTwice(s[i]));
      if (counts[c] === 0) throw new ValueError(einsumMsg.outNotIn(s[i]));
      if (out.length >= MAXDIMS) throw new ValueError(einsumMsg.tooManyOut);
      out.push(c);
    } else if (c === 46) {
      if (ellipsis || i + 2 >= s.length || s[++i] !== "." || s[++i] !== ".") throw new ValueError(einsumMsg.badDotOut);
      if (out.length + nBroadcast > MAXDIMS) throw new ValueError(einsumMsg.tooManyOut);
      ellipsis = true;
      for (let b = 0; b < nBroadcast; b++) out.push(0);
    } else if (c !== 32) {
      throw new ValueError(einsumMsg.badChar(s[i]));
    }
  }
  if (!ellipsis && nBroadcast > 0) throw new ValueError(einsumMsg.noEllipsisOut);
  return out;
}

/** C einsum's parse of a subscripts string for operands of the given ndims (its errors, in its order). */
export function parseC(subscripts: string, ndims: readonly number[]): CParsed {
  const nop = ndims.length;
  if (nop >= MAXDIMS) throw new ValueError(einsumMsg.tooManyOperands);
  const counts = new Array<number>(128).fill(0);
  const labels: number[][] = [];
  let s = subscripts;
  for (let iop = 0; iop < nop; iop++) {
    let length = s.search(/[,-]/);
    if (length < 0) length = s.length;
    if (iop === nop - 1 && s[length] === ",") throw new ValueError(einsumMsg.moreOperands);
    if (iop < nop - 1 && s[length] !== ",") throw new ValueError(einsumMsg.fewerOperands);
    labels.push(operandLabels(s.slice(0, length), ndims[iop], iop, counts));
    s = s.slice(iop < nop - 1 ? length + 1 : length);
  }
  const nBroadcast = Math.max(0, ...labels.map((l) => l.filter((x) => x === 0).length));
  let output: number[];
  if (s === "") {
    // implicit output: the ellipsis axes, then the labels seen once, in character order
    output = new Array<number>(nBroadcast).fill(0);
    for (let c = 0; c < 128; c++) {
      if (counts[c] !== 1) continue;
      if (output.length >= MAXDIMS) throw new ValueError(einsumMsg.tooManyLabels);
      output.push(c);
    }
  } else {
    if (!s.startsWith("->")) throw new ValueError(einsumMsg.noArrow);
    output = outputLabels(s.slice(2), nBroadcast, counts);
  }
  return { labels, output, nBroadcast, counts };
}

/** A subscripts list of the interleaved form as C einsum spells it (0-25: 'A'-'Z', 26-51: 'a'-'z'). */
export function sublistC(sub: unknown): string {
  const items = sequence(sub, () => new TypeError(einsumMsg.notList));
  let s = "", ellipsis = false;
  for (const item of items) {
    if (item === "...") {
      if (ellipsis) throw new ValueError(einsumMsg.twoEllipses);
      s += "...";
      ellipsis = true;
    } else {
      if (typeof item !== "number" || !Number.isInteger(item)) throw new TypeError(einsumMsg.subscriptType);
      if (item < 0 || item >= 52) throw new ValueError(einsumMsg.subscriptRange);
      s += String.fromCharCode(item < 26 ? 65 + item : 97 + item - 26);
    }
  }
  return s;
}

/** A subscripts list as einsum_path spells it (Python indexing into SYMBOLS: -1 is 'Z'). */
export function sublistPy(sub: unknown): string {
  if (typeof sub === "number") throw new TypeError(`'${Number.isInteger(sub) ? "int" : "float"}' object is not iterable`);
  const items = sequence(sub, () => new TypeError(einsumMsg.listType));
  let s = "";
  for (const item of items) {
    if (item === "...") { s += "..."; continue; }
    if (typeof item !== "number" || !Number.isInteger(item)) throw new TypeError(einsumMsg.listType);
    if (item < -52 || item >= 52) throw new IndexError("string index out of range");
    s += SYMBOLS[item < 0 ? item + 52 : item];
  }
  return s;
}

function sequence(sub: unknown, err: () => Error): unknown[] {
  if (typeof sub === "string") return [...sub];
  if (Array.isArray(sub)) return sub;
  if (sub && typeof sub === "object" && typeof (sub as { tolist?: unknown }).tolist === "function") {
    const l = (sub as { tolist(): unknown }).tolist();
    if (Array.isArray(l)) return l;
  }
  throw err();
}

// ---- einsum_path's front end -------------------------------------------------------------

/** What einsum_path makes of the subscripts: terms of letters (each `...` spelled out) and the output. */
export interface PyParsed {
  readonly inputs: string;
  readonly output: string;
}

/**
 * einsum_path's `_parse_einsum_input` over subscripts (spaces already removed for the
 * string form) and the operands' shapes. Its `...` takes the last letters no term uses
 * (NumPy takes them from a set, in an order that varies between runs).
 */
export function parsePy(subscripts: string, shapes: readonly (readonly number[])[], fromString: boolean): PyParsed {
  if (fromString) {
    for (const ch of subscripts) if (!".,->".includes(ch) && !SYMBOLS.includes(ch)) throw new ValueError(einsumMsg.symbol(ch));
  }
  if (subscripts.includes("-") || subscripts.includes(">")) {
    const count = (t: string) => subscripts.split(t).length - 1;
    if (count("-") > 1 || count(">") > 1 || count("->") !== 1) throw new ValueError(einsumMsg.arrows);
  }
  if (subscripts.includes(".")) {
    const used = new Set(subscripts.replace(/\./g, "").replace(/,/g, "").replace(/->/g, ""));
    const unused = [...SYMBOLS].filter((c) => !used.has(c)).join("");
    let longest = 0;
    const [inputPart, outputPart] = subscripts.includes("->") ? subscripts.split("->") : [subscripts, null];
    const terms = inputPart.split(",");
    terms.forEach((sub, num) => {
      if (!sub.includes(".")) return;
      if (sub.split(".").length - 1 !== 3 || sub.split("...").length - 1 !== 1) throw new ValueError(einsumMsg.ellipses);
      if (num >= shapes.length) throw new IndexError("list index out of range");
      const shape = shapes[num];
      const count = shape.length === 0 ? 0 : Math.max(shape.length, 1) - (sub.length - 3);
      longest = Math.max(longest, count);
      if (count < 0) throw new ValueError(einsumMsg.ellipsesLength);
      terms[num] = sub.replace("...", count === 0 ? "" : unused.slice(unused.length - count));
    });
    const ellipsisLabels = longest === 0 ? "" : unused.slice(unused.length - longest);
    const inputs = terms.join(",");
    let output: string;
    if (outputPart !== null) {
      output = outputPart.split("...").join(ellipsisLabels);
    } else {
      // the ellipsis axes first, then the other labels seen once, sorted
      const once = onceSorted(inputs);
      output = ellipsisLabels + [...once].filter((c) => !ellipsisLabels.includes(c)).sort().join("");
    }
    return checkPyOutput(inputs, output, shapes.length);
  }
  if (subscripts.includes("->")) {
    const [inputs, output] = subscripts.split("->");
    return checkPyOutput(inputs, output, shapes.length);
  }
  return checkPyOutput(subscripts, onceSorted(subscripts), shapes.length);
}

/** The labels seen exactly once, in sorted (code point) order. */
function onceSorted(inputs: string): string {
  const all = inputs.replace(/,/g, "");
  let out = "";
  for (const c of [...new Set(all)].sort()) {
    if (!SYMBOLS.includes(c)) throw new ValueError(einsumMsg.symbol(c));
    if (all.split(c).length - 1 === 1) out += c;
  }
  return out;
}

function checkPyOutput(inputs: string, output: string, nOperands: number): PyParsed {
  for (const c of output) if (!inputs.includes(c)) throw new ValueError(einsumMsg.outChar(c));
  if (inputs.split(",").length !== nOperands) throw new ValueError(einsumMsg.termCount);
  return { inputs, output };
}

/**
 * einsum_path's extents of the labels: a label of extent 1 takes the others' extent; other
 * mismatches raise its error (worded "operand (previous) does not match previous terms (this)").
 */
export function labelSizes(p: PyParsed, shapes: readonly (readonly number[])[]): { sizes: Map<string, number>; ones: Set<string>[] } {
  const sizes = new Map<string, number>();
  const ones: Set<string>[] = [];
  p.inputs.split(",").forEach((term, t) => {
    const sh = shapes[t];
    if (sh.length !== term.length) {
      if (t >= p.inputs.length) throw new IndexError("string index out of range");
      throw new ValueError(einsumMsg.indexCount(p.inputs[t], t));
    }
    const one = new Set<string>();
    [...term].forEach((c, k) => {
      const dim = sh[k];
      if (dim === 1) one.add(c);
      const had = sizes.get(c);
      if (had === undefined || had === 1) sizes.set(c, dim);
      else if (dim !== 1 && dim !== had) throw new ValueError(einsumMsg.labelSize(c, t, had, dim));
    });
    ones.push(one);
  });
  return { sizes, ones };
}
