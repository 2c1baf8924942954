// The distribution algorithms NumPy's legacy RandomState and the new Generator share: the C
// functions of distributions.c that legacy-distributions.c / mtrand.pyx call unchanged, and the
// ones NumPy writes twice, once over each API's primitive draws. Each takes the bit generator
// it draws from, or a `Draws` (the bit generator plus its API's normal and exponential).
//
// Shared as NumPy shares them (mtrand.pyx calls these directly, or legacy_* wraps them):
//   randomStandardUniformFill (random_standard_uniform_fill: random_sample / rand)
//   randomUniform             (random_uniform: uniform)
//   randomLaplace, randomGumbel, randomLogistic, randomTriangular
//   randomInterval            (random_interval: shuffle / permutation)
//   randomPositiveInt         (random_positive_int: tomaxint)
//   randomLoggam              (random_loggam: poisson PTRS, legacy hypergeometric HRUA)
//   randomPoisson             (random_poisson: multiplication for lam < 10, PTRS for lam >= 10;
//                              legacy_random_poisson, legacy negative binomial and legacy
//                              noncentral chi-square call it)
//   randomGeometricSearch     (random_geometric_search: geometric with p >= 1/3, both APIs)
//   binomial                  (random_binomial for Generator; `legacy: true` is NumPy's frozen
//                              legacy_random_binomial copy: inversion with exp(n*log(q)), no
//                              n == 0 / p == 0 shortcut, and BTPE with the original paper's
//                              error terms all added). Both keep their set-up in a
//                              BinomialCache, as NumPy's `binomial_t`.
//   multinomial               (random_multinomial, over either binomial)
// Written twice by NumPy, the same algorithm over different primitives (a `Draws`):
//   standardGamma, gamma, chisquare, fDist, standardT, standardCauchy, negativeBinomial, normal,
//   exponential, lognormal, weibull, dirichletGammas (random_* and legacy_*); noncentralChisquare, noncentralF,
//   vonmises, zipf and logseries with `legacy` selecting the legacy copy's few differences.
// All arithmetic follows the C expression by expression (same operation order) so that the
// results are bit-identical up to libm differences. Float results go through libm.ts's log,
// exp and pow (glibc's correctly rounded answers, where Math.log misses ~7% of them); logs
// that only steer a rejection test (PTRS, loggam, BTPE's acceptance, gamma's squeeze, von
// Mises) keep the faster Math.log: an ulp there flips a decision with probability ~2^-50.
// log1p and expm1 stay Math's on purpose: glibc's are fdlibm's (not correctly rounded) and V8's
// agree with them on 99.95% / 99.7% of arguments, where correctly rounded ones would on ~92%.

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { exp, log, pow } from "./libm.js";

/** `random_standard_uniform_fill`: `n` doubles in [0, 1) into `out[start..start+n)`. */
export function randomStandardUniformFill(bg: BitGenerator, out: Float64Array, start: number, n: number): void {
  bg.fillDouble(out, start, start + n);
}

/** `random_uniform`: `lower + range * U`. */
export function randomUniform(bg: BitGenerator, lower: number, range: number): number {
  return lower + range * bg.nextDouble();
}

/** `random_laplace` (U == 0 rejected and redrawn). */
export function randomLaplace(bg: BitGenerator, loc: number, scale: number): number {
  for (;;) {
    const U = bg.nextDouble();
    if (U >= 0.5) return loc - scale * log(2.0 - U - U);
    if (U > 0.0) return loc + scale * log(U + U);
  }
}

/** `random_gumbel` (U == 1 rejected and redrawn). */
export function randomGumbel(bg: BitGenerator, loc: number, scale: number): number {
  for (;;) {
    const U = 1.0 - bg.nextDouble();
    if (U < 1.0) return loc - scale * log(-log(U));
  }
}

/** `random_logistic` (U == 0 rejected and redrawn). */
export function randomLogistic(bg: BitGenerator, loc: number, scale: number): number {
  for (;;) {
    const U = bg.nextDouble();
    if (U > 0.0) return loc + scale * log(U / (1.0 - U));
  }
}

/** `random_triangular`. */
export function randomTriangular(bg: BitGenerator, left: number, mode: number, right: number): number {
  const base = right - left;
  const leftbase = mode - left;
  const ratio = leftbase / base;
  const leftprod = leftbase * base;
  const rightprod = (right - mode) * base;
  const U = bg.nextDouble();
  if (U <= ratio) return left + Math.sqrt(U * leftprod);
  return right - Math.sqrt((1.0 - U) * rightprod);
}

