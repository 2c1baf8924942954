// Code generation: a fused group becomes the source of one JavaScript loop kernel.
//
// The kernel is a nested loop over the group's (reordered, coalesced) iteration space.
// Each DAG node is computed once per element into a local; nodes that depend only on
// loads that do not move in the innermost dimension are hoisted out of it. Integer
// results are wrapped into their dtype's range, float32 results rounded, as NumPy
// computes them. Source is compiled once per structural key and cached: V8 does not
// share code between two `new Function` calls of the same text.

import { STORAGE, valueClass, type DTypeId } from "../runtime/dtypes.js";
import type { KernelFn } from "../runtime/plan.js";
import { WRAP, realCast, CAST_HELPERS } from "./cast.js";
import { OPS, implFor, type Impl, type OpRow } from "./ops.js";
import { groupKey, topo, type KGroup, type KNode } from "./kernel.js";

const isC = (d: DTypeId) => STORAGE[d].lanes === 2;
const realOf = (d: DTypeId): DTypeId => (d === "complex64" ? "float32" : d === "complex128" ? "float64" : d);
/** Typed arrays wrap integers and round float32 on store; values kept in locals must be wrapped. */
const storeWraps = (d: DTypeId) => d !== "str";

/** The table every kernel calls through: op implementations, cast helpers, a complex scratch pair. */
export const FTABLE: Record<string, unknown> = (() => {
  const t: Record<string, unknown> = { ...CAST_HELPERS, S: new Float64Array(2) };
  for (const [name, row] of Object.entries(OPS as Record<string, OpRow>))
    for (const [key, impl] of Object.entries(row.impl)) t[`${name}_${key}`] = (impl as Impl).fn;
  return t;
})();

function implKey(op: string, d: DTypeId): string {
  const row = (OPS as Record<string, OpRow>)[op];
  return row.impl[d] ? d : valueClass(d);
}

/** Expands a template: $0, $1 ... (real) and $0r/$0i (complex). */
function fill(tpl: string, args: readonly string[][]): string {
  return tpl.replace(/\$(\d+)([ri]?)/g, (_, k: string, part: string) => {
    const a = args[Number(k)];
    return part === "i" ? a[1] : a[0];
  });
}

/** Unrolling pays for short bodies (memory-bound); long ones are compute-bound. */
const UNROLL = 8, UNROLL_MAX_NODES = 16;

/**
 * Generates the kernel source for a group (the body of `new Function`, returning the kernel).
 *
 * Measured on V8: a plain strided loop reaches ~8 GB/s, because every access re-derives
 * its bound; indexing `subarray` windows with a ×8 manually unrolled body reaches
 * ~20 GB/s. So a one-dimensional contiguous run indexes subarrays from 0, and the
 * innermost loop is unrolled when the body is small.
 */
