// Householder QR, and what is built on it: qr, and lstsq by one-sided Jacobi.
//
// The kernels work on column-major (LAPACK-order) matrices, so that reflectors and
// columns are contiguous. The reflectors are LAPACK's (geqr2 / larfg: R's diagonal is
// -sign(α)·‖x‖, real also for complex input; org2r / ung2r build Q), so qr gives NumPy's
// signs and its "raw" mode NumPy's h and tau. lstsq is LAPACK gelsd's minimum-norm
// solution from an SVD of R by one-sided (Hestenes) Jacobi: rotations orthogonalize R's
// columns, whose norms are then the singular values to high relative accuracy; those at
// most rcond·σmax count as zero.

import { LinAlgError, ValueError } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, fromBuffer } from "../ndarray.js";
import { asarray } from "../creation.js";
import { allocStorage } from "../../runtime/buffer.js";
import { argsOf } from "../join.js";
import type { ArrayLike } from "../ufunc.js";
import { assert2d, assertStacked2d, commonType, stacked } from "./batch.js";
import { cdiv } from "./dense.js";

const EPS = 2.220446049250313e-16;
const SAFMIN = 2.2250738585072014e-308 / (EPS / 2);

// ---- reflectors ------------------------------------------------------------------------------

/** √(Σ |x_i|²) of len pairs/values from `at` (stride 1), scaled only when the plain sum would over- or underflow. */
function nrm2(lanes: number, x: Float64Array, at: number, len: number): number {
  let s = 0;
  const end = lanes * (at + len);
  for (let i = lanes * at; i < end; i++) s += x[i] * x[i];
  if (s > 1e-280 && s < 1e280) return Math.sqrt(s);
  if (s === 0 || Number.isNaN(s)) return s;
  let big = 0;
  for (let i = lanes * at; i < end; i++) big = Math.max(big, Math.abs(x[i]));
  if (big === 0 || big === Infinity) return big;
  s = 0;
  for (let i = lanes * at; i < end; i++) { const v = x[i] / big; s += v * v; }
  return big * Math.sqrt(s);
}

/**
 * LAPACK's larfg on x = a[at .. at + len) (pairs when lanes is 2): makes H = I - τ·v·vᴴ
 * with H·x = (β, 0, ..., 0), β real; stores β at `at`, v's tail after it (v₀ = 1) and
 * τ at tau[j].
 */
function reflect(lanes: number, a: Float64Array, at: number, len: number, tau: Float64Array, j: number): void {
  const tr = lanes * j;
  tau[tr] = 0;
  if (lanes === 2) tau[tr + 1] = 0;
  if (len <= (lanes === 1 ? 1 : 0)) return;
  let xnorm = nrm2(lanes, a, at + 1, len - 1);
  let ar = a[lanes * at], ai = lanes === 2 ? a[lanes * at + 1] : 0;
  if (xnorm === 0 && ai === 0) return;
  let beta = -Math.sign(ar || 1) * Math.hypot(ar, ai, xnorm);
  let knt = 0;
  if (Math.abs(beta) < SAFMIN) {
    // β and the vector are tiny: rescale (LAPACK's loop), at most 20 times
    const rs = 1 / SAFMIN;
    do {
      knt++;
      for (let i = lanes * (at + 1); i < lanes * (at + len); i++) a[i] *= rs;
      beta *= rs; ar *= rs; ai *= rs;
    } while (Math.abs(beta) < SAFMIN && knt < 20);
    xnorm = nrm2(lanes, a, at + 1, len - 1);
    beta = -Math.sign(ar || 1) * Math.hypot(ar, ai, xnorm);
  }
  if (lanes === 1) {
    tau[tr] = (beta - ar) / beta;
    const s = 1 / (ar - beta);
    for (let i = at + 1; i < at + len; i++) a[i] *= s;
  } else {
    tau[tr] = (beta - ar) / beta; tau[tr + 1] = -ai / beta;
    const [sr, si] = cdiv(1, 0, ar - beta, ai);
    for (let i = at + 1; i < at + len; i++) {
      const xr = a[2 * i], xi = a[2 * i + 1];
      a[2 * i] = xr * sr - xi * si; a[2 * i + 1] = xr * si + xi * sr;
    }
  }
  for (let k = 0; k < knt; k++) beta *= SAFMIN;
  a[lanes * at] = beta;
  if (lanes === 2) a[lanes * at + 1] = 0;
}

/**
 * Applies H = I - τ·v·vᴴ (or Hᴴ when `conj`) from the left to columns [c0, c1) of the
 * column-major matrix c (leading dimension ld), rows [r0, r0 + len): v is a column of
 * `vs` from `vo` with v₀ = 1 implied.
 */
