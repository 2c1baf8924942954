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
import { gemmKernel } from "../runtime/gemm.js";
import { BLOCKS } from "../runtime/blocks.js";
import { WRAP, realCast, CAST_HELPERS } from "./cast.js";
import { OPS, implFor, type Impl, type OpRow } from "./ops.js";
import { PAIRWISE, PAIRWISE_RUN, REDUCE_BLOCK, TAIL_BLOCK, isArgReduce } from "./reduction.js";

/** Whether an index reduction takes value v over its current a (the first extreme wins; the first NaN wins). */
function argTakes(op: string, d: DTypeId, v: string[], a: string[]): string {
  const gt = op === "argmax" ? ">" : "<";
  if (isC(d)) {
    const nan = (x: string[]) => `(${x[0]} !== ${x[0]} || ${x[1]} !== ${x[1]})`;
    return `!${nan(a)} && (${nan(v)} || ${v[0]} ${gt} ${a[0]} || (${v[0]} === ${a[0]} && ${v[1]} ${gt} ${a[1]}))`;
  }
  if (valueClass(d) === "f") return `${v[0]} ${gt} ${a[0]} || (${v[0]} !== ${v[0]} && ${a[0]} === ${a[0]})`;
  return `${v[0]} ${gt} ${a[0]}`;
}
import { allNodes, groupKey, topo, type KGroup, type KNode, type KReduce } from "./kernel.js";

const isC = (d: DTypeId) => STORAGE[d].lanes === 2;
const realOf = (d: DTypeId): DTypeId => (d === "complex64" ? "float32" : d === "complex128" ? "float64" : d);
/** Typed arrays wrap integers and round float32 on store; values kept in locals must be wrapped. */
const storeWraps = (d: DTypeId) => d !== "str";