export function generate(g: KGroup): string {
  const nd = g.ndim;
  const order = topo(g.outputs);
  const nOps = g.operandDtypes.length;
  const lines: string[] = [];
  const emit = (depth: number, s: string) => lines.push("  ".repeat(depth + 1) + s);

  // how often each node is an argument (wrapping may be skipped for pure stores)
  const argUses = new Map<number, number>();
  for (const n of order) if (n.k === "op") for (const a of n.args) argUses.set(a.id, (argUses.get(a.id) ?? 0) + 1);

  // variant: depends on an operand that moves in the innermost dimension
  const variant = new Map<number, boolean>();
  for (const n of order) {
    variant.set(n.id, n.k === "load" ? g.inner[n.operand] !== 0 : n.k === "const" ? false : n.args.some((a) => variant.get(a.id)));
  }
  const consts = order.filter((n) => n.k === "const");
  const invariant = order.filter((n) => n.k !== "const" && !variant.get(n.id));
  const inner = order.filter((n) => n.k !== "const" && variant.get(n.id));
  const unroll = inner.length <= UNROLL_MAX_NODES ? UNROLL : 1;
  const lanesOf = (k: number) => STORAGE[g.operandDtypes[k]].lanes;
  // 1-D: contiguous operands are indexed through subarray windows `w{k}` starting at `start`
  const windowed = (k: number) => nd === 1 && g.inner[k] === 1 && g.operandDtypes[k] !== "str";

  /** Index expression of operand k's element at inner position `i` + `u`. */
  const at = (k: number, i: string, u: number): string => {
    const lanes = lanesOf(k), cls = g.inner[k];
    const pos = u ? `${i} + ${u}` : i;
    if (windowed(k)) return lanes === 1 ? pos : `${lanes} * (${pos})`;
    const p = nd === 1 ? `p${k}` : `p${k}_${nd - 2}`;
    if (cls === 0) return p;
    if (cls === 1) return lanes === 1 ? `${p} + ${pos}` : `${p} + ${lanes} * (${pos})`;
    return `${p} + (${pos}) * s${k}_${nd - 1}`;
  };
  const arr = (k: number) => (windowed(k) ? `w${k}` : `b${k}`);

  function body(nodes: readonly KNode[], vals: Map<number, string[]>, depth: number, i: string, u: number, sfx: string): void {
    for (const n of nodes) nodeCode(n, vals, depth, i, u, sfx);
  }

  function nodeCode(n: KNode, vals: Map<number, string[]>, depth: number, i: string, u: number, sfx: string): void {
    const v = `v${n.id}${sfx}`;
    const set = (names: string[]) => vals.set(n.id, names);
    if (n.k === "load") {
      const b = arr(n.operand), p = at(n.operand, i, u);
      if (isC(n.dtype)) { emit(depth, `const ${v}r = ${b}[${p}], ${v}i = ${b}[${p} + 1];`); set([`${v}r`, `${v}i`]); }
      else { emit(depth, `const ${v} = ${b}[${p}];`); set([v]); }
      return;
    }
    if (n.k === "const") {
      if (isC(n.dtype)) { emit(depth, `const ${v}r = K[${n.slot}], ${v}i = K[${n.slot + 1}];`); set([`${v}r`, `${v}i`]); }
      else { emit(depth, `const ${v} = K[${n.slot}];`); set([v]); }
      return;
    }
    const args = n.args.map((a) => vals.get(a.id)!);
    const wrapOut = (expr: string, exact: boolean | undefined) => {
      const w = WRAP[n.dtype];
      const onlyStored = !argUses.get(n.id) && storeWraps(n.dtype);
      return w && !exact && !onlyStored ? w.js(expr) : expr;
    };
    if (n.op === "cast") {
      const from = n.args[0].dtype, a = args[0];
      if (isC(from) && n.dtype === "bool") {
        emit(depth, `const ${v} = (${a[0]} !== 0 || ${a[1]} !== 0);`);
        set([v]);
      } else if (isC(n.dtype)) {
        const conv = realCast(realOf(from), realOf(n.dtype));
        const im = isC(from) ? conv.js(a[1]) : "0";
        emit(depth, `const ${v}r = ${conv.js(a[0])}, ${v}i = ${im};`);
        set([`${v}r`, `${v}i`]);
      } else {
        emit(depth, `const ${v} = ${realCast(from, n.dtype).js(a[0])};`);
        set([v]);
      }
      return;
    }
    const argDtype = n.args[(OPS as Record<string, OpRow>)[n.op].classArg ?? 0].dtype;
    const impl = implFor(n.op, argDtype, valueClass(argDtype))!;
    const call = `F.${n.op}_${implKey(n.op, argDtype)}`;
    const flat = args.flat();
    if (isC(n.dtype)) {
      if (Array.isArray(impl.js)) {
        const [re, im] = impl.js as readonly [string, string];
        const f32 = (e: string) => (n.dtype === "complex64" && !impl.exact ? `Math.fround(${e})` : e);
        emit(depth, `const ${v}r = ${f32(fill(re, args))}, ${v}i = ${f32(fill(im, args))};`);
      } else {
        emit(depth, `${call}(${flat.join(", ")}, SC);`);
        const r = n.dtype === "complex64" ? "Math.fround(SC[0])" : "SC[0]", im = n.dtype === "complex64" ? "Math.fround(SC[1])" : "SC[1]";
        emit(depth, `const ${v}r = ${r}, ${v}i = ${im};`);
      }
      set([`${v}r`, `${v}i`]);
    } else {
      const expr = typeof impl.js === "string" ? fill(impl.js, args) : `${call}(${flat.join(", ")})`;
      emit(depth, `const ${v} = ${wrapOut(expr, impl.exact)};`);
      set([v]);
    }
  }

  const store = (vals: Map<number, string[]>, depth: number, i: string, u: number) => {
    g.outputs.forEach((n, j) => {
      const k = g.nLoads + j, b = arr(k), p = at(k, i, u), val = vals.get(n.id)!;
      if (isC(g.operandDtypes[k])) emit(depth, `${b}[${p}] = ${val[0]}; ${b}[${p} + 1] = ${val[1]};`);
      else emit(depth, `${b}[${p}] = ${val[0]};`);
    });
  };

  /** The innermost loop over `i` in [from, to): an unrolled main loop and a remainder loop. */
  const innerLoop = (outer: Map<number, string[]>, depth: number, i: string, from: string, to: string) => {
    if (unroll > 1) {
      emit(depth, `let ${i} = ${from};`);
      emit(depth, `for (; ${i} + ${unroll} <= ${to}; ${i} += ${unroll}) {`);
      for (let u = 0; u < unroll; u++) {
        const vals = new Map(outer);
        body(inner, vals, depth + 1, i, u, `_${u}`);
        store(vals, depth + 1, i, u);
      }
      emit(depth, `}`);
      emit(depth, `for (; ${i} < ${to}; ${i}++) {`);
    } else emit(depth, `for (let ${i} = ${from}; ${i} < ${to}; ${i}++) {`);
    const vals = new Map(outer);
    body(inner, vals, depth + 1, i, 0, "");
    store(vals, depth + 1, i, 0);
    emit(depth, `}`);
  };

  // prologue
  emit(0, `const SC = F.S;`);
  for (let k = 0; k < nOps; k++) emit(0, `const b${k} = bufs[${k}];`);
  for (let k = 0; k < nOps; k++) for (let d = 0; d < nd; d++) if (g.inner[k] === "s" || d < nd - 1) emit(0, `const s${k}_${d} = st[${k * nd + d}];`);
  for (let d = 1; d < nd; d++) emit(0, `const n${d} = shape[${d}];`);
  const top = new Map<number, string[]>();
  consts.forEach((n) => nodeCode(n, top, 0, "", 0, ""));

  if (nd === 1) {
    for (let k = 0; k < nOps; k++) {
      if (windowed(k)) {
        const L = lanesOf(k);
        emit(0, `const w${k} = b${k}.subarray(offs[${k}] + ${L === 1 ? "start" : `${L} * start`}, offs[${k}] + ${L === 1 ? "end" : `${L} * end`});`);
      } else emit(0, `const p${k} = offs[${k}]${g.inner[k] === "s" ? ` + start * s${k}_0` : ""};`);
    }
    body(invariant, top, 0, "i", 0, "");
    emit(0, `const n = end - start;`);
    innerLoop(top, 0, "i", "0", "n");
  } else {
    emit(0, `for (let i0 = start; i0 < end; i0++) {`);
    for (let k = 0; k < nOps; k++) emit(1, `const p${k}_0 = offs[${k}] + i0 * s${k}_0;`);
    let depth = 1;
    for (let d = 1; d < nd - 1; d++) {
      emit(depth, `for (let i${d} = 0; i${d} < n${d}; i${d}++) {`);
      depth++;
      for (let k = 0; k < nOps; k++) emit(depth, `const p${k}_${d} = p${k}_${d - 1} + i${d} * s${k}_${d};`);
    }
    const vals = new Map(top);
    body(invariant, vals, depth, `i${nd - 1}`, 0, "");
    innerLoop(vals, depth, `i${nd - 1}`, "0", `n${nd - 1}`);
    for (let d = depth - 1; d >= 0; d--) emit(d, `}`);
  }
  return `"use strict";\nreturn function kernel(F, bufs, offs, st, shape, K, start, end) {\n${lines.join("\n")}\n};`;
}

