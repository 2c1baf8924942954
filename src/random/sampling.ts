// The sampling steps RandomState and the Generator share (mtrand.pyx and _generator.pyx run the
// same code for them): `p` checks by Kahan sum, weighted choice by inverting the normalised
// cumulative sum, Fisher–Yates shuffles from the end with `random_interval` draws, and the
// multivariate normal's check of its SVD factor.

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import type { NDArray } from "../ndarray.js";
import { newArray } from "./args.js";
import { randomInterval } from "./discrete.js";

/** NumPy's `kahan_sum` over the first n values. */
export function kahanSum(a: ArrayLike<number>, n: number): number {
  if (n <= 0) return 0.0;
  let sum = a[0]!, c = 0.0;
  for (let i = 1; i < n; i++) {
    const y = a[i]! - c;
    const t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum;
}

/** `cumsum(p); cdf /= cdf[-1]` as NumPy computes it (sequential sum, then one division each). */
function cumsumNormalized(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) { acc += p[i]!; cdf[i] = acc; }
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** `cdf.searchsorted(u, side='right')`: the number of cdf entries <= u. */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0, hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `choice(replace=True, p=p)`: n indices by inverting the cdf at n uniforms. */
export function choiceWeighted(bg: BitGenerator, p: Float64Array, n: number): Float64Array {
  const cdf = cumsumNormalized(p);
  const idx = new Float64Array(n);
  bg.fillDouble(idx, 0, n);
  for (let i = 0; i < n; i++) idx[i] = searchRight(cdf, idx[i]!);
  return idx;
}

/**
 * `choice(replace=False, p=p)`: draws of the still-missing count from the cdf with the found
 * entries zeroed, keeping new values in order of first appearance, until n are found.
 */
export function choiceWeightedUnique(bg: BitGenerator, p: Float64Array, n: number): Float64Array {
  const pp = Float64Array.from(p);
  const found = new Float64Array(n);
  let nUniq = 0;
  while (nUniq < n) {
    const x = new Float64Array(n - nUniq);
    bg.fillDouble(x, 0, x.length);
    for (let i = 0; i < nUniq; i++) pp[found[i]!] = 0;
    const cdf = cumsumNormalized(pp);
    const seen = new Set<number>();
    for (let i = 0; i < x.length; i++) {
      const v = searchRight(cdf, x[i]!);
      if (!seen.has(v)) { seen.add(v); found[nUniq++] = v; }
    }
  }
  return found;
}

/** Fisher–Yates from the end, `a[i]` swapped with `a[random_interval(i)]` for i = n-1 .. 1. */
export function shuffleInPlace(bg: BitGenerator, a: { length: number; [i: number]: unknown }): void {
  for (let i = a.length - 1; i >= 1; i--) {
    const j = randomInterval(bg, i);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}

/** `arange(n)` shuffled as `shuffleInPlace` does it (int32 indices while they fit). */
export function permutationIndices(bg: BitGenerator, n: number): Int32Array | Float64Array {
  const perm = n <= 2147483647 ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  shuffleInPlace(bg, perm);
  return perm;
}

/** An int array of `shape` from JS numbers: int32 when every value fits (and not `forceInt64`), else int64. */
export function intArray(vals: ArrayLike<number>, shape: readonly number[], forceInt64 = false): NDArray {
  let fits = !forceInt64;
  if (fits) for (let i = 0; i < vals.length; i++) { const v = vals[i]!; if (v > 2147483647 || v < -2147483648) { fits = false; break; } }
  const { arr, data } = newArray(fits ? "int32" : "int64", shape);
  if (fits) (data as Int32Array).set(vals);
  else for (let i = 0; i < vals.length; i++) (data as BigInt64Array)[i] = BigInt(vals[i]!);
  return arr;
}

/** `allclose(dot(vh.T * s, vh), cov, rtol=tol, atol=tol)` for an n×n SVD `vh`, `s` of `cov` (row-major). */
export function svdReproduces(vh: ArrayLike<number>, s: ArrayLike<number>, cov: ArrayLike<number>, n: number, tol: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += vh[k * n + i]! * s[k]! * vh[k * n + j]!;
      const c = cov[i * n + j]!;
      if (!(Math.abs(acc - c) <= tol + tol * Math.abs(c))) return false;
    }
  }
  return true;
}