function applyLeft(lanes: number, vs: Float64Array, vo: number, len: number, tr: number, ti: number, conj: boolean, c: Float64Array, ld: number, r0: number, c0: number, c1: number): void {
  if (tr === 0 && ti === 0) return;
  if (conj) ti = -ti;
  for (let col = c0; col < c1; col++) {
    const base = col * ld + r0;
    if (lanes === 1) {
      let w = c[base];
      for (let i = 1; i < len; i++) w += vs[vo + i] * c[base + i];
      w *= tr;
      c[base] -= w;
      for (let i = 1; i < len; i++) c[base + i] -= vs[vo + i] * w;
    } else {
      // w = vᴴ·c, then c -= τ·v·w
      let wr = c[2 * base], wi = c[2 * base + 1];
      for (let i = 1; i < len; i++) {
        const vr = vs[2 * (vo + i)], vi = vs[2 * (vo + i) + 1], xr = c[2 * (base + i)], xi = c[2 * (base + i) + 1];
        wr += vr * xr + vi * xi; wi += vr * xi - vi * xr;
      }
      const sr = tr * wr - ti * wi, si = tr * wi + ti * wr;
      c[2 * base] -= sr; c[2 * base + 1] -= si;
      for (let i = 1; i < len; i++) {
        const vr = vs[2 * (vo + i)], vi = vs[2 * (vo + i) + 1];
        c[2 * (base + i)] -= vr * sr - vi * si; c[2 * (base + i) + 1] -= vr * si + vi * sr;
      }
    }
  }
}

/** LAPACK's geqr2 on the m×n column-major `a`: R on and above the diagonal, reflectors below, τ in `tau` (min(m, n)). */
export function qrFactor(lanes: number, a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    const at = j * m + j;
    reflect(lanes, a, at, m - j, tau, j);
    if (j + 1 < n) applyLeft(lanes, a, at, m - j, tau[lanes * j], lanes === 2 ? tau[2 * j + 1] : 0, true, a, m, j, j + 1, n);
  }
}

/**
 * LAPACK's org2r / ung2r: the first `cols` columns of Q = H₀·H₁···H_{k-1} into q (m×cols,
 * column-major), from the reflectors in the first k columns of `a` (m rows).
 */
function formQ(lanes: number, a: Float64Array, m: number, k: number, tau: Float64Array, q: Float64Array, cols: number): void {
  q.fill(0);
  for (let j = 0; j < Math.min(k, cols); j++) q.set(a.subarray(lanes * j * m, lanes * (j + 1) * m), lanes * j * m);
  for (let j = k; j < cols; j++) q[lanes * (j * m + j)] = 1;
  for (let i = k - 1; i >= 0; i--) {
    const tr = tau[lanes * i], ti = lanes === 2 ? tau[2 * i + 1] : 0, d = lanes * (i * m + i);
    if (i < cols - 1) {
      q[d] = 1;
      if (lanes === 2) q[d + 1] = 0;
      applyLeft(lanes, q, i * m + i, m - i, tr, ti, false, q, m, i, i + 1, cols);
    }
    for (let r = i + 1; r < m; r++) {
      const o = lanes * (i * m + r);
      if (lanes === 1) q[o] *= -tr;
      else { const xr = q[o], xi = q[o + 1]; q[o] = -(tr * xr - ti * xi); q[o + 1] = -(tr * xi + ti * xr); }
    }
    q[d] = 1 - tr;
    if (lanes === 2) q[d + 1] = -ti;
    for (let r = 0; r < i; r++) { q[lanes * (i * m + r)] = 0; if (lanes === 2) q[lanes * (i * m + r) + 1] = 0; }
  }
}

// ---- one-sided Jacobi ---------------------------------------------------------------------------

const MAX_SWEEPS = 80;

/**
 * Orthogonalizes the columns of w (r×c, column-major) by plane rotations applied from the
 * right, accumulating them in v (c×c, column-major, starting as I).
 */
