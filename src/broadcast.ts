// Shape arithmetic: broadcasting and axis normalization, with NumPy's errors.

import { AxisError, ValueError, msg } from "../runtime/errors.js";

/** NumPy's broadcast of several shapes. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = nd - s.length + i, n = s[i];
      if (n === 1) continue;
      if (out[j] === 1) out[j] = n;
      else if (out[j] !== n) throw new ValueError(msg.broadcast(shapes));
    }
  }
  return out;
}

/** Normalizes an axis (negative counts from the end) or throws NumPy's AxisError. */
export function normAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) throw new TypeError(`'${typeof axis === "number" ? "float" : typeof axis}' object cannot be interpreted as an integer`);
  if (axis < -ndim || axis >= ndim) throw new AxisError(msg.axis(axis, ndim));
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes an axis argument (number, list or null = all) to sorted unique axes. */
export function normAxes(axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => normAxis(a, ndim));
  if (new Set(out).size !== out.length) throw new ValueError("duplicate value in 'axis'");
  return out.sort((a, b) => a - b);
}

/** Checks a shape argument: non-negative integers. */
export function checkShape(shape: readonly number[]): number[] {
  for (const n of shape) {
    if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError(`'${typeof n === "number" ? "float" : typeof n}' object cannot be interpreted as an integer`);
    if (n < 0) throw new ValueError("negative dimensions are not allowed");
  }
  return [...shape];
}
