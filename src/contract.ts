// Contractions by index labels: what einsum and every product (matmul, dot, tensordot,
// ...) reduce to. A contraction of two operands is built as existing graph nodes: both
// operands viewed (broadcast) into one iteration space of all labels, multiplied, and
// summed over the labels the output does not keep. The compiler fuses that into one
// reduction kernel (no product array is ever made), and runs GEMM-shaped ones with its
// blocked matrix-multiply kernel.

import { newNodeId, type AxisView, type Node } from "../compiler/ir.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { dt } from "./dtype.js";
import { NDArray, lazy, viewOf } from "./ndarray.js";
import { applyNode, prepare } from "./ufunc.js";

/** A label's extent over the operands that have it (size-1 axes broadcast, as NumPy's einsum does). */
function extents(ops: readonly { a: NDArray; labels: readonly number[] }[]): Map<number, number> {
  const size = new Map<number, number>();
  for (const { a, labels } of ops) {
    if (labels.length !== a.ndim) throw new ValueError(`einsum: ${labels.length} labels for an operand of ${a.ndim} dimensions`);
    if (new Set(labels).size !== labels.length) throw new ValueError("einsum: a label repeats within an operand (take its diagonal first)");
    labels.forEach((l, i) => {
      const n = a.shape[i], had = size.get(l);
      if (had === undefined || had === 1) size.set(l, n);
      else if (n !== 1 && n !== had) throw new ValueError(`einsum: label ${l} has extents ${had} and ${n}`);
    });
  }
  return size;
}

/** `a` viewed over the iteration space `space` (labels), broadcasting what it lacks. */
function spread(a: NDArray, labels: readonly number[], space: readonly number[], size: Map<number, number>): NDArray {
  const shape = space.map((l) => size.get(l)!);
  const view: AxisView = {
    shape,
    axis: space.map((l, j) => { const i = labels.indexOf(l); return i >= 0 && a.shape[i] === shape[j] ? i : -1; }),
    step: space.map(() => 1),
    start: a.shape.map(() => 0),
  };
  return viewOf(a, view);
}

/**
 * `out[outLabels] = Σ a[aLabels] · b[bLabels]` over the labels `outLabels` lacks. Labels
 * are distinct within each operand; every output label must occur in an operand. The
 * result has the operands' common dtype (as einsum: no widening of small integers;
 * booleans combine with and/or). Example: matmul is `contract(a, [0, 1], b, [1, 2], [0, 2])`.
 */
export function contract(a: NDArray, aLabels: readonly number[], b: NDArray | null, bLabels: readonly number[], outLabels: readonly number[]): NDArray {
  const ops = b ? [{ a, labels: aLabels }, { a: b, labels: bLabels }] : [{ a, labels: aLabels }];
  for (const { a: x } of ops) if (x.dtype.kind === "U") throw new TypeError(`contractions need numbers, not dtype('${x.dtype}')`);
  const size = extents(ops);
  for (const l of outLabels) if (!size.has(l)) throw new ValueError(`einsum: output label ${l} is in no operand`);
  if (new Set(outLabels).size !== outLabels.length) throw new ValueError("einsum: an output label repeats");
  const summed = [...size.keys()].filter((l) => !outLabels.includes(l));
  const space = [...outLabels, ...summed];
  const x = spread(a, aLabels, space, size);
  let product: NDArray = x;
  if (b) {
    const { node, dtype } = applyNode("multiply", [prepare(x), prepare(spread(b, bLabels, space, size))]);
    product = lazy(node, dtype);
  }
  if (summed.length === 0) return product;
  const d = product.dtype;
  const node: Node = {
    kind: "reduce", id: newNodeId(), op: d.kind === "b" ? "any" : "sum", dtype: d.id,
    shape: outLabels.map((l) => size.get(l)!), input: product._node, axes: summed.map((_, i) => outLabels.length + i), ddof: 0,
  };
  // booleans: the sum of products is their "or" (any), as NumPy's einsum gives
  return lazy(node, d.kind === "b" ? dt("bool") : d);
}
