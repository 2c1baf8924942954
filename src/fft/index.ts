// np.fft, as NumPy 1.24 computes it: each one-dimensional transform is an opaque node
// (kernel.ts) over the rows of one axis; the n-dimensional ones chain a transform per
// axis, as NumPy's `_raw_fftnd` does. Results are complex128 (float64 for irfft, hfft);
// every input is computed in double precision, as pocketfft does.

import { AxisError, IndexError, TypeError, ValueError, ZeroDivisionError, fftMsg, msg } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { argsOf, intArg } from "../join.js";
import { roll } from "../rearrange.js";
import { fftNode, type Kind } from "./kernel.js";

export type Norm = "backward" | "ortho" | "forward" | null;

export interface FftOptions { n?: number | null; axis?: number; norm?: Norm }
export interface FftnOptions { s?: readonly number[] | null; axes?: readonly number[] | null; norm?: Norm }

type Arg = number | Norm | readonly number[] | FftOptions | FftnOptions | undefined;

const NORMS = ["backward", "ortho", "forward"];
const SWAP: Record<string, Norm> = { backward: "forward", ortho: "ortho", forward: "backward" };

/** 1/n, 1/√n or 1 for a norm, as `_get_forward_norm` / `_get_backward_norm` give NumPy's factor. */
function factor(n: number, norm: unknown, forward: boolean): number {
  if (n < 1) throw new ValueError(fftMsg.points(n));
  if (norm === null || norm === undefined || norm === "backward") return forward ? 1 : 1 / n;
  if (norm === "ortho") return 1 / Math.sqrt(n);
  if (norm === "forward") return forward ? 1 / n : 1;
  throw new ValueError(fftMsg.norm(norm));
}

/** hfft's and ihfft's `_swap_direction`. */
function swapNorm(norm: unknown): Norm {
  const key = norm === null || norm === undefined ? "backward" : norm;
  if (typeof key !== "string" || !NORMS.includes(key)) throw new ValueError(fftMsg.normSwap(norm));
  return SWAP[key];
}

/** NumPy's `a.shape[axis]`: a Python tuple index (IndexError past the end). */
function lengthOf(a: NDArray, axis: number): number {
  const i = intArg(axis);
  if (i < -a.ndim || i >= a.ndim) throw new IndexError("tuple index out of range");
  return a.shape[i < 0 ? i + a.ndim : i];
}

function normAxisIndex(axis: number, ndim: number): number {
  const i = intArg(axis);
  if (i < -ndim || i >= ndim) throw new AxisError(msg.axis(i, ndim));
  return i < 0 ? i + ndim : i;
}

interface Raw { kind: Kind; forward: boolean; conj?: boolean; norm: unknown }

/** NumPy's `_raw_fft`: the transform of length n along `axis`. */
function raw(a: NDArray, n: number | null | undefined, axis: number, r: Raw, defaultN: (m: number) => number): NDArray {
  const len = n === null || n === undefined ? defaultN(lengthOf(a, axis)) : intArg(n);
  const fct = factor(len, r.norm, r.forward);
  const ax = normAxisIndex(axis, a.ndim);
  const node = fftNode(a, ax, { kind: r.kind, n: len, forward: r.forward, fct, conj: r.conj ?? false });
  return lazy(node, dt(r.kind === "c2r" ? "float64" : "complex128"));
}

const ARGS1 = ["n", "axis", "norm"] as const;
const ARGSN = ["s", "axes", "norm"] as const;
const same = (m: number) => m;
const hermitian = (m: number) => (m - 1) * 2;

function one(a: unknown, args: readonly Arg[], r: Omit<Raw, "norm">, defaultN = same, swap = false): NDArray {
  const o = argsOf(ARGS1, args) as FftOptions;
  const arr = asarray(a);
  const axis = o.axis ?? -1;
  if (swap) {
    const norm = swapNorm(o.norm);
    return raw(arr, o.n, axis, { ...r, norm }, defaultN);
  }
  return raw(arr, o.n, axis, { ...r, norm: o.norm }, defaultN);
}

/** `np.fft.fft(a, n?, axis?, norm?)`: the one-dimensional discrete Fourier transform. Example: `np.fft.fft([1, 2, 3, 4])`. */
export function fft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "c2c", forward: true }); }

/** `np.fft.ifft(a, n?, axis?, norm?)`: the inverse of `fft`. Example: `np.fft.ifft(np.fft.fft(x))`. */
export function ifft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "c2c", forward: false }); }

