// Scheduling: a graph becomes a Plan of fused kernel groups.
//
// Starting from the requested outputs, every elementwise, broadcast and view node is
// lowered into the group of the output that reads it: views are folded into the strides
// of the loads (pushed down to the buffers), broadcasting becomes zero strides, equal
// subexpressions are hash-consed into one DAG node. Reductions, opaque ops and reshapes
// that cannot be expressed as strides are boundaries: they are materialized into
// temporaries by earlier steps. Each group is then reordered by strides, coalesced, and
// compiled into one kernel.

import { STORAGE, type DTypeId } from "../runtime/dtypes.js";
import type { Storage } from "../runtime/buffer.js";
import type { BufRef, KernelStep, Operand, Plan, Step, TempSpec } from "../runtime/plan.js";
import { MC as GEMM_MC, gemmOptions } from "../runtime/gemm.js";
import { reduceRun } from "../runtime/reduce.js";
import { blocksKernel, type BlockLayout } from "../runtime/blocks.js";
import {
  broadcastView, composeViews, cStrides, fStrides, identityView, isCContiguous, isFContiguous,
  newNodeId, reshapeLayout, sizeOf, viewLayout, type AxisView, type BufferNode, type Layout, type Node, type OpaqueNode, type ReduceNode, type Scalar,
} from "./ir.js";
import type { AccKind, KAcc, KAccumulator, KConst, KGroup, KLoad, KNode, KOp } from "./kernel.js";
import { compileGroup, FTABLE, groupCost } from "./codegen.js";
/** Elements a pool chunk should hold (runtime/pool.ts CHUNK). */
const POOL_CHUNK = 32768;
import { COMBINE, INT_RANGE, REDUCE_BLOCK, TAIL_BLOCK, accIdentity, accKind, coalesce, isArgReduce, isComplex, reductionNest } from "./reduction.js";
import { scalarParts } from "./cast.js";

export interface Request {
  readonly node: Node;
  /** Write the result here (cast to its dtype) instead of into a fresh buffer. */
  readonly out?: BufferNode;
}

export interface Placed { readonly ref: BufRef; readonly layout: Layout; readonly dtype: DTypeId }

/** What explain() reports of one step. */
export interface StepInfo { readonly title: string; readonly reasons: readonly string[]; readonly loop?: string; readonly source?: string }

/** `info` is built only when explain() asks: describing steps costs more than scheduling small ones. */
export interface Schedule { readonly plan: Plan; readonly results: readonly Placed[]; readonly info: readonly (() => StepInfo)[] }

const resolve = (n: Node): Node => n.materialized ?? n;


// ---- reductions of mask selections --------------------------------------------------

/** The value that leaves reduction `op` over dtype `d` unchanged, where inserting it changes no bit of the result. */
function identityFor(op: string, d: DTypeId): Scalar | null {
  const real = INT_RANGE[d] !== undefined || d === "float32" || d === "float64";
  if (!real || !["sum", "prod", "max", "min", "any", "all"].includes(op)) return null;
  // bool sums count; float sums and products: inserted identities would move their rounding
  if ((op === "sum" || op === "prod") && (d === "bool" || accKind(op, d) !== "free")) return null;
  return accIdentity(op, d);
}

/**
 * A full reduction of a mask selection (through a cast) as the reduction of
 * `where(mask, source, identity)`: no gather, and one pass once reductions fuse with their
 * producers. Only where the result is the same bit for bit.
 */
function maskedReduce(n: ReduceNode): ReduceNode | null {
  let x = resolve(n.input);
  const cast = x.kind === "map" && x.op === "cast" ? x.dtype : null;
  if (x.kind === "map" && x.op === "cast") x = resolve(x.inputs[0]);
  if (x.kind !== "opaque" || !x.masked || n.axes.length !== x.shape.length) return null;
  const value = identityFor(n.op, n.input.dtype);
  if (value === null) return null;
  const { source, mask } = x.masked, d = n.input.dtype;
  const src: Node = cast ? { kind: "map", id: newNodeId(), op: "cast", dtype: cast, shape: source.shape, inputs: [source] } : source;
  const where: Node = { kind: "map", id: newNodeId(), op: "where", dtype: d, shape: source.shape, inputs: [mask, src, { kind: "const", id: newNodeId(), dtype: d, shape: [], value }] };
  return { ...n, id: newNodeId(), input: where, axes: source.shape.map((_, i) => i) };
}

// ---- reductions fused with their producers and epilogues --------------------------

