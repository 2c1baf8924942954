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
import type { BufRef, Operand, Plan, Step, TempSpec } from "../runtime/plan.js";
import { reduceRun } from "../runtime/reduce.js";
import {
  broadcastView, composeViews, cStrides, fStrides, identityView, isCContiguous, isFContiguous,
  newNodeId, reshapeLayout, sizeOf, viewLayout, type AxisView, type BufferNode, type Layout, type Node, type ReduceNode, type Scalar,
} from "./ir.js";
import type { KConst, KGroup, KLoad, KNode, KOp } from "./kernel.js";
import { compileGroup, FTABLE, groupCost } from "./codegen.js";
import { scalarParts } from "./cast.js";

export interface Request {
  readonly node: Node;
  /** Write the result here (cast to its dtype) instead of into a fresh buffer. */
  readonly out?: BufferNode;
}

export interface Placed { readonly ref: BufRef; readonly layout: Layout; readonly dtype: DTypeId }

/** What explain() reports of one step. */
export interface StepInfo { readonly title: string; readonly reasons: readonly string[]; readonly loop?: string; readonly source?: string }

export interface Schedule { readonly plan: Plan; readonly results: readonly Placed[]; readonly info: readonly StepInfo[] }

const resolve = (n: Node): Node => n.materialized ?? n;


// ---- reductions of mask selections --------------------------------------------------

const INT_RANGE: Partial<Record<DTypeId, [number | bigint, number | bigint]>> = {
  bool: [0, 1], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** The value that leaves reduction `op` over dtype `d` unchanged, where inserting it changes no bit of the result. */
function identityFor(op: string, d: DTypeId): Scalar | null {
  const range = INT_RANGE[d], big = d === "int64" || d === "uint64", float = d === "float32" || d === "float64";
  switch (op) {
    case "sum": return range && d !== "bool" ? (big ? 0n : 0) : null; // float sums: pairwise order would change
    case "prod": return range && d !== "bool" ? (big ? 1n : 1) : null;
    case "max": return float ? -Infinity : range ? (d === "bool" ? false : range[0]) : null;
    case "min": return float ? Infinity : range ? (d === "bool" ? true : range[1]) : null;
    case "any": return float || range ? false : null;
    case "all": return float || range ? true : null;
    default: return null;
  }
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
  ) {}

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
        this.reasons.push(`reshape to ${JSON.stringify(n.shape)} is not expressible as strides of its input: input copied to C order first`);
        const m = base.kind === "buffer" ? this.sched.copyOf(base) : this.sched.materialize(n.input);
        const l = reshapeLayout(m.layout, n.shape)!;
        return this.load(m.ref, m.dtype, viewLayout(view, l));
      }
      case "reduce":
      case "opaque": {
        this.reasons.push(`${n.kind === "reduce" ? `reduction '${n.op}'` : `'${n.name}'`} is a boundary: computed by an earlier step`);
        const m = this.sched.materialize(n);
        return this.load(m.ref, m.dtype, viewLayout(view, m.layout));
      }
    }
  }
}

/** Drops size-1 dims, orders dims by the first output's strides, merges contiguous runs. */
function loopNest(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  let dims = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  const key = strides[strides.length - 1];
  dims = dims.sort((a, b) => Math.abs(key[b]) - Math.abs(key[a]) || a - b);
  const outShape: number[] = [], outStrides: number[][] = strides.map(() => []);
  for (const d of dims) {
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

class Scheduler {
  readonly temps: TempSpec[] = [];
  readonly steps: Step[] = [];
  readonly info: StepInfo[] = [];
  private readonly memo = new Map<number, Placed>();
  private nextTemp = 0;

  newTemp(dtype: DTypeId, shape: readonly number[], order: "C" | "F" = "C"): Placed {
    const id = this.nextTemp++;
    this.temps.push({ id, dtype, length: sizeOf(shape) });
    return { ref: { temp: id }, dtype, layout: { shape, strides: order === "C" ? cStrides(shape) : fStrides(shape), offset: 0 } };
  }

  /** Ensures `node` is computed into a buffer; returns where. */
  materialize(node: Node): Placed {
    const n = resolve(node);
    if (n.kind === "buffer") return { ref: { storage: n.storage }, dtype: n.dtype, layout: n };
    const hit = this.memo.get(n.id);
    if (hit) return hit;
    let placed: Placed;
    if (n.kind === "reduce") {
      const masked = maskedReduce(n), r = masked ?? n;
      const input = this.materialize(r.input);
      placed = this.newTemp(n.dtype, n.shape);
      const operand: Operand = { ref: input.ref, dtype: input.dtype, offset: input.layout.offset, strides: input.layout.strides };
      this.steps.push({ kind: "call", name: `reduce ${n.op}`, inputs: [operand], inputShapes: [input.layout.shape], output: placed.ref, run: reduceRun(n.op, input.dtype, n.dtype, r.axes, n.ddof) });
      this.info.push({
        title: `reduce '${n.op}' over axes (${r.axes.join(", ")}) of ${JSON.stringify(input.layout.shape)} -> ${JSON.stringify(n.shape)}`,
        reasons: [...(masked ? ["reduces where(mask, x, identity) of a mask selection: no gather"] : []), "reductions are separate steps (fusion with producers comes with the reductions issue)"],
      });
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
      this.info.push({ title: `opaque '${n.name}' -> ${JSON.stringify(n.shape)}`, reasons: ["hand-written kernel: inputs materialized"] });
    } else {
      placed = this.group([{ node: n }], false)[0];
    }
    this.memo.set(n.id, placed);
    return placed;
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
    roots.forEach((r, k) => { if (!r.out) this.memo.set(resolve(r.node).id, outs[k]); });
    this.emitGroup(g, exprs, outs, g.reasons);
    return outs;
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
    const compiled = compileGroup(kg);
    const consts = g.consts.flatMap((c) => c.values);
    this.steps.push({ kind: "kernel", fn: compiled.fn, table: FTABLE, shape: nest.shape, operands, consts, source: compiled.source, key: compiled.key, nLoads: g.loads.length, cost: groupCost(kg) });
    const nodes = new Set<number>();
    const count = (n: KNode) => { if (!nodes.has(n.id)) { nodes.add(n.id); if (n.k === "op") n.args.forEach(count); } };
    exprs.forEach(count);
    this.info.push({
      title: `fused kernel: ${nodes.size} nodes (${g.loads.length} loads, ${g.consts.length} constants) -> ${outs.length} output${outs.length > 1 ? "s" : ""} of shape ${JSON.stringify(g.shape)}`,
      reasons,
      loop: `loop nest ${JSON.stringify(nest.shape)} (from ${JSON.stringify(g.shape)}: size-1 axes dropped, axes ordered by output strides, contiguous axes merged); innermost stride class per operand: ${kg.inner.join(" ")}`,
      source: compiled.source,
    });
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
    else if (!r.out && (n.kind === "reduce" || n.kind === "opaque")) boundaries.push(i);
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
