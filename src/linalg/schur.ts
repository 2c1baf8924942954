// The general eigenproblem (eig, eigvals), as LAPACK's geev does it: balance the matrix,
// reduce it to Hessenberg form by Householder reflectors, iterate it to Schur form by
// shifted QR, read eigenvectors off the triangular factor by back-substitution, undo the
// reductions, and scale each eigenvector to unit norm with its largest component real.
// A real matrix takes Francis' double-shift QR in real arithmetic (EISPACK's hqr2), so a
// real eigenvalue comes out exactly real; a complex one takes single-shift complex QR.

import { LinAlgError, msg } from "../../runtime/errors.js";
import { cdiv, formReflectors, hypot, reflector, scaleBy, scaleFor } from "./elementary.js";
import { axpyAcc, axpyDot, reflect3, simdArrays } from "./simd.js";

const EPS = 2 ** -52;

/** Where `generalEigen` writes: eigenvalues (re, im), eigenvectors as columns of an n×n row-major matrix. */
export interface GeneralOut {
  wr: Float64Array;
  wi: Float64Array;
  vr: Float64Array | null;
  vi: Float64Array | null;
}

/** Eigenvalues and (if `out.vr`) right eigenvectors of the n×n row-major matrix (ar, ai), which is destroyed. */
export function generalEigen(n: number, ar: Float64Array, ai: Float64Array | null, out: GeneralOut): void {
  if (n === 0) return;
  const f = scaleFor(ar, ai);
  scaleBy(ar, ai, f);
  generalEigenScaled(n, ar, ai, out);
  if (f !== 1) for (let j = 0; j < n; j++) { out.wr[j] /= f; out.wi[j] /= f; }
}

function generalEigenScaled(n: number, input: Float64Array, ai: Float64Array | null, out: GeneralOut): void {
  // a real matrix and the reduction's vectors in the SIMD loops' memory
  const [a, v, s, vtArena] = simdArrays([ai ? 0 : n * n, n, n, ai || !out.vr ? 0 : n * n]);
  const ar = ai ? input : a;
  if (!ai) a.set(input);
  const scale = balance(n, ar, ai);
  const taus = hessenberg(n, ar, ai, v, s);
  // vt/vti: row j is column j of the accumulated transformations (then of the eigenvectors)
  const wantV = out.vr !== null;
  const vt = wantV ? (ai ? new Float64Array(n * n) : vtArena) : null;
  const vti = wantV && ai ? new Float64Array(n * n) : null;
  if (vt) formHessenbergQ(n, ar, ai, taus, vt, vti);
  clearBelowSubdiagonal(n, ar, ai);
  if (!ai) {
    realSchur(n, ar, vt, out.wr, out.wi);
    if (vt) realEigenvectors(n, ar, vt, out.wr, out.wi);
  } else {
    complexSchur(n, ar, ai, vt, vti, out.wr, out.wi);
    if (vt && vti) complexEigenvectors(n, ar, ai, vt, vti);
  }
  if (!vt || !out.vr || !out.vi) return;
  const vr = out.vr, vi = out.vi;
  // undo the balancing, write columns, normalize as geev
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) vt[j * n + i] *= scale[i];
    if (vti) for (let i = 0; i < n; i++) vti[j * n + i] *= scale[i];
  }
  if (vti) {
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { vr[i * n + j] = vt[j * n + i]; vi[i * n + j] = vti[j * n + i]; }
  } else {
    for (let j = 0; j < n; j++) {
      if (out.wi[j] === 0) {
        for (let i = 0; i < n; i++) { vr[i * n + j] = vt[j * n + i]; vi[i * n + j] = 0; }
      } else if (out.wi[j] > 0) {
        // the pair's vectors are x ± iy, x and y stored in j and j + 1
        for (let i = 0; i < n; i++) {
          const x = vt[j * n + i], y = vt[(j + 1) * n + i];
          vr[i * n + j] = x; vi[i * n + j] = y;
          vr[i * n + j + 1] = x; vi[i * n + j + 1] = -y;
        }
      }
    }
  }
  normalizeColumns(n, vr, vi);
}