/**
 * `random_interval`: a uniform integer in [0, max] by masked rejection (32-bit draws when max
 * fits 32 bits, else 64-bit draws). `max` is a non-negative integer below 2^53.
 */
export function randomInterval(bg: BitGenerator, max: number): number {
  if (max === 0) return 0;
  if (max <= 0xffffffff) {
    let mask = max >>> 0;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    while ((v = (bg.nextUint32() & mask) >>> 0) > max);
    return v;
  }
  const maxHi = Math.floor(max / 4294967296);
  let maskHi = maxHi;
  maskHi |= maskHi >>> 1; maskHi |= maskHi >>> 2; maskHi |= maskHi >>> 4; maskHi |= maskHi >>> 8; maskHi |= maskHi >>> 16;
  maskHi >>>= 0;
  for (;;) {
    const hi = (bg.nextUint64() & maskHi) >>> 0;
    const v = hi * 4294967296 + bg.lo;
    if (v <= max) return v;
  }
}

/** `random_positive_int` on LP64: `next_uint64 >> 1` (a 63-bit integer, as a bigint). */
export function randomPositiveInt(bg: BitGenerator): bigint {
  return bg.nextUint64Big() >> 1n;
}

const LOGGAM_A = [8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
  8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
  1.796443723688307e-01, -1.39243221690590e+00];

/** `random_loggam`: log-gamma from SPECFUN (Zhang & Jin), as NumPy computes it. */
export function randomLoggam(x: number): number {
  if (x === 1.0 || x === 2.0) return 0.0;
  const n = x < 7.0 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1.0 / x0) * (1.0 / x0);
  const lg2pi = 1.8378770664093453e+00;
  let gl0 = LOGGAM_A[9]!;
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_A[k]!;
  }
  let gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * Math.log(x0) - x0;
  if (x < 7.0) {
    for (let k = 1; k <= n; k++) {
      gl -= Math.log(x0 - 1.0);
      x0 -= 1.0;
    }
  }
  return gl;
}

function poissonMult(bg: BitGenerator, lam: number): number {
  const enlam = Math.exp(-lam);
  let X = 0;
  let prod = 1.0;
  for (;;) {
    prod *= bg.nextDouble();
    if (prod > enlam) X += 1;
    else return X;
  }
}

/** PTRS, the transformed rejection method (Hörmann 1993), for lam >= 10. */
function poissonPtrs(bg: BitGenerator, lam: number): number {
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = bg.nextDouble() - 0.5;
    const V = bg.nextDouble();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor((2 * a / us + b) * U + lam + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - randomLoggam(k + 1)) return k;
  }
}

/** `random_poisson`: 0 for lam == 0, multiplication below 10, PTRS from 10. */
export function randomPoisson(bg: BitGenerator, lam: number): number {
  if (lam >= 10) return poissonPtrs(bg, lam);
  if (lam === 0) return 0;
  return poissonMult(bg, lam);
}

/** `random_geometric_search`: sequential search from 1 (NumPy uses it for p >= 1/3). */
export function randomGeometricSearch(bg: BitGenerator, p: number): number {
  let X = 1;
  let sum = p, prod = p;
  const q = 1.0 - p;
  const U = bg.nextDouble();
  while (U > sum) {
    prod *= q;
    sum += prod;
    X++;
  }
  return X;
}

/** NumPy's `binomial_t`: the set-up of the last (n, p) a binomial draw used, reused while they repeat. */
export class BinomialCache {
  has = false;
  nsave = 0;
  psave = 0;
  r = 0; q = 0; fm = 0; m = 0; p1 = 0; xm = 0; xl = 0; xr = 0; c = 0; laml = 0; lamr = 0; p2 = 0; p3 = 0; p4 = 0;
}

function binomialInversion(bg: BitGenerator, n: number, p: number, cache: BinomialCache, legacy: boolean): number {
  let q: number, qn: number, bound: number;
  if (!cache.has || cache.nsave !== n || cache.psave !== p) {
    cache.nsave = n;
    cache.psave = p;
    cache.has = true;
    cache.q = q = 1.0 - p;
    cache.r = qn = Math.exp(n * (legacy ? Math.log(q) : Math.log1p(-p)));
    const np = (cache.c = n * p);
    cache.m = bound = Math.trunc(Math.min(n, np + 10.0 * Math.sqrt(np * q + 1)));
  } else {
    q = cache.q;
    qn = cache.r;
    bound = cache.m;
  }
  let X = 0;
  let px = qn;
  let U = bg.nextDouble();
  while (U > px) {
    X++;
    if (X > bound) {
      X = 0;
      px = qn;
      U = bg.nextDouble();
    } else {
      U -= px;
      px = ((n - X + 1) * p * px) / (X * q);
    }
  }
  return X;
}

