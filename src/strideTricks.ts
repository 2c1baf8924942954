// np.lib.strideTricks: views with strides chosen by the caller. Both are zero-copy views of
// the input's memory; elements may share memory, and a write through such a view behaves
// as in NumPy (the value is computed before any element is written).

import { ValueError } from "../runtime/errors.js";
import { NDArray, fromBuffer, viewOf } from "./ndarray.js";
import { asarray } from "./creation.js";
import { argsOf, intArg } from "./join.js";
import { axisTuple } from "./shape.js";

export interface AsStridedOptions { shape?: readonly number[] | null; strides?: readonly number[] | null; subok?: boolean; writeable?: boolean }

/**
 * `np.lib.strideTricks.asStrided(x, shape?, strides?, { writeable = true })`: a view of
 * `x`'s memory with the given shape and byte strides (unchecked, as in NumPy).
 * Example: `asStrided(a, { shape: [3, 3], strides: [8, 8] })`.
 */
export function asStrided(x: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["shape", "strides", "subok", "writeable"], args) as AsStridedOptions;
  const a = asarray(x);
  const b = a._buffer();
  const shape = o.shape ? [...o.shape].map(intArg) : [...a.shape];
  const bytes = o.strides ? [...o.strides].map(intArg) : b.strides.map((s) => s * a.itemsize);
  if (bytes.length !== shape.length) throw new ValueError("mismatch in length of strides and shape");
  if (bytes.some((s) => s % a.itemsize !== 0)) throw new ValueError(`strides must be multiples of the itemsize (${a.itemsize}) here`);
  const v = fromBuffer(b.storage, a.dtype, { shape, strides: bytes.map((s) => s / a.itemsize), offset: b.offset }, a._base && !a._viewSpec ? a._base : a);
  v._writeable = a._writeable && (o.writeable ?? true);
  return v;
}

export interface SlidingWindowOptions { axis?: number | readonly number[] | null; subok?: boolean; writeable?: boolean }

/**
 * `np.lib.strideTricks.slidingWindowView(x, windowShape, axis?, { writeable = false })`:
 * every window of `windowShape` as a read-only view; window axes come last.
 * Example: `slidingWindowView(np.arange(6), 3)` has shape [4, 3].
 */
export function slidingWindowView(x: unknown, windowShape: number | readonly number[], ...args: unknown[]): NDArray {
  const o = argsOf(["axis"], args) as SlidingWindowOptions;
  const a = asarray(x);
  const win = (typeof windowShape === "number" ? [windowShape] : [...windowShape]).map(intArg);
  if (win.some((w) => w < 0)) throw new ValueError("`window_shape` cannot contain negative values");
  let axes: number[];
  if (o.axis === undefined || o.axis === null) {
    axes = [...Array(a.ndim).keys()];
    if (win.length !== axes.length)
      throw new ValueError(`Since axis is \`None\`, must provide window_shape for all dimensions of \`x\`; got ${win.length} window_shape elements and \`x.ndim\` is ${a.ndim}.`);
  } else {
    axes = typeof o.axis === "number" ? axisTuple(o.axis, a.ndim) : o.axis.map((ax) => axisTuple(ax, a.ndim)[0]);
    if (win.length !== axes.length)
      throw new ValueError(`Must provide matching length window_shape and axis; got ${win.length} window_shape elements and ${axes.length} axes elements.`);
  }
  const trimmed = [...a.shape];
  axes.forEach((ax, i) => {
    if (trimmed[ax] < win[i]) throw new ValueError("window shape cannot be larger than input array shape");
    trimmed[ax] -= win[i] - 1;
  });
  const shape = [...trimmed, ...win];
  const v = viewOf(a, { shape, axis: [...a.shape.map((_, i) => i), ...axes], step: shape.map(() => 1), start: a.shape.map(() => 0) });
  v._writeable = a._writeable && (o.writeable ?? false);
  return v;
}