/** Each column to unit norm, then turned so that its component of largest modulus is real (LAPACK's geev). */
function normalizeColumns(n: number, vr: Float64Array, vi: Float64Array): void {
  for (let j = 0; j < n; j++) {
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(vr[i * n + j]), Math.abs(vi[i * n + j]));
    if (big === 0 || !Number.isFinite(big)) continue;
    let s = 0, kmax = 0, best = -1;
    for (let i = 0; i < n; i++) {
      const a = vr[i * n + j] / big, b = vi[i * n + j] / big, q = a * a + b * b;
      s += q;
      if (q > best) { best = q; kmax = i; }
    }
    const norm = big * Math.sqrt(s);
    let cr = 1 / norm, ci = 0;
    const pr = vr[kmax * n + j], pi = vi[kmax * n + j];
    if (pi !== 0) {
      // multiply by conj(p)/|p| as well
      const ap = hypot(pr, pi);
      cr = pr / ap / norm;
      ci = -pi / ap / norm;
    }
    for (let i = 0; i < n; i++) {
      const a = vr[i * n + j], b = vi[i * n + j];
      vr[i * n + j] = a * cr - b * ci;
      vi[i * n + j] = a * ci + b * cr;
    }
    if (pi !== 0) vi[kmax * n + j] = 0;
  }
}

/**
 * Scales rows and columns by powers of 2 (D⁻¹·A·D) so that each row and column have
 * comparable norms (EISPACK's balanc without its permutations). Returns D.
 */
function balance(n: number, ar: Float64Array, ai: Float64Array | null): Float64Array {
  const d = new Float64Array(n).fill(1);
  const abs = (t: number) => Math.abs(ar[t]) + (ai ? Math.abs(ai[t]) : 0);
  for (let t = 0; t < n * n; t++) if (!Number.isFinite(abs(t))) return d;
  let again = true;
  for (let sweep = 0; again && sweep < 100; sweep++) {
    again = false;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += abs(j * n + i);
        r += abs(i * n + j);
      }
      if (c === 0 || r === 0) continue;
      const s = c + r;
      let f = 1, g = r / 2;
      while (c < g && f < 2 ** 500) { f *= 2; c *= 4; }
      g = r * 2;
      while (c >= g && f > 2 ** -500) { f /= 2; c /= 4; }
      if ((c + r) / f >= 0.95 * s) continue;
      again = true;
      d[i] *= f;
      const inv = 1 / f;
      for (let j = 0; j < n; j++) {
        ar[i * n + j] *= inv;
        ar[j * n + i] *= f;
        if (ai) { ai[i * n + j] *= inv; ai[j * n + i] *= f; }
      }
    }
  }
  return d;
}

/**
 * Qᴴ·A·Q = H upper Hessenberg, Q = H₀·…·H_{n-3}. Reflector k (v₀ = 1 implied) is left
 * in column k of `a` below the subdiagonal; its τ's are returned as (re, im) pairs.
 */
