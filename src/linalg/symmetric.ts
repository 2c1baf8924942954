// The Hermitian eigenproblem (eigh, eigvalsh, svd with hermitian=true): Householder
// reduction to a real symmetric tridiagonal matrix, then the implicit QL algorithm with
// Wilkinson's shift (EISPACK's tql2), whose rotations turn the columns of the reduction's
// unitary factor into eigenvectors. A complex matrix is complex in the reduction only:
// each reflector leaves a real off-diagonal, so the QL iteration is always real.

import { LinAlgError, msg } from "../../runtime/errors.js";
import { formReflectors, hypot, reflector } from "./elementary.js";
import { rotateChain, simdArrays, symRow } from "./simd.js";

const EPS = 2 ** -52;

/** Output of `hermitianEigen`: eigenvalues ascending; eigenvectors as columns of an n×n row-major matrix. */
export interface EigenOut {
  w: Float64Array;
  vr: Float64Array | null;
  vi: Float64Array | null;
}

/**
 * Eigenvalues (ascending, as LAPACK's syevd/heevd) and optionally eigenvectors of the n×n
 * Hermitian matrix whose lower triangle (`lower`) or upper triangle is given in `ar`/`ai`
 * (row-major; destroyed). The imaginary parts of the diagonal are ignored, as LAPACK does.
 */
export function hermitianEigen(n: number, ar: Float64Array, ai: Float64Array | null, lower: boolean, out: EigenOut): void {
  if (n === 0) return;
  // the full matrix from the triangle we read
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [src, dst] = lower ? [j * n + i, i * n + j] : [i * n + j, j * n + i];
      ar[dst] = ar[src];
      if (ai) ai[dst] = -ai[src];
    }
    if (ai) ai[i * n + i] = 0;
  }
  let big = 0, finite = true;
  for (let t = 0; t < n * n; t++) {
    const x = Math.abs(ar[t]) + (ai ? Math.abs(ai[t]) : 0);
    if (!Number.isFinite(x)) finite = false;
    else if (x > big) big = x;
  }
  if (!finite) {
    // LAPACK's answers for NaN or infinite input are NaN or arbitrary; ours are NaN
    out.w.fill(NaN);
    out.vr?.fill(NaN);
    out.vi?.fill(NaN);
    return;
  }
  // keep squares of the entries representable
  const scale = big > 0 && (big < 2 ** -480 || big > 2 ** 480) ? 2 ** -Math.round(Math.log2(big)) : 1;
  if (scale !== 1) {
    for (let t = 0; t < n * n; t++) ar[t] *= scale;
    if (ai) for (let t = 0; t < n * n; t++) ai[t] *= scale;
  }
  const d = new Float64Array(n), e = new Float64Array(n);
  const wantV = out.vr !== null;
  // in the SIMD loops' memory: a real matrix, the rows the QL sweeps rotate (zr/zi: row j
  // is column j of the unitary factor, then of the eigenvector matrix), a sweep's
  // coefficients, the reduction's vectors
  const [a, zr, zi, cs, sn, ...work] = simdArrays([ai ? 0 : n * n, wantV ? n * n : 0, wantV && ai ? n * n : 0, n, n, n, n, n, n, n]);
  if (!ai) a.set(ar);
  const refl = ai ? tridiagonalize(n, ar, ai, d, e) : tridiagonalizeReal(n, a, d, e, work);
  if (wantV) formReflectors(n, n - 1, 1, ai ? ar : a, ai, refl, n, zr, ai ? zi : null);
  tridiagonalQL(n, d, e, wantV ? zr : null, wantV && ai ? zi : null, n, cs, sn);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
  order.forEach((k, j) => { out.w[j] = d[k] / scale; });
  if (wantV && out.vr) {
    for (let j = 0; j < n; j++) {
      const row = order[j] * n;
      for (let i = 0; i < n; i++) out.vr[i * n + j] = zr[row + i];
      if (ai && out.vi) for (let i = 0; i < n; i++) out.vi[i * n + j] = zi[row + i];
    }
  } else if (out.vi) out.vi.fill(0);
  if (out.vi && !ai) out.vi.fill(0);
}

/**
 * Reduces the Hermitian matrix whose lower triangle is in `a` (row-major, n×n; only that
 * triangle is read and updated) to the real tridiagonal (d, e) with Qᴴ·A·Q = T,
 * Q = H₀·H₁·…·H_{n-2}. Reflector k (v₀ = 1 implied) is left in row k of `a` right of its
 * diagonal; the returned array holds the τ's as (re, im) pairs.
 */
