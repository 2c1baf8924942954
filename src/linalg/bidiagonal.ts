// The singular value decomposition kernel: Golub–Kahan bidiagonalization by Householder
// reflectors (complex ones chosen so that the bidiagonal matrix is real), then the
// implicitly shifted QR iteration on the bidiagonal (LINPACK's dsvdc), whose rotations
// are applied to the accumulated reflectors.

import { LinAlgError, msg } from "../../runtime/errors.js";
import { formReflectors, hypot, reflector, rot, scaleBy, scaleFor } from "./elementary.js";
import { axpyAcc, axpyDot, rotateChain, simdArrays } from "./simd.js";

const EPS = 2 ** -52;
const TINY = 2 ** -966;

/** Where `svdKernel` writes: singular vectors as rows (row j is the j-th column of U or V). */
export interface SvdOut {
  /** n singular values, descending. */
  s: Float64Array;
  /** ncu rows of m: the first ncu left singular vectors (ncu = 0: none wanted). */
  ncu: number;
  ur: Float64Array | null;
  ui: Float64Array | null;
  /** n rows of n: the right singular vectors (null: not wanted). */
  vr: Float64Array | null;
  vi: Float64Array | null;
}

/**
 * A = U·Σ·Vᴴ for an m×n matrix with m ≥ n, given column-major (column j is a[j·m, j·m + m))
 * in `ar`/`ai` (destroyed). Throws NumPy's msg.svdNotConverged when the iteration stalls.
 */
export function svdKernel(m: number, n: number, ar: Float64Array, ai: Float64Array | null, out: SvdOut): void {
  if (n === 0) {
    if (out.ur) identityRows(out.ur, out.ui, out.ncu, m);
    return;
  }
  const f = scaleFor(ar, ai);
  scaleBy(ar, ai, f);
  const d = new Float64Array(n), e = new Float64Array(n);
  const ltau = new Float64Array(2 * n), rtau = new Float64Array(2 * n);
  // right reflector k (v₀ = 1) is row k of (rr, ri), over columns k+1..n-1
  const rr = new Float64Array(n * n), ri = ai ? new Float64Array(n * n) : null;
  const wantU = out.ur !== null && out.ncu > 0, wantV = out.vr !== null, cplx = ai !== null;
  // in the SIMD loops' memory: a real matrix and the reduction's vector, the rows the QR
  // sweeps rotate, a sweep's coefficients
  const [a, y, ur, ui, vr, vi, ...coef] = simdArrays([
    cplx ? 0 : m * n, m, wantU ? out.ncu * m : 0, wantU && cplx ? out.ncu * m : 0, wantV ? n * n : 0, wantV && cplx ? n * n : 0, n, n, n, n,
  ]);
  if (cplx) bidiagonalize(m, n, ar, ai, d, e, ltau, rr, ri, rtau);
  else {
    a.set(ar);
    bidiagonalizeReal(m, n, a, d, e, ltau, rr, rtau, y);
  }
  // U = H₀·…·H_{n-1} (left reflectors in the columns of a), V = P₀·…·P_{n-2} (rows of rr)
  if (wantU) formReflectors(m, n, 0, cplx ? ar : a, ai, ltau, out.ncu, ur, cplx ? ui : null);
  if (wantV) formReflectors(n, n - 1, 1, rr, ri, rtau, n, vr, cplx ? vi : null);
  bidiagonalQR(m, n, d, e, wantU ? ur : null, wantU && cplx ? ui : null, wantV ? vr : null, wantV && cplx ? vi : null, coef);
  for (let j = 0; j < n; j++) out.s[j] = d[j] / f;
  if (wantU) { out.ur!.set(ur); out.ui?.set(ui); }
  if (wantV) { out.vr!.set(vr); out.vi?.set(vi); }
}

/** Rows of (zr, zi): the first `rows` unit vectors of length `len`. */
function identityRows(zr: Float64Array, zi: Float64Array | null, rows: number, len: number): void {
  zr.fill(0);
  zi?.fill(0);
  for (let j = 0; j < rows; j++) zr[j * len + j] = 1;
}

/**
 * Qᴴ·A·P = B, B upper bidiagonal and real: diagonal d, superdiagonal e (e[k] = B[k][k+1]).
 * Left reflector k is left in column k of `a` from row k (v₀ = 1), its τ in ltau; right
 * reflector k in row k of `rr` from column k+1, its τ in rtau.
 */