function hessenberg(n: number, ar: Float64Array, ai: Float64Array | null, vr: Float64Array, sr: Float64Array): Float64Array {
  const taus = new Float64Array(2 * n);
  const vi = ai ? new Float64Array(n) : null, si = ai ? new Float64Array(n) : null;
  const tau = new Float64Array(2);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1, top = k + 1;
    for (let t = 0; t < m; t++) vr[t] = ar[(top + t) * n + k];
    if (vi && ai) for (let t = 0; t < m; t++) vi[t] = ai[(top + t) * n + k];
    const beta = reflector(vr, vi, m, tau);
    const tr = tau[0], ti = tau[1];
    taus[2 * k] = tr;
    taus[2 * k + 1] = ti;
    ar[top * n + k] = beta;
    if (ai) ai[top * n + k] = 0;
    for (let t = 1; t < m; t++) {
      ar[(top + t) * n + k] = vr[t];
      if (ai && vi) ai[(top + t) * n + k] = vi[t];
    }
    if (tr === 0 && ti === 0) continue;
    // from the left, Hᴴ = I - conj(τ)·v·vᴴ, on rows top.. and columns k+1..
    const c0 = k + 1, w = n - c0;
    sr.fill(0, 0, w);
    si?.fill(0, 0, w);
    for (let t = 0; t < m; t++) {
      const row = (top + t) * n + c0, a = vr[t];
      if (!ai || !vi || !si) {
        // s += v_t·row (axpyAcc stores the row back unchanged: row - 0·row)
        axpyAcc(ar, row, ar, row, sr, 0, w, 0, a);
      } else {
        const b = -vi[t]; // conj(v_t)
        for (let j = 0; j < w; j++) {
          const x = ar[row + j], y = ai[row + j];
          sr[j] += a * x - b * y;
          si[j] += a * y + b * x;
        }
      }
    }
    for (let t = 0; t < m && ai && vi && si; t++) {
      const row = (top + t) * n + c0;
      {
        // conj(τ)·v_t
        const fr = tr * vr[t] + ti * vi[t], fi = tr * vi[t] - ti * vr[t];
        for (let j = 0; j < w; j++) {
          const x = sr[j], y = si[j];
          ar[row + j] -= fr * x - fi * y;
          ai[row + j] -= fr * y + fi * x;
        }
      }
    }
    // from the right, H = I - τ·v·vᴴ, on all rows and columns top.. (a real row's left
    // update is finished here, while the row is in cache)
    for (let i = 0; i < n; i++) {
      const row = i * n + top;
      if (!ai || !vi) {
        // row -= f·s (the left update, rows top..), then row -= τ·(row·v)·vᵀ
        const dot = axpyDot(ar, row, sr, 0, vr, 0, m, i >= top ? tr * vr[i - top] : 0) * tr;
        if (dot !== 0) axpyDot(ar, row, vr, 0, vr, 0, m, dot);
      } else {
        let yr = 0, yi = 0;
        for (let t = 0; t < m; t++) {
          const x = ar[row + t], y = ai[row + t];
          yr += x * vr[t] - y * vi[t];
          yi += x * vi[t] + y * vr[t];
        }
        const pr = tr * yr - ti * yi, pi = tr * yi + ti * yr;
        for (let t = 0; t < m; t++) {
          // p·conj(v_t)
          const a = vr[t], b = -vi[t];
          ar[row + t] -= pr * a - pi * b;
          ai[row + t] -= pr * b + pi * a;
        }
      }
    }
  }
  return taus;
}

/** Q = H₀·…·H_{n-3} from the reflectors `hessenberg` left in `a`, transposed (row j is column j). */
function formHessenbergQ(n: number, ar: Float64Array, ai: Float64Array | null, taus: Float64Array, vt: Float64Array, vti: Float64Array | null): void {
  // reflector k, column k of a below the diagonal, as row k right of the diagonal
  const rr = new Float64Array(n * n), ri = ai ? new Float64Array(n * n) : null;
  for (let k = 0; k < n - 2; k++) {
    for (let t = k + 1; t < n; t++) {
      rr[k * n + t] = ar[t * n + k];
      if (ri && ai) ri[k * n + t] = ai[t * n + k];
    }
  }
  formReflectors(n, n - 2, 1, rr, ri, taus, n, vt, vti);
}

function clearBelowSubdiagonal(n: number, ar: Float64Array, ai: Float64Array | null): void {
  for (let i = 2; i < n; i++) {
    for (let j = 0; j < i - 1; j++) {
      ar[i * n + j] = 0;
      if (ai) ai[i * n + j] = 0;
    }
  }
}

// ---- real matrices: Francis' double shift -----------------------------------------------------

/**
 * The real Hessenberg matrix h (row-major) to quasi-triangular Schur form by Francis'
 * double-shift QR (EISPACK's hqr2), the transformations accumulated into the rows of
 * vt. Eigenvalues to (wr, wi): a complex pair as consecutive entries, positive
 * imaginary part first.
 */