/** The table every kernel calls through: op implementations, cast helpers, a complex scratch pair. */
export const FTABLE: Record<string, unknown> = (() => {
  const t: Record<string, unknown> = { ...CAST_HELPERS, S: new Float64Array(2), gemm: gemmKernel, blocks: BLOCKS };
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

/** Where an operand's element is: the array expression and the index expression. */
type Locate = (operand: number) => { arr: string; pos: string };

/**
 * Emits the JavaScript of kernel DAG nodes: each node's value into `const v<id><sfx>`
 * (complex values as a `r`/`i` pair of locals). Shared by elementwise and reduction kernels.
 */
class Emitter {
  readonly lines: string[] = [];
  /** How often each node is an argument (wrapping may be skipped for pure stores). */
  private readonly argUses = new Map<number, number>();

  /** `kept`: nodes whose values are used in locals beyond the ops of `nodes` (accumulated values). */
  constructor(nodes: readonly KNode[], kept: readonly KNode[] = []) {
    for (const n of nodes) if (n.k === "op") for (const a of n.args) this.argUses.set(a.id, (this.argUses.get(a.id) ?? 0) + 1);
    for (const n of kept) this.argUses.set(n.id, (this.argUses.get(n.id) ?? 0) + 1);
  }

  emit(depth: number, s: string): void { this.lines.push("  ".repeat(depth + 1) + s); }

  /** Emits `nodes` (in order) with loads located by `at`; values go into `vals`. */
  nodes(nodes: readonly KNode[], vals: Map<number, string[]>, depth: number, at: Locate, sfx: string): void {
    for (const n of nodes) this.node(n, vals, depth, at, sfx);
  }

  node(n: KNode, vals: Map<number, string[]>, depth: number, at: Locate, sfx: string): void {
    const v = `v${n.id}${sfx}`;
    if (n.k === "acc") {
      if (!vals.has(n.id)) throw new Error("internal: accumulator read before its reduction");
      return;
    }
    if (n.k === "load") {
      const { arr, pos } = at(n.operand);
      if (isC(n.dtype)) { this.emit(depth, `const ${v}r = ${arr}[${pos}], ${v}i = ${arr}[${pos} + 1];`); vals.set(n.id, [`${v}r`, `${v}i`]); }
      else { this.emit(depth, `const ${v} = ${arr}[${pos}];`); vals.set(n.id, [v]); }
      return;
    }
    if (n.k === "const") {
      if (isC(n.dtype)) { this.emit(depth, `const ${v}r = K[${n.slot}], ${v}i = K[${n.slot + 1}];`); vals.set(n.id, [`${v}r`, `${v}i`]); }
      else { this.emit(depth, `const ${v} = K[${n.slot}];`); vals.set(n.id, [v]); }
      return;
    }
    const args = n.args.map((a) => vals.get(a.id)!);
    if (n.op === "cast") { vals.set(n.id, this.cast(n.args[0].dtype, n.dtype, args[0], v, depth)); return; }
    const argDtype = n.args[(OPS as Record<string, OpRow>)[n.op].classArg ?? 0].dtype;
    const wrap = !!this.argUses.get(n.id) || !storeWraps(n.dtype);
    vals.set(n.id, this.op(n.op, n.dtype, argDtype, args, v, depth, wrap, "const"));
  }

  private cast(from: DTypeId, to: DTypeId, a: string[], v: string, depth: number): string[] {
    if (isC(from) && to === "bool") {
      this.emit(depth, `const ${v} = (${a[0]} !== 0 || ${a[1]} !== 0);`);
      return [v];
    }
    if (isC(to)) {
      const conv = realCast(realOf(from), realOf(to));
      const im = isC(from) ? conv.js(a[1]) : "0";
      this.emit(depth, `const ${v}r = ${conv.js(a[0])}, ${v}i = ${im};`);
      return [`${v}r`, `${v}i`];
    }
    this.emit(depth, `const ${v} = ${realCast(from, to).js(a[0])};`);
    return [v];
  }

  /**
   * Emits `decl v = op(args)` for a result of dtype `d` (loop dtype `argDtype`); `wrap`:
   * the value stays in a local, so it must be wrapped into its dtype's range. `decl` is
   * "const", or "" to assign existing locals (accumulators).
   */
  op(op: string, d: DTypeId, argDtype: DTypeId, args: string[][], v: string, depth: number, wrap: boolean, decl: "const" | ""): string[] {
    const impl = implFor(op, argDtype, valueClass(argDtype))!;
    const call = `F.${op}_${implKey(op, argDtype)}`;
    const flat = args.flat();
    const lhs = (name: string) => (decl ? `${decl} ${name}` : name);
    if (isC(d)) {
      if (Array.isArray(impl.js)) {
        const [re, im] = impl.js as readonly [string, string];
        const f32 = (e: string) => (d === "complex64" && !impl.exact ? `Math.fround(${e})` : e);
        if (decl) this.emit(depth, `const ${v}r = ${f32(fill(re, args))}, ${v}i = ${f32(fill(im, args))};`);
        else this.emit(depth, `{ const t = ${f32(fill(im, args))}; ${v}r = ${f32(fill(re, args))}; ${v}i = t; }`);
      } else {
        this.emit(depth, `${call}(${flat.join(", ")}, SC);`);
        const r = d === "complex64" ? "Math.fround(SC[0])" : "SC[0]", im = d === "complex64" ? "Math.fround(SC[1])" : "SC[1]";
        this.emit(depth, decl ? `const ${v}r = ${r}, ${v}i = ${im};` : `${v}r = ${r}; ${v}i = ${im};`);
      }
      return [`${v}r`, `${v}i`];
    }
    const expr = typeof impl.js === "string" ? fill(impl.js, args) : `${call}(${flat.join(", ")})`;
    const w = WRAP[d];
    this.emit(depth, `${lhs(v)} = ${w && !impl.exact && wrap ? w.js(expr) : expr};`);
    return [v];
  }
}

/**
 * Generates the kernel source for a group (the body of `new Function`, returning the kernel).
 *
 * Measured on V8: a plain strided loop reaches ~8 GB/s, because every access re-derives
 * its bound; indexing `subarray` windows with a ×8 manually unrolled body reaches
 * ~20 GB/s. So a one-dimensional contiguous run indexes subarrays from 0, and the
 * innermost loop is unrolled when the body is small.
 */
export function generate(g: KGroup): string {
  if (g.reduce) return generateReduce(g, g.reduce);
  const nd = g.ndim;
  const order = topo(g.outputs);
  const nOps = g.operandDtypes.length;
  const E = new Emitter(order);
  const emit = (depth: number, s: string) => E.emit(depth, s);

  // variant: depends on an operand that moves in the innermost dimension
  const variant = new Map<number, boolean>();
  for (const n of order) {
    variant.set(n.id, n.k === "load" ? g.inner[n.operand] !== 0 : n.k === "op" ? n.args.some((a) => variant.get(a.id)) : false);
  }
  const consts = order.filter((n) => n.k === "const");
  const invariant = order.filter((n) => n.k !== "const" && !variant.get(n.id));
  const inner = order.filter((n) => n.k !== "const" && variant.get(n.id));
  const unroll = inner.length <= UNROLL_MAX_NODES ? UNROLL : 1;
  const lanesOf = (k: number) => STORAGE[g.operandDtypes[k]].lanes;
  // 1-D: contiguous operands are indexed through subarray windows `w{k}` starting at `start`
  const windowed = (k: number) => nd === 1 && g.inner[k] === 1 && g.operandDtypes[k] !== "str";

  /** Operand k's element at inner position `i` + `u`. */
  const at = (i: string, u: number): Locate => (k) => {
    const lanes = lanesOf(k), cls = g.inner[k];
    const pos = u ? `${i} + ${u}` : i;
    const arr = windowed(k) ? `w${k}` : `b${k}`;
    if (windowed(k)) return { arr, pos: lanes === 1 ? pos : `${lanes} * (${pos})` };
    const p = nd === 1 ? `p${k}` : `p${k}_${nd - 2}`;
    if (cls === 0) return { arr, pos: p };
    if (cls === 1) return { arr, pos: lanes === 1 ? `${p} + ${pos}` : `${p} + ${lanes} * (${pos})` };
    return { arr, pos: `${p} + (${pos}) * s${k}_${nd - 1}` };
  };

  const store = (vals: Map<number, string[]>, depth: number, loc: Locate) => {
    g.outputs.forEach((n, j) => {
      const k = g.nLoads + j, { arr, pos } = loc(k), val = vals.get(n.id)!;
      if (isC(g.operandDtypes[k])) emit(depth, `${arr}[${pos}] = ${val[0]}; ${arr}[${pos} + 1] = ${val[1]};`);
      else emit(depth, `${arr}[${pos}] = ${val[0]};`);
    });
  };

  /** The innermost loop over `i` in [from, to): an unrolled main loop and a remainder loop. */
  const innerLoop = (outer: Map<number, string[]>, depth: number, i: string, from: string, to: string) => {
    if (unroll > 1) {
      emit(depth, `let ${i} = ${from};`);
      emit(depth, `for (; ${i} + ${unroll} <= ${to}; ${i} += ${unroll}) {`);
      for (let u = 0; u < unroll; u++) {
        const vals = new Map(outer);
        E.nodes(inner, vals, depth + 1, at(i, u), `_${u}`);
        store(vals, depth + 1, at(i, u));
      }
      emit(depth, `}`);
      emit(depth, `for (; ${i} < ${to}; ${i}++) {`);
    } else emit(depth, `for (let ${i} = ${from}; ${i} < ${to}; ${i}++) {`);
    const vals = new Map(outer);
    E.nodes(inner, vals, depth + 1, at(i, 0), "");
    store(vals, depth + 1, at(i, 0));
    emit(depth, `}`);
  };

  prologue(g, E);
  const top = new Map<number, string[]>();
  E.nodes(consts, top, 0, at("", 0), "");

  if (nd === 1) {
    for (let k = 0; k < nOps; k++) {
      if (windowed(k)) {
        const L = lanesOf(k);
        emit(0, `const w${k} = b${k}.subarray(offs[${k}] + ${L === 1 ? "start" : `${L} * start`}, offs[${k}] + ${L === 1 ? "end" : `${L} * end`});`);
      } else emit(0, `const p${k} = offs[${k}]${g.inner[k] === "s" ? ` + start * s${k}_0` : ""};`);
    }
    E.nodes(invariant, top, 0, at("i", 0), "");
    emit(0, `const n = end - start;`);
    innerLoop(top, 0, "i", "0", "n");
  } else {
    const depth = outerLoops(E, nOps, nd - 1);
    const vals = new Map(top);
    E.nodes(invariant, vals, depth, at(`i${nd - 1}`, 0), "");
    innerLoop(vals, depth, `i${nd - 1}`, "0", `n${nd - 1}`);
    for (let d = depth - 1; d >= 0; d--) emit(d, `}`);
  }
  return wrapKernel(E);
}

/** Declarations every kernel starts with: arrays, strides, extents. */
function prologue(g: KGroup, E: Emitter): void {
  const nd = g.ndim, nOps = g.operandDtypes.length;
  E.emit(0, `const SC = F.S;`);
  for (let k = 0; k < nOps; k++) E.emit(0, `const b${k} = bufs[${k}];`);
  for (let k = 0; k < nOps; k++) for (let d = 0; d < nd; d++) if (g.inner[k] === "s" || d < nd - 1) E.emit(0, `const s${k}_${d} = st[${k * nd + d}];`);
  for (let d = 0; d < nd; d++) E.emit(0, `const n${d} = shape[${d}];`);
}

/**
 * Opens the loops over the first `n` (>= 1) dimensions of the nest, the outermost over the
 * kernel's [start, end), keeping each operand's position in p<k>_<d>; returns the depth inside.
 */
function outerLoops(E: Emitter, nOps: number, n: number): number {
  E.emit(0, `for (let i0 = start; i0 < end; i0++) {`);
  for (let k = 0; k < nOps; k++) E.emit(1, `const p${k}_0 = offs[${k}] + i0 * s${k}_0;`);
  let depth = 1;
  for (let d = 1; d < n; d++) {
    E.emit(depth, `for (let i${d} = 0; i${d} < n${d}; i${d}++) {`);
    depth++;
    for (let k = 0; k < nOps; k++) E.emit(depth, `const p${k}_${d} = p${k}_${d - 1} + i${d} * s${k}_${d};`);
  }
  return depth;
}

const wrapKernel = (E: Emitter) => `"use strict";\nreturn function kernel(F, bufs, offs, st, shape, K, start, end) {\n${E.lines.join("\n")}\n};`;

// ---- reduction kernels ---------------------------------------------------------------

/** Rows a tail reduction adds per pass over its accumulator block (measured: 8 rows, 4096 columns: 4x one row). */
const TAIL_ROWS = 8;

/** PAIRWISE's split points, as source. */
const SPLIT_SRC = { real: "const m0 = n >> 1, m = m0 - (m0 % 8);", complex: "const m = (n - (n % 8)) >> 1;" };

/**
 * A reduction kernel (see KReduce): the loads and ops that feed the accumulators run per
 * element of the input; accumulator values then feed the epilogue (the group's outputs),
 * once per output element.
 */
function generateReduce(g: KGroup, r: KReduce): string {
  const nd = g.ndim, nOps = g.operandDtypes.length;
  const accs = r.accs;
  const pre = topo(accs.map((a) => a.arg));
  const post = topo(g.outputs);
  const E = new Emitter([...pre, ...post], accs.map((a) => a.arg));
  const emit = (depth: number, s: string) => E.emit(depth, s);
  const lanesOf = (k: number) => STORAGE[g.operandDtypes[k]].lanes;
  const inner = nd - 1;
  prologue(g, E);

  // constants (identities among them) once, at the top
  const top = new Map<number, string[]>();
  const consts = allNodes(g).filter((n) => n.k === "const");
  E.nodes(consts, top, 0, () => ({ arr: "", pos: "" }), "");

  // pre-part nodes that move along the innermost loop, and those that do not
  const variant = new Map<number, boolean>();
  for (const n of pre) variant.set(n.id, n.k === "load" ? g.inner[n.operand] !== 0 : n.k === "op" ? n.args.some((a) => variant.get(a.id)) : false);
  const preVar = pre.filter((n) => n.k !== "const" && variant.get(n.id));
  const preInv = pre.filter((n) => n.k !== "const" && !variant.get(n.id));
  const postVar = new Map<number, boolean>();
  for (const n of post) postVar.set(n.id, n.k === "load" ? g.inner[n.operand] !== 0 : n.k === "op" ? n.args.some((a) => postVar.get(a.id)) : n.k === "acc");
  const accNames = (j: number, sfx = "") => (isC(accs[j].dtype) ? [`a${j}${sfx}r`, `a${j}${sfx}i`] : [`a${j}${sfx}`]);
  const initOf = (j: number) => top.get(accs[j].init.id)!;
  // index reductions also keep where their value was: x<j> beside a<j>
  const isArg = (j: number) => isArgReduce(accs[j].op);
  /** `let a<j><sfx> = init` for every accumulator. */
  const declare = (depth: number, sfx = "", from?: (j: number) => string[]) =>
    accs.forEach((a, j) => { const names = accNames(j, sfx), v = from ? from(j) : initOf(j); emit(depth, `let ${names.map((nm, l) => `${nm} = ${v[l]}`).join(", ")}${isArg(j) ? `, x${j}${sfx} = 0` : ""};`); });
  // complex accumulator locals are named a<j>r/a<j>i: E.op derives them from the stem
  const stem = (names: string[]) => (names.length === 2 ? names[0].slice(0, -1) : names[0]);
  /** `a = combine(a, v)` for every accumulator; index reductions record `idx` when they take v. */
  const combine = (depth: number, into: (j: number) => string[], vals: (j: number) => string[], idx = "0") =>
    accs.forEach((a, j) => {
      if (!isArg(j)) return void E.op(a.op, a.dtype, a.dtype, [into(j), vals(j)], stem(into(j)), depth, true, "");
      const to = into(j), v = vals(j);
      emit(depth, `if (${argTakes(a.op, a.dtype, v, to)}) { ${to.map((nm, l) => `${nm} = ${v[l]};`).join(" ")} x${stem(to).slice(1)} = ${idx}; }`);
    });
  /** The value an accumulator gives its epilogue: the reduction's, or for an index reduction the index. */
  const result = (j: number, names: string[]) => (isArg(j) ? [`x${stem(names).slice(1)}`] : names);
  /** Position of operand k `count` elements further along the innermost dimension. */
  const advance = (k: number, base: string, count: string) =>
    g.inner[k] === 0 ? base : g.inner[k] === 1 ? (lanesOf(k) === 1 ? `${base} + ${count}` : `${base} + ${lanesOf(k)} * ${count}`) : `${base} + ${count} * s${k}_${inner}`;

  /** Operand k's element at innermost index expression `i`, from base position `p`. */
  const locate = (p: (k: number) => string, i: string): Locate => (k) => {
    const lanes = lanesOf(k), cls = g.inner[k];
    if (cls === 0) return { arr: `b${k}`, pos: p(k) };
    if (cls === 1) return { arr: `b${k}`, pos: lanes === 1 ? `${p(k)} + ${i}` : `${p(k)} + ${lanes} * (${i})` };
    return { arr: `b${k}`, pos: `${p(k)} + (${i}) * s${k}_${inner}` };
  };
  const argVals = (vals: Map<number, string[]>) => (j: number) => vals.get(accs[j].arg.id)!;
  const loads = [...Array(g.nLoads).keys()];
  const outs = g.outputs.map((_, j) => g.nLoads + j);

  /** Stores the group's outputs (the epilogue) from accumulator values `acc(j)`. */
  const epilogue = (depth: number, acc: (j: number) => string[], at: Locate, nodes: readonly KNode[], outer: Map<number, string[]>) => {
    const vals = new Map(outer);
    accs.forEach((_, j) => vals.set(accNodeId(j), acc(j)));
    E.nodes(nodes.filter((n) => n.k !== "const" && n.k !== "acc"), vals, depth, at, "e");
    g.outputs.forEach((n, j) => {
      const { arr, pos } = at(g.nLoads + j), val = vals.get(n.id)!;
      if (isC(g.operandDtypes[g.nLoads + j])) emit(depth, `${arr}[${pos}] = ${val[0]}; ${arr}[${pos} + 1] = ${val[1]};`);
      else emit(depth, `${arr}[${pos}] = ${val[0]};`);
    });
  };
  const accIds = new Map<number, number>();
  for (const n of post) if (n.k === "acc") accIds.set(n.index, n.id);
  const accNodeId = (j: number) => accIds.get(j) ?? -1 - j;

  if (r.tail) {
    // ---- rows of the reduced dimensions combined into a block of accumulators ----
    const T = inner, nK = r.nKept;
    const lanesA = accs.map((a) => (isC(a.dtype) ? 2 : 1));
    accs.forEach((a, j) => emit(0, `const A${j} = ${a.dtype === "int64" || a.dtype === "uint64" ? "new Array" : "new Float64Array"}(${lanesA[j] * TAIL_BLOCK})${isArg(j) ? `, X${j} = new Float64Array(${TAIL_BLOCK})` : ""};`));
    let depth = 0;
    const pos = (d: number) => (k: number) => (d < 0 ? `offs[${k}]` : `p${k}_${d}`);
    if (nK > 0) {
      depth = outerLoops(E, nOps, nK);
      emit(depth, `for (let tb = 0; tb < n${T}; tb += ${TAIL_BLOCK}) {`);
    } else emit(0, `for (let tb = start * ${TAIL_BLOCK}; tb < Math.min(end * ${TAIL_BLOCK}, n${T}); tb += ${TAIL_BLOCK}) {`);
    depth++;
    emit(depth, `const tn = Math.min(${TAIL_BLOCK}, n${T} - tb);`);
    const base = nK - 1;
    // T-relative positions: operand k at element tb + t
    accs.forEach((_, j) => {
      const init = initOf(j);
      if (isArg(j)) emit(depth, `X${j}.fill(0, 0, tn);`);
      if (lanesA[j] === 1) emit(depth, `A${j}.fill(${init[0]}, 0, tn);`);
      else emit(depth, `for (let t = 0; t < tn; t++) { A${j}[2 * t] = ${init[0]}; A${j}[2 * t + 1] = ${init[1]}; }`);
    });
    // reduced dims nK .. T-1; the innermost of them ROWS rows at a time, so each
    // accumulator is loaded and stored once per ROWS rows (it still adds them in order)
    for (let d = nK; d < T - 1; d++) {
      emit(depth, `for (let i${d} = 0; i${d} < n${d}; i${d}++) {`);
      depth++;
      for (let k = 0; k < g.nLoads; k++) emit(depth, `const p${k}_${d} = ${pos(d - 1)(k)} + i${d} * s${k}_${d};`);
    }
    const dl = T - 1;
    /** Combines `rows` consecutive rows (row u at positions pos_u) into the accumulator block. */
    // nodes the same for every row (a mean broadcast along the reduced axis) are computed once per element
    const rowVar = new Map<number, boolean>();
    for (const n of pre) rowVar.set(n.id, n.k === "load" ? !r.rowInvariant?.[n.operand] : n.k === "op" ? n.args.some((a) => rowVar.get(a.id)) : false);
    const perRow = preVar.filter((n) => rowVar.get(n.id)), perElement = preVar.filter((n) => !rowVar.get(n.id));
    const rowsBody = (depth: number, rows: number, posOf: (u: number) => (k: number) => string, idxOf: (u: number) => string) => {
      const rowVals = [...Array(rows).keys()].map((u) => { const vals = new Map(top); E.nodes(preInv, vals, depth, locate(posOf(u), "tb"), `_${u}`); return vals; });
      emit(depth, `for (let t = 0; t < tn; t++) {`);
      accs.forEach((_, j) => {
        const cur = lanesA[j] === 1 ? [`A${j}[t]`] : [`A${j}[2 * t]`, `A${j}[2 * t + 1]`];
        emit(depth + 1, `let ${accNames(j).map((nm, l) => `${nm} = ${cur[l]}`).join(", ")}${isArg(j) ? `, x${j} = X${j}[t]` : ""};`);
      });
      const shared = new Map(rowVals[0]);
      E.nodes(perElement, shared, depth + 1, locate(posOf(0), "tb + t"), "_t");
      for (let u = 0; u < rows; u++) {
        const el = new Map(rowVals[u]);
        perElement.forEach((n) => el.set(n.id, shared.get(n.id)!));
        E.nodes(perRow, el, depth + 1, locate(posOf(u), "tb + t"), `_${u}`);
        combine(depth + 1, (j) => accNames(j), argVals(el), idxOf(u));
      }
      accs.forEach((_, j) => emit(depth + 1, (lanesA[j] === 1 ? `A${j}[t] = a${j};` : `A${j}[2 * t] = a${j}r; A${j}[2 * t + 1] = a${j}i;`) + (isArg(j) ? ` X${j}[t] = x${j};` : "")));
      emit(depth, `}`);
    };
    const ROWS = perRow.length <= UNROLL_MAX_NODES ? TAIL_ROWS : 1;
    emit(depth, `let i${dl} = 0;`);
    if (ROWS > 1) {
      emit(depth, `for (; i${dl} + ${ROWS} <= n${dl}; i${dl} += ${ROWS}) {`);
      for (let u = 0; u < ROWS; u++) for (let k = 0; k < g.nLoads; k++) emit(depth + 1, `const p${k}_${dl}_${u} = ${pos(dl - 1)(k)} + (i${dl} + ${u}) * s${k}_${dl};`);
      rowsBody(depth + 1, ROWS, (u) => (k) => `p${k}_${dl}_${u}`, (u) => `i${dl} + ${u}`);
      emit(depth, `}`);
    }
    emit(depth, `for (; i${dl} < n${dl}; i${dl}++) {`);
    for (let k = 0; k < g.nLoads; k++) emit(depth + 1, `const p${k}_${dl} = ${pos(dl - 1)(k)} + i${dl} * s${k}_${dl};`);
    rowsBody(depth + 1, 1, () => pos(dl), () => `i${dl}`);
    emit(depth, `}`);
    for (let d = T - 2; d >= nK; d--) emit(--depth, `}`);
    // epilogue over the block
    const outPos = pos(base);
    const epiInv = post.filter((n) => n.k !== "const" && n.k !== "acc" && !postVar.get(n.id));
    const epiVar = post.filter((n) => n.k !== "const" && n.k !== "acc" && postVar.get(n.id));
    const invVals = new Map(top);
    E.nodes(epiInv, invVals, depth, locate(outPos, "tb"), "e");
    emit(depth, `for (let t = 0; t < tn; t++) {`);
    epilogue(depth + 1, (j) => (isArg(j) ? [`X${j}[t]`] : lanesA[j] === 1 ? [`A${j}[t]`] : [`A${j}[2 * t]`, `A${j}[2 * t + 1]`]), locate(outPos, "tb + t"), epiVar, invVals);
    emit(depth, `}`);
    emit(--depth, `}`);
    while (depth > 0) emit(--depth, `}`);
    return wrapKernel(E);
  }

  // ---- reduced dimensions innermost: one run per output element, pairwise or in order ----
  const pw = r.kind !== "sequential";
  const complexPairs = accs.some((a) => isC(a.dtype) && a.op === "add");
  const P = complexPairs ? PAIRWISE.complex : PAIRWISE.real;
  const varLoads = loads.filter((k) => g.inner[k] !== 0);
  const invParams = preInv.flatMap((n) => (isC(n.dtype) ? [`v${n.id}r`, `v${n.id}i`] : [`v${n.id}`]));
  if (pw) {
    // R(q..., inv..., n): reduces n elements of the innermost dimension from positions q
    const nSlots = accs.reduce((s, a) => s + (isC(a.dtype) ? 2 : 1), 0);
    emit(0, `const PW = ${accs.some((a) => a.dtype === "int64" || a.dtype === "uint64") ? "new Array" : "new Float64Array"}(${nSlots});`);
    const slots: number[] = [];
    accs.reduce((s, a, j) => { slots[j] = s; return s + (isC(a.dtype) ? 2 : 1); }, 0);
    const toPW = (depth: number, names: (j: number) => string[]) =>
      accs.forEach((_, j) => names(j).forEach((nm, l) => emit(depth, `PW[${slots[j] + l}] = ${nm};`)));
    const fromPW = (j: number) => (isC(accs[j].dtype) ? [`PW[${slots[j]}]`, `PW[${slots[j] + 1}]`] : [`PW[${slots[j]}]`]);
    const params = [...varLoads.map((k) => `q${k}`), ...invParams, "n"];
    emit(0, `function R(${params.join(", ")}) {`);
    const q = (k: number) => `q${k}`;
    const elem = (depth: number, i: string, sfx: string) => { const vals = new Map(top); preInv.forEach((n) => vals.set(n.id, isC(n.dtype) ? [`v${n.id}r`, `v${n.id}i`] : [`v${n.id}`])); E.nodes(preVar, vals, depth, locate(q, i), sfx); return vals; };
    /** `for (<init>; i < n; i++) a = combine(a, element i)`, then the result out through PW. */
    const inOrderThenReturn = (init: string) => {
      emit(2, `for (${init}; i < n; i++) {`);
      combine(3, (j) => accNames(j), argVals(elem(3, "i", "")));
      emit(2, `}`);
      toPW(2, (j) => accNames(j));
      emit(2, `return;`);
      emit(1, `}`);
    };
    // short runs: in order from the identity
    emit(1, `if (n < ${P.min}) {`);
    declare(2);
    inOrderThenReturn("let i = 0");
    // up to `max`: interleaved accumulators
    emit(1, `if (n <= ${P.max}) {`);
    const U = P.acc;
    for (let u = 0; u < U; u++) { const vals = elem(2, String(u), `_${u}`); declare(2, `_${u}`, argVals(vals)); }
    emit(2, `let i = ${U};`);
    emit(2, `for (; i + ${U} <= n; i += ${U}) {`);
    for (let u = 0; u < U; u++) { const vals = elem(3, `i + ${u}`, `_${u}`); combine(3, (j) => accNames(j, `_${u}`), argVals(vals)); }
    emit(2, `}`);
    // the tree NumPy combines its accumulators with
    const tree = (j: number, lo: number, hi: number, depth: number): string[] => {
      if (hi - lo === 1) return accNames(j, `_${lo}`);
      const mid = (lo + hi) >> 1;
      const a = tree(j, lo, mid, depth), b = tree(j, mid, hi, depth);
      const name = `c${j}_${lo}_${hi}`;
      return E.op(accs[j].op, accs[j].dtype, accs[j].dtype, [a, b], name, depth, true, "const");
    };
    accs.forEach((_, j) => { const t = tree(j, 0, U, 2); emit(2, `let ${accNames(j).map((nm, l) => `${nm} = ${t[l]}`).join(", ")};`); });
    inOrderThenReturn("");
    // longer: split and recurse
    emit(1, complexPairs ? SPLIT_SRC.complex : SPLIT_SRC.real);
    emit(1, `R(${[...varLoads.map((k) => `q${k}`), ...invParams, "m"].join(", ")});`);
    accs.forEach((_, j) => emit(1, `const ${accNames(j, "L").map((nm, l) => `${nm} = ${fromPW(j)[l]}`).join(", ")};`));
    emit(1, `R(${[...varLoads.map((k) => advance(k, `q${k}`, "m")), ...invParams, "n - m"].join(", ")});`);
    accs.forEach((a, j) => {
      const res = E.op(a.op, a.dtype, a.dtype, [accNames(j, "L"), fromPW(j)], `c${j}`, 1, true, "const");
      res.forEach((nm, l) => emit(1, `PW[${slots[j] + l}] = ${nm};`));
    });
    emit(0, `}`);

    /** At a run's start (positions `p`): reduces the run into the accumulators. */
    const run = (depth: number, p: (k: number) => string, len: string, outer: Map<number, string[]>) => {
      const vals = new Map(outer);
      E.nodes(preInv, vals, depth, locate(p, "0"), "");
      const inv = preInv.flatMap((n) => vals.get(n.id)!);
      // NumPy sums a run in buffers of PAIRWISE_RUN elements, pairwise within each, in order across them
      emit(depth, `for (let c = 0, len = ${len}; c < len; c += ${PAIRWISE_RUN}) {`);
      emit(depth + 1, `R(${[...varLoads.map((k) => advance(k, p(k), "c")), ...inv, `Math.min(${PAIRWISE_RUN}, len - c)`].join(", ")});`);
      combine(depth + 1, (j) => accNames(j), fromPW);
      emit(depth, `}`);
    };
    emitRuns(run);
  } else {
    const run = (depth: number, p: (k: number) => string, len: string, outer: Map<number, string[]>) => {
      const vals = new Map(outer);
      E.nodes(preInv, vals, depth, locate(p, "0"), "");
      emit(depth, `for (let i = 0; i < ${len}; i++) {`);
      const ev = new Map(vals);
      E.nodes(preVar, ev, depth + 1, locate(p, "i"), "");
      combine(depth + 1, (j) => accNames(j), argVals(ev), "i");
      emit(depth, `}`);
    };
    emitRuns(run);
  }
  return wrapKernel(E);

  /** The loops around the runs: kept dimensions (or blocks), then the outer reduced ones. */
  function emitRuns(run: (depth: number, p: (k: number) => string, len: string, outer: Map<number, string[]>) => void): void {
    const nK = r.nKept;
    const pos = (d: number) => (k: number) => (d < 0 ? `offs[${k}]` : `p${k}_${d}`);
    /** Reduced dims [from, inner) as loops, then the run; positions continue from dim `from - 1`. */
    const reduced = (depth: number, from: number, base: (k: number) => string, first: string, len: string) => {
      for (let d = from; d < inner; d++) {
        const lo = d === from ? first : "0";
        emit(depth, `for (let i${d} = ${lo}; i${d} < ${d === from && r.blocked ? "hi" : `n${d}`}; i${d}++) {`);
        depth++;
        for (let k = 0; k < g.nLoads; k++) emit(depth, `const p${k}_${d} = ${d === from ? base(k) : `p${k}_${d - 1}`} + i${d} * s${k}_${d};`);
      }
      run(depth, inner > from ? pos(inner - 1) : (k) => (r.blocked && from === inner ? advance(k, base(k), "lo") : base(k)), len, top);
      for (let d = inner - 1; d >= from; d--) emit(--depth, `}`);
    };
    if (r.blocked) {
      // dimension 0 in blocks of REDUCE_BLOCK elements (whole rows when it is not the run)
      emit(0, `const rows = ${inner === 0 ? REDUCE_BLOCK : `Math.max(1, Math.floor(${REDUCE_BLOCK} / (${[...Array(nd - 1).keys()].map((d) => `n${d + 1}`).join(" * ")})))`};`);
      emit(0, `for (let b = start; b < end; b++) {`);
      emit(1, `const lo = b * rows, hi = Math.min(n0, lo + rows);`);
      declare(1);
      if (inner === 0) reduced(1, 0, pos(-1), "lo", "hi - lo");
      else reduced(1, 0, pos(-1), "lo", `n${inner}`);
      const outAt: Locate = (k) => ({ arr: `b${k}`, pos: `offs[${k}] + b * ${lanesOf(k)}` });
      g.outputs.forEach((n, j) => {
        const { arr, pos: p } = outAt(g.nLoads + j), val = accNames(j);
        if (isC(g.operandDtypes[g.nLoads + j])) emit(1, `${arr}[${p}] = ${val[0]}; ${arr}[${p} + 1] = ${val[1]};`);
        else emit(1, `${arr}[${p}] = ${val[0]};`);
        void n;
      });
      emit(0, `}`);
      return;
    }
    let depth = 0;
    if (nK > 0) {
      depth = outerLoops(E, nOps, nK);
    } else {
      emit(0, `{`);
      depth = 1;
    }
    declare(depth);
    reduced(depth, nK, pos(nK - 1), "0", `n${inner}`);
    const outAt: Locate = (k) => ({ arr: `b${k}`, pos: pos(nK - 1)(k) });
    epilogue(depth, (j) => result(j, accNames(j)), outAt, post, top);
    while (depth > 0) emit(--depth, `}`);
  }
}
/** Transcendental Math functions: an order of magnitude dearer than arithmetic. */
const HEAVY = /Math\.(sin|cos|tan|asin|acos|atan|sinh|cosh|tanh|asinh|acosh|atanh|exp|expm1|log|log2|log10|log1p|pow|cbrt|hypot|atan2)\b/;

/**
 * Work per element of a group, for deciding whether it pays to split it across threads:
 * 1 per load, store and inline op, 8 per library call, 30 per transcendental.
 */
export function groupCost(g: KGroup): number {
  let cost = g.operandDtypes.length + (g.reduce?.accs.length ?? 0);
  for (const n of allNodes(g)) {
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