function fusableReduce(n: ReduceNode): boolean {
  return (COMBINE[n.op] !== undefined || (isArgReduce(n.op) && n.axes.length <= 1)) && n.dtype !== "str" && n.input.dtype !== "str" && sizeOf(n.input.shape) > 0;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameView(a: AxisView, b: AxisView): boolean {
  return sameShape(a.shape, b.shape) && a.start.every((x, i) => x === b.start[i]) &&
    a.shape.every((n, j) => n === 1 || (a.axis[j] === b.axis[j] && (a.axis[j] < 0 || a.step[j] === b.step[j])));
}

/** The view from a reduction's input index to its output index (reduced axes dropped). */
function expandView(inShape: readonly number[], axes: readonly number[], outShape: readonly number[]): AxisView {
  let k = 0;
  const axis = inShape.map((_, d) => (axes.includes(d) ? -1 : k++));
  return { shape: inShape, axis, step: inShape.map(() => 1), start: outShape.map(() => 0) };
}

// ---- GEMM-shaped contractions -------------------------------------------------------

/** Below this many multiply-adds a contraction stays a fused reduction. */
const GEMM_MIN_WORK = 1 << 15;

/** A contraction the GEMM kernel runs: each operand's source and how the iteration dims split. */
interface GemmShape {
  readonly sources: readonly [Node, Node];
  /** Views from the iteration space (the reduction's input) to each source. */
  readonly views: readonly [AxisView, AxisView];
  readonly batch: number[]; readonly m: number[]; readonly n: number[]; readonly k: number[];
}

/** The view chain from `node` down to the first non-view: (source, composed view). */
function throughViews(node: Node, view: AxisView): [Node, AxisView] {
  let n = resolve(node), v = view;
  while (n.kind === "view") { v = composeViews(v, n.view); n = resolve(n.input); }
  return [n, v];
}

/**
 * `sum(x * y)` over axes every operand has, where x and y are views of anything (the
 * contraction() of src/contract.ts), in float or complex dtypes, big enough: a GEMM. Dims
 * kept by both operands are batch dims, by one only its rows (m) or columns (n).
 */
function gemmShape(r: ReduceNode): GemmShape | null {
  if (r.op !== "sum" || !["float64", "float32", "complex128", "complex64"].includes(r.dtype)) return null;
  const prod = resolve(r.input);
  if (prod.kind !== "map" || prod.op !== "multiply" || prod.inputs.length !== 2 || prod.dtype !== r.dtype) return null;
  const F = r.input.shape;
  const [[sx, vx], [sy, vy]] = prod.inputs.map((i) => throughViews(i, broadcastView(i.shape, F)));
  if (sx.dtype !== r.dtype || sy.dtype !== r.dtype) return null;
  // an operand lacks a dim its view broadcasts, or its buffer's stride along it is 0
  const strides = (src: Node, v: AxisView) => (src.kind === "buffer" ? viewLayout(v, src).strides : null);
  const [tx, ty] = [strides(sx, vx), strides(sy, vy)];
  const has = (v: AxisView, t: readonly number[] | null, d: number) => v.axis[d] >= 0 && (t === null || t[d] !== 0);
  const batch: number[] = [], m: number[] = [], n: number[] = [], k: number[] = [];
  for (let d = 0; d < F.length; d++) {
    if (F[d] === 1) continue;
    const inX = has(vx, tx, d), inY = has(vy, ty, d);
    if (r.axes.includes(d)) { if (!inX || !inY) return null; k.push(d); }
    else if (inX && inY) batch.push(d);
    else if (inX) m.push(d);
    else if (inY) n.push(d);
    else return null;
  }
  const size = (ds: number[]) => ds.reduce((p, d) => p * F[d], 1);
  const M = size(m), N = size(n), K = size(k);
  if (M < 8 || N < 8 || K < 8 || M * N * K * size(batch) < GEMM_MIN_WORK) return null;
  return { sources: [sx, sy], views: [vx, vy], batch, m, n, k };
}

/** Offsets of each flat (C-order) index over `dims` of a layout with `strides`. */
function offsetTable(dims: readonly number[], shape: readonly number[], strides: readonly number[]): Int32Array {
  const total = dims.reduce((p, d) => p * shape[d], 1);
  const t = new Int32Array(total);
  let size = 1;
  t[0] = 0;
  for (let q = dims.length - 1; q >= 0; q--) {
    const d = dims[q], s = strides[d];
    for (let i = size * shape[d] - 1; i >= 0; i--) t[i] = t[i % size] + Math.floor(i / size) * s;
    size *= shape[d];
  }
  return t;
}

/** The kernel a GEMM step runs (the same source on every worker: the table's gemm). */
const GEMM_SOURCE = `"use strict";\nreturn function kernel(F, bufs, offs, st, shape, K, start, end) {\n  F.gemm(F, bufs, offs, st, shape, K, start, end);\n};`;
const gemmFn = new Function(GEMM_SOURCE)() as KernelStep["fn"];

/** The notes the API left on the nodes a group computes (explain() shows them). */
const notes = (roots: readonly Request[]) => roots.flatMap((r) => { const n = resolve(r.node); return n.note ? [n.note] : []; });

/** The reduction a group of this shape can absorb: one read, unviewed, as (part of) the roots' value. */
function findReduction(roots: readonly Request[], shape: readonly number[], isGemm: (r: ReduceNode) => boolean): ReduceNode | null {
  const seen = new Set<number>();
  let found: ReduceNode | null = null;
  const visit = (node: Node, view: AxisView): void => {
    const n = resolve(node);
    if (found || seen.has(n.id)) return;
    seen.add(n.id);
    if (n.kind === "map") n.inputs.forEach((i) => visit(i, composeViews(view, broadcastView(i.shape, n.shape))));
    else if (n.kind === "view") visit(n.input, composeViews(view, n.view));
    else if (n.kind === "reduce") {
      const r = maskedReduce(n) ?? n;
      if (fusableReduce(r) && !isGemm(r) && sameShape(n.shape, shape) && isIdentity(view, n.shape)) found = r;
    }
  };
  roots.forEach((r) => visit(r.node, identityView(shape)));
  return found;
}

function isIdentity(v: AxisView, shape: readonly number[]): boolean {
  return sameView(v, identityView(shape));
}

/** A group's reduction under construction: its input space, and the accumulators found so far. */
class ReduceCtx {
  readonly accs: KAccumulator[] = [];
  readonly nodes: KAcc[] = [];
  readonly byNode = new Map<number, KAcc>();
  kind: AccKind = "free";
  complexPairs = false;
  readonly expand: AxisView;
  constructor(readonly inShape: readonly number[], readonly axes: readonly number[], outShape: readonly number[]) {
    this.expand = expandView(inShape, axes, outShape);
  }
  /** Whether a reduction of this kind can share the loop (one summation order per group). */
  admits(r: ReduceNode): boolean {
    if (!sameShape(r.input.shape, this.inShape) || !sameShape(r.axes, this.axes)) return false;
    const kind = accKind(r.op, r.dtype);
    if (kind === "free" || this.kind === "free") return true;
    return kind === this.kind && (kind !== "pairwise" || isComplex(r.dtype) === this.complexPairs);
  }
  add(r: ReduceNode, arg: KNode, init: KConst, id: number): KAcc {
    const kind = accKind(r.op, r.dtype);
    if (kind !== "free" && this.kind === "free") { this.kind = kind; this.complexPairs = isComplex(r.dtype); }
    const acc: KAcc = { k: "acc", id, dtype: r.dtype, index: this.accs.length };
    // an index reduction accumulates values of its input's dtype; its result is the index
    this.accs.push({ op: isArgReduce(r.op) ? r.op : COMBINE[r.op], dtype: isArgReduce(r.op) ? r.input.dtype : r.dtype, arg, init });
    this.nodes.push(acc);
    return acc;
  }
}

class GroupBuilder {
  readonly loads: { ref: BufRef; dtype: DTypeId; layout: Layout }[] = [];
  readonly consts: { dtype: DTypeId; values: unknown[] }[] = [];
  private readonly keys = new Map<string, KNode>();
  private nextId = 0;
  private nConstSlots = 0;
  readonly reasons: string[] = [];

  constructor(
    private readonly sched: Scheduler,
    readonly shape: readonly number[],
    /** The storage this group writes in place, if any: reads of it elsewhere must be copied first. */
    private readonly target?: BufferNode,
    /** The group's reduction, when its iteration space is a reduction's input. */
    readonly red?: ReduceCtx,
  ) {}

  private reason(r: string): void { if (!this.reasons.includes(r)) this.reasons.push(r); }

  /** Set while lowering an accumulator's argument. */
  private inAcc = false;

  /** An id for a node made outside the hash-consing table. */
  freshId(): number { return this.nextId++; }

  private intern<T extends KNode>(key: string, make: (id: number) => T): T {
    const hit = this.keys.get(key);
    if (hit) return hit as T;
    const n = make(this.nextId++);
    this.keys.set(key, n);
    return n;
  }

  load(ref: BufRef, dtype: DTypeId, layout: Layout): KLoad {
    const rid = ref.storage ? `s${ref.storage.id}` : `t${ref.temp}`;
    const key = `L${rid}:${dtype}:${layout.offset}:${layout.strides.join(",")}`;
    return this.intern(key, (id) => {
      this.loads.push({ ref, dtype, layout });
      return { k: "load", id, dtype, operand: this.loads.length - 1 };
    });
  }

  constant(value: Scalar, dtype: DTypeId): KConst {
    const values = scalarParts(value, dtype);
    const key = `K${dtype}:${values.map(String).join(",")}:${typeof values[0]}`;
    return this.intern(key, (id) => {
      const slot = this.nConstSlots;
      this.consts.push({ dtype, values });
      this.nConstSlots += values.length;
      return { k: "const", id, dtype, slot };
    });
  }

  op(op: string, dtype: DTypeId, args: KNode[]): KOp {
    return this.intern(`O${op}:${dtype}(${args.map((a) => a.id).join(",")})`, (id) => ({ k: "op", id, dtype, op, args }));
  }

  private readsTargetElsewhere(storage: Storage, layout: Layout): boolean {
    const t = this.target;
    if (!t || t.storage !== storage) return false;
    return layout.offset !== t.offset || layout.strides.some((s, i) => s !== t.strides[i] && this.shape[i] !== 1);
  }

  /** Lowers `node`, indexed through `view` (iteration index -> node index). */
  lower(node: Node, view: AxisView): KNode {
    const n = resolve(node);
    switch (n.kind) {
      case "buffer": {
        const layout = viewLayout(view, n);
        if (this.readsTargetElsewhere(n.storage, layout)) {
          this.reasons.push("an input overlaps the output with another layout: copied first");
          const copy = this.sched.copyOf(n);
          return this.load(copy.ref, n.dtype, viewLayout(view, copy.layout));
        }
        return this.load({ storage: n.storage }, n.dtype, layout);
      }
      case "const":
        return this.constant(n.value, n.dtype);
      case "map": {
        const args = n.inputs.map((inp) => this.lower(inp, composeViews(view, broadcastView(inp.shape, n.shape))));
        return this.op(n.op, n.dtype, args);
      }
      case "view":
        return this.lower(n.input, composeViews(view, n.view));
      case "reshape": {
        const base = resolve(n.input);
        if (base.kind === "buffer") {
          const l = reshapeLayout(base, n.shape);
          if (l) return this.lower({ ...base, ...l, shape: n.shape }, view);
        }
        this.reasons.push(base.kind === "buffer"
          ? `reshape to ${JSON.stringify(n.shape)} is not expressible as strides of its input: input copied to C order first`
          : `reshape to ${JSON.stringify(n.shape)}: its input is computed into memory (C order) by an earlier step`);
        const m = base.kind === "buffer" ? this.sched.copyOf(base) : this.sched.materialize(n.input);
        const l = reshapeLayout(m.layout, n.shape)!;
        return this.load(m.ref, m.dtype, viewLayout(view, l));
      }
      case "reduce": {
        const r = maskedReduce(n) ?? n;
        if (sizeOf(r.input.shape) === 0 && COMBINE[r.op]) return this.constant(accIdentity(r.op, r.dtype), r.dtype);
        const ctx = this.red;
        // (a reduction inside an accumulator's argument needs the data first: an earlier pass)
        if (ctx && !this.inAcc && fusableReduce(r) && !this.sched.gemmOf(r) && sameView(view, ctx.expand) && (ctx.byNode.has(n.id) || ctx.admits(r))) {
          const hit = ctx.byNode.get(n.id);
          if (hit) return hit;
          if (r !== n) this.reason("reduces where(mask, x, identity) of a mask selection: no gather");
          this.inAcc = true;
          let arg = this.lower(r.input, identityView(ctx.inShape));
          this.inAcc = false;
          if ((r.op === "all" || r.op === "any") && arg.dtype !== "bool") arg = this.op("cast", "bool", [arg]);
          const vd = isArgReduce(r.op) ? r.input.dtype : r.dtype;
          const acc = ctx.add(r, arg, this.constant(accIdentity(r.op, vd), vd), this.freshId());
          ctx.byNode.set(n.id, acc);
          return acc;
        }
        this.reason(`reduction '${n.op}' ${!ctx ? "read through a view or broadcast" : this.inAcc ? "inside what this group reduces (it needs a pass of its own first)" : "over other axes, through a view, or of another summation order than this group's"}: computed by an earlier step`);
        const m = this.sched.materialize(n);
        return this.load(m.ref, m.dtype, viewLayout(view, m.layout));
      }
      case "opaque": {
        this.reasons.push(`'${n.name}' is a boundary: computed by an earlier step`);
        const m = this.sched.materialize(n);
        return this.load(m.ref, m.dtype, viewLayout(view, m.layout));
      }
    }
  }
}

/** Drops size-1 dims, orders dims by the first output's strides, merges contiguous runs. */
function loopNest(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const key = strides[strides.length - 1];
  const dims = shape.map((_, d) => d).filter((d) => shape[d] !== 1).sort((a, b) => Math.abs(key[b]) - Math.abs(key[a]) || a - b);
  const nest = coalesce(dims, shape, strides);
  return nest.shape.length ? nest : { shape: [1], strides: strides.map(() => [0]) };
}

class Scheduler {
  readonly temps: TempSpec[] = [];
  readonly steps: Step[] = [];
  readonly info: (() => StepInfo)[] = [];
  private readonly memo = new Map<string, Placed>();
  private nextTemp = 0;

  newTemp(dtype: DTypeId, shape: readonly number[], order: "C" | "F" = "C"): Placed {
    const id = this.nextTemp++;
    this.temps.push({ id, dtype, length: sizeOf(shape) });
    return { ref: { temp: id }, dtype, layout: { shape, strides: order === "C" ? cStrides(shape) : fStrides(shape), offset: 0 } };
  }

  private readonly keys = new Map<number, string>();
  private readonly interned = new Map<string, string>();
  private readonly gemms = new Map<ReduceNode, GemmShape | null>();

  /** gemmShape(r), once per node and schedule (the grouping asks several times). */
  gemmOf(r: ReduceNode): GemmShape | null {
    let g = this.gemms.get(r);
    if (g === undefined) { g = gemmShape(r); this.gemms.set(r, g); }
    return g;
  }

  /**
   * A structural key: nodes computing the same thing from the same buffers get equal keys,
   * so a subexpression built twice (the mean inside std and the mean a user asked for) is
   * computed once.
   */
  keyOf(node: Node): string {
    const n = resolve(node);
    const hit = this.keys.get(n.id);
    if (hit) return hit;
    const num = (v: unknown) => (Object.is(v, -0) ? "-0" : String(v));
    let raw: string;
    switch (n.kind) {
      case "buffer": raw = `B${n.storage.id}:${n.dtype}:${n.offset}:${n.shape}:${n.strides}`; break;
      case "const": raw = `C${n.dtype}:${typeof n.value}:${typeof n.value === "object" ? `${num(n.value.re)},${num(n.value.im)}` : num(n.value)}`; break;
      case "map": raw = `M${n.op}:${n.dtype}:${n.order ?? ""}:${n.shape}(${n.inputs.map((i) => this.keyOf(i))})`; break;
      case "view": raw = `V${n.view.shape}/${n.view.axis}/${n.view.step}/${n.view.start}(${this.keyOf(n.input)})`; break;
      case "reshape": raw = `S${n.shape}(${this.keyOf(n.input)})`; break;
      case "reduce": raw = `R${n.op}:${n.dtype}:${n.axes}:${n.ddof}(${this.keyOf(n.input)})`; break;
      case "opaque": raw = `O${n.id}`; break; // hand-written kernels: by identity
    }
    let k = this.interned.get(raw);
    if (!k) { k = `#${this.interned.size}`; this.interned.set(raw, k); }
    this.keys.set(n.id, k);
    return k;
  }

  /** Ensures `node` is computed into a buffer; returns where. */
  materialize(node: Node): Placed {
    const n = resolve(node);
    if (n.kind === "buffer") return { ref: { storage: n.storage }, dtype: n.dtype, layout: n };
    const key = this.keyOf(n);
    const hit = this.memo.get(key);
    if (hit) return hit;
    let placed: Placed;
    const gemm = n.kind === "reduce" ? this.gemmOf(n) : null;
    if (n.kind === "reduce" && gemm) {
      placed = this.gemm(n, gemm);
    } else if (n.kind === "reduce" && !fusableReduce(n)) {
      // what no kernel reduces (an index reduction over several axes): a hand-written step over the materialized input
      const input = this.materialize(n.input);
      placed = this.newTemp(n.dtype, n.shape);
      const operand: Operand = { ref: input.ref, dtype: input.dtype, offset: input.layout.offset, strides: input.layout.strides };
      this.steps.push({ kind: "call", name: `reduce ${n.op}`, inputs: [operand], inputShapes: [input.layout.shape], output: placed.ref, run: reduceRun(n.op, input.dtype, n.dtype, n.axes, n.ddof) });
      this.info.push(() => ({
        title: `reduce '${n.op}' over axes (${n.axes.join(", ")}) of ${JSON.stringify(input.layout.shape)} -> ${JSON.stringify(n.shape)}`,
        reasons: ["a hand-written step over the materialized input"],
      }));
    } else if (n.kind === "opaque" && n.blocks) {
      placed = this.blocks(n, n.blocks);
    } else if (n.kind === "opaque") {
      const inputs = n.inputs.map((i) => this.materialize(i));
      placed = this.newTemp(n.dtype, n.shape);
      const run = n.run;
      this.steps.push({
        kind: "call", name: n.name,
        inputs: inputs.map((p) => ({ ref: p.ref, dtype: p.dtype, offset: p.layout.offset, strides: p.layout.strides })),
        inputShapes: inputs.map((p) => p.layout.shape), output: placed.ref,
        run: (ins, out) => run(ins.map((b, k) => ({ kind: "buffer", id: -1, dtype: inputs[k].dtype, storage: b.storage, shape: b.shape, strides: b.strides, offset: b.offset })), out),
      });
      this.info.push(() => ({ title: `opaque '${n.name}' -> ${JSON.stringify(n.shape)}`, reasons: ["hand-written kernel: inputs materialized"] }));
    } else {
      placed = this.group([{ node: n }], false)[0];
    }
    this.memo.set(key, placed);
    return placed;
  }

  /** A blocked opaque node: its units are the rows of a kernel step calling `F.blocks[fn]`. */
  private blocks(n: OpaqueNode, b: NonNullable<OpaqueNode["blocks"]>): Placed {
    const inputs = n.inputs.map((i) => this.materialize(i));
    const out = this.newTemp(n.dtype, n.shape);
    const operands: Operand[] = [...inputs, out].map((p) => ({ ref: p.ref, dtype: p.dtype, offset: 0, strides: [0] }));
    // plain copies: a placed layout may be a buffer node, whose storage must not travel with every task
    const layouts: BlockLayout[] = [...inputs, out].map(({ layout: l }) => ({ shape: [...l.shape], strides: [...l.strides], offset: l.offset }));
    const { source, fn } = blocksKernel(b.fn);
    this.steps.push({ kind: "kernel", fn, table: FTABLE, shape: [b.units], operands, consts: [b.params, layouts], source, key: `blocks:${b.fn}`, nLoads: inputs.length, cost: b.cost, chunkRows: 1 });
    this.info.push(() => ({ title: `opaque '${n.name}' -> ${JSON.stringify(n.shape)}`, reasons: [`hand-written kernel in ${b.units} independent units (runtime '${b.fn}'): the units go to the pool like a kernel's rows`] }));
    return out;
  }

  /** A GEMM step: both sources materialized, offset tables per dim group, units of (batch, MC rows). */
  private gemm(r: ReduceNode, gs: GemmShape): Placed {
    const F = r.input.shape;
    const [x, y] = gs.sources.map((s) => this.materialize(s));
    const out = this.newTemp(r.dtype, r.shape);
    const lx = viewLayout(gs.views[0], x.layout), ly = viewLayout(gs.views[1], y.layout);
    const lc = viewLayout(expandView(F, r.axes, r.shape), out.layout);
    const size = (ds: number[]) => ds.reduce((p, d) => p * F[d], 1);
    const params = {
      batch: size(gs.batch), m: size(gs.m), n: size(gs.n), k: size(gs.k),
      xb: offsetTable(gs.batch, F, lx.strides), xm: offsetTable(gs.m, F, lx.strides), xk: offsetTable(gs.k, F, lx.strides),
      yb: offsetTable(gs.batch, F, ly.strides), yk: offsetTable(gs.k, F, ly.strides), yn: offsetTable(gs.n, F, ly.strides),
      cb: offsetTable(gs.batch, F, lc.strides), cm: offsetTable(gs.m, F, lc.strides), cn: offsetTable(gs.n, F, lc.strides),
      complex: isComplex(r.dtype),
      wasm: gemmOptions.wasm,
    };
    const units = params.batch * Math.ceil(params.m / GEMM_MC);
    const operands: Operand[] = [
      { ref: x.ref, dtype: x.dtype, offset: lx.offset, strides: [0] },
      { ref: y.ref, dtype: y.dtype, offset: ly.offset, strides: [0] },
      { ref: out.ref, dtype: out.dtype, offset: 0, strides: [0] },
    ];
    const work = 2 * params.batch * params.m * params.n * params.k;
    this.steps.push({ kind: "kernel", fn: gemmFn, table: FTABLE, shape: [units], operands, consts: [params], source: GEMM_SOURCE, key: "gemm", nLoads: 2, cost: Math.max(1, Math.round(work / units)), chunkRows: 1 });
    this.info.push(() => ({
      title: `contraction (GEMM): ${params.batch > 1 ? `${params.batch} batches of ` : ""}(${params.m} x ${params.k}) @ (${params.k} x ${params.n}) -> ${JSON.stringify(r.shape)} ${r.dtype}`,
      reasons: [
        ...notes([{ node: r }]),
        "sum of a product of two operands over axes both have: blocked matrix multiply (packed panels, 4x4 register tile), operands read through their strides (no transposed copies)",
        `work split in ${units} units of ${GEMM_MC} rows${params.batch > 1 ? " per batch" : ""}; each output element is summed in the same order on any thread`,
      ],
    }));
    return out;
  }

  /** A contiguous copy of a buffer (when a write would otherwise clobber what it reads). */
  copyOf(b: BufferNode): Placed {
    const g = new GroupBuilder(this, b.shape);
    const load = g.lower(b, identityView(b.shape));
    const out = this.newTemp(b.dtype, b.shape);
    this.emitGroup(g, [load], [out], ["copy of an input the output overlaps"]);
    return out;
  }

  /**
   * Builds one fused group computing `roots` (all of one shape). Fresh outputs follow the
   * inputs' memory order as NumPy's K order does, when `kOrder`; temporaries are C order.
   */
  group(roots: readonly Request[], kOrder = true): Placed[] {
    const shape = roots[0].node.shape;
    const target = roots.length === 1 ? roots[0].out : undefined;
    const r = target ? null : findReduction(roots, shape, (x) => this.gemmOf(x) !== null);
    if (r) return this.reduceGroup(roots, r);
    const g = new GroupBuilder(this, shape, target);
    const exprs = roots.map((r) => {
      let e = g.lower(r.node, identityView(shape));
      if (r.out && r.out.dtype !== e.dtype) e = g.op("cast", r.out.dtype, [e]);
      return e;
    });
    // fresh outputs follow the inputs' memory order as NumPy's K order does (C unless all are F)
    const multi = g.loads.filter((l) => l.layout.strides.some((s, i) => s !== 0 && shape[i] > 1));
    const forced = roots.map((r) => (r.node.kind === "map" ? r.node.order : undefined)).find((o) => o !== undefined);
    const fOrder = shape.length > 1 && (forced ? forced === "F" : kOrder && multi.length > 0 && multi.every((l) => isFContiguous(l.layout) && !isCContiguous(l.layout)));
    const outs: Placed[] = roots.map((r, k) =>
      r.out ? { ref: { storage: r.out.storage }, dtype: r.out.dtype, layout: r.out } : this.newTemp(exprs[k].dtype, shape, fOrder ? "F" : "C"));
    // later steps that read a root (a reduction of it, say) reuse this result
    roots.forEach((r, k) => { if (!r.out) this.memo.set(this.keyOf(r.node), outs[k]); });
    this.emitGroup(g, exprs, outs, [...g.reasons, ...notes(roots)]);
    return outs;
  }

  /**
   * A group over the input space of reduction `r`: the elementwise DAG feeding `r` (and
   * other reductions of the same input shape and axes) runs per input element into
   * accumulators; the roots, computed from the accumulators, are its epilogue.
   */
  private reduceGroup(roots: readonly Request[], r: ReduceNode): Placed[] {
    const shape = roots[0].node.shape;
    const ctx = new ReduceCtx(r.input.shape, r.axes, shape);
    const g = new GroupBuilder(this, ctx.inShape, undefined, ctx);
    const exprs = roots.map((rt) => g.lower(rt.node, ctx.expand));
    if (ctx.accs.length === 0) throw new Error("internal: a reduction group without accumulators");
    const outs = exprs.map((e) => this.newTemp(e.dtype, shape));
    roots.forEach((rt, k) => this.memo.set(this.keyOf(rt.node), outs[k]));
    const loads = g.loads.map((l) => ({ ref: l.ref, dtype: l.dtype, offset: l.layout.offset, strides: l.layout.strides }));
    const outOps = outs.map((o) => { const l = viewLayout(ctx.expand, o.layout); return { ref: o.ref, dtype: o.dtype, offset: l.offset, strides: l.strides }; });
    const all = [...loads, ...outOps];
    const nest = reductionNest(ctx.inShape, ctx.axes, all.map((o) => o.strides), loads.length);
    const nd = nest.shape.length;
    const cls = (s: number): 0 | 1 | "s" => (s === 0 ? 0 : s === 1 ? 1 : "s");
    const operands: Operand[] = all.map((o, k) => ({ ...o, strides: nest.strides[k] }));
    const consts = g.consts.flatMap((c) => c.values);
    const constDtypes = g.consts.map((c) => c.dtype);
    const what = () => `${[...new Set(ctx.accs.map((a) => a.op))].join(", ")} over axes (${ctx.axes.join(", ")}) of ${JSON.stringify(ctx.inShape)}`;
    const reasons = () => [...g.reasons, ...notes(roots), ...(ctx.accs.length > 1 ? [`${ctx.accs.length} reductions of the same input space share one loop`] : [])];
    // (index reductions run whole: their partials would need an index each)
    const blocked = !nest.tail && nest.nKept === 0 && nest.reduced > REDUCE_BLOCK && !ctx.accs.some((a) => isArgReduce(a.op));
    if (blocked) {
      // phase 1: fixed blocks -> one partial per block and accumulator (any thread count, same blocks)
      const rows = nd === 1 ? REDUCE_BLOCK : Math.max(1, Math.floor(REDUCE_BLOCK / sizeOf(nest.shape.slice(1))));
      const nBlocks = Math.ceil(nest.shape[0] / rows);
      const partials = ctx.accs.map((a) => this.newTemp(a.dtype, [nBlocks]));
      const p1: KGroup = {
        operandDtypes: [...loads.map((o) => o.dtype), ...ctx.accs.map((a) => a.dtype)], nLoads: loads.length, constDtypes,
        outputs: ctx.nodes, ndim: nd, inner: [...loads.map((_, k) => cls(nest.strides[k][nd - 1])), ...partials.map(() => 1 as const)],
        reduce: { accs: ctx.accs, kind: ctx.kind, nKept: 0, tail: false, blocked: true },
      };
      const ops1: Operand[] = [...operands.slice(0, loads.length), ...partials.map((p) => ({ ref: p.ref, dtype: p.dtype, offset: 0, strides: nest.shape.map((_, d) => (d === 0 ? 1 : 0)) }))];
      this.pushKernel(p1, nest.shape, ops1, consts, { outer: nBlocks, chunkRows: Math.max(1, Math.floor(POOL_CHUNK / (rows * sizeOf(nest.shape.slice(1))))) }, () => ({
        title: `fused reduction (phase 1 of 2): ${what()} -> ${nBlocks} partials per accumulator`,
        reasons: [...reasons(), `blocks of ${REDUCE_BLOCK} elements, the same at every thread count: results do not depend on how many threads run them`],
        loop: `loop nest ${JSON.stringify(nest.shape)}, dimension 0 in blocks of ${rows}`,
      }));
      // phase 2: the partials reduced (in the same order kind), then the epilogue
      const args: KLoad[] = ctx.accs.map((a, j) => ({ k: "load", id: g.freshId(), dtype: a.dtype, operand: loads.length + j }));
      const p2: KGroup = {
        operandDtypes: [...loads.map((o) => o.dtype), ...ctx.accs.map((a) => a.dtype), ...outs.map((o) => o.dtype)],
        nLoads: loads.length + partials.length, constDtypes, outputs: exprs, ndim: 1,
        inner: [...loads.map(() => 0 as const), ...partials.map(() => 1 as const), ...outs.map(() => 0 as const)],
        // partials in order (NumPy adds its buffers' pairwise sums in order); exact combines in any
        reduce: { accs: ctx.accs.map((a, j) => ({ ...a, arg: args[j] })), kind: ctx.kind === "free" ? "free" : "sequential", nKept: 0, tail: false, blocked: false },
      };
      const ops2: Operand[] = [
        ...loads.map((o) => ({ ...o, strides: [0] })),
        ...partials.map((p) => ({ ref: p.ref, dtype: p.dtype, offset: 0, strides: [1] })),
        ...outOps.map((o) => ({ ...o, strides: [0] })),
      ];
      this.pushKernel(p2, [nBlocks], ops2, consts, { outer: 1 }, () => ({ title: `fused reduction (phase 2 of 2): the partials combined -> ${outs.length} output${outs.length > 1 ? "s" : ""} of shape ${JSON.stringify(shape)}`, reasons: ["fixed order: the same bits at any thread count"] }));
      return outs;
    }
    const kg: KGroup = {
      operandDtypes: all.map((o) => o.dtype), nLoads: loads.length, constDtypes, outputs: exprs, ndim: nd,
      inner: operands.map((o) => cls(o.strides[nd - 1])),
      reduce: {
        accs: ctx.accs, kind: ctx.kind, nKept: nest.nKept, tail: nest.tail, blocked: false,
        ...(nest.tail ? { rowInvariant: operands.map((o) => o.strides[nd - 2] === 0) } : {}),
      },
    };
    const extra = nest.nKept > 0 ? {} : nest.tail
      ? { outer: Math.ceil(nest.shape[nd - 1] / TAIL_BLOCK), chunkRows: Math.max(1, Math.floor(POOL_CHUNK / (TAIL_BLOCK * sizeOf(nest.shape.slice(0, nd - 1))))) }
      : { outer: 1 };
    this.pushKernel(kg, nest.shape, operands, consts, extra, () => ({
      title: `fused reduction: ${what()} -> ${outs.length} output${outs.length > 1 ? "s" : ""} of shape ${JSON.stringify(shape)} (epilogue included)`,
      reasons: [...reasons(), nest.tail
        ? "the input is contiguous along a kept axis: rows are combined into blocks of accumulators, in order along the reduced axes (as NumPy)"
        : ctx.kind === "pairwise" ? "runs along the reduced axes summed pairwise (NumPy's order)" : "runs along the reduced axes innermost"],
      loop: `loop nest ${JSON.stringify(nest.shape)}: ${nest.nKept} kept dims outside, then reduced${nest.tail ? ", then a kept dim innermost" : ""}`,
    }));
    return outs;
  }

  private pushKernel(kg: KGroup, shape: readonly number[], operands: Operand[], consts: unknown[], extra: { outer?: number; chunkRows?: number }, info: () => Omit<StepInfo, "source">): void {
    const compiled = compileGroup(kg);
    this.steps.push({ kind: "kernel", fn: compiled.fn, table: FTABLE, shape, operands, consts, source: compiled.source, key: compiled.key, nLoads: kg.nLoads, cost: groupCost(kg), ...extra });
    this.info.push(() => ({ ...info(), source: compiled.source }));
  }

  private emitGroup(g: GroupBuilder, exprs: KNode[], outs: Placed[], reasons: string[]): void {
    if (sizeOf(g.shape) === 0) return;
    const all = [...g.loads.map((l) => ({ ref: l.ref, dtype: l.dtype, layout: l.layout })), ...outs];
    const nest = loopNest(g.shape, all.map((o) => [...o.layout.strides]));
    const operands: Operand[] = all.map((o, k) => ({ ref: o.ref, dtype: o.dtype, offset: o.layout.offset, strides: nest.strides[k] }));
    const nd = nest.shape.length;
    const kg: KGroup = {
      operandDtypes: operands.map((o) => o.dtype),
      nLoads: g.loads.length,
      constDtypes: g.consts.map((c) => c.dtype),
      outputs: exprs,
      ndim: nd,
      inner: operands.map((o) => (o.strides[nd - 1] === 0 ? 0 : o.strides[nd - 1] === 1 ? 1 : "s")),
    };
    const nodes = () => {
      const seen = new Set<number>();
      const count = (n: KNode) => { if (!seen.has(n.id)) { seen.add(n.id); if (n.k === "op") n.args.forEach(count); } };
      exprs.forEach(count);
      return seen;
    };
    this.pushKernel(kg, nest.shape, operands, g.consts.flatMap((c) => c.values), {}, () => ({
      title: `fused kernel: ${nodes().size} nodes (${g.loads.length} loads, ${g.consts.length} constants) -> ${outs.length} output${outs.length > 1 ? "s" : ""} of shape ${JSON.stringify(g.shape)}`,
      reasons,
      loop: `loop nest ${JSON.stringify(nest.shape)} (from ${JSON.stringify(g.shape)}: size-1 axes dropped, axes ordered by output strides, contiguous axes merged); innermost stride class per operand: ${kg.inner.join(" ")}`,
    }));
  }
}

/** Plans the evaluation of `requests` in one schedule. */
export function schedule(requests: readonly Request[]): Schedule {
  const s = new Scheduler();
  const results: (Placed | undefined)[] = new Array(requests.length);
  // outputs of one shape without an explicit target share one multi-output kernel
  const byShape = new Map<string, number[]>();
  const boundaries: number[] = [], targeted: number[] = [];
  requests.forEach((r, i) => {
    const n = resolve(r.node);
    if (!r.out && n.kind === "buffer") results[i] = { ref: { storage: n.storage }, dtype: n.dtype, layout: n };
    else if (!r.out && ((n.kind === "reduce" && (!fusableReduce(n) || s.gemmOf(n))) || n.kind === "opaque")) boundaries.push(i);
    else if (r.out) targeted.push(i);
    else {
      const key = JSON.stringify(n.shape);
      byShape.set(key, [...(byShape.get(key) ?? []), i]);
    }
  });
  // elementwise outputs first: a requested reduction of one of them then reads its result
  for (const idx of byShape.values()) {
    const placed = s.group(idx.map((i) => ({ node: requests[i].node })));
    idx.forEach((i, k) => (results[i] = placed[k]));
  }
  for (const i of boundaries) results[i] = s.materialize(requests[i].node);
  for (const i of targeted) results[i] = s.group([requests[i]])[0];
  return { plan: { temps: s.temps, steps: s.steps }, results: results as Placed[], info: s.info };
}
