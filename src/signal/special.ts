// np.sinc, np.i0 and np.unwrap. sinc and unwrap are lazy compositions of ufuncs, views and
// cumsum; i0 is an opaque elementwise node evaluating NumPy's Chebyshev series (Cephes'
// coefficients, as numpy/lib/function_base.py lists them).

import { newNodeId, type OpaqueNode } from "../../compiler/ir.js";
import { TypeError, signalMsg as M } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, lazy, viewOf } from "../ndarray.js";
import { asarray } from "../creation.js";
import { basicView, Slice, type IndexItem } from "../indexing.js";
import { normAxis } from "../broadcast.js";
import { concatenate, intArg } from "../join.js";
import { diff } from "../statistics.js";
import { cumsum } from "../scans.js";
import { absolute, equal, greater, less, logicalAnd, remainder, sin, where, type ArrayLike } from "../ufunc.js";
import { doublesOf } from "../histogram.js";

const float64 = dt("float64");

/** `np.sinc(x)`: sin(πx)/(πx), 1 at 0. Example: `np.sinc([0, 0.5])` → [1, 0.6366…]. */
export function sinc(x: ArrayLike): NDArray {
  const X = asarray(x);
  const y = where(equal(X, 0), 1.0e-20, X).mul(Math.PI);
  return sin(y).div(y);
}

const I0A = [
  -4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16, 1.71539128555513303061e-15,
  -1.16853328779934516808e-14, 7.67618549860493561688e-14, -4.85644678311192946090e-13, 2.95505266312963983461e-12,
  -1.72682629144155570723e-11, 9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-9,
  -1.30002500998624804212e-8, 6.04699502254191894932e-8, -2.67079385394061173391e-7, 1.11738753912010371815e-6,
  -4.41673835845875056359e-6, 1.64484480707288970893e-5, -5.75419501008210370398e-5, 1.88502885095841655729e-4,
  -5.76375574538582365885e-4, 1.63947561694133579842e-3, -4.32430999505057594430e-3, 1.05464603945949983183e-2,
  -2.37374148058994688156e-2, 4.93052842396707084878e-2, -9.49010970480476444210e-2, 1.71620901522208775349e-1,
  -3.04682672343198398683e-1, 6.76795274409476084995e-1,
];
const I0B = [
  -7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17, 3.46122286769746109310e-17,
  -2.82762398051658348494e-16, -3.42548561967721913462e-16, 1.77256013305652638360e-15, 3.81168066935262242075e-15,
  -9.55484669882830764870e-15, -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
  7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11, -3.14991652796324136454e-11,
  1.18891471078464383424e-11, 4.94060238822496958910e-10, 3.39623202570838634515e-9, 2.26666899049817806459e-8,
  2.04891858946906374183e-7, 2.89137052083475648297e-6, 6.88975834691682398426e-5, 3.36911647825569408990e-3,
  8.04490411014108831608e-1,
];

/** NumPy's `_chbevl`: a Chebyshev series by Clenshaw's recurrence. */
function chbevl(x: number, vals: readonly number[]): number {
  let b0 = vals[0], b1 = 0.0, b2 = 0.0;
  for (let i = 1; i < vals.length; i++) { b2 = b1; b1 = b0; b0 = x * b1 - b2 + vals[i]; }
  return 0.5 * (b0 - b2);
}

/** I0 of one value (NumPy's `_i0_1` up to 8, `_i0_2` above). */
export function i0Scalar(v: number): number {
  const x = Math.abs(v);
  return x <= 8.0 ? Math.exp(x) * chbevl(x / 2.0 - 2, I0A) : (Math.exp(x) * chbevl(32.0 / x - 2.0, I0B)) / Math.sqrt(x);
}

/** `np.i0(x)`: the modified Bessel function of the first kind, order 0. Example: `np.i0(0)` → 1. */
export function i0(x: ArrayLike): NDArray {
  const X = asarray(x);
  if (X.dtype.kind === "c") throw new TypeError(M.i0Complex);
  const d = X.dtype.kind === "f" ? X.dtype : float64;
  const R = d.id === "float32" ? Math.fround : (v: number) => v;
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "i0", dtype: d.id, shape: X.shape, inputs: [X._node],
    run: ([b], out) => {
      const v = doublesOf(b), o = out.elementsAs(d.id) as Float64Array | Float32Array;
      for (let i = 0; i < v.length; i++) o[i] = R(i0Scalar(R(v[i])));
    },
  };
  return lazy(node, d);
}

export interface UnwrapOptions {
  /** Jumps at most this large are left alone (default period / 2). */
  discont?: number | null;
  axis?: number;
  /** The range the input wraps around (default 2π). */
  period?: number;
}

/** `np.unwrap(p, { discont, axis, period })`: jumps larger than period/2 undone. Example: `np.unwrap([0, 6.2])` → [0, -0.083…]. */
export function unwrap(p: ArrayLike, ...args: (number | null | UnwrapOptions | undefined)[]): NDArray {
  const o: UnwrapOptions = {};
  const list = [...args];
  if (list.length && typeof list[list.length - 1] === "object" && list[list.length - 1] !== null) Object.assign(o, list.pop());
  if (list[0] !== undefined && o.discont === undefined) o.discont = list[0] as number | null;
  if (list[1] !== undefined && o.axis === undefined) o.axis = list[1] as number;
  const P = asarray(p);
  const axis = normAxis(intArg(o.axis ?? -1), P.ndim);
  const period = o.period ?? 2 * Math.PI;
  const discont = o.discont ?? period / 2;
  const dd = diff(P, { axis });
  const integral = (dd.dtype.kind === "i" || dd.dtype.kind === "u") && Number.isInteger(period);
  let high: number, ambiguous: boolean;
  if (integral) { high = Math.floor(period / 2); ambiguous = period % 2 === 0; }
  else { high = period / 2; ambiguous = true; }
  const low = -high;
  let ddmod = remainder(dd.sub(low), period).add(low);
  if (ambiguous) ddmod = where(logicalAnd(equal(ddmod, low), greater(dd, 0)), high, ddmod);
  const correct = where(less(absolute(dd), discont), 0, ddmod.sub(dd));
  const items = (start: number, stop: number | null): IndexItem[] => P.shape.map((_, i) => (i === axis ? new Slice(start, stop) : new Slice()));
  const head = viewOf(P, basicView(P.shape, items(0, 1))), rest = viewOf(P, basicView(P.shape, items(1, null)));
  const up = rest.add(cumsum(correct, axis));
  const d = up.dtype;
  return concatenate([head.astype(d), up], axis);
}