function tridiagonalize(n: number, ar: Float64Array, ai: Float64Array | null, d: Float64Array, e: Float64Array): Float64Array {
  const taus = new Float64Array(2 * n);
  const vr = new Float64Array(n), vi = ai ? new Float64Array(n) : null;
  const yr = new Float64Array(n), yi = ai ? new Float64Array(n) : null;
  const tau = new Float64Array(2);
  for (let k = 0; k < n - 1; k++) {
    const m = n - k - 1, row = k * n + k + 1;
    // the column below the diagonal
    for (let t = 0; t < m; t++) vr[t] = ar[(k + 1 + t) * n + k];
    if (vi && ai) for (let t = 0; t < m; t++) vi[t] = ai[(k + 1 + t) * n + k];
    e[k] = reflector(vr, vi, m, tau);
    d[k] = ar[k * n + k];
    taus[2 * k] = tau[0];
    taus[2 * k + 1] = tau[1];
    for (let t = 0; t < m; t++) ar[row + t] = vr[t];
    if (vi && ai) for (let t = 0; t < m; t++) ai[row + t] = vi[t];
    const tr = tau[0], ti = tau[1];
    if (tr === 0 && ti === 0) continue;
    const base = (k + 1) * n + k + 1; // B = a[k+1:, k+1:], its lower triangle
    if (!ai || !vi || !yi) {
      // y = B·v from the lower triangle (row i gives B[i][j]·v_j and, mirrored, B[j][i]·v_i)
      yr.fill(0, 0, m);
      for (let i = 0; i < m; i++) {
        const r = base + i * n, x = vr[i];
        let s = 0;
        for (let j = 0; j < i; j++) {
          const b = ar[r + j];
          s += b * vr[j];
          yr[j] += b * x;
        }
        yr[i] += s + ar[r + i] * x;
      }
      // γ = vᵀ·y, w = τ·y - ½τ²γ·v, B -= v·wᵀ + w·vᵀ (lower triangle)
      let gamma = 0;
      for (let i = 0; i < m; i++) gamma += vr[i] * yr[i];
      const half = 0.5 * tr * tr * gamma;
      for (let i = 0; i < m; i++) yr[i] = tr * yr[i] - half * vr[i];
      for (let i = 0; i < m; i++) {
        const r = base + i * n, v = vr[i], w = yr[i];
        for (let j = 0; j <= i; j++) ar[r + j] -= v * yr[j] + w * vr[j];
      }
    } else {
      yr.fill(0, 0, m);
      yi.fill(0, 0, m);
      for (let i = 0; i < m; i++) {
        const r = base + i * n, xr = vr[i], xi = vi[i];
        let sr = 0, si = 0;
        for (let j = 0; j < i; j++) {
          const br = ar[r + j], bi = ai[r + j];
          sr += br * vr[j] - bi * vi[j];
          si += br * vi[j] + bi * vr[j];
          // B[j][i] = conj(B[i][j])
          yr[j] += br * xr + bi * xi;
          yi[j] += br * xi - bi * xr;
        }
        const dd = ar[r + i];
        yr[i] += sr + dd * xr;
        yi[i] += si + dd * xi;
      }
      let gamma = 0;
      for (let i = 0; i < m; i++) gamma += vr[i] * yr[i] + vi[i] * yi[i]; // re(conj(v)·y)
      const half = 0.5 * (tr * tr + ti * ti) * gamma;
      for (let i = 0; i < m; i++) {
        const a = yr[i], b = yi[i];
        yr[i] = tr * a - ti * b - half * vr[i];
        yi[i] = tr * b + ti * a - half * vi[i];
      }
      // B -= v·wᴴ + w·vᴴ
      for (let i = 0; i < m; i++) {
        const r = base + i * n, pr = vr[i], pi = vi[i], qr = yr[i], qi = yi[i];
        for (let j = 0; j <= i; j++) {
          ar[r + j] -= pr * yr[j] + pi * yi[j] + qr * vr[j] + qi * vi[j];
          ai[r + j] -= pi * yr[j] - pr * yi[j] + qi * vr[j] - qr * vi[j];
        }
      }
      for (let i = 0; i < m; i++) ai[base + i * n + i] = 0;
    }
  }
  d[n - 1] = ar[n * n - 1];
  e[n - 1] = 0;
  return taus;
}

