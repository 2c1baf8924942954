// Elementary transformations (reflectors, rotations) and small complex helpers shared by
// the decomposition kernels (eig, eigh, svd). Every kernel works in double precision on
// split storage: a real part and an imaginary part (null for a real matrix), so real
// matrices pay nothing for complex ones.

import { gemmSub } from "./dense.js";

/** Euclidean norm of re[0..len) (+ im), scaled so that it neither overflows nor underflows. */
export function norm2(re: Float64Array, im: Float64Array | null, from: number, len: number): number {
  let s = 0;
  for (let t = from; t < from + len; t++) s += re[t] * re[t];
  if (im) for (let t = from; t < from + len; t++) s += im[t] * im[t];
  if (s > 1e-280 && s < 1e280) return Math.sqrt(s);
  if (s === 0 || Number.isNaN(s)) return s;
  let big = 0;
  for (let t = from; t < from + len; t++) big = Math.max(big, Math.abs(re[t]), im ? Math.abs(im[t]) : 0);
  if (big === 0 || big === Infinity) return big;
  s = 0;
  for (let t = from; t < from + len; t++) {
    const a = re[t] / big, b = im ? im[t] / big : 0;
    s += a * a + b * b;
  }
  return big * Math.sqrt(s);
}

/** sqrt(a² + b²) without needless overflow (Math.hypot is slow for two arguments). */
export function hypot(a: number, b: number): number {
  const s = a * a + b * b;
  if (s > 1e-280 && s < 1e280) return Math.sqrt(s);
  return Math.hypot(a, b);
}

/**
 * The elementary reflector H = I - τ·v·vᴴ with Hᴴ·x = β·e₁, β real (LAPACK's zlarfg).
 * `x` is (vr, vi)[0..len); it is overwritten with v (v₀ = 1). Returns β; τ goes to `tau`
 * as [re, im] (τ = 0: H is the identity).
 */
export function reflector(vr: Float64Array, vi: Float64Array | null, len: number, tau: Float64Array): number {
  const ar = vr[0], ai = vi ? vi[0] : 0;
  const xnorm = len > 1 ? norm2(vr, vi, 1, len - 1) : 0;
  if (xnorm === 0 && ai === 0) {
    tau[0] = tau[1] = 0;
    vr[0] = 1;
    return ar;
  }
  const nrm = hypot(hypot(ar, ai), xnorm);
  const beta = ar >= 0 ? -nrm : nrm;
  tau[0] = (beta - ar) / beta;
  tau[1] = -ai / beta;
  // v = x / (α - β)
  const [sr, si] = reciprocal(ar - beta, ai);
  if (vi) {
    for (let t = 1; t < len; t++) {
      const xr = vr[t], xi = vi[t];
      vr[t] = xr * sr - xi * si;
      vi[t] = xr * si + xi * sr;
    }
    vi[0] = 0;
  } else {
    for (let t = 1; t < len; t++) vr[t] *= sr;
  }
  vr[0] = 1;
  return beta;
}

/** 1 / (a + bi), by Smith's method. */
export function reciprocal(a: number, b: number): [number, number] {
  if (Math.abs(a) >= Math.abs(b)) {
    const r = b / a, d = a + b * r;
    return [1 / d, -r / d];
  }
  const r = a / b, d = b + a * r;
  return [r / d, -1 / d];
}

/** (a + bi) / (c + di), by Smith's method. */
export function cdiv(a: number, b: number, c: number, d: number): [number, number] {
  if (Math.abs(c) >= Math.abs(d)) {
    const r = d / c, den = c + d * r;
    return [(a + b * r) / den, (b - a * r) / den];
  }
  const r = c / d, den = d + c * r;
  return [(a * r + b) / den, (b * r - a) / den];
}

/** True when every entry of re (and im) is finite. */
export function allFinite(re: Float64Array, im: Float64Array | null): boolean {
  let s = 0;
  for (let t = 0; t < re.length; t++) s += re[t] * 0;
  if (im) for (let t = 0; t < im.length; t++) s += im[t] * 0;
  return s === 0;
}

/** True when some entry of re (and im) is NaN. */
export function anyNaN(re: Float64Array, im: Float64Array | null): boolean {
  for (let t = 0; t < re.length; t++) if (re[t] !== re[t]) return true;
  if (im) for (let t = 0; t < im.length; t++) if (im[t] !== im[t]) return true;
  return false;
}

/** The plane rotation [x; y] ← [c·x + s·y; c·y - s·x] of the rows x = z[a..a+len), y = z[b..b+len). */
export function rot(z: Float64Array, a: number, b: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const x = z[a + k], y = z[b + k];
    z[a + k] = c * x + s * y;
    z[b + k] = c * y - s * x;
  }
}

/** Reflectors applied together as one block (I - V·T·Vᵀ) when forming a real product of them. */
const BLOCK = 32;

/**
 * The first `cols` columns of Q = H₀·H₁·…·H_{r-1}, as rows of (zr, zi) (row j is column
 * j, of length L). H_k = I - τ_k·v_k·v_kᴴ acts on entries k+shift..L-1; v_k is (vr, vi)
 * from k·L + k + shift to (k+1)·L, its first entry taken as 1 whatever is stored; the τ's
 * are (re, im) pairs in `taus`. A real product is formed by blocks of reflectors, each
 * applied with two matrix products (LAPACK's larft and larfb).
 */