function realSchur(nn: number, h: Float64Array, vt: Float64Array | null, wr: Float64Array, wi: Float64Array): void {
  const H = (i: number, j: number) => h[i * nn + j];
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(H(i, j));
  if (!Number.isFinite(norm)) throw new LinAlgError(msg.eigNotConverged);
  let n = nn - 1, iter = 0, exshift = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, w: number, x: number, y: number;
  while (n >= 0) {
    // look for a single small subdiagonal element
    let l = n;
    while (l > 0) {
      s = Math.abs(H(l - 1, l - 1)) + Math.abs(H(l, l));
      if (s === 0) s = norm;
      if (Math.abs(H(l, l - 1)) <= EPS * s) break;
      l--;
    }
    if (l === n) {
      // one root
      h[n * nn + n] += exshift;
      wr[n] = H(n, n);
      wi[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // two roots: a real pair (split by a rotation) or a complex pair
      w = H(n, n - 1) * H(n - 1, n);
      p = (H(n - 1, n - 1) - H(n, n)) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      h[n * nn + n] += exshift;
      h[(n - 1) * nn + n - 1] += exshift;
      x = H(n, n);
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        wr[n - 1] = x + z;
        wr[n] = z !== 0 ? x - w / z : x + z;
        wi[n - 1] = wi[n] = 0;
        x = H(n, n - 1);
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = H(n - 1, j);
          h[(n - 1) * nn + j] = q * z + p * H(n, j);
          h[n * nn + j] = q * H(n, j) - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = H(i, n - 1);
          h[i * nn + n - 1] = q * z + p * H(i, n);
          h[i * nn + n] = q * H(i, n) - p * z;
        }
        if (vt) {
          const a = (n - 1) * nn, b = n * nn;
          for (let i = 0; i < nn; i++) {
            z = vt[a + i];
            vt[a + i] = q * z + p * vt[b + i];
            vt[b + i] = q * vt[b + i] - p * z;
          }
        }
      } else {
        wr[n - 1] = wr[n] = x + p;
        wi[n - 1] = z;
        wi[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      // no convergence yet: form the shift
      x = H(n, n);
      y = 0;
      w = 0;
      if (l < n) {
        y = H(n - 1, n - 1);
        w = H(n, n - 1) * H(n - 1, n);
      }
      if (iter % 20 === 10) {
        // Wilkinson's exceptional shift
        exshift += x;
        for (let i = 0; i <= n; i++) h[i * nn + i] -= x;
        s = Math.abs(H(n, n - 1)) + Math.abs(H(n - 1, n - 2));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter > 0 && iter % 20 === 0) {
        // MATLAB's exceptional shift
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) h[i * nn + i] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      if (++iter > 100) throw new LinAlgError(msg.eigNotConverged);
      // look for two consecutive small subdiagonal elements
      let m = n - 2;
      while (m >= l) {
        z = H(m, m);
        r = x - z;
        s = y - z;
        p = (r * s - w) / H(m + 1, m) + H(m, m + 1);
        q = H(m + 1, m + 1) - z - r - s;
        r = H(m + 2, m + 1);
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (Math.abs(H(m, m - 1)) * (Math.abs(q) + Math.abs(r)) < EPS * (Math.abs(p) * (Math.abs(H(m - 1, m - 1)) + Math.abs(z) + Math.abs(H(m + 1, m + 1))))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        h[i * nn + i - 2] = 0;
        if (i > m + 2) h[i * nn + i - 3] = 0;
      }
      // the double QR step on rows l..n and columns m..n
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = H(k, k - 1);
          q = H(k + 1, k - 1);
          r = notlast ? H(k + 2, k - 1) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) h[k * nn + k - 1] = -s * x;
        else if (l !== m) h[k * nn + k - 1] = -H(k, k - 1);
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        const r0 = k * nn, r1 = r0 + nn, r2 = r1 + nn;
        if (notlast) reflect3(h, r0 + k, r1 + k, r2 + k, nn - k, 1, q, r, x, y, z);
        else {
          for (let j = k; j < nn; j++) {
            p = h[r0 + j] + q * h[r1 + j];
            h[r0 + j] -= p * x;
            h[r1 + j] -= p * y;
          }
        }
        const top = Math.min(n, k + 3);
        for (let i = 0; i <= top; i++) {
          const o = i * nn + k;
          p = x * h[o] + y * h[o + 1];
          if (notlast) {
            p += z * h[o + 2];
            h[o + 2] -= p * r;
          }
          h[o] -= p;
          h[o + 1] -= p * q;
        }
        if (vt) {
          const a = k * nn, b = a + nn, c = b + nn;
          if (notlast) reflect3(vt, a, b, c, nn, x, y, z, 1, q, r);
          else {
            for (let i = 0; i < nn; i++) {
              p = x * vt[a + i] + y * vt[b + i];
              vt[a + i] -= p;
              vt[b + i] -= p * q;
            }
          }
        }
      }
    }
  }
}

/**
 * Eigenvectors of the quasi-triangular Schur form h by back-substitution (EISPACK's
 * hqr2), turned into eigenvectors of the original matrix through vt. A complex pair's
 * vector x + iy (for the eigenvalue with positive imaginary part) is left as rows j, j+1.
 */
