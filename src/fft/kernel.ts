// The opaque node of one FFT along one axis: a blocked step (runtime/blocks.ts) whose units
// are runs of rows, transformed by runtime/fft/rows.ts on the pool when the batch is large
// and on the calling thread otherwise.

import { newNodeId, type BufferNode, type OpaqueNode } from "../../compiler/ir.js";
import { fftRows, type FftRowsParams, type FftSpec } from "../../runtime/fft/rows.js";
import { dt } from "../dtype.js";
import type { NDArray } from "../ndarray.js";

export type { FftSpec, Kind } from "../../runtime/fft/rows.js";

/** Rows per unit: about 32768 complex values of work each. */
const UNIT = 32768;

/** The node transforming `a` along `axis` (already normalized). */
export function fftNode(a: NDArray, axis: number, s: FftSpec): OpaqueNode {
  const outLen = s.kind === "r2c" ? (s.n >> 1) + 1 : s.n;
  const shape = a.shape.map((k, i) => (i === axis ? outLen : k));
  const outDtype = dt(s.kind === "c2r" ? "float64" : "complex128");
  const rows = a.shape.reduce((p, k, i) => (i === axis ? p : p * k), 1);
  const rowsPerUnit = Math.max(1, Math.floor(UNIT / Math.max(1, s.n)));
  const params: FftRowsParams = { ...s, axis, inDtype: a.dtype.id, rowsPerUnit };
  const units = Math.ceil(rows / rowsPerUnit);
  // work of a unit in elementwise-kernel element units: about n log2 n / 2 per row of n
  const cost = Math.max(1, Math.round((rowsPerUnit * s.n * Math.log2(Math.max(2, s.n))) / 2));
  return {
    kind: "opaque", id: newNodeId(), name: "fft", dtype: outDtype.id, shape, inputs: [a._node],
    blocks: { fn: "fft", units, params, cost },
    run: ([b]: readonly BufferNode[], out) => {
      fftRows([b.storage.elementsAs(a.dtype.id), out.elementsAs(outDtype.id)], [b, { shape, strides: [], offset: 0 }], params, 0, units);
    },
  };
}
