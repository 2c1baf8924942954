// np.convolve and np.correlate: an opaque node with a direct kernel (NumPy's
// `_pyarray_correlate`: each output is one dot product of the overlapping parts), and for
// long float64/complex128 inputs, where the direct sums would cost more than three FFTs,
// a transform of both, their product, and the inverse (equal to the direct sums to
// rounding, as scipy's fftconvolve; NumPy itself always sums directly).

import { cStrides, newNodeId, sizeOf, type BufferNode, type OpaqueNode } from "../../compiler/ir.js";
import type { Elements } from "../../runtime/dtypes.js";
import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { promoteTypes, type DType } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { reshape } from "../shape.js";
import { doublesOf } from "../histogram.js";
import { copyStrided } from "../join.js";
import { goodSize, planFor } from "../../runtime/fft/plan.js";

/** Whether the FFT path is cheaper: direct multiply-adds against about 8·N·log2(N) for three transforms (measured ~1 ns vs ~2.5 ns per step). */
const fftPays = (n1: number, n: number) => { const N = goodSize(n1 + n - 1); return n >= 64 && n1 * n > 8 * N * Math.log2(N); };

/**
 * out[k] = Σ_j x[k - left + j]·y[j] (x of n1 and y of n (re, im) pairs; written backwards
 * when `flip`) through FFTs: the full convolution of x with y reversed, then the window.
 */
function fftRun(x: Float64Array, y: Float64Array, n1: number, n: number, length: number, left: number, flip: boolean, o: Float64Array, complex: boolean): void {
  const N = goodSize(n1 + n - 1), plan = planFor(N);
  const X = new Float64Array(2 * N), Y = new Float64Array(2 * N);
  X.set(x.subarray(0, 2 * n1));
  for (let j = 0; j < n; j++) { Y[2 * j] = y[2 * (n - 1 - j)]; Y[2 * j + 1] = y[2 * (n - 1 - j) + 1]; }
  plan.forward(X);
  plan.forward(Y);
  // the inverse as the conjugate of the forward transform of the conjugate product
  for (let i = 0; i < N; i++) {
    const ar = X[2 * i], ai = X[2 * i + 1], br = Y[2 * i], bi = Y[2 * i + 1];
    X[2 * i] = ar * br - ai * bi; X[2 * i + 1] = -(ar * bi + ai * br);
  }
  plan.forward(X);
  const shift = n - 1 - left;
  for (let k = 0; k < length; k++) {
    const at = flip ? length - 1 - k : k, c = k + shift;
    if (complex) { o[2 * at] = X[2 * c] / N; o[2 * at + 1] = -X[2 * c + 1] / N; }
    else o[at] = X[2 * c] / N;
  }
}

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

/** A buffer's elements in C order as (re, im) pairs of doubles. */
export function pairsOf(b: BufferNode): Float64Array {
  const n = sizeOf(b.shape), out = new Float64Array(2 * n);
  if (b.dtype === "complex128" || b.dtype === "complex64") {
    copyStrided(b.shape, b.storage.elementsAs(b.dtype), b.offset, b.strides, out, 0, cStrides(b.shape), 2);
  } else doublesOf(b).forEach((v, i) => { out[2 * i] = v; });
  return out;
}

/** The complex kernel: as the real one on (re, im) pairs; `conjA`/`conjV` conjugate an input first. */
function complexRun(x: Float64Array, y: Float64Array, n1: number, n: number, length: number, left: number, flip: boolean, o: Float64Array): void {
  for (let k = 0; k < length; k++) {
    const start = k - left;
    const j0 = Math.max(0, -start), j1 = Math.min(n, n1 - start);
    let re = 0, im = 0;
    for (let j = j0; j < j1; j++) {
      const xr = x[2 * (start + j)], xi = x[2 * (start + j) + 1], yr = y[2 * j], yi = y[2 * j + 1];
      re += xr * yr - xi * yi; im += xr * yi + xi * yr;
    }
    const at = flip ? length - 1 - k : k;
    o[2 * at] = re; o[2 * at + 1] = im;
  }
}

/**
 * The real kernel: each output one dot product, summed in order. Where the whole of y
 * overlaps, four outputs are computed together (independent sums: the loads of y shared).
 */
