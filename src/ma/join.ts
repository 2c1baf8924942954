// np.ma.where and np.ma.concatenate: the data as numfuse does it, the masks alongside.

import { NDArray } from "../ndarray.js";
import { asarray, ones, zeros } from "../creation.js";
import { concatenate as concatData } from "../join.js";
import * as uf from "../ufunc.js";
import { ValueError } from "../../runtime/errors.js";
import { MaskedArray, masked, type MaskedLike } from "./core.js";
import { nonzero } from "../select.js";

const dataOf = (x: MaskedLike): NDArray => (x instanceof MaskedArray ? x._data : asarray(x as never));
const maskArrayOf = (x: MaskedLike): NDArray => {
  if (x instanceof MaskedArray) return x._mask ?? zeros(x.shape, { dtype: "bool" });
  return zeros(asarray(x as never).shape, { dtype: "bool" });
};

/** `np.ma.where(cond, x, y)`: x where cond is true, else y; masked where the chosen value or cond is masked. */
export function where(condition: MaskedLike, x?: MaskedLike, y?: MaskedLike): MaskedArray | NDArray[] {
  const missing = (x === undefined ? 1 : 0) + (y === undefined ? 1 : 0);
  if (missing === 1) throw new ValueError("Must provide both 'x' and 'y' or neither.");
  if (missing === 2) return nonzero(condition instanceof MaskedArray ? condition.filled(false) : condition);
  const cf = condition instanceof MaskedArray ? condition.filled(false) : asarray(condition as never);
  let xd = dataOf(x!), yd = dataOf(y!);
  let xm = maskArrayOf(x!), ym = maskArrayOf(y!);
  // the masked constant is a float64 0-d; it must not decide the result's dtype
  if (x === masked && y !== masked) { xd = zeros([], { dtype: yd.dtype }); xm = ones([], { dtype: "bool" }); }
  else if (y === masked && x !== masked) { yd = zeros([], { dtype: xd.dtype }); ym = ones([], { dtype: "bool" }); }
  const data = uf.where(cf, xd, yd);
  let mask = uf.where(cf, xm, ym);
  if (condition instanceof MaskedArray && condition._mask) mask = uf.logicalOr(mask, condition._mask);
  if (mask.ndim !== data.ndim || mask.shape.some((n, i) => n !== data.shape[i])) mask = uf.logicalOr(mask, zeros(data.shape, { dtype: "bool" }));
  // NumPy shrinks this mask to nomask when nothing is masked
  return MaskedArray._of(data, mask, null, true);
}

/** `np.ma.concatenate([a, b], axis)`: joins data and masks alike (nomask when none has a mask). */
export function concatenate(arrays: readonly MaskedLike[], axis: number | null | { axis?: number | null } = 0): MaskedArray {
  const ax = axis !== null && typeof axis === "object" ? axis.axis ?? 0 : axis;
  const d = concatData(arrays.map(dataOf), ax);
  if (!arrays.some((a) => a instanceof MaskedArray && a._mask)) return MaskedArray._of(d, null);
  const dm = concatData(arrays.map(maskArrayOf), ax).reshape([...d.shape]);
  // NumPy shrinks the joined mask to nomask when it is all false
  return MaskedArray._of(d, dm, null, true);
}