function bidiagonalize(
  m: number, n: number, ar: Float64Array, ai: Float64Array | null, d: Float64Array, e: Float64Array,
  ltau: Float64Array, rr: Float64Array, ri: Float64Array | null, rtau: Float64Array,
): void {
  const tau = new Float64Array(2);
  const yr = new Float64Array(m), yi = ai ? new Float64Array(m) : null;
  for (let k = 0; k < n; k++) {
    // left: Hᴴ·a[k:, k] = β·e₁
    const c = k * m + k, len = m - k;
    d[k] = reflector(ar.subarray(c, k * m + m), ai ? ai.subarray(c, k * m + m) : null, len, tau);
    ltau[2 * k] = tau[0];
    ltau[2 * k + 1] = tau[1];
    const tr = tau[0], ti = -tau[1]; // Hᴴ = I - conj(τ)·v·vᴴ
    if (tr !== 0 || ti !== 0) {
      for (let j = k + 1; j < n; j++) {
        const q = j * m + k;
        if (!ai) {
          let s = 0;
          for (let t = 0; t < len; t++) s += ar[c + t] * ar[q + t];
          s *= tr;
          for (let t = 0; t < len; t++) ar[q + t] -= s * ar[c + t];
        } else {
          let sr = 0, si = 0;
          for (let t = 0; t < len; t++) {
            const a = ar[c + t], b = ai[c + t], x = ar[q + t], y = ai[q + t];
            sr += a * x + b * y;
            si += a * y - b * x;
          }
          const pr = tr * sr - ti * si, pi = tr * si + ti * sr;
          for (let t = 0; t < len; t++) {
            const a = ar[c + t], b = ai[c + t];
            ar[q + t] -= pr * a - pi * b;
            ai[q + t] -= pr * b + pi * a;
          }
        }
      }
    }
    if (k >= n - 1) continue;
    // right: row k of A times P is β·e₁ᵀ, P = I - τ·v·vᴴ from the conjugated row
    const w = n - k - 1, r = k * n + k + 1;
    for (let t = 0; t < w; t++) rr[r + t] = ar[(k + 1 + t) * m + k];
    if (ri && ai) for (let t = 0; t < w; t++) ri[r + t] = -ai[(k + 1 + t) * m + k];
    e[k] = reflector(rr.subarray(r, r + w), ri ? ri.subarray(r, r + w) : null, w, tau);
    rtau[2 * k] = tau[0];
    rtau[2 * k + 1] = tau[1];
    const sr0 = tau[0], si0 = tau[1];
    if (sr0 === 0 && si0 === 0) continue;
    // A[k+1:, k+1:] -= τ·(A·v)·vᴴ
    const h = m - k - 1, top = k + 1;
    yr.fill(0, 0, h);
    yi?.fill(0, 0, h);
    for (let t = 0; t < w; t++) {
      const col = (k + 1 + t) * m + top, vr = rr[r + t];
      if (!ai || !ri || !yi) {
        if (vr !== 0) for (let i = 0; i < h; i++) yr[i] += vr * ar[col + i];
      } else {
        const vi = ri[r + t];
        for (let i = 0; i < h; i++) {
          const a = ar[col + i], b = ai[col + i];
          yr[i] += a * vr - b * vi;
          yi[i] += a * vi + b * vr;
        }
      }
    }
    for (let t = 0; t < w; t++) {
      const col = (k + 1 + t) * m + top;
      if (!ai || !ri || !yi) {
        const f = sr0 * rr[r + t];
        if (f !== 0) for (let i = 0; i < h; i++) ar[col + i] -= f * yr[i];
      } else {
        // τ·conj(v_t)
        const vr = rr[r + t], vi = -ri[r + t];
        const fr = sr0 * vr - si0 * vi, fi = sr0 * vi + si0 * vr;
        for (let i = 0; i < h; i++) {
          const a = yr[i], b = yi[i];
          ar[col + i] -= a * fr - b * fi;
          ai[col + i] -= a * fi + b * fr;
        }
      }
    }
  }
}

/**
 * `bidiagonalize` for a real matrix, in two passes over the trailing matrix per step
 * instead of four: the left reflector's update fused with the product the right
 * reflector needs, the right reflector's update with the next left reflector's dot
 * products.
 */
function bidiagonalizeReal(m: number, n: number, a: Float64Array, d: Float64Array, e: Float64Array, ltau: Float64Array, rr: Float64Array, rtau: Float64Array, y: Float64Array): void {
  const tau = new Float64Array(2);
  const s = new Float64Array(n);
  // the first left reflector and its dot products with the other columns
  d[0] = reflector(a.subarray(0, m), null, m, tau);
  ltau[0] = tau[0];
  for (let j = 1; j < n; j++) {
    let t = 0;
    for (let i = 0; i < m; i++) t += a[i] * a[j * m + i];
    s[j] = t;
  }
  for (let k = 0; k < n - 1; k++) {
    const c = k * m + k, len = m - k, tl = ltau[2 * k];
    // the right reflector, from row k as the left update leaves it: a[k][j] - τ·s_j
    const w = n - k - 1, r = k * n + k + 1, h = m - k - 1;
    for (let t = 0; t < w; t++) rr[r + t] = a[(k + 1 + t) * m + k] - tl * s[k + 1 + t];
    e[k] = reflector(rr.subarray(r, r + w), null, w, tau);
    const tr = tau[0];
    rtau[2 * k] = tr;
    // pass 1: the left update of rows k+1.. and y = τ·A[k+1:, k+1:]·u
    y.fill(0, 0, h);
    for (let t = 0; t < w; t++) {
      const col = (k + 1 + t) * m + k, f = tl * s[k + 1 + t], u = tr * rr[r + t];
      // rows i = 1..len-1: x = a[col+i] - f·v_i stored; y[i-1] += u·x
      if (f !== 0 || u !== 0) axpyAcc(a, col + 1, a, c + 1, y, 0, len - 1, f, u);
    }
    // pass 2: A[k+1:, k+1:] -= y·uᵀ, then the next left reflector's dot products
    const v = (k + 1) * m + k + 1, u0 = rr[r];
    if (u0 !== 0) for (let i = 0; i < h; i++) a[v + i] -= u0 * y[i];
    d[k + 1] = reflector(a.subarray(v, (k + 1) * m + m), null, h, tau);
    ltau[2 * (k + 1)] = tau[0];
    for (let t = 1; t < w; t++) {
      const col = (k + 1 + t) * m + k + 1;
      // x = a[col+i] - u·y[i] stored; the dot product of x with the new reflector
      s[k + 1 + t] = axpyDot(a, col, y, 0, a, v, h, rr[r + t]);
    }
  }
}