/** The Stirling tail `(13860 - (462 - (132 - (99 - 140/t2)/t2)/t2)/t2) / t / 166320` (legacy: 13680). */
function stirlingTerm(t: number, t2: number, c0: number): number {
  return (c0 - (462. - (132. - (99. - 140. / t2) / t2) / t2) / t2) / t / 166320.;
}

function binomialBtpe(bg: BitGenerator, n: number, p: number, cache: BinomialCache, legacy: boolean): number {
  let r: number, q: number, fm: number, m: number, p1: number, xm: number, xl: number, xr: number, c: number;
  let laml: number, lamr: number, p2: number, p3: number, p4: number;
  if (!cache.has || cache.nsave !== n || cache.psave !== p) {
    cache.nsave = n;
    cache.psave = p;
    cache.has = true;
    cache.r = r = Math.min(p, 1.0 - p);
    cache.q = q = 1.0 - r;
    cache.fm = fm = n * r + r;
    cache.m = m = Math.floor(fm);
    cache.p1 = p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
    cache.xm = xm = m + 0.5;
    cache.xl = xl = xm - p1;
    cache.xr = xr = xm + p1;
    cache.c = c = 0.134 + 20.5 / (15.3 + m);
    let a = (fm - xl) / (fm - xl * r);
    cache.laml = laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    cache.lamr = lamr = a * (1.0 + a / 2.0);
    cache.p2 = p2 = p1 * (1.0 + 2.0 * c);
    cache.p3 = p3 = p2 + c / laml;
    cache.p4 = p4 = p3 + c / lamr;
  } else {
    r = cache.r; q = cache.q; fm = cache.fm; m = cache.m; p1 = cache.p1; xm = cache.xm; xl = cache.xl; xr = cache.xr;
    c = cache.c; laml = cache.laml; lamr = cache.lamr; p2 = cache.p2; p3 = cache.p3; p4 = cache.p4;
  }
  const c0 = legacy ? 13680. : 13860.;
  let y = 0;
  for (;;) {
    // Step 10
    const nrq = n * r * q;
    const u = bg.nextDouble() * p4;
    let v = bg.nextDouble();
    if (u <= p1) {
      y = Math.floor(xm - p1 * v + u);
      break; // Step 60
    }
    if (u <= p2) {
      // Step 20
      const x = xl + (u - p1) / c;
      v = v * c + 1.0 - Math.abs(m - x + 0.5) / p1;
      if (v > 1.0) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      // Step 30
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0.0) continue;
      v = v * (u - p2) * laml;
    } else {
      // Step 40
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0.0) continue;
      v = v * (u - p3) * lamr;
    }
    // Step 50
    const k = Math.abs(y - m);
    if (!(k > 20 && k < nrq / 2.0 - 1)) {
      const s = r / q;
      const a = s * (n + 1);
      let F = 1.0;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) F *= a / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) F /= a / i - s;
      }
      if (v > F) continue;
      break;
    }
    // Step 52
    const rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = -k * k / (2 * nrq);
    const A = Math.log(v);
    if (A < t - rho) break;
    if (A > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
    const head = xm * Math.log(f1 / x1) + (n - m + 0.5) * Math.log(z / w) + (y - m) * Math.log(w * r / (x1 * q)) +
      stirlingTerm(f1, f2, c0) + stirlingTerm(z, z2, c0);
    // NumPy 2.4 (the reference) adds all four error terms in both APIs; only NumPy's master
    // subtracts the third and fourth for the Generator (verified on NumPy 2.4.6 streams).
    const bound = head + stirlingTerm(x1, x2, c0) + stirlingTerm(w, w2, c0);
    if (A > bound) continue;
    break;
  }
  // Step 60
  if (p > 0.5) y = n - y;
  return y;
}

/**
 * `random_multinomial`: one draw of `d` counts into `out[off..off+d)` (pre-zeroed) with the
 * probabilities `pix[pOff..pOff+d)`; a zero probability or no trials left gives 0 without a
 * draw (so the legacy binomial gets the Generator's shortcut, as NumPy 1.24+ runs it).
 */
