// np.interp: an opaque node over x, xp and fp (NumPy's `arr_interp`: a binary search per
// point, the slope of the bracketing segment, NaN fallbacks as NumPy's).

import { newNodeId, type OpaqueNode } from "../../compiler/ir.js";
import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { doublesOf } from "../histogram.js";
import { pairsOf } from "./convolve.js";

const float64 = dt("float64"), complex128 = dt("complex128");
type Complex = { re: number; im: number };

export interface InterpOptions {
  /** Value below xp[0] (default fp[0]). */
  left?: number | Complex | null;
  /** Value above xp[-1] (default fp[-1]). */
  right?: number | Complex | null;
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

/** One interpolated value of complex fp (pairs): NumPy's complex loop, slopes through 1/dx. */
function complexAt(x: number, xp: Float64Array, fp: Float64Array, lval: Complex, rval: Complex, out: Float64Array, at: number): void {
  const n = xp.length;
  const put = (re: number, im: number) => { out[2 * at] = re; out[2 * at + 1] = im; };
  const fpAt = (j: number) => put(fp[2 * j], fp[2 * j + 1]);
  if (n === 1) {
    if (x < xp[0]) put(lval.re, lval.im); else if (x > xp[0]) put(rval.re, rval.im); else fpAt(0);
    return;
  }
  if (x !== x) { put(x, 0); return; }
  const j = bracket(xp, x);
  if (j === -1) { put(lval.re, lval.im); return; }
  if (j === n) { put(rval.re, rval.im); return; }
  if (j === n - 1 || xp[j] === x) { fpAt(j); return; }
  const inv = 1.0 / (xp[j + 1] - xp[j]);
  const part = (l: number): number => {
    const y0 = fp[2 * j + l], y1 = fp[2 * (j + 1) + l], slope = (y1 - y0) * inv;
    let r = slope * (x - xp[j]) + y0;
    if (r !== r) {
      r = slope * (x - xp[j + 1]) + y1;
      if (r !== r && y0 === y1) r = y0;
    }
    return r;
  };
  put(part(0), part(1));
}

const complexOf = (v: number | Complex): Complex => (typeof v === "number" ? { re: v, im: 0 } : v);

/** `np.interp(x, xp, fp, { left, right, period })`. Example: `np.interp(2.5, [1, 2, 3], [3, 2, 0])` → 1. */
export function interp(x: unknown, xp: unknown, fp: unknown, ...args: (number | null | InterpOptions | undefined)[]): NDArray {
  const o: InterpOptions = {};
  const list = [...args];
  if (list.length && typeof list[list.length - 1] === "object" && list[list.length - 1] !== null) Object.assign(o, list.pop());
  (["left", "right", "period"] as const).forEach((k, i) => { if (list[i] !== undefined && o[k] === undefined) o[k] = list[i] as number | null; });
  const X = asarray(x), XP = asarray(xp), FP = asarray(fp);
  const complex = FP.dtype.kind === "c";
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
    kind: "opaque", id: newNodeId(), name: "interp", dtype: complex ? "complex128" : "float64", shape: X.shape, inputs: [X._node, XP._node, FP._node],
    run: ([xb, xpb, fpb], out) => {
      const xs = doublesOf(xb);
      let xpv = doublesOf(xpb), fpv = complex ? pairsOf(fpb) : doublesOf(fpb);
      const L = complex ? 2 : 1;
      if (P !== null) {
        // NumPy: both reduced modulo the period, xp sorted, and one point wrapped onto each end
        const m = (v: number) => { const r = v % P; return r !== 0 && r < 0 !== P < 0 ? r + P : r; };
        const idx = Array.from(xpv, (_, i) => i).map((i) => [m(xpv[i]), i]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
        const n = idx.length, xq = new Float64Array(n + 2), fq = new Float64Array(L * (n + 2));
        const copy = (to: number, from: number, src: Float64Array) => { for (let l = 0; l < L; l++) fq[L * to + l] = src[L * from + l]; };
        idx.forEach(([v, i], k) => { xq[k + 1] = v; copy(k + 1, i, fpv); });
        xq[0] = xq[n] - P; copy(0, n, fq); xq[n + 1] = xq[1] + P; copy(n + 1, 1, fq);
        xpv = xq; fpv = fq;
      }
      const o2 = out.elementsAs(complex ? "complex128" : "float64") as Float64Array;
      if (complex) {
        const np = fpv.length / 2;
        const lval = left === null ? { re: fpv[0], im: fpv[1] } : complexOf(left);
        const rval = right === null ? { re: fpv[2 * np - 2], im: fpv[2 * np - 1] } : complexOf(right);
        for (let i = 0; i < xs.length; i++) {
          let v = xs[i];
          if (P !== null) { const r = v % P; v = r !== 0 && r < 0 ? r + P : r; }
          complexAt(v, xpv, fpv, lval, rval, o2, i);
        }
        return;
      }
      const lval = left === null ? fpv[0] : Number(left), rval = right === null ? fpv[fpv.length - 1] : Number(right);
      for (let i = 0; i < xs.length; i++) {
        let v = xs[i];
        if (P !== null) { const r = v % P; v = r !== 0 && r < 0 ? r + P : r; }
        o2[i] = at(v, xpv, fpv, lval, rval);
      }
    },
  };
  return lazy(node, complex ? complex128 : float64);
}