/** `np.fft.rfft(a, n?, axis?, norm?)`: the n/2 + 1 non-negative frequency terms of a real input's transform. Example: `np.fft.rfft([1, 2, 3, 4])`. */
export function rfft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "r2c", forward: true }); }

/** `np.fft.irfft(a, n?, axis?, norm?)`: the inverse of `rfft` (real, of length n, default 2(m - 1)). Example: `np.fft.irfft(np.fft.rfft(x), 8)`. */
export function irfft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "c2r", forward: false }, hermitian); }

/** `np.fft.hfft(a, n?, axis?, norm?)`: the real transform of a Hermitian-symmetric signal given by its first half. Example: `np.fft.hfft([1, 2, 3])`. */
export function hfft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "c2r", forward: false, conj: true }, hermitian, true); }

/** `np.fft.ihfft(a, n?, axis?, norm?)`: the inverse of `hfft`. Example: `np.fft.ihfft([1, 2, 3, 4])`. */
export function ihfft(a: unknown, ...args: Arg[]): NDArray { return one(a, args, { kind: "r2c", forward: true, conj: true }, same, true); }

// ---- n-dimensional transforms ---------------------------------------------------------------

/** NumPy's `_cook_nd_args`: the lengths and axes of the transforms. */
function cook(a: NDArray, s: readonly number[] | null | undefined, axes: readonly number[] | null | undefined, invreal: boolean): [number[], number[]] {
  let shape: number[];
  const shapeless = s === null || s === undefined;
  if (shapeless) {
    if (axes === null || axes === undefined) shape = [...a.shape];
    else shape = axes.map((ax) => {
      const i = intArg(ax);
      // np.take(a.shape, axes)
      if (i < -a.ndim || i >= a.ndim) throw new IndexError(msg.index(i, 0, a.ndim));
      return a.shape[i < 0 ? i + a.ndim : i];
    });
  } else shape = s.map(intArg);
  const ax = axes === null || axes === undefined ? shape.map((_, i) => i - shape.length) : axes.map(intArg);
  if (shape.length !== ax.length) throw new ValueError(fftMsg.shapeAxes);
  if (invreal && shapeless) {
    if (shape.length === 0) throw new IndexError("list index out of range");
    shape[shape.length - 1] = (lengthOf(a, ax[ax.length - 1]) - 1) * 2;
  }
  return [shape, ax];
}

type One = (a: unknown, n: number, axis: number, o: FftOptions) => NDArray;

function nd(a: unknown, args: readonly Arg[], first: One | null, rest: One, last: One | null, defaultAxes: readonly number[] | null, invreal = false): NDArray {
  const o = argsOf(ARGSN, args) as FftnOptions;
  let arr = asarray(a);
  const [s, axes] = cook(arr, o.s, o.axes === undefined ? defaultAxes : o.axes, invreal);
  const norm = { norm: o.norm };
  if (first) { // rfftn: the real transform along the last axis first
    if (axes.length === 0) throw new IndexError("list index out of range");
    arr = first(arr, s[s.length - 1], axes[axes.length - 1], norm);
    for (let i = 0; i < axes.length - 1; i++) arr = rest(arr, s[i], axes[i], norm);
    return arr;
  }
  if (last) { // irfftn: the real transform along the last axis last
    if (axes.length === 0) throw new IndexError("list index out of range");
    for (let i = 0; i < axes.length - 1; i++) arr = rest(arr, s[i], axes[i], norm);
    return last(arr, s[s.length - 1], axes[axes.length - 1], norm);
  }
  for (let i = axes.length - 1; i >= 0; i--) arr = rest(arr, s[i], axes[i], norm);
  return arr;
}

const fft1: One = (a, n, axis, o) => fft(a, n, axis, o);
const ifft1: One = (a, n, axis, o) => ifft(a, n, axis, o);
const rfft1: One = (a, n, axis, o) => rfft(a, n, axis, o);
const irfft1: One = (a, n, axis, o) => irfft(a, n, axis, o);
const LAST2 = [-2, -1];