function jacobi(lanes: number, w: Float64Array, r: number, c: number, v: Float64Array): void {
  const norms = new Float64Array(c), tol = EPS * Math.sqrt(r);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    for (let j = 0; j < c; j++) { const s = nrm2(lanes, w, j * r, r); norms[j] = s * s; }
    let rotated = false;
    for (let p = 0; p < c - 1; p++) {
      for (let q = p + 1; q < c; q++) {
        const alpha = norms[p], beta = norms[q];
        if (alpha === 0 || beta === 0) continue;
        const po = p * r, qo = q * r;
        let gr = 0, gi = 0;
        if (lanes === 1) for (let i = 0; i < r; i++) gr += w[po + i] * w[qo + i];
        else for (let i = 0; i < r; i++) {
          const ar = w[2 * (po + i)], ai = w[2 * (po + i) + 1], br = w[2 * (qo + i)], bi = w[2 * (qo + i) + 1];
          gr += ar * br + ai * bi; gi += ar * bi - ai * br;
        }
        const g = lanes === 1 ? Math.abs(gr) : Math.hypot(gr, gi);
        if (!(g > tol * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
        // the phase of γ moves onto column q, making the 2×2 problem real
        const er = lanes === 1 ? Math.sign(gr) : gr / g, ei = lanes === 1 ? 0 : -gi / g;
        rotatePair(lanes, w, po, qo, r, cs, sn, er, ei);
        rotatePair(lanes, v, p * c, q * c, c, cs, sn, er, ei);
        norms[p] = alpha - t * g;
        norms[q] = beta + t * g;
      }
    }
    if (!rotated) return;
  }
}

/** x_p ← cs·x_p - sn·(e·x_q), x_q ← sn·x_p + cs·(e·x_q), e = er + i·ei (real: ±1). */
function rotatePair(lanes: number, x: Float64Array, po: number, qo: number, len: number, cs: number, sn: number, er: number, ei: number): void {
  if (lanes === 1) {
    for (let i = 0; i < len; i++) {
      const a = x[po + i], b = er * x[qo + i];
      x[po + i] = cs * a - sn * b; x[qo + i] = sn * a + cs * b;
    }
    return;
  }
  for (let i = 0; i < len; i++) {
    const ar = x[2 * (po + i)], ai = x[2 * (po + i) + 1], qr = x[2 * (qo + i)], qi = x[2 * (qo + i) + 1];
    const br = er * qr - ei * qi, bi = er * qi + ei * qr;
    x[2 * (po + i)] = cs * ar - sn * br; x[2 * (po + i) + 1] = cs * ai - sn * bi;
    x[2 * (qo + i)] = sn * ar + cs * br; x[2 * (qo + i) + 1] = sn * ai + cs * bi;
  }
}

/** The thin SVD pieces of a tall m×n (m ≥ n) column-major matrix, from QR then Jacobi on R. */
interface Tall {
  /** R·V = W: R's columns made orthogonal (n×n), their norms the singular values. */
  w: Float64Array;
  v: Float64Array;
  /** The QR reflectors and τ, to apply Qᴴ or Q. */
  qr: Float64Array;
  tau: Float64Array;
}

function tallSvd(lanes: number, a: Float64Array, m: number, n: number): Tall {
  const tau = new Float64Array(lanes * n);
  qrFactor(lanes, a, m, n, tau);
  const w = new Float64Array(lanes * n * n), v = new Float64Array(lanes * n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      w[lanes * (j * n + i)] = a[lanes * (j * m + i)];
      if (lanes === 2) w[lanes * (j * n + i) + 1] = a[lanes * (j * m + i) + 1];
    }
    v[lanes * (j * n + j)] = 1;
  }
  jacobi(lanes, w, n, n, v);
  return { w, v, qr: a, tau };
}

/** Aᴴ of the m×n column-major `a`, column-major (n×m). */
function adjoint(lanes: number, a: Float64Array, m: number, n: number): Float64Array {
  const b = new Float64Array(lanes * m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
    b[lanes * (i * n + j)] = a[lanes * (j * m + i)];
    if (lanes === 2) b[lanes * (i * n + j) + 1] = -a[lanes * (j * m + i) + 1];
  }
  return b;
}

/** Column norms of w (k columns of length k) in descending order, with the order. */
function sortedNorms(lanes: number, w: Float64Array, k: number): { s: Float64Array; order: number[] } {
  const s0 = Array.from({ length: k }, (_, j) => nrm2(lanes, w, j * k, k));
  const order = s0.map((_, j) => j).sort((x, y) => s0[y] - s0[x] || x - y);
  return { s: Float64Array.from(order, (j) => s0[j]), order };
}

// ---- qr ---------------------------------------------------------------------------------------

export type QrMode = "reduced" | "complete" | "r" | "raw";

/**
 * `np.linalg.qr(a, mode = "reduced")`: Q and R with a = Q·R (Householder, LAPACK's signs);
 * mode "complete" gives a square Q, "r" only R, "raw" LAPACK's [h, tau]. Stacks allowed.
 * Example: `const [Q, R] = np.linalg.qr(A)`.
 */
