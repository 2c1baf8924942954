// np.convolve and np.correlate: an opaque node with a direct kernel (NumPy's
// `_pyarray_correlate`: each output is one dot product of the overlapping parts).
// An FFT-based kernel for long inputs is future work.

import { newNodeId, type OpaqueNode } from "../../compiler/ir.js";
import type { Elements } from "../../runtime/dtypes.js";
import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { promoteTypes, type DType } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { reshape } from "../shape.js";
import { doublesOf } from "../histogram.js";

export type Mode = "valid" | "same" | "full";

function modeOf(mode: unknown): Mode {
  if (mode === "valid" || mode === "same" || mode === "full") return mode;
  if (typeof mode === "string") throw new ValueError(M.mode(mode));
  if (mode === 0) return "valid";
  if (mode === 1) return "same";
  if (mode === 2) return "full";
  throw new TypeError(M.modeType);
}

const modeArg = (m: unknown): unknown => (typeof m === "object" && m !== null && !(m instanceof NDArray) ? (m as { mode?: unknown }).mode : m);

const oneD = (x: unknown): NDArray => {
  const a = asarray(x);
  if (a.ndim === 0) return reshape(a, [1]);
  if (a.ndim > 1) throw new ValueError(M.tooDeep);
  return a;
};

/**
 * The correlation node of `a` and `v` (len(a) >= len(v)): out[k] = Σ_j a[k - left + j] v[j].
 * `reversed`: v is read backwards (convolve); `flip`: the output is written backwards.
 */
function correlateNode(a: NDArray, v: NDArray, mode: Mode, reversed: boolean, flip: boolean, d: DType): NDArray {
  const n1 = a.size, n = v.size;
  let length = n1, left = 0;
  if (mode === "valid") length = n1 - n + 1;
  else if (mode === "same") left = n >> 1;
  else { left = n - 1; length = n1 + n - 1; }
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: reversed ? "convolve" : "correlate", dtype: d.id, shape: [length], inputs: [a._node, v._node],
    run: ([ab, vb], out) => {
      const x = doublesOf(ab), y0 = doublesOf(vb);
      const y = reversed ? y0.slice().reverse() : y0;
      const o = out.elementsAs(d.id) as Elements as Float64Array;
      for (let k = 0; k < length; k++) {
        const start = k - left;
        const j0 = Math.max(0, -start), j1 = Math.min(n, n1 - start);
        let s = 0;
        for (let j = j0; j < j1; j++) s += x[start + j] * y[j];
        o[flip ? length - 1 - k : k] = s;
      }
    },
  };
  return lazy(node, d);
}

function resultType(a: NDArray, v: NDArray): DType {
  const d = promoteTypes(a.dtype, v.dtype);
  if (d.kind === "c") throw new TypeError(M.complex);
  if (d.isBig) throw new TypeError(M.int64);
  return d;
}

/** `np.convolve(a, v, mode = "full")`. Example: `np.convolve([1, 2, 3], [0, 1, 0.5])` → [0, 1, 2.5, 4, 1.5]. */
export function convolve(a: unknown, v: unknown, mode: Mode | { mode?: Mode } = "full"): NDArray {
  let x = oneD(a), y = oneD(v);
  if (y.size > x.size) [x, y] = [y, x];
  if (x.size === 0) throw new ValueError(M.aEmpty);
  if (y.size === 0) throw new ValueError(M.vEmpty);
  return correlateNode(x, y, modeOf(modeArg(mode) ?? "full"), true, false, resultType(x, y));
}

/** `np.correlate(a, v, mode = "valid")`. Example: `np.correlate([1, 2, 3], [0, 1, 0.5])` → [3.5]. */
export function correlate(a: unknown, v: unknown, mode: Mode | { mode?: Mode } = "valid"): NDArray {
  const x = oneD(a), y = oneD(v);
  const m = modeOf(modeArg(mode) ?? "valid");
  if (x.size === 0) throw new ValueError(M.correlateEmpty);
  if (y.size === 0) throw new ValueError(M.correlateEmptyV);
  const d = resultType(x, y);
  // NumPy swaps a shorter first input and reverses the result
  return x.size < y.size ? correlateNode(y, x, m, false, true, d) : correlateNode(x, y, m, false, false, d);
}