function realRun(x: Float64Array, y: Float64Array, n1: number, n: number, length: number, left: number, flip: boolean, o: Float64Array): void {
  const put = (k: number, v: number) => { o[flip ? length - 1 - k : k] = v; };
  // outputs k with start = k - left in [0, n1 - n] read all of y
  const full0 = Math.max(0, left), full1 = Math.min(length, n1 - n + left + 1);
  let k = 0;
  for (; k < length; k++) {
    if (k >= full0 && k + 3 < full1) {
      const p = k - left;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < n; j++) {
        const yj = y[j], q = p + j;
        s0 += x[q] * yj; s1 += x[q + 1] * yj; s2 += x[q + 2] * yj; s3 += x[q + 3] * yj;
      }
      put(k, s0); put(k + 1, s1); put(k + 2, s2); put(k + 3, s3);
      k += 3;
      continue;
    }
    const start = k - left;
    const j0 = Math.max(0, -start), j1 = Math.min(n, n1 - start);
    let s = 0;
    for (let j = j0; j < j1; j++) s += x[start + j] * y[j];
    put(k, s);
  }
}

const conjugated = (p: Float64Array): Float64Array => { for (let i = 1; i < p.length; i += 2) p[i] = -p[i]; return p; };

/** Pairs reversed in order (each pair kept). */
function reversedPairs(p: Float64Array): Float64Array {
  const n = p.length / 2, out = new Float64Array(p.length);
  for (let i = 0; i < n; i++) { out[2 * i] = p[2 * (n - 1 - i)]; out[2 * i + 1] = p[2 * (n - 1 - i) + 1]; }
  return out;
}

/**
 * The correlation node of `a` and `v` (len(a) >= len(v)): out[k] = Σ_j a[k - left + j] v[j].
 * `reversed`: v is read backwards (convolve); `flip`: the output is written backwards;
 * `conj`: which input np.correlate conjugates (its second argument), for complex data.
 */
function correlateNode(a: NDArray, v: NDArray, mode: Mode, reversed: boolean, flip: boolean, d: DType, conj: "a" | "v" | null = null): NDArray {
  const n1 = a.size, n = v.size;
  let length = n1, left = 0;
  if (mode === "valid") length = n1 - n + 1;
  else if (mode === "same") left = n >> 1;
  else { left = n - 1; length = n1 + n - 1; }
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: reversed ? "convolve" : "correlate", dtype: d.id, shape: [length], inputs: [a._node, v._node],
    run: ([ab, vb], out) => {
      if (d.kind === "c") {
        const x = pairsOf(ab), y0 = pairsOf(vb);
        if (conj === "a") conjugated(x);
        if (conj === "v") conjugated(y0);
        const o = out.elementsAs(d.id) as Elements as Float64Array;
        if (d.id === "complex128" && fftPays(n1, n)) fftRun(x, reversed ? reversedPairs(y0) : y0, n1, n, length, left, flip, o, true);
        else if (d.id === "complex128") complexRun(x, reversed ? reversedPairs(y0) : y0, n1, n, length, left, flip, o);
        else {
          const tmp = new Float64Array(2 * length);
          complexRun(x, reversed ? reversedPairs(y0) : y0, n1, n, length, left, flip, tmp);
          o.set(tmp);
        }
        return;
      }
      if (d.id === "float64" && fftPays(n1, n)) {
        const x = pairsOf(ab), y0 = pairsOf(vb);
        fftRun(x, reversed ? reversedPairs(y0) : y0, n1, n, length, left, flip, out.elementsAs("float64") as Float64Array, false);
        return;
      }
      const x = doublesOf(ab), y0 = doublesOf(vb);
      const y = reversed ? y0.slice().reverse() : y0;
      if (d.id === "float64") realRun(x, y, n1, n, length, left, flip, out.elementsAs("float64") as Float64Array);
      else {
        // integer (and float32) results: summed in doubles, then converted as a typed array's set converts
        const tmp = new Float64Array(length);
        realRun(x, y, n1, n, length, left, flip, tmp);
        (out.elementsAs(d.id) as Elements as Float64Array).set(tmp);
      }
    },
  };
  return lazy(node, d);
}

function resultType(a: NDArray, v: NDArray): DType {
  const d = promoteTypes(a.dtype, v.dtype);
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
  return x.size < y.size ? correlateNode(y, x, m, false, true, d, "a") : correlateNode(x, y, m, false, false, d, "v");
}
