// NumPy's window functions: hanning, hamming, blackman, bartlett (lazy compositions of
// arange and ufuncs, NumPy's formulas) and kaiser (through i0).

import { dt } from "../dtype.js";
import type { NDArray } from "../ndarray.js";
import { arange, asarray, ones } from "../creation.js";
import { cos, divide, lessEqual, sqrt, where } from "../ufunc.js";
import { i0, i0Scalar } from "./special.js";

const float64 = dt("float64");

/** NumPy's answer for M < 2: empty, or [1.]. */
const small = (M: number): NDArray | null => (M < 1 ? asarray(new Float64Array(0)) : M === 1 ? ones(1, { dtype: float64 }) : null);

/** n = arange(1 - M, M, 2) as float64 (NumPy's int64 arange: exact either way). */
const centered = (M: number): NDArray => arange(1 - M, M, 2).astype(float64);

/** `np.hanning(M)`. Example: `np.hanning(3)` → [0, 1, 0]. */
export function hanning(M: number): NDArray {
  return small(M) ?? cos(centered(M).mul(Math.PI).div(M - 1)).mul(0.5).add(0.5);
}

/** `np.hamming(M)`. Example: `np.hamming(3)` → [0.08, 1, 0.08]. */
export function hamming(M: number): NDArray {
  return small(M) ?? cos(centered(M).mul(Math.PI).div(M - 1)).mul(0.46).add(0.54);
}

/** `np.blackman(M)`. Example: `np.blackman(3)` → [-1.4e-17, 1, -1.4e-17]. */
export function blackman(M: number): NDArray {
  if (small(M)) return small(M)!;
  const n = centered(M);
  return cos(n.mul(Math.PI).div(M - 1)).mul(0.5).add(0.42).add(cos(n.mul(2.0 * Math.PI).div(M - 1)).mul(0.08));
}

/** `np.bartlett(M)`: the triangular window. Example: `np.bartlett(5)` → [0, 0.5, 1, 0.5, 0]. */
export function bartlett(M: number): NDArray {
  if (small(M)) return small(M)!;
  const n = centered(M);
  return where(lessEqual(n, 0), n.div(M - 1).add(1), divide(n, M - 1).neg().add(1));
}

/** `np.kaiser(M, beta)`. Example: `np.kaiser(3, 14)` → [7.7e-06, 1, 7.7e-06]. */
export function kaiser(M: number, beta: number): NDArray {
  if (M === 1) return ones(1, { dtype: float64 });
  if (M < 1) return asarray(new Float64Array(0));
  const n = arange(0, M).astype(float64), alpha = (M - 1) / 2.0;
  const t = n.sub(alpha).div(alpha);
  return i0(sqrt(t.mul(t).neg().add(1)).mul(beta)).div(i0Scalar(beta));
}