/**
 * The QR iteration on the real bidiagonal (d, e) until e vanishes (LINPACK's dsvdc): d
 * becomes the singular values, non-negative and descending; each rotation of columns of
 * U or V is applied to the rows of (ur, ui) (length m) or (vr, vi) (length n).
 */
function bidiagonalQR(
  m: number, n: number, s: Float64Array, e: Float64Array,
  ur: Float64Array | null, ui: Float64Array | null, vr: Float64Array | null, vi: Float64Array | null, coef: Float64Array[],
): void {
  const rotU = (a: number, b: number, c: number, sn: number) => {
    if (ur) rot(ur, a * m, b * m, m, c, sn);
    if (ui) rot(ui, a * m, b * m, m, c, sn);
  };
  const rotV = (a: number, b: number, c: number, sn: number) => {
    if (vr) rot(vr, a * n, b * n, n, c, sn);
    if (vi) rot(vi, a * n, b * n, n, c, sn);
  };
  e[n - 1] = 0;
  // a QR step's rotations of V and of U, in order, applied after the step
  const [vc, vs, uc, us] = coef;
  let p = n, iter = 0;
  while (p > 0) {
    if (iter > 75) throw new LinAlgError(msg.svdNotConverged);
    // k: the last negligible e[k] above p - 1 (-1: none)
    let k = p - 2;
    for (; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) { e[k] = 0; break; }
    }
    let kase: 1 | 2 | 3 | 4;
    if (k === p - 2) kase = 4;
    else {
      let ks = p - 1;
      for (; ks > k; ks--) {
        const t = Math.abs(e[ks]) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= TINY + EPS * t) { s[ks] = 0; break; }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else { kase = 2; k = ks; }
    }
    k++;
    if (kase === 1) {
      // s[p-1] is negligible: chase e[p-2] away with rotations from the right
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j], f), cs = s[j] / t, sn = f / t;
        s[j] = t;
        if (j !== k) { f = -sn * e[j - 1]; e[j - 1] = cs * e[j - 1]; }
        rotV(j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // s[k-1] is negligible: split, chasing e[k-1] away with rotations from the left
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j], f), cs = s[j] / t, sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        rotU(j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      // one implicitly shifted QR step on rows and columns k..p-1
      const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
      const sp = s[p - 1] / scale, spm1 = s[p - 2] / scale, epm1 = e[p - 2] / scale;
      const sk = s[k] / scale, ek = e[k] / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g), cs = f / t, sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        vc[j - k] = cs;
        vs[j - k] = sn;
        t = hypot(f, g); cs = f / t; sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        uc[j - k] = cs;
        us[j - k] = sn;
      }
      e[p - 2] = f;
      // rows (j, j+1) ← [c·x + s·y; c·y - s·x] for j = k..p-2 (m ≥ n: always j < m - 1)
      if (vr) rotateChain(vr, n, k, 1, p - 1 - k, vc, vs);
      if (vi) rotateChain(vi, n, k, 1, p - 1 - k, vc, vs);
      if (ur) rotateChain(ur, m, k, 1, p - 1 - k, uc, us);
      if (ui) rotateChain(ui, m, k, 1, p - 1 - k, uc, us);
      iter++;
    } else {
      // s[k] has converged: make it non-negative, move it into descending order
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        if (vr) for (let i = 0; i < n; i++) vr[k * n + i] = -vr[k * n + i];
        if (vi) for (let i = 0; i < n; i++) vi[k * n + i] = -vi[k * n + i];
      }
      while (k < n - 1 && s[k] < s[k + 1]) {
        const t = s[k]; s[k] = s[k + 1]; s[k + 1] = t;
        swapRows(vr, k, k + 1, n);
        swapRows(vi, k, k + 1, n);
        swapRows(ur, k, k + 1, m);
        swapRows(ui, k, k + 1, m);
        k++;
      }
      iter = 0;
      p--;
    }
  }
}

function swapRows(z: Float64Array | null, a: number, b: number, len: number): void {
  if (!z) return;
  for (let t = 0; t < len; t++) {
    const x = z[a * len + t];
    z[a * len + t] = z[b * len + t];
    z[b * len + t] = x;
  }
}