/** Transcendental Math functions: an order of magnitude dearer than arithmetic. */
const HEAVY = /Math\.(sin|cos|tan|asin|acos|atan|sinh|cosh|tanh|asinh|acosh|atanh|exp|expm1|log|log2|log10|log1p|pow|cbrt|hypot|atan2)\b/;

/**
 * Work per element of a group, for deciding whether it pays to split it across threads:
 * 1 per load, store and inline op, 8 per library call, 30 per transcendental.
 */
export function groupCost(g: KGroup): number {
  let cost = g.operandDtypes.length;
  for (const n of topo(g.outputs)) {
    if (n.k !== "op" || n.op === "cast") continue;
    const d = n.args[(OPS as Record<string, OpRow>)[n.op].classArg ?? 0].dtype;
    const impl = implFor(n.op, d, valueClass(d));
    const js = typeof impl?.js === "string" ? impl.js : null;
    cost += js === null ? (/^(sin|cos|tan|arc|exp|log|power|sqrt|cbrt|hypot|logaddexp)/.test(n.op) ? 30 : 8) : HEAVY.test(js) ? 30 : 1;
  }
  return cost;
}

// ---- the kernel cache ----------------------------------------------------------------

interface Compiled { fn: KernelFn; source: string; key: string }
const cache = new Map<string, Compiled>();
const CACHE_MAX = 2048;
export const cacheStats = { hits: 0, misses: 0 };

let codegenAllowed: boolean | null = null;
/** False where `new Function` is forbidden (a browser's CSP): the interpreter runs instead. */
export function canGenerate(): boolean {
  if (codegenAllowed === null) {
    try { codegenAllowed = new Function("return 1")() === 1; } catch { codegenAllowed = false; }
  }
  return codegenAllowed;
}

/** Compiles (or finds in the cache) the kernel for a group. */
export function compileGroup(g: KGroup): Compiled {
  const key = groupKey(g);
  const hit = cache.get(key);
  if (hit) {
    cacheStats.hits++;
    cache.delete(key); // LRU: move to the back
    cache.set(key, hit);
    return hit;
  }
  cacheStats.misses++;
  const source = generate(g);
  const fn = new Function(source)() as KernelFn;
  const c = { fn, source, key };
  cache.set(key, c);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return c;
}

export function kernelCacheSize(): number { return cache.size; }
