// The reductions as np.ma functions: `np.ma.sum(a, axis)` is `np.ma.array(a).sum(axis)`.

import type { MaskedArray, MaskedLike, MaskedResult } from "./core.js";
import { MaskedArray as MA } from "./core.js";
import type { Axis, MaReduceOptions } from "./reduce.js";
import type { NDArray } from "../ndarray.js";

type R = Axis | MaReduceOptions;
const as = (a: MaskedLike): MaskedArray => (a instanceof MA ? a : new MA(a));

/** `np.ma.sum(a, axis)`: the sum of the unmasked elements. */
export const sum = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).sum(axis, o);
/** `np.ma.prod(a, axis)`: the product of the unmasked elements. */
export const prod = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).prod(axis, o);
/** `np.ma.mean(a, axis)`: the mean of the unmasked elements. */
export const mean = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).mean(axis, o);
const variance = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).var(axis, o);
export { variance as var };
/** `np.ma.std(a, axis)`: the standard deviation of the unmasked elements. */
export const std = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).std(axis, o);
/** `np.ma.min(a, axis)`: the least unmasked element. */
export const min = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).min(axis, o);
/** `np.ma.max(a, axis)`: the greatest unmasked element. */
export const max = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).max(axis, o);
/** `np.ma.ptp(a, axis)`: max - min of the unmasked elements. */
export const ptp = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).ptp(axis, o);
/** `np.ma.all(a, axis)`: whether every unmasked element is true. */
export const all = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).all(axis, o);
/** `np.ma.any(a, axis)`: whether some unmasked element is true. */
export const any = (a: MaskedLike, axis?: R, o?: MaReduceOptions): MaskedResult => as(a).any(axis, o);
/** `np.ma.argmin(a, axis)`: the index of the least unmasked element. */
export const argmin = (a: MaskedLike, axis?: R, o?: MaReduceOptions): NDArray => as(a).argmin(axis, o);
/** `np.ma.argmax(a, axis)`: the index of the greatest unmasked element. */
export const argmax = (a: MaskedLike, axis?: R, o?: MaReduceOptions): NDArray => as(a).argmax(axis, o);
/** `np.ma.cumsum(a, axis)`: running sums, masked places skipped (and still masked). */
export const cumsum = (a: MaskedLike, axis?: number | null, o?: MaReduceOptions): MaskedArray => as(a).cumsum(axis, o);
/** `np.ma.cumprod(a, axis)`: running products, masked places skipped (and still masked). */
export const cumprod = (a: MaskedLike, axis?: number | null, o?: MaReduceOptions): MaskedArray => as(a).cumprod(axis, o);