function realEigenvectors(nn: number, h: Float64Array, vt: Float64Array, wr: Float64Array, wi: Float64Array): void {
  const H = (i: number, j: number) => h[i * nn + j];
  const set = (i: number, j: number, v: number) => { h[i * nn + j] = v; };
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(H(i, j));
  if (norm === 0) return;
  let r = 0, s = 0, z = 0, t: number, w: number, x: number, y: number;
  for (let n = nn - 1; n >= 0; n--) {
    const p = wr[n];
    let q = wi[n];
    if (q === 0) {
      // a real vector: solve (T - p)·x = 0 with x[n] = 1 upwards
      let l = n;
      set(n, n, 1);
      for (let i = n - 1; i >= 0; i--) {
        w = H(i, i) - p;
        r = 0;
        for (let j = l; j <= n; j++) r += H(i, j) * H(j, n);
        if (wi[i] < 0) {
          z = w;
          s = r;
        } else {
          l = i;
          if (wi[i] === 0) {
            set(i, n, w !== 0 ? -r / w : -r / (EPS * norm));
          } else {
            // a 2×2 block: solve the real 2×2 system
            x = H(i, i + 1);
            y = H(i + 1, i);
            q = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i];
            t = (x * s - z * r) / q;
            set(i, n, t);
            set(i + 1, n, Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z);
          }
          // keep the vector from overflowing
          t = Math.abs(H(i, n));
          if (EPS * t * t > 1) for (let j = i; j <= n; j++) set(j, n, H(j, n) / t);
        }
      }
    } else if (q < 0) {
      // a complex vector for p + iq (q < 0: the pair's second) in columns n-1 (re), n (im)
      let l = n - 1;
      if (Math.abs(H(n, n - 1)) > Math.abs(H(n - 1, n))) {
        set(n - 1, n - 1, q / H(n, n - 1));
        set(n - 1, n, -(H(n, n) - p) / H(n, n - 1));
      } else {
        const [cr, ci] = cdiv(0, -H(n - 1, n), H(n - 1, n - 1) - p, q);
        set(n - 1, n - 1, cr);
        set(n - 1, n, ci);
      }
      set(n, n - 1, 0);
      set(n, n, 1);
      for (let i = n - 2; i >= 0; i--) {
        let ra = 0, sa = 0;
        for (let j = l; j <= n; j++) {
          ra += H(i, j) * H(j, n - 1);
          sa += H(i, j) * H(j, n);
        }
        w = H(i, i) - p;
        if (wi[i] < 0) {
          z = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (wi[i] === 0) {
            const [cr, ci] = cdiv(-ra, -sa, w, q);
            set(i, n - 1, cr);
            set(i, n, ci);
          } else {
            x = H(i, i + 1);
            y = H(i + 1, i);
            let vr = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i] - q * q;
            const vi = (wr[i] - p) * 2 * q;
            if (vr === 0 && vi === 0) vr = EPS * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            const [cr, ci] = cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi);
            set(i, n - 1, cr);
            set(i, n, ci);
            if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
              set(i + 1, n - 1, (-ra - w * H(i, n - 1) + q * H(i, n)) / x);
              set(i + 1, n, (-sa - w * H(i, n) - q * H(i, n - 1)) / x);
            } else {
              const [er, ei] = cdiv(-r - y * H(i, n - 1), -s - y * H(i, n), z, q);
              set(i + 1, n - 1, er);
              set(i + 1, n, ei);
            }
          }
          t = Math.max(Math.abs(H(i, n - 1)), Math.abs(H(i, n)));
          if (EPS * t * t > 1) {
            for (let j = i; j <= n; j++) {
              set(j, n - 1, H(j, n - 1) / t);
              set(j, n, H(j, n) / t);
            }
          }
        }
      }
    }
  }
  // back to the original basis: column j of V·X, rows of vt
  const acc = new Float64Array(nn);
  for (let j = nn - 1; j >= 0; j--) {
    acc.fill(0);
    for (let k = 0; k <= j; k++) {
      const c = H(k, j);
      if (c === 0) continue;
      const row = k * nn;
      for (let i = 0; i < nn; i++) acc[i] += c * vt[row + i];
    }
    vt.set(acc, j * nn);
  }
}

// ---- complex matrices: single-shift QR ------------------------------------------------------

const abs1 = (re: number, im: number) => Math.abs(re) + Math.abs(im);

/**
 * The complex Hessenberg matrix (hr, hi) to upper triangular Schur form T by shifted QR
 * (Wilkinson's shift, each step by Givens rotations), the transformations accumulated
 * into the rows of (zr, zi). Eigenvalues (the diagonal of T) to (wr, wi).
 */