/**
 * `tridiagonalize` for a real matrix, in one pass over the trailing lower triangle per
 * step instead of two: the rank-2 update of step k fused with the product B·v of step
 * k+1 (whose reflector comes from the updated column first).
 */
function tridiagonalizeReal(n: number, a: Float64Array, d: Float64Array, e: Float64Array, work: Float64Array[]): Float64Array {
  const taus = new Float64Array(2 * n), tau = new Float64Array(2);
  let [v, y, v2, y2] = work;
  const w = work[4];
  if (n < 2) { if (n === 1) d[0] = a[0]; return taus; }
  // step 0: the reflector of column 0 and y = B·v by a plain pass
  let m = n - 1;
  for (let t = 0; t < m; t++) v[t] = a[(1 + t) * n];
  e[0] = reflector(v, null, m, tau);
  d[0] = a[0];
  taus[0] = tau[0];
  for (let t = 0; t < m; t++) a[1 + t] = v[t];
  y.fill(0, 0, m);
  if (tau[0] !== 0) {
    for (let i = 0; i < m; i++) {
      const r = (1 + i) * n + 1, x = v[i];
      let acc = 0;
      for (let j = 0; j < i; j++) { const b = a[r + j]; acc += b * v[j]; y[j] += b * x; }
      y[i] += acc + a[r + i] * x;
    }
  }
  for (let k = 0; k < n - 1; k++) {
    m = n - k - 1;
    const base = (k + 1) * n + k + 1, tr = taus[2 * k];
    // w = τ·y - ½τ²(vᵀy)·v; B -= v·wᵀ + w·vᵀ
    let gamma = 0;
    for (let i = 0; i < m; i++) gamma += v[i] * y[i];
    const half = 0.5 * tr * tr * gamma;
    for (let i = 0; i < m; i++) w[i] = tr * y[i] - half * v[i];
    d[k + 1] = a[base] - 2 * v[0] * w[0];
    if (m === 1) break;
    // the next reflector, from B's first column as the update leaves it
    const m2 = m - 1;
    for (let i = 1; i < m; i++) v2[i - 1] = a[base + i * n] - v[i] * w[0] - w[i] * v[0];
    e[k + 1] = reflector(v2, null, m2, tau);
    const t2 = tau[0];
    taus[2 * (k + 1)] = t2;
    for (let t = 0; t < m2; t++) a[base + 1 + t] = v2[t];
    // one pass: the update of rows 1.. of B and y2 = B'·v2 for the next step
    y2.fill(0, 0, m2);
    for (let i = 1; i < m; i++) {
      const r = base + i * n, vi = v[i], wi = w[i], x = v2[i - 1];
      // j = 1..i-1: b = B[i][j] - v_i·w_j - w_i·v_j; y2[j-1] += b·x; acc += b·v2[j-1]
      const acc = symRow(a, r + 1, w, 1, v, 1, v2, 0, y2, 0, i - 1, vi, wi, x);
      const b = a[r + i] - 2 * vi * wi;
      a[r + i] = b;
      y2[i - 1] += acc + b * x;
    }
    if (t2 === 0) y2.fill(0, 0, m2);
    [v, v2] = [v2, v];
    [y, y2] = [y2, y];
  }
  e[n - 1] = 0;
  return taus;
}

/**
 * The implicit QL algorithm on the symmetric tridiagonal matrix with diagonal d and
 * off-diagonal e (e[i] couples i and i+1; e[n-1] is scratch). The eigenvalues replace d
 * (unsorted); each rotation of rows i, i+1 is applied to rows i, i+1 of z (rows of `len`):
 * a sweep's rotations are recorded in (cs, sn) and applied after it.
 */
function tridiagonalQL(
  n: number, d: Float64Array, e: Float64Array, zr: Float64Array | null, zi: Float64Array | null, len: number, cs: Float64Array, sn: Float64Array,
): void {
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new LinAlgError(msg.eigNotConverged);
        // the shift: the eigenvalue of the leading 2×2 block nearer d[l]
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // chase the bulge from m up to l
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[m - 1 - i] = c;
          sn[m - 1 - i] = s;
        }
        // rows (i, i+1) ← [c·x - s·y; s·x + c·y] for i = m-1 down to l
        if (zr) rotateChain(zr, len, m, -1, m - l, cs, sn);
        if (zi) rotateChain(zi, len, m, -1, m - l, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