export function multinomial(bg: BitGenerator, n: number, out: Float64Array, off: number, pix: Float64Array, pOff: number, d: number,
  cache: BinomialCache, legacy = false): void {
  let remaining = 1.0;
  let dn = n;
  for (let j = 0; j < d - 1; j++) {
    const pj = pix[pOff + j]! / remaining;
    const x = dn === 0 || pj === 0.0 ? 0 : binomial(bg, pj, dn, cache, legacy);
    out[off + j] = x;
    dn -= x;
    if (dn <= 0) break;
    remaining -= pix[pOff + j]!;
  }
  if (dn > 0) out[off + d - 1] = dn;
}

/**
 * A binomial(n, p) draw: inversion when min(p, 1-p) * n <= 30, else BTPE (Kachitvichyanukul &
 * Schmeiser). `legacy` selects RandomState's frozen copy (see the file comment).
 */
export function binomial(bg: BitGenerator, p: number, n: number, cache: BinomialCache, legacy = false): number {
  if (!legacy && (n === 0 || p === 0.0)) return 0;
  if (p <= 0.5) {
    if (p * n <= 30.0) return binomialInversion(bg, n, p, cache, legacy);
    return binomialBtpe(bg, n, p, cache, legacy);
  }
  const q = 1.0 - p;
  if (q * n <= 30.0) return n - binomialInversion(bg, n, q, cache, legacy);
  return n - binomialBtpe(bg, n, q, cache, legacy);
}

/**
 * The primitive draws the algorithms NumPy writes twice are written against: the Generator's
 * ziggurat normal and exponential (distributions.ts) or RandomState's polar Gaussian and
 * -log(1 - U) (legacy.ts), with the bit generator both draw from.
 */
export interface Draws {
  readonly bg: BitGenerator;
  normal(): number;
  exponential(): number;
}

/** `random_standard_gamma` / `legacy_standard_gamma`: exponential at 1, Johnk-type rejection below 1, Marsaglia–Tsang above. */
export function standardGamma(d: Draws, shape: number): number {
  if (shape === 1.0) return d.exponential();
  if (shape === 0.0) return 0.0;
  const bg = d.bg;
  if (shape < 1.0) {
    for (;;) {
      const U = bg.nextDouble();
      const V = d.exponential();
      if (U <= 1.0 - shape) {
        const X = pow(U, 1. / shape);
        if (X <= V) return X;
      } else {
        const Y = -log((1 - U) / shape);
        const X = pow(1.0 - shape + shape * Y, 1. / shape);
        if (X <= V + Y) return X;
      }
    }
  }
  const b = shape - 1. / 3.;
  const c = 1. / Math.sqrt(9 * b);
  for (;;) {
    let X: number, V: number;
    do {
      X = d.normal();
      V = 1.0 + c * X;
    } while (V <= 0.0);
    V = V * V * V;
    const U = bg.nextDouble();
    if (U < 1.0 - 0.0331 * (X * X) * (X * X)) return b * V;
    if (Math.log(U) < 0.5 * X * X + b * (1. - V + Math.log(V))) return b * V; // a rejection test: Math.log
  }
}

export const gamma = (d: Draws, shape: number, scale: number): number => scale * standardGamma(d, shape);
export const chisquare = (d: Draws, df: number): number => 2.0 * standardGamma(d, df / 2.0);
export const fDist = (d: Draws, dfnum: number, dfden: number): number => (chisquare(d, dfnum) * dfden) / (chisquare(d, dfden) * dfnum);
export const normal = (d: Draws, loc: number, scale: number): number => loc + scale * d.normal();
export const exponential = (d: Draws, scale: number): number => scale * d.exponential();
export const lognormal = (d: Draws, mean: number, sigma: number): number => exp(normal(d, mean, sigma));
export const standardCauchy = (d: Draws): number => d.normal() / d.normal();

export function weibull(d: Draws, a: number): number {
  if (a === 0.0) return 0.0;
  return pow(d.exponential(), 1. / a);
}

export function standardT(d: Draws, df: number): number {
  const num = d.normal();
  const denom = standardGamma(d, df / 2);
  return Math.sqrt(df / 2) * num / Math.sqrt(denom);
}

export function negativeBinomial(d: Draws, n: number, p: number): number {
  const Y = gamma(d, n, (1 - p) / p);
  return randomPoisson(d.bg, Y);
}

/** `random_noncentral_chisquare`; `legacy` draws before it returns NaN for a NaN `nonc`. */
export function noncentralChisquare(d: Draws, df: number, nonc: number, legacy = false): number {
  if (!legacy && Number.isNaN(nonc)) return NaN;
  if (nonc === 0) return chisquare(d, df);
  if (1 < df) {
    const Chi2 = chisquare(d, df - 1);
    const n = d.normal() + Math.sqrt(nonc);
    return Chi2 + n * n;
  }
  const i = randomPoisson(d.bg, nonc / 2.0);
  const out = chisquare(d, df + 2 * i);
  return Number.isNaN(nonc) ? NaN : out;
}