/** `np.fft.fftn(a, s?, axes?, norm?)`: the n-dimensional transform (all axes by default). Example: `np.fft.fftn(a, { axes: [0, 1] })`. */
export function fftn(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, fft1, null, null); }
/** `np.fft.ifftn(a, s?, axes?, norm?)`: the inverse of `fftn`. Example: `np.fft.ifftn(np.fft.fftn(a))`. */
export function ifftn(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, ifft1, null, null); }
/** `np.fft.fft2(a, s?, axes?, norm?)`: the transform over the last two axes. Example: `np.fft.fft2(image)`. */
export function fft2(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, fft1, null, LAST2); }
/** `np.fft.ifft2(a, s?, axes?, norm?)`: the inverse of `fft2`. Example: `np.fft.ifft2(np.fft.fft2(image))`. */
export function ifft2(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, ifft1, null, LAST2); }
/** `np.fft.rfftn(a, s?, axes?, norm?)`: the n-dimensional transform of a real input (half the last axis). Example: `np.fft.rfftn(a)`. */
export function rfftn(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, rfft1, fft1, null, null); }
/** `np.fft.irfftn(a, s?, axes?, norm?)`: the inverse of `rfftn`. Example: `np.fft.irfftn(np.fft.rfftn(a), a.shape)`. */
export function irfftn(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, ifft1, irfft1, null, true); }
/** `np.fft.rfft2(a, s?, axes?, norm?)`: `rfftn` over the last two axes. Example: `np.fft.rfft2(image)`. */
export function rfft2(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, rfft1, fft1, null, LAST2); }
/** `np.fft.irfft2(a, s?, axes?, norm?)`: the inverse of `rfft2`. Example: `np.fft.irfft2(np.fft.rfft2(image), image.shape)`. */
export function irfft2(a: unknown, ...args: Arg[]): NDArray { return nd(a, args, null, ifft1, irfft1, LAST2, true); }

// ---- helpers ----------------------------------------------------------------------------------

function freqs(n: unknown, d: unknown, count: number, value: (k: number) => number): NDArray {
  const len = n as number, spacing = d === undefined || d === null ? 1 : Number(d);
  if (len * spacing === 0) throw new ZeroDivisionError("float division by zero");
  const val = 1 / (len * spacing), out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = value(k) * val;
  return asarray(out);
}

function freqArgs(n: unknown, args: readonly unknown[]): [number, unknown] {
  const o = argsOf(["d"], args);
  if (typeof n === "bigint") n = Number(n);
  if (typeof n !== "number" || !Number.isInteger(n)) throw new ValueError(fftMsg.freqN);
  return [n, o.d];
}

/** `np.fft.fftfreq(n, d = 1)`: the sample frequencies [0, 1, ..., n/2 - 1, -n/2, ..., -1] / (d·n). Example: `np.fft.fftfreq(8, { d: 0.5 })`. */
export function fftfreq(n: number, ...args: (number | { d?: number })[]): NDArray {
  const [len, d] = freqArgs(n, args), half = Math.floor((len - 1) / 2) + 1;
  return freqs(len, d, Math.max(len, 0), (k) => (k < half ? k : k - len));
}

/** `np.fft.rfftfreq(n, d = 1)`: the non-negative sample frequencies [0, ..., n/2] / (d·n). Example: `np.fft.rfftfreq(8)`. */
export function rfftfreq(n: number, ...args: (number | { d?: number })[]): NDArray {
  const [len, d] = freqArgs(n, args);
  return freqs(len, d, Math.max(Math.floor(len / 2) + 1, 0), (k) => k);
}

function shift(x: unknown, args: readonly unknown[], sign: 1 | -1): NDArray {
  const o = argsOf(["axes"], args) as { axes?: number | readonly number[] | null };
  const a = asarray(x);
  if (o.axes === undefined || o.axes === null) {
    if (a.ndim === 0) throw new ValueError("not enough values to unpack (expected 2, got 0)");
    const axes = a.shape.map((_, i) => i);
    return roll(a, a.shape.map((k) => sign * Math.floor(k / 2)), { axis: axes });
  }
  if (typeof o.axes === "number") return roll(a, sign * Math.floor(lengthOf(a, o.axes) / 2), { axis: o.axes });
  if (!Array.isArray(o.axes)) throw new TypeError("axes must be an integer or a sequence of integers");
  return roll(a, (o.axes as number[]).map((ax) => sign * Math.floor(lengthOf(a, ax) / 2)), { axis: o.axes });
}

/** `np.fft.fftshift(x, axes?)`: moves the zero frequency to the centre. Example: `np.fft.fftshift(np.fft.fftfreq(8))`. */
export function fftshift(x: unknown, ...args: (number | readonly number[] | null | { axes?: number | readonly number[] | null })[]): NDArray {
  return shift(x, args, 1);
}

/** `np.fft.ifftshift(x, axes?)`: the inverse of `fftshift`. Example: `np.fft.ifftshift(np.fft.fftshift(x))`. */
export function ifftshift(x: unknown, ...args: (number | readonly number[] | null | { axes?: number | readonly number[] | null })[]): NDArray {
  return shift(x, args, -1);
}
