// One einsum call as NumPy's C einsum runs it (c_einsum: the whole expression when
// `optimize` is false, one step of a path otherwise), built lazily: repeated labels of an
// operand become diagonal views, every operand is cast to the loop dtype, and the operands
// are contracted pairwise from the left, each pair one contract() (one fused kernel),
// keeping the labels later operands or the output still need. NumPy's checks run here in
// its order, with its messages: the parse, the diagonals, the iterator's broadcasting of
// the remapped shapes, the reduction into `out`, the casts.

import { cStrides, newNodeId, type Node } from "../../compiler/ir.js";
import { TypeError, ValueError } from "../../runtime/errors.js";
import { contract } from "../contract.js";
import { DType, promoteTypes } from "../dtype.js";
import { canCast, type Casting } from "../join.js";
import { NDArray, assignNode, fromBuffer, lazy, reshapeOf, viewOf } from "../ndarray.js";
import { diagonal } from "../shape.js";
import { castNode, prepare } from "../ufunc.js";
import { checkAscii, parseC } from "./parse.js";
import { einsumMsg } from "../../runtime/errors.js";

export interface StepOptions {
  /** The loop dtype (NumPy's `dtype=`): operands are cast to it under `casting`. */
  readonly dtype: DType | null;
  readonly casting: Casting;
  /** Written with the result (its shape may broadcast the result's). */
  readonly out: NDArray | null;
}

const MAXDIMS = 32;
const char = (l: number) => String.fromCharCode(l);

/** NumPy's convert_shape_to_string: leading new axes (-1) dropped, later ones spelled "newaxis". */
function shapeString(vals: readonly number[], ending: string): string {
  let i = 0;
  while (i < vals.length && vals[i] < 0) i++;
  if (i === vals.length) return `()${ending}`;
  const parts = [String(vals[i])];
  for (i++; i < vals.length; i++) parts.push(vals[i] < 0 ? "newaxis" : String(vals[i]));
  return vals.length === 1 ? `(${parts[0]},)${ending}` : `(${parts.join(",")})${ending}`;
}

/**
 * Each operand axis as a contraction label: a letter's code, or for an axis of the
 * ellipsis -(g + 1), g its place among the output's ellipsis axes (operands align right).
 */
function labelIds(labels: readonly number[], nBroadcast: number): number[] {
  const zeros = labels.filter((l) => l === 0).length;
  let j = 0;
  return labels.map((l) => (l === 0 ? -(nBroadcast - zeros + j++ + 1) : l));
}

function outputIds(output: readonly number[]): number[] {
  let g = 0;
  return output.map((l) => (l === 0 ? -(++g) : l));
}

/** `a` with each repeated label taken along its diagonal (a view); the labels now distinct. */
function collapse(a: NDArray, ids: readonly number[]): { arr: NDArray; ids: number[] } {
  let arr = a, cur = [...ids];
  for (;;) {
    const p = cur.findIndex((l, i) => cur.indexOf(l) !== i);
    if (p < 0) return { arr, ids: cur };
    const q = cur.indexOf(cur[p]);
    const l = cur[p];
    arr = diagonal(arr, 0, q, p);
    cur = [...cur.filter((_, i) => i !== p && i !== q), l];
  }
}

/** The view NumPy returns for one operand and no summation (get_single_op_view), or null. */
function singleView(a: NDArray, labels: readonly number[], output: readonly number[]): NDArray | null {
  // output axis i views the operand axes groups[i] (several: a diagonal), as NumPy adds their strides
  const groups: number[][] = output.map(() => []);
  let slot = 0;
  for (let k = 0; k < labels.length; k++) {
    const l = labels[k];
    let i: number;
    if (l === 0) {
      while (slot < output.length && output[slot] !== 0) slot++;
      if (slot === output.length) throw new ValueError("output had too few broadcast dimensions");
      i = slot++;
    } else {
      i = output.indexOf(l);
      if (i < 0) return null; // a summed label: no view
      // (NumPy skips this check when the first extent is 0, and returns a view past the data)
      const first = groups[i].length ? a.shape[groups[i][0]] : a.shape[k];
      if (first !== a.shape[k]) throw new ValueError(einsumMsg.collapseSingle(char(l), first, a.shape[k]));
    }
    groups[i].push(k);
  }
  const shape = groups.map((g) => a.shape[g[0]]);
  const node = a._node;
  let v: NDArray;
  if (node.kind === "buffer") {
    const strides = groups.map((g) => g.reduce((s, k) => s + node.strides[k], 0));
    v = fromBuffer(node.storage, a.dtype, { shape, strides, offset: node.offset }, a._base && !a._viewSpec ? a._base : a);
  } else {
    // a pending result will be C-contiguous: a view of its flat elements (one view, so writes reach it)
    const cs = cStrides(a.shape);
    v = viewOf(reshapeOf(a, [a.size])!, { shape, axis: shape.map(() => 0), step: groups.map((g) => g.reduce((s, k) => s + cs[k], 0)), start: [0] });
  }
  v._writeable = a._writeable;
  return v;
}

/** True when computing `node` may read the memory of `out` (then the result is computed before out is written). */
function reads(node: Node, out: NDArray, seen = new Set<Node>()): boolean {
  const n = node.materialized ?? node;
  if (seen.has(n)) return false;
  seen.add(n);
  const target = out._node;
  if (n.kind === "buffer") return target.kind === "buffer" && n.storage === target.storage;
  if (n.kind === "const") return false;
  const inputs = n.kind === "map" || n.kind === "opaque" ? n.inputs : [n.input];
  return inputs.some((i) => reads(i, out, seen));
}