export function noncentralF(d: Draws, dfnum: number, dfden: number, nonc: number, legacy = false): number {
  const t = noncentralChisquare(d, dfnum, nonc, legacy) * dfden;
  return t / (chisquare(d, dfden) * dfnum);
}

/** Dirichlet rows by normalised standard gammas (RandomState's `dirichlet`, the Generator's for max(alpha) >= 0.1). */
export function dirichletGammas(d: Draws, alpha: Float64Array, out: Float64Array): void {
  const k = alpha.length;
  for (let i = 0; i < out.length; i += k) {
    let acc = 0.0;
    for (let j = 0; j < k; j++) {
      out[i + j] = standardGamma(d, alpha[j]!);
      acc = acc + out[i + j]!;
    }
    const invacc = 1 / acc;
    for (let j = 0; j < k; j++) out[i + j] = out[i + j]! * invacc;
  }
}

/**
 * `random_vonmises`: uniform below kappa 1e-8, Best–Fisher rejection otherwise; the Generator
 * (not `legacy`) switches to a wrapped normal above kappa 1e6.
 */
export function vonmises(d: Draws, mu: number, kappa: number, legacy = false): number {
  const bg = d.bg;
  if (Number.isNaN(kappa)) return NaN;
  if (kappa < 1e-8) return Math.PI * (2 * bg.nextDouble() - 1);
  let s: number;
  if (kappa < 1e-5) {
    s = 1. / kappa + kappa;
  } else if (legacy || kappa <= 1e6) {
    const r = 1 + Math.sqrt(1 + 4 * kappa * kappa);
    const rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
    s = (1 + rho * rho) / (2 * rho);
  } else {
    let result = mu + Math.sqrt(1 / kappa) * d.normal();
    if (result < -Math.PI) result += 2 * Math.PI;
    if (result > Math.PI) result -= 2 * Math.PI;
    return result;
  }
  let W: number;
  for (;;) {
    const U = bg.nextDouble();
    const Z = Math.cos(Math.PI * U);
    W = (1 + s * Z) / (s + Z);
    const Y = kappa * (s - W);
    const V = bg.nextDouble();
    if (Y * (2 - Y) - V >= 0 || Math.log(Y / V) + 1 - Y >= 0) break; // a rejection test: Math.log
  }
  const U = bg.nextDouble();
  let result = Math.acos(W);
  if (U < 0.5) result = -result;
  result += mu;
  const neg = result < 0;
  let mod = Math.abs(result);
  mod = ((mod + Math.PI) % (2 * Math.PI)) - Math.PI;
  if (neg) mod *= -1;
  return mod;
}

/** The largest int64 as NumPy's `(double)RAND_INT_MAX`. */
const INT64_MAX_D = 9223372036854775807;

/**
 * `random_zipf`: rejection from (Umin, 1], truncated at INT64_MAX; `legacy_random_zipf` is the
 * same with Umin = 0 and no shortcut for a >= 1025.
 */
export function zipf(bg: BitGenerator, a: number, legacy = false): number {
  if (!legacy && a >= 1025) return 1;
  const am1 = a - 1.0;
  const b = pow(2.0, am1);
  const Umin = legacy ? 0 : pow(INT64_MAX_D, -am1);
  for (;;) {
    const U01 = bg.nextDouble();
    const U = U01 * Umin + (1 - U01);
    const V = bg.nextDouble();
    const X = Math.floor(pow(U, -1.0 / am1));
    if (X > INT64_MAX_D || X < 1.0) continue;
    const T = pow(1.0 + 1.0 / X, am1);
    if (V * X * (T - 1.0) / (b - 1.0) <= T / b) return X;
  }
}

/** `random_logseries` (the Generator's corrected version), or `legacy_logseries` with log/exp for log1p/expm1. */
export function logseries(bg: BitGenerator, p: number, legacy = false): number {
  const r = legacy ? log(1.0 - p) : Math.log1p(-p);
  for (;;) {
    const V = bg.nextDouble();
    if (V >= p) return 1;
    const U = bg.nextDouble();
    const q = legacy ? 1.0 - exp(r * U) : -Math.expm1(r * U);
    if (V <= q * q) {
      const result = Math.floor(1 + log(V) / log(q));
      if (result < 1 || V === 0.0) continue;
      return result;
    }
    if (V >= q) return 1;
    return 2;
  }
}
