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

/** Generates the kernel source for a group (body of `new Function`, returning the kernel). */
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

  const vals = new Map<number, string[]>(); // node id -> [re] or [re, im] local names
  const idx = (k: number) => {
    const lanes = STORAGE[g.operandDtypes[k]].lanes;
    const p = nd === 1 ? `p${k}` : `p${k}_${nd - 2}`;
    const i = nd === 1 ? "i0" : `i${nd - 1}`;
    const cls = g.inner[k];
    if (cls === 0) return p;
    if (cls === 1) return lanes === 1 ? `${p} + ${i}` : `${p} + ${lanes} * ${i}`;
    return `${p} + ${i} * s${k}_${nd - 1}`;
  };

  function nodeCode(n: KNode, depth: number): void {
    const v = `v${n.id}`;
    if (n.k === "load") {
      const b = `b${n.operand}`, at = idx(n.operand);
      if (isC(n.dtype)) { emit(depth, `const ${v}r = ${b}[${at}], ${v}i = ${b}[${at} + 1];`); vals.set(n.id, [`${v}r`, `${v}i`]); }
      else { emit(depth, `const ${v} = ${b}[${at}];`); vals.set(n.id, [v]); }
      return;
    }
    if (n.k === "const") {
      if (isC(n.dtype)) { emit(depth, `const ${v}r = K[${n.slot}], ${v}i = K[${n.slot + 1}];`); vals.set(n.id, [`${v}r`, `${v}i`]); }
      else { emit(depth, `const ${v} = K[${n.slot}];`); vals.set(n.id, [v]); }
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
      if (isC(n.dtype)) {
        const conv = realCast(realOf(from), realOf(n.dtype));
        const im = isC(from) ? conv.js(a[1]) : "0";
        emit(depth, `const ${v}r = ${conv.js(a[0])}, ${v}i = ${im};`);
        vals.set(n.id, [`${v}r`, `${v}i`]);
      } else {
        emit(depth, `const ${v} = ${realCast(from, n.dtype).js(a[0])};`);
        vals.set(n.id, [v]);
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
        emit(depth, `const ${v}r = ${wrapOut(fill(re, args), impl.exact)}, ${v}i = ${wrapOut(fill(im, args), impl.exact)};`);
      } else {
        emit(depth, `${call}(${flat.join(", ")}, SC);`);
        const r = n.dtype === "complex64" ? "Math.fround(SC[0])" : "SC[0]", i = n.dtype === "complex64" ? "Math.fround(SC[1])" : "SC[1]";
        emit(depth, `const ${v}r = ${r}, ${v}i = ${i};`);
      }
      vals.set(n.id, [`${v}r`, `${v}i`]);
    } else {
      const expr = typeof impl.js === "string" ? fill(impl.js, args) : `${call}(${flat.join(", ")})`;
      emit(depth, `const ${v} = ${wrapOut(expr, impl.exact)};`);
      vals.set(n.id, [v]);
    }
  }

  const store = (depth: number) => {
    g.outputs.forEach((n, j) => {
      const k = g.nLoads + j, at = idx(k), val = vals.get(n.id)!;
      if (isC(g.operandDtypes[k])) emit(depth, `b${k}[${at}] = ${val[0]}; b${k}[${at} + 1] = ${val[1]};`);
      else emit(depth, `b${k}[${at}] = ${val[0]};`);
    });
  };

  // prologue
  emit(0, `const SC = F.S;`);
  for (let k = 0; k < nOps; k++) emit(0, `const b${k} = bufs[${k}];`);
  for (let k = 0; k < nOps; k++) for (let d = 0; d < nd; d++) emit(0, `const s${k}_${d} = st[${k * nd + d}];`);
  for (let d = 1; d < nd; d++) emit(0, `const n${d} = shape[${d}];`);
  const consts = order.filter((n) => n.k === "const");
  consts.forEach((n) => nodeCode(n, 0));
  const invariant = order.filter((n) => n.k !== "const" && !variant.get(n.id));
  const inner = order.filter((n) => n.k !== "const" && variant.get(n.id));

  if (nd === 1) {
    for (let k = 0; k < nOps; k++) emit(0, `const p${k} = offs[${k}];`);
    invariant.forEach((n) => nodeCode(n, 0));
    emit(0, `for (let i0 = start; i0 < end; i0++) {`);
    inner.forEach((n) => nodeCode(n, 1));
    store(1);
    emit(0, `}`);
  } else {
    emit(0, `for (let i0 = start; i0 < end; i0++) {`);
    for (let k = 0; k < nOps; k++) emit(1, `const p${k}_0 = offs[${k}] + i0 * s${k}_0;`);
    let depth = 1;
    for (let d = 1; d < nd - 1; d++) {
      emit(depth, `for (let i${d} = 0; i${d} < n${d}; i${d}++) {`);
      depth++;
      for (let k = 0; k < nOps; k++) emit(depth, `const p${k}_${d} = p${k}_${d - 1} + i${d} * s${k}_${d};`);
    }
    invariant.forEach((n) => nodeCode(n, depth));
    emit(depth, `for (let i${nd - 1} = 0; i${nd - 1} < n${nd - 1}; i${nd - 1}++) {`);
    inner.forEach((n) => nodeCode(n, depth + 1));
    store(depth + 1);
    emit(depth, `}`);
    for (let d = depth - 1; d >= 0; d--) emit(d, `}`);
  }
  return `"use strict";\nreturn function kernel(F, bufs, offs, st, shape, K, start, end) {\n${lines.join("\n")}\n};`;
}

// ---- the kernel cache ----------------------------------------------------------------

interface Compiled { fn: KernelFn; source: string }
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
  const c = { fn, source };
  cache.set(key, c);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return c;
}

export function kernelCacheSize(): number { return cache.size; }
