// The kernel IR: one fused group's expression DAG, with every load already expressed
// in the group's iteration space (strides per iteration dimension).

import type { DTypeId } from "../runtime/dtypes.js";

export interface KLoad { readonly k: "load"; readonly id: number; readonly dtype: DTypeId; readonly operand: number }
export interface KConst { readonly k: "const"; readonly id: number; readonly dtype: DTypeId; readonly slot: number }
export interface KOp { readonly k: "op"; readonly id: number; readonly dtype: DTypeId; readonly op: string; readonly args: readonly KNode[] }
/** The value of accumulator `index` of a reduction group, once its reduction is complete. */
export interface KAcc { readonly k: "acc"; readonly id: number; readonly dtype: DTypeId; readonly index: number }
export type KNode = KLoad | KConst | KOp | KAcc;

/**
 * How elements are combined: "pairwise" (float and complex sums: NumPy's pairwise
 * summation), "sequential" (float products: one accumulator, in order) or "free" (exact,
 * associative combines such as integer sums, extrema, all/any: any order gives the same bits).
 */
export type AccKind = "pairwise" | "sequential" | "free";

export interface KAccumulator {
  /** The binary ufunc that combines (add, multiply, maximum, ..., logical_or). */
  readonly op: string;
  readonly dtype: DTypeId;
  /** The value reduced, per element of the reduction's input. */
  readonly arg: KNode;
  /** The identity the accumulator starts from. */
  readonly init: KConst;
}

/**
 * The reduction of a group. The iteration space is the reduction's input; loop
 * dimensions [0, nKept) are kept, then the reduced ones, then (when `tail`) one more kept
 * dimension innermost: reduced rows are then combined into a block of accumulators, one
 * per element of that dimension. `blocked`: nothing is kept; dimension 0 is cut into
 * fixed blocks, each writing one partial per accumulator to the outputs (a second group
 * combines them), so results do not depend on how blocks are spread over threads.
 */
export interface KReduce {
  readonly accs: readonly KAccumulator[];
  readonly kind: AccKind;
  readonly nKept: number;
  readonly tail: boolean;
  readonly blocked: boolean;
  /** Tail reductions: per operand, whether it stays put along the innermost reduced dim (rows). */
  readonly rowInvariant?: readonly boolean[];
}

/** A fused group as code generation sees it. */
export interface KGroup {
  /** Load operands' dtypes, then output operands' dtypes. */
  readonly operandDtypes: readonly DTypeId[];
  readonly nLoads: number;
  readonly constDtypes: readonly DTypeId[];
  /** For each output operand (in order), the node whose value it stores. */
  readonly outputs: readonly KNode[];
  /** Iteration rank after reordering and coalescing. */
  readonly ndim: number;
  /** Per operand: stride class of the innermost dimension: 0 (broadcast), 1 (contiguous), "s" (any). */
  readonly inner: readonly (0 | 1 | "s")[];
  readonly reduce?: KReduce;
}

/** Nodes reachable from `roots`, each after its arguments (accumulators are leaves). */
export function topo(roots: readonly KNode[]): KNode[] {
  const order: KNode[] = [], seen = new Set<number>();
  const visit = (n: KNode) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (n.k === "op") n.args.forEach(visit);
    order.push(n);
  };
  roots.forEach(visit);
  return order;
}

/** Every node of a group: its outputs' DAG and its accumulators' arguments and identities. */
export function allNodes(g: KGroup): KNode[] {
  return topo([...g.outputs, ...(g.reduce?.accs.flatMap((a) => [a.arg, a.init]) ?? [])]);
}

/** A structural key: equal keys generate equal source (so compile once). */
export function groupKey(g: KGroup): string {
  const order = allNodes(g);
  const index = new Map(order.map((n, i) => [n.id, i]));
  const parts = order.map((n) =>
    n.k === "load" ? `L${n.operand}` : n.k === "const" ? `K${n.slot}` : n.k === "acc" ? `A${n.index}` : `${n.op}:${n.dtype}(${n.args.map((a) => index.get(a.id)).join(",")})`);
  const r = g.reduce;
  const red = r ? `|R${r.kind}:${r.nKept}:${r.tail ? 1 : 0}:${r.blocked ? 1 : 0}:${r.rowInvariant?.map((b) => (b ? 1 : 0)).join("") ?? ""}:${r.accs.map((a) => `${a.op}:${a.dtype}:${index.get(a.arg.id)}:${index.get(a.init.id)}`).join(";")}` : "";
  return `${g.ndim}|${g.operandDtypes.join(",")}|${g.inner.join("")}|${g.constDtypes.join(",")}|${parts.join(";")}|${g.outputs.map((o) => index.get(o.id)).join(",")}${red}`;
}
