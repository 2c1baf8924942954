// The reference interpreter: evaluates a graph node by node, each into its own buffer,
// with no code generation. It is the oracle the compiled path is tested against, and
// the fallback where `new Function` is forbidden (a browser's CSP).

import { STORAGE, valueClass, type DTypeId, type Elements } from "./dtypes.js";
import { allocStorage } from "./buffer.js";
import { reduceRun } from "./reduce.js";
import { cStrides, reshapeLayout, sizeOf, viewLayout, broadcastView, type BufferNode, type Node, type Scalar, newNodeId } from "../compiler/ir.js";
import { implFor, opRow } from "../compiler/ops.js";
import { realCast, scalarParts } from "../compiler/cast.js";

const realOf = (d: DTypeId): DTypeId => (d === "complex64" ? "float32" : d === "complex128" ? "float64" : d);

function fresh(dtype: DTypeId, shape: readonly number[]): BufferNode {
  return { kind: "buffer", id: newNodeId(), dtype, shape, strides: cStrides(shape), offset: 0, storage: allocStorage(dtype, sizeOf(shape)) };
}

function constBuffer(value: Scalar, dtype: DTypeId): BufferNode {
  const b = fresh(dtype, []);
  const d = b.storage.elementsAs(dtype) as unknown as { [i: number]: unknown };
  scalarParts(value, dtype).forEach((x, i) => (d[i] = x));
  return b;
}

/** Copies a strided buffer into a fresh C-contiguous one. */
function copyC(b: BufferNode): BufferNode {
  const out = fresh(b.dtype, b.shape);
  const src = b.storage.elementsAs(b.dtype) as unknown as unknown[], dst = out.storage.elementsAs(b.dtype) as unknown as unknown[];
  const lanes = STORAGE[b.dtype].lanes;
  forEachIndex(b.shape, [b], (j, [p]) => { for (let l = 0; l < lanes; l++) dst[j * lanes + l] = src[p * lanes + l]; });
  return out;
}

/** Calls f(flatIndex, positions) over every index of `shape` in C order. */
function forEachIndex(shape: readonly number[], layouts: readonly { strides: readonly number[]; offset: number }[], f: (j: number, pos: number[]) => void): void {
  const n = sizeOf(shape), nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  const pos = layouts.map((l) => l.offset);
  for (let j = 0; j < n; j++) {
    f(j, pos);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      layouts.forEach((l, k) => (pos[k] += l.strides[d]));
      if (idx[d] < shape[d]) break;
      layouts.forEach((l, k) => (pos[k] -= l.strides[d] * shape[d]));
      idx[d] = 0;
    }
  }
}

/** Evaluates `node` without generating code. */
export function interpret(node: Node, memo = new Map<number, BufferNode>()): BufferNode {
  const n = node.materialized ?? node;
  if (n.kind === "buffer") return n;
  const hit = memo.get(n.id);
  if (hit) return hit;
  let r: BufferNode;
  switch (n.kind) {
    case "const": r = constBuffer(n.value, n.dtype); break;
    case "view": {
      const b = interpret(n.input, memo);
      r = { ...b, ...viewLayout(n.view, b), id: newNodeId() };
      break;
    }
    case "reshape": {
      let b = interpret(n.input, memo);
      let l = reshapeLayout(b, n.shape);
      if (!l) { b = copyC(b); l = reshapeLayout(b, n.shape)!; }
      r = { ...b, ...l, shape: n.shape, id: newNodeId() };
      break;
    }
    case "reduce": {
      const b = interpret(n.input, memo);
      r = fresh(n.dtype, n.shape);
      reduceRun(n.op, b.dtype, n.dtype, n.axes, n.ddof)([{ data: b.storage.elementsAs(b.dtype), storage: b.storage, offset: b.offset, strides: b.strides, shape: b.shape }], r.storage);
      break;
    }
    case "opaque": {
      const ins = n.inputs.map((i) => interpret(i, memo));
      r = fresh(n.dtype, n.shape);
      n.run(ins, r.storage);
      break;
    }
    case "map": r = interpretMap(n.op, n.dtype, n.shape, n.inputs.map((i) => interpret(i, memo))); break;
  }
  memo.set(n.id, r);
  return r;
}

function interpretMap(op: string, dtype: DTypeId, shape: readonly number[], ins: BufferNode[]): BufferNode {
  const out = fresh(dtype, shape);
  const views = ins.map((b) => viewLayout(broadcastView(b.shape, shape), b));
  const srcs = ins.map((b) => b.storage.elementsAs(b.dtype) as unknown as unknown[]);
  const cplx = ins.map((b) => STORAGE[b.dtype].lanes === 2);
  const dst = out.storage.elementsAs(dtype) as unknown as unknown[];
  const outC = STORAGE[dtype].lanes === 2;
  const S = new Float64Array(2);
  let f: (args: unknown[]) => unknown;
  if (op === "cast") {
    const from = ins[0].dtype;
    const conv = realCast(outC ? realOf(from) : from, outC ? realOf(dtype) : dtype);
    f = cplx[0] && dtype === "bool" ? (a) => a[0] !== 0 || a[1] !== 0
      : (a) => (outC ? [conv.fn(a[0]), cplx[0] ? conv.fn(a[1]) : 0] : conv.fn(a[0]));
  } else {
    const argD = ins[opRow(op)!.classArg ?? 0].dtype;
    const impl = implFor(op, argD, valueClass(argD))!;
    f = outC ? (a) => { impl.fn(...a, S); return [S[0], S[1]]; } : (a) => impl.fn(...a);
  }
  forEachIndex(shape, views, (j, pos) => {
    const args: unknown[] = [];
    pos.forEach((p, k) => { if (cplx[k]) args.push(srcs[k][2 * p], srcs[k][2 * p + 1]); else args.push(srcs[k][p]); });
    const v = f(args);
    if (outC) { dst[2 * j] = (v as number[])[0]; dst[2 * j + 1] = (v as number[])[1]; }
    else dst[j] = v;
  });
  return out;
}

export type { Elements };
