// np.interp: an opaque node over x, xp and fp (NumPy's `arr_interp`: a binary search per
// point, the slope of the bracketing segment, NaN fallbacks as NumPy's).

import { newNodeId, type OpaqueNode } from "../../compiler/ir.js";
import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { doublesOf } from "../histogram.js";

const float64 = dt("float64");

export interface InterpOptions {
  /** Value below xp[0] (default fp[0]). */
  left?: number | null;
  /** Value above xp[-1] (default fp[-1]). */
  right?: number | null;
  /** The period of the x-coordinates (left and right are then ignored). */
  period?: number | null;
}

/** The largest j with xp[j] <= x; -1 below xp[0], xp.length above xp[-1]. */
function bracket(xp: Float64Array, x: number): number {
  const n = xp.length;
  if (x < xp[0]) return -1;
  if (x > xp[n - 1]) return n;
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xp[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** One interpolated value (NumPy's loop body). */
function at(x: number, xp: Float64Array, fp: Float64Array, lval: number, rval: number): number {
  const n = xp.length;
  if (n === 1) return x < xp[0] ? lval : x > xp[0] ? rval : fp[0];
  if (x !== x) return x;
  const j = bracket(xp, x);
  if (j === -1) return lval;
  if (j === n) return rval;
  if (j === n - 1 || xp[j] === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  let r = slope * (x - xp[j]) + fp[j];
  if (r !== r) {
    r = slope * (x - xp[j + 1]) + fp[j + 1];
    if (r !== r && fp[j] === fp[j + 1]) r = fp[j];
  }
  return r;
}

/** `np.interp(x, xp, fp, { left, right, period })`. Example: `np.interp(2.5, [1, 2, 3], [3, 2, 0])` → 1. */
export function interp(x: unknown, xp: unknown, fp: unknown, ...args: (number | null | InterpOptions | undefined)[]): NDArray {
  const o: InterpOptions = {};
  const list = [...args];
  if (list.length && typeof list[list.length - 1] === "object" && list[list.length - 1] !== null) Object.assign(o, list.pop());
  (["left", "right", "period"] as const).forEach((k, i) => { if (list[i] !== undefined && o[k] === undefined) o[k] = list[i] as number | null; });
  const X = asarray(x), XP = asarray(xp), FP = asarray(fp);
  if (FP.dtype.kind === "c") throw new TypeError(M.complex);
  let period = o.period ?? null;
  if (period !== null) {
    if (period === 0) throw new ValueError(M.period);
    period = Math.abs(period);
    if (XP.ndim !== 1 || FP.ndim !== 1) throw new ValueError(M.interp1d);
    if (XP.shape[0] !== FP.shape[0]) throw new ValueError(M.interpPeriodLength);
  } else {
    if (XP.ndim !== 1 || FP.ndim !== 1) throw new ValueError(M.tooDeepOr1d(XP.ndim, FP.ndim));
    if (XP.size === 0) throw new ValueError(M.interpEmpty);
    if (XP.size !== FP.size) throw new ValueError(M.interpLength);
  }
  if (XP.size === 0) throw new ValueError(M.interpEmpty);
  const left = period === null ? o.left ?? null : null, right = period === null ? o.right ?? null : null;
  const P = period;
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "interp", dtype: "float64", shape: X.shape, inputs: [X._node, XP._node, FP._node],
    run: ([xb, xpb, fpb], out) => {
      const xs = doublesOf(xb);
      let xpv = doublesOf(xpb), fpv = doublesOf(fpb);
      if (P !== null) {
        // NumPy: both reduced modulo the period, xp sorted, and one point wrapped onto each end
        const m = (v: number) => { const r = v % P; return r !== 0 && r < 0 !== P < 0 ? r + P : r; };
        const idx = Array.from(xpv, (_, i) => i).map((i) => [m(xpv[i]), i]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
        const n = idx.length, xq = new Float64Array(n + 2), fq = new Float64Array(n + 2);
        idx.forEach(([v, i], k) => { xq[k + 1] = v; fq[k + 1] = fpv[i]; });
        xq[0] = xq[n] - P; fq[0] = fq[n]; xq[n + 1] = xq[1] + P; fq[n + 1] = fq[1];
        xpv = xq; fpv = fq;
      }
      const lval = left ?? fpv[0], rval = right ?? fpv[fpv.length - 1];
      const o2 = out.elementsAs("float64") as Float64Array;
      for (let i = 0; i < xs.length; i++) {
        let v = xs[i];
        if (P !== null) { const r = v % P; v = r !== 0 && r < 0 ? r + P : r; }
        o2[i] = at(v, xpv, fpv, lval, rval);
      }
    },
  };
  return lazy(node, float64);
}
