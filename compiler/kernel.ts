// The kernel IR: one fused group's expression DAG, with every load already expressed
// in the group's iteration space (strides per iteration dimension).

import type { DTypeId } from "../runtime/dtypes.js";

export interface KLoad { readonly k: "load"; readonly id: number; readonly dtype: DTypeId; readonly operand: number }
export interface KConst { readonly k: "const"; readonly id: number; readonly dtype: DTypeId; readonly slot: number }
export interface KOp { readonly k: "op"; readonly id: number; readonly dtype: DTypeId; readonly op: string; readonly args: readonly KNode[] }
export type KNode = KLoad | KConst | KOp;

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
}

/** Nodes reachable from the outputs, each after its arguments. */
export function topo(outputs: readonly KNode[]): KNode[] {
  const order: KNode[] = [], seen = new Set<number>();
  const visit = (n: KNode) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (n.k === "op") n.args.forEach(visit);
    order.push(n);
  };
  outputs.forEach(visit);
  return order;
}

/** A structural key: equal keys generate equal source (so compile once). */
export function groupKey(g: KGroup): string {
  const order = topo(g.outputs);
  const index = new Map(order.map((n, i) => [n.id, i]));
  const parts = order.map((n) =>
    n.k === "load" ? `L${n.operand}` : n.k === "const" ? `K${n.slot}` : `${n.op}:${n.dtype}(${n.args.map((a) => index.get(a.id)).join(",")})`);
  return `${g.ndim}|${g.operandDtypes.join(",")}|${g.inner.join("")}|${g.constDtypes.join(",")}|${parts.join(";")}|${g.outputs.map((o) => index.get(o.id)).join(",")}`;
}