function complexSchur(n: number, hr: Float64Array, hi: Float64Array, zr: Float64Array | null, zi: Float64Array | null, wr: Float64Array, wi: Float64Array): void {
  let norm = 0;
  for (let t = 0; t < n * n; t++) norm += abs1(hr[t], hi[t]);
  if (!Number.isFinite(norm)) throw new LinAlgError(msg.eigNotConverged);
  const cs = new Float64Array(n), snr = new Float64Array(n), sni = new Float64Array(n);
  let end = n - 1, iter = 0;
  while (end >= 0) {
    let l = end;
    while (l > 0) {
      let s = abs1(hr[(l - 1) * n + l - 1], hi[(l - 1) * n + l - 1]) + abs1(hr[l * n + l], hi[l * n + l]);
      if (s === 0) s = norm;
      if (abs1(hr[l * n + l - 1], hi[l * n + l - 1]) <= EPS * s) break;
      l--;
    }
    if (l > 0) { hr[l * n + l - 1] = 0; hi[l * n + l - 1] = 0; }
    if (l === end) {
      wr[end] = hr[end * n + end];
      wi[end] = hi[end * n + end];
      end--;
      iter = 0;
      continue;
    }
    if (++iter > 300) throw new LinAlgError(msg.eigNotConverged);
    // the shift: the eigenvalue of the trailing 2×2 block nearer its last diagonal entry
    const a = end - 1, b = end;
    let mr: number, mi: number;
    if (iter % 10 === 0) {
      const sub = abs1(hr[b * n + a], hi[b * n + a]);
      mr = hr[b * n + b] + 0.75 * sub;
      mi = hi[b * n + b];
    } else {
      [mr, mi] = wilkinsonShift(
        hr[a * n + a], hi[a * n + a], hr[a * n + b], hi[a * n + b],
        hr[b * n + a], hi[b * n + a], hr[b * n + b], hi[b * n + b],
      );
    }
    for (let k = l; k <= end; k++) { hr[k * n + k] -= mr; hi[k * n + k] -= mi; }
    // H - μ = Q·R: rotations from the left (full rows, for the whole Schur form)
    for (let k = l; k < end; k++) {
      const xr = hr[k * n + k], xi = hi[k * n + k], yr = hr[(k + 1) * n + k], yi = hi[(k + 1) * n + k];
      const ax = hypot(xr, xi), nrm = hypot(ax, hypot(yr, yi));
      let c: number, sr: number, si: number;
      if (nrm === 0) { c = 1; sr = 0; si = 0; }
      else if (ax === 0) { c = 0; sr = 1; si = 0; }
      else {
        // s = (x/|x|)·conj(y)/‖(x, y)‖
        const ur = xr / ax, ui = xi / ax;
        c = ax / nrm;
        sr = (ur * yr + ui * yi) / nrm;
        si = (ui * yr - ur * yi) / nrm;
      }
      cs[k] = c; snr[k] = sr; sni[k] = si;
      const r0 = k * n, r1 = r0 + n;
      for (let j = k; j < n; j++) {
        const pr = hr[r0 + j], pi = hi[r0 + j], qr = hr[r1 + j], qi = hi[r1 + j];
        // [p; q] ← [c·p + s·q; -conj(s)·p + c·q]
        hr[r0 + j] = c * pr + sr * qr - si * qi;
        hi[r0 + j] = c * pi + sr * qi + si * qr;
        hr[r1 + j] = c * qr - (sr * pr + si * pi);
        hi[r1 + j] = c * qi - (sr * pi - si * pr);
      }
      hr[r1 + k] = 0;
      hi[r1 + k] = 0;
    }
    // R·Q + μ: the conjugate-transposed rotations from the right
    for (let k = l; k < end; k++) {
      const c = cs[k], sr = snr[k], si = sni[k];
      const top = Math.min(k + 1, end);
      for (let i = 0; i <= top; i++) {
        const o = i * n + k;
        const pr = hr[o], pi = hi[o], qr = hr[o + 1], qi = hi[o + 1];
        // [p, q] ← [c·p + conj(s)·q, -s·p + c·q]
        hr[o] = c * pr + sr * qr + si * qi;
        hi[o] = c * pi + sr * qi - si * qr;
        hr[o + 1] = c * qr - (sr * pr - si * pi);
        hi[o + 1] = c * qi - (sr * pi + si * pr);
      }
      if (zr && zi) {
        const a0 = k * n, a1 = a0 + n;
        for (let i = 0; i < n; i++) {
          const pr = zr[a0 + i], pi = zi[a0 + i], qr = zr[a1 + i], qi = zi[a1 + i];
          zr[a0 + i] = c * pr + sr * qr + si * qi;
          zi[a0 + i] = c * pi + sr * qi - si * qr;
          zr[a1 + i] = c * qr - (sr * pr - si * pi);
          zi[a1 + i] = c * qi - (sr * pi + si * pr);
        }
      }
    }
    for (let k = l; k <= end; k++) { hr[k * n + k] += mr; hi[k * n + k] += mi; }
  }
}

