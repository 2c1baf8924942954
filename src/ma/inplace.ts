// In-place arithmetic of masked arrays (NumPy's MaskedArray.__iadd__ and relatives): the
// operand's mask joins this one's, and masked places take the operation's identity so the
// data there stay as they were.

import { NDArray } from "../ndarray.js";
import { array, asarray, zeros } from "../creation.js";
import * as uf from "../ufunc.js";
import { MaskedArray, type MaskedLike } from "./core.js";

type Op = "iadd" | "isub" | "imul" | "idiv";
const IDENTITY: Record<Op, number> = { iadd: 0, isub: 0, imul: 1, idiv: 1 };

const dataOf = (x: MaskedLike): NDArray => (x instanceof MaskedArray ? x._data : asarray(x as never));
const full = (m: NDArray, shape: readonly number[]): NDArray => uf.logicalOr(m, zeros(shape, { dtype: "bool" }));

/** `m.iadd(x)` and the others: updates data and mask in place; returns m. */
export function inplace(self: MaskedArray, other: MaskedLike, op: Op): MaskedArray {
  let od = dataOf(other);
  let om = other instanceof MaskedArray ? other._mask : null;
  if (op === "idiv") {
    // division by (nearly) zero is masked and divides by 1 instead
    const dom = uf.greaterEqual(uf.multiply(uf.absolute(self._data), 2.2250738585072014e-308), uf.absolute(od));
    od = uf.where(dom, array(1, { dtype: od.dtype }), od);
    om = om ? uf.logicalOr(om, dom) : dom;
  }
  if (om) {
    if (self._mask) {
      self._mask = full(uf.logicalOr(self._mask, om), self.shape);
      self._shrink = false;
    } else {
      // NumPy gives this array a mask only when the operand masks something
      self._mask = full(om, self.shape);
      self._shrink = true;
    }
  }
  if (self._mask) od = uf.where(self._mask, array(IDENTITY[op], { dtype: od.dtype }), od);
  self._data[op](od);
  return self;
}