export function qr(a: ArrayLike, mode: "r" | { mode: "r" }): NDArray;
export function qr(a: ArrayLike, mode?: Exclude<QrMode, "r"> | { mode?: Exclude<QrMode, "r"> }): [NDArray, NDArray];
export function qr(a: ArrayLike, ...args: (QrMode | { mode?: QrMode } | undefined)[]): NDArray | [NDArray, NDArray];
export function qr(a: ArrayLike, ...args: (QrMode | { mode?: QrMode } | undefined)[]): NDArray | [NDArray, NDArray] {
  const o = argsOf(["mode"], args);
  const mode = (o.mode ?? "reduced") as string;
  if (!["reduced", "complete", "r", "raw"].includes(mode)) throw new ValueError(`Unrecognized mode '${mode}'`);
  const A = asarray(a);
  assertStacked2d(A);
  const m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1], k = Math.min(m, n);
  const t = commonType("qr_r_raw_m", A), lanes = t.complex ? 2 : 1, d = t.result;
  const tau = new Float64Array(lanes * k);
  const operand = [{ array: A, core: 2, order: "F" as const }];
  if (mode === "raw") {
    const [h, tauOut] = stacked("qr", operand, [{ core: [n, m], dtype: d }, { core: [k], dtype: d }], t.complex, ([x], [h, to]) => {
      qrFactor(lanes, x, m, n, tau);
      h.set(x);
      to.set(tau);
    });
    return [h, tauOut];
  }
  const mc = mode === "complete" && m > n ? m : k;
  /** R = triu of the first `rows` rows, column-major. */
  const upper = (x: Float64Array, r: Float64Array, rows: number) => {
    r.fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i <= Math.min(j, rows - 1); i++) {
      r[lanes * (j * rows + i)] = x[lanes * (j * m + i)];
      if (lanes === 2) r[lanes * (j * rows + i) + 1] = x[lanes * (j * m + i) + 1];
    }
  };
  if (mode === "r") {
    return stacked("qr", operand, [{ core: [k, n], dtype: d, order: "F" }], t.complex, ([x], [r]) => {
      qrFactor(lanes, x, m, n, tau);
      upper(x, r, k);
    })[0];
  }
  const [Q, R] = stacked("qr", operand, [{ core: [m, mc], dtype: d, order: "F" }, { core: [mc, n], dtype: d, order: "F" }], t.complex, ([x], [q, r]) => {
    qrFactor(lanes, x, m, n, tau);
    upper(x, r, mc);
    formQ(lanes, x, m, k, tau, q, mc);
  });
  return [Q, R];
}

// ---- lstsq ------------------------------------------------------------------------------------

/**
 * `np.linalg.lstsq(a, b, rcond = null)`: the least-squares solution x of a·x ≈ b of least
 * norm, as [x, residuals, rank, s] (rank a 0-d int32 array). rcond null means machine
 * precision × max(M, N) (NumPy's future default, without its warning); singular values at
 * most rcond·σmax count as zero. When M > N the residuals' length depends on the rank, so
 * the solution is computed at the call. Example: `const [x] = np.linalg.lstsq(A, y)`.
 */
export function lstsq(a: ArrayLike, b: ArrayLike, ...args: (number | null | { rcond?: number | null } | undefined)[]): [NDArray, NDArray, NDArray, NDArray] {
  const o = argsOf(["rcond"], args);
  const A = asarray(a);
  let B = asarray(b);
  const is1d = B.ndim === 1;
  if (is1d) B = B.reshape(B.shape[0], 1);
  assert2d(A, B);
  const [m, n] = A.shape, [m2, nrhs] = B.shape;
  if (m !== m2) throw new LinAlgError("Incompatible dimensions");
  const t = commonType("lstsq_n", A, B), lanes = t.complex ? 2 : 1;
  const given = o.rcond === undefined || o.rcond === null ? EPS * Math.max(m, n) : Number(o.rcond);
  const rcond = given <= 0 || given >= 1 ? EPS / 2 : given;
  const k = Math.min(m, n);
  const xShape = is1d ? [n] : [n, nrhs];
  const [x, resid, rank, s] = stacked("lstsq", [{ array: A, core: 2, order: "F" }, { array: B, core: 2, order: "F" }],
    [{ core: xShape, dtype: t.result, order: "F" }, { core: [nrhs], dtype: t.real }, { core: [], dtype: dt("int32") }, { core: [k], dtype: t.real }],
    t.complex, ([a, bb], [xo, ro, rk, so]) => leastSquares(lanes, a, m, n, bb, nrhs, rcond, xo, ro, rk, so));
  if (m <= n || nrhs === 0) return [x, empty(t.real), rank, s];
  // the residuals exist only at full rank: computing decides their shape
  if (Number(rank.item()) !== n) return [x, empty(t.real), rank, s];
  return [x, resid, rank, s];
}