/** Writes `r` into `out` (cast, broadcast to out's shape) and returns `out`. */
function writeInto(out: NDArray, r: NDArray): NDArray {
  let node: Node = castNode(prepare(r), out.dtype);
  if (node.shape.some((n, i) => n !== out.shape[i])) {
    node = { kind: "view", id: newNodeId(), dtype: out.dtype.id, shape: out.shape, input: node,
      view: { shape: out.shape, axis: out.shape.map((n, i) => (node.shape[i] === n ? i : -1)), step: out.shape.map(() => 1), start: node.shape.map(() => 0) } };
  }
  if (reads(node, out)) {
    const tmp = lazy(node, out.dtype).evalSync();
    node = tmp._node;
  }
  assignNode(out, node);
  return out;
}

/** NumPy's `c_einsum(subscripts, *ops, dtype=, casting=, out=)`, lazily. */
export function cEinsum(subscripts: string, ops: readonly NDArray[], o: StepOptions): NDArray {
  if (ops.length === 0) throw new ValueError(einsumMsg.noOperandsStr);
  checkAscii(subscripts);
  const nop = ops.length;
  const p = parseC(subscripts, ops.map((a) => a.ndim));
  const out = o.out;
  if (out && out.ndim !== p.output.length) throw new ValueError(einsumMsg.outNdim(out.ndim, p.output.length));
  if (nop === 1 && !out) {
    const v = singleView(ops[0], p.labels[0], p.output);
    if (v) return v;
  }

  // each operand's axes with repeated labels merged (C's get_combined_dims_view)
  const ids = p.labels.map((l) => labelIds(l, p.nBroadcast));
  const combined = ops.map((a, iop) => {
    const labels: number[] = [], shape: number[] = [];
    ids[iop].forEach((l, k) => {
      const i = labels.indexOf(l);
      if (i < 0) { labels.push(l); shape.push(a.shape[k]); }
      else if (shape[i] !== a.shape[k]) throw new ValueError(einsumMsg.collapse(iop, char(l), shape[i], a.shape[k]));
    });
    return { labels, shape };
  });

  // the iteration space: the output's labels, then the summed ones in character order
  const outIds = outputIds(p.output);
  const iter = [...outIds];
  for (let c = 0; c < 128; c++) {
    if (p.counts[c] === 0 || outIds.includes(c)) continue;
    if (iter.length >= MAXDIMS) throw new ValueError(einsumMsg.tooManyIter);
    iter.push(c);
  }
  const remaps: { shape: readonly number[]; axes: number[] }[] = combined.map((c) => ({ shape: c.shape, axes: iter.map((l) => c.labels.indexOf(l)) }));
  if (out) remaps.push({ shape: out.shape, axes: iter.map((_, i) => (i < outIds.length ? i : -1)) });
  const bshape = iter.map(() => 1);
  for (const r of remaps) {
    r.axes.forEach((k, i) => {
      if (k < 0) return;
      const n = r.shape[k];
      if (bshape[i] === 1) bshape[i] = n;
      else if (n !== bshape[i] && n !== 1) {
        const shapes = remaps.map((q) => shapeString(q.shape, "->") + shapeString(q.axes.map((a) => (a < 0 ? -1 : q.shape[a])), " "));
        throw new ValueError(`operands could not be broadcast together with remapped shapes [original->remapped]: ${shapes.join("")}`);
      }
    });
  }
  if (out) {
    for (let i = outIds.length - 1; i >= 0; i--) {
      if (out.shape[i] === 1 && bshape[i] !== 1)
        throw new ValueError(`output operand requires a reduction along dimension ${i}, but the reduction is not enabled. The dimension size of 1 does not match the expected output shape.`);
    }
  }

  // the loop dtype: dtype=, else the operands' (and out's) common dtype
  const d = o.dtype ?? [...ops, ...(out ? [out] : [])].map((a) => a.dtype).reduce(promoteTypes);
  ops.forEach((a, iop) => {
    if (!canCast(a.dtype, d, o.casting)) throw new TypeError(`Iterator operand ${iop} dtype could not be cast from dtype('${a.dtype}') to dtype('${d}') according to the rule '${o.casting}'`);
  });
  if (out && !canCast(d, out.dtype, o.casting))
    throw new TypeError(`Iterator requested dtype could not be cast from dtype('${d}') to dtype('${out.dtype}'), the operand ${nop} dtype, according to the rule '${o.casting}'`);
  const all = [...ops.map((a) => a.dtype), d, ...(out ? [out.dtype] : [])];
  if (all.some((t) => t.kind === "U")) {
    if (all.every((t) => t.kind === "U")) throw new TypeError(`Cannot cast scalar from dtype('bool') to dtype('${out ? out.dtype : d}') according to the rule 'safe'`);
    throw new TypeError("invalid data type for einsum");
  }

  // diagonals, casts, then the contractions from the left
  const terms = ops.map((a, iop) => {
    const { arr, ids: l } = collapse(a, ids[iop]);
    return { arr: arr.dtype.equals(d) ? arr : lazy(castNode(prepare(arr), d), d), ids: l };
  });
  let acc = terms[0].arr, accIds = terms[0].ids;
  if (nop === 1) acc = contract(acc, accIds, null, [], outIds);
  for (let k = 1; k < nop; k++) {
    const later = new Set([...outIds, ...terms.slice(k + 1).flatMap((t) => t.ids)]);
    const keep = k === nop - 1 ? outIds : [...new Set([...accIds, ...terms[k].ids])].filter((l) => later.has(l));
    acc = contract(acc, accIds, terms[k].arr, terms[k].ids, keep);
    accIds = keep;
  }
  if (out) return writeInto(out, acc);
  return acc;
}