/** The eigenvalue of [[a, b], [c, d]] nearer d (complex entries as re, im pairs). */
function wilkinsonShift(ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number): [number, number] {
  // d - bc / (x + y), x = (a - d)/2, y = ±sqrt(x² + bc) with re(conj(x)·y) ≥ 0
  const xr = (ar - dr) / 2, xi = (ai - di) / 2;
  const pr = br * cr - bi * ci, pi = br * ci + bi * cr;
  const scale = Math.max(abs1(xr, xi), Math.sqrt(abs1(pr, pi)));
  if (scale === 0) return [dr, di];
  const sxr = xr / scale, sxi = xi / scale, spr = pr / scale / scale, spi = pi / scale / scale;
  let [yr, yi] = csqrt(sxr * sxr - sxi * sxi + spr, 2 * sxr * sxi + spi);
  if (sxr * yr + sxi * yi < 0) { yr = -yr; yi = -yi; }
  const sr = sxr + yr, si = sxi + yi;
  if (sr === 0 && si === 0) return [dr, di];
  const [qr, qi] = cdiv(spr, spi, sr, si);
  return [dr - qr * scale, di - qi * scale];
}

/** The principal square root of a + bi. */
function csqrt(a: number, b: number): [number, number] {
  const m = hypot(a, b);
  if (m === 0) return [0, 0];
  if (a >= 0) {
    const t = Math.sqrt((m + a) / 2);
    return [t, b / (2 * t)];
  }
  const t = Math.sqrt((m - a) / 2);
  return [Math.abs(b) / (2 * t), b >= 0 ? t : -t];
}

/**
 * Eigenvectors of the upper triangular T = (tr, ti) by back-substitution (LAPACK's
 * trevc), turned into eigenvectors of the original matrix through the rows of (zr, zi),
 * which they replace.
 */
function complexEigenvectors(n: number, tr: Float64Array, ti: Float64Array, zr: Float64Array, zi: Float64Array): void {
  let norm = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) norm = Math.max(norm, abs1(tr[i * n + j], ti[i * n + j]));
  const small = Math.max(EPS * norm, Number.MIN_VALUE * 2 ** 60);
  const xr = new Float64Array(n), xi = new Float64Array(n);
  const outR = new Float64Array(n * n), outI = new Float64Array(n * n);
  for (let k = n - 1; k >= 0; k--) {
    const lr = tr[k * n + k], li = ti[k * n + k];
    xr.fill(0); xi.fill(0);
    xr[k] = 1;
    for (let i = k - 1; i >= 0; i--) {
      let sr = 0, si = 0;
      for (let j = i + 1; j <= k; j++) {
        const a = tr[i * n + j], b = ti[i * n + j];
        sr += a * xr[j] - b * xi[j];
        si += a * xi[j] + b * xr[j];
      }
      let dr = tr[i * n + i] - lr, di = ti[i * n + i] - li;
      if (abs1(dr, di) < small) { dr = small; di = 0; }
      const [qr, qi] = cdiv(-sr, -si, dr, di);
      xr[i] = qr; xi[i] = qi;
      const big = abs1(qr, qi);
      if (big > 1e100) for (let j = i; j <= k; j++) { xr[j] /= big; xi[j] /= big; }
    }
    // column k of Z·x
    const o = k * n;
    for (let j = 0; j <= k; j++) {
      const a = xr[j], b = xi[j];
      if (a === 0 && b === 0) continue;
      const row = j * n;
      for (let i = 0; i < n; i++) {
        const c = zr[row + i], d = zi[row + i];
        outR[o + i] += a * c - b * d;
        outI[o + i] += a * d + b * c;
      }
    }
  }
  zr.set(outR);
  zi.set(outI);
}
