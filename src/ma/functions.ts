// The reductions as np.ma functions: `np.ma.sum(a, axis)` is `np.ma.array(a).sum(axis)`.

import type { MaskedArray, MaskedLike, MaskedResult } from "./core.js";
import { MaskedArray as MA } from "./core.js";
import type { MaArg } from "./args.js";
import type { NDArray } from "../ndarray.js";

const as = (a: MaskedLike): MaskedArray => (a instanceof MA ? a : new MA(a));

/** `np.ma.sum(a, axis)`: the sum of the unmasked elements. */
export const sum = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).sum(...args);
/** `np.ma.prod(a, axis)`: the product of the unmasked elements. */
export const prod = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).prod(...args);
/** `np.ma.mean(a, axis)`: the mean of the unmasked elements. */
export const mean = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).mean(...args);
const variance = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).var(...args);
export { variance as var };
/** `np.ma.std(a, axis)`: the standard deviation of the unmasked elements. */
export const std = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).std(...args);
/** `np.ma.min(a, axis)`: the least unmasked element. */
export const min = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).min(...args);
/** `np.ma.max(a, axis)`: the greatest unmasked element. */
export const max = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).max(...args);
/** `np.ma.ptp(a, axis)`: max - min of the unmasked elements. */
export const ptp = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).ptp(...args);
/** `np.ma.all(a, axis)`: whether every unmasked element is true. */
export const all = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).all(...args);
/** `np.ma.any(a, axis)`: whether some unmasked element is true. */
export const any = (a: MaskedLike, ...args: MaArg[]): MaskedResult => as(a).any(...args);
/** `np.ma.argmin(a, axis)`: the index of the least unmasked element. */
export const argmin = (a: MaskedLike, ...args: MaArg[]): NDArray => as(a).argmin(...args);
/** `np.ma.argmax(a, axis)`: the index of the greatest unmasked element. */
export const argmax = (a: MaskedLike, ...args: MaArg[]): NDArray => as(a).argmax(...args);
/** `np.ma.cumsum(a, axis)`: running sums, masked places skipped (and still masked). */
export const cumsum = (a: MaskedLike, ...args: MaArg[]): MaskedArray => as(a).cumsum(...args);
/** `np.ma.cumprod(a, axis)`: running products, masked places skipped (and still masked). */
export const cumprod = (a: MaskedLike, ...args: MaArg[]): MaskedArray => as(a).cumprod(...args);