export function formReflectors(
  L: number, r: number, shift: number, vr: Float64Array, vi: Float64Array | null, taus: Float64Array,
  cols: number, zr: Float64Array, zi: Float64Array | null,
): void {
  zr.fill(0, 0, cols * L);
  zi?.fill(0, 0, cols * L);
  for (let j = 0; j < cols; j++) zr[j * L + j] = 1;
  r = Math.min(r, L - shift);
  let k = r - 1;
  if (!vi && L >= 2 * BLOCK) {
    for (let k0 = Math.floor((r - 1) / BLOCK) * BLOCK; k0 >= 0; k0 -= BLOCK) applyBlock(L, k0, Math.min(BLOCK, r - k0), shift, vr, taus, cols, zr);
    return;
  }
  for (; k >= 0; k--) {
    const tr = taus[2 * k], ti = taus[2 * k + 1];
    if (tr === 0 && ti === 0) continue;
    const from = k + shift, len = L - from, at = k * L + from;
    for (let j = from; j < cols; j++) {
      const q = j * L + from;
      if (!vi || !zi) {
        let s = zr[q];
        for (let t = 1; t < len; t++) s += vr[at + t] * zr[q + t];
        s *= tr;
        if (s === 0) continue;
        zr[q] -= s;
        for (let t = 1; t < len; t++) zr[q + t] -= s * vr[at + t];
      } else {
        let sr = zr[q], si = zi[q];
        for (let t = 1; t < len; t++) {
          const a = vr[at + t], b = vi[at + t], x = zr[q + t], y = zi[q + t];
          sr += a * x + b * y;
          si += a * y - b * x;
        }
        const pr = tr * sr - ti * si, pi = tr * si + ti * sr;
        zr[q] -= pr;
        zi[q] -= pi;
        for (let t = 1; t < len; t++) {
          const a = vr[at + t], b = vi[at + t];
          zr[q + t] -= pr * a - pi * b;
          zi[q + t] -= pr * b + pi * a;
        }
      }
    }
  }
}

/** Z ← Z·(I - V·T·Vᵀ)ᵀ for reflectors k0..k0+b-1 (real), on the rows of Z the block changes. */
function applyBlock(L: number, k0: number, b: number, shift: number, vr: Float64Array, taus: Float64Array, cols: number, z: Float64Array): void {
  const base = k0 + shift, m = L - base, rows = cols - base;
  if (m <= 0 || rows <= 0) return;
  // V (m×b): column i is reflector k0+i from its own first entry (row i): zeros above, 1 at i
  const V = new Float64Array(m * b), Vt = new Float64Array(b * m), negV = new Float64Array(m * b);
  for (let i = 0; i < b; i++) {
    const at = (k0 + i) * L + base;
    V[i * b + i] = 1;
    for (let t = i + 1; t < m; t++) V[t * b + i] = vr[at + t];
  }
  for (let t = 0; t < m; t++) for (let i = 0; i < b; i++) { Vt[i * m + t] = V[t * b + i]; negV[t * b + i] = -V[t * b + i]; }
  // T upper triangular with H_k0·…·H_{k0+b-1} = I - V·T·Vᵀ
  const T = new Float64Array(b * b), dots = new Float64Array(b);
  for (let i = 0; i < b; i++) {
    const tau = taus[2 * (k0 + i)];
    T[i * b + i] = tau;
    for (let l = 0; l < i; l++) {
      let s = 0;
      for (let t = i; t < m; t++) s += Vt[l * m + t] * Vt[i * m + t];
      dots[l] = -tau * s;
    }
    for (let l = 0; l < i; l++) {
      let s = 0;
      for (let p = l; p < i; p++) s += T[l * b + p] * dots[p];
      T[l * b + i] = s;
    }
  }
  // W = Z·V, W = W·Tᵀ, Z -= W·Vᵀ
  const W = new Float64Array(rows * b), zo = base * L + base;
  gemmSub(1, W, 0, b, z, zo, L, negV, 0, b, rows, b, m);
  for (let j = 0; j < rows; j++) {
    const o = j * b;
    for (let i = 0; i < b; i++) {
      let s = 0;
      for (let p = i; p < b; p++) s += W[o + p] * T[i * b + p];
      W[o + i] = s;
    }
  }
  gemmSub(1, z, zo, L, W, 0, b, Vt, 0, m, rows, m, b);
}

/**
 * A power of two that brings the largest |entry| of (re, im) near 1 when it is beyond
 * 2^±400 (where squares and products of entries would overflow or underflow), else 1.
 * The kernels scale by it exactly and unscale their eigenvalues or singular values, as
 * LAPACK's drivers do.
 */
export function scaleFor(re: Float64Array, im: Float64Array | null): number {
  let big = 0;
  for (let t = 0; t < re.length; t++) big = Math.max(big, Math.abs(re[t]));
  if (im) for (let t = 0; t < im.length; t++) big = Math.max(big, Math.abs(im[t]));
  if (!(big > 0) || !Number.isFinite(big) || (big > 2 ** -400 && big < 2 ** 400)) return 1;
  return 2 ** -Math.round(Math.log2(big));
}

/** x ← f·x for (re, im). */
export function scaleBy(re: Float64Array, im: Float64Array | null, f: number): void {
  if (f === 1) return;
  for (let t = 0; t < re.length; t++) re[t] *= f;
  if (im) for (let t = 0; t < im.length; t++) im[t] *= f;
}