const empty = (d: ReturnType<typeof dt>) => fromBuffer(allocStorage(d.id, 0), d, { shape: [0], strides: [1], offset: 0 });

/** gelsd's solution from QR and Jacobi: x (n×nrhs, column-major), residual sums, rank, σ. */
function leastSquares(lanes: number, a: Float64Array, m: number, n: number, b: Float64Array, nrhs: number, rcond: number,
  x: Float64Array, resid: Float64Array, rank: Float64Array, sOut: Float64Array): void {
  x.fill(0);
  resid.fill(0);
  rank[0] = 0;
  if (m === 0 || n === 0) {
    // no equations, or no unknowns: x = 0, and the residual is all of b
    for (let j = 0; j < nrhs; j++) resid[j] = m === 0 ? 0 : nrm2(lanes, b, j * m, m) ** 2;
    return;
  }
  const tall = m >= n;
  const [r, c] = tall ? [m, n] : [n, m];
  const t = tallSvd(lanes, tall ? a : adjoint(lanes, a, m, n), r, c);
  const { s, order } = sortedNorms(lanes, t.w, c);
  sOut.set(s);
  const tol = rcond * s[0];
  let rk = 0;
  while (rk < c && s[rk] > tol) rk++;
  rank[0] = rk;
  const w = t.w, v = t.v;
  // with R·V = W = U·Σ: tall A = Q·R gives x = V·Σ⁺·Uᴴ·(Qᴴb)₁..n; wide Aᴴ = Q·R gives x = Q·[U·Σ⁺·Vᴴ·b; 0]
  const y = new Float64Array(lanes * c), coef = new Float64Array(lanes * c);
  const col = new Float64Array(lanes * r);
  for (let j = 0; j < nrhs; j++) {
    col.fill(0);
    col.set(b.subarray(lanes * j * m, lanes * (j + 1) * m));
    if (tall) for (let i = 0; i < c; i++) applyLeft(lanes, t.qr, i * r + i, r - i, t.tau[lanes * i], lanes === 2 ? t.tau[2 * i + 1] : 0, true, col, r, i, 0, 1);
    // coef_q = (left factor of the q-th singular triple)ᴴ · rhs / σ_q
    const left = tall ? w : v, right = tall ? v : w;
    for (let q = 0; q < rk; q++) {
      const jq = order[q], scale = tall ? 1 / (s[q] * s[q]) : 1 / s[q];
      // tall: U's column is w/σ, so uᴴ·rhs/σ = wᴴ·rhs/σ²; wide: Vᴴ·b / σ with V's column plain
      let cr = 0, ci = 0;
      for (let i = 0; i < c; i++) {
        const lr = left[lanes * (jq * c + i)], li = lanes === 2 ? left[lanes * (jq * c + i) + 1] : 0;
        const br = col[lanes * i], bi = lanes === 2 ? col[lanes * i + 1] : 0;
        cr += lr * br + li * bi; ci += lr * bi - li * br;
      }
      coef[lanes * q] = cr * scale;
      if (lanes === 2) coef[lanes * q + 1] = ci * scale;
    }
    y.fill(0);
    for (let q = 0; q < rk; q++) {
      const jq = order[q], cr = coef[lanes * q], ci = lanes === 2 ? coef[lanes * q + 1] : 0;
      const f = tall ? 1 : 1 / s[q];
      for (let i = 0; i < c; i++) {
        const rr = right[lanes * (jq * c + i)] * f, ri = lanes === 2 ? right[lanes * (jq * c + i) + 1] * f : 0;
        y[lanes * i] += rr * cr - ri * ci;
        if (lanes === 2) y[lanes * i + 1] += rr * ci + ri * cr;
      }
    }
    if (tall) {
      x.set(y, lanes * j * n);
      if (rk === n) {
        let sum = 0;
        for (let i = lanes * n; i < lanes * m; i++) sum += col[i] * col[i];
        resid[j] = sum;
      }
    } else {
      col.fill(0);
      col.set(y);
      for (let i = c - 1; i >= 0; i--) applyLeft(lanes, t.qr, i * r + i, r - i, t.tau[lanes * i], lanes === 2 ? t.tau[2 * i + 1] : 0, false, col, r, i, 0, 1);
      x.set(col, lanes * j * n);
    }
  }
}
