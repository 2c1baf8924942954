// The distributions only NumPy's legacy RandomState uses: legacy-distributions.c, frozen at
// NumPy 1.16's algorithms so that a seeded RandomState keeps producing the same numbers. The
// Box–Muller polar Gaussian with its cached second value (`legacy_gauss`), -log(1-U)
// exponentials, Marsaglia–Tsang gamma over those, Johnk's beta, HYP/HRUA hypergeometric, ...
// Each function follows the C expression by expression, drawing in the same order.
//
// The algorithms shared with the new Generator (poisson, binomial, loggam, geometric search,
// laplace, gumbel, logistic, triangular, interval, and the gamma family, t, Cauchy, Weibull,
// von Mises, zipf, logseries over `LegacyDraws`) live in discrete.ts.

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { exp, log, pow } from "./libm.js";
import { BinomialCache, type Draws, binomial, randomGeometricSearch, randomLoggam, standardGamma } from "./discrete.js";

/** NumPy's `aug_bitgen_t`: the bit generator plus the cached second polar-method Gaussian. */
export interface LegacyState {
  bg: BitGenerator;
  hasGauss: boolean;
  gauss: number;
}

/** `legacy_gauss`: Marsaglia's polar method; every second call returns the cached value. */
export function legacyGauss(s: LegacyState): number {
  if (s.hasGauss) {
    const t = s.gauss;
    s.hasGauss = false;
    s.gauss = 0.0;
    return t;
  }
  const bg = s.bg;
  let x1: number, x2: number, r2: number;
  do {
    x1 = 2.0 * bg.nextDouble() - 1.0;
    x2 = 2.0 * bg.nextDouble() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 === 0.0);
  const f = Math.sqrt(-2.0 * log(r2) / r2);
  s.gauss = f * x1;
  s.hasGauss = true;
  return f * x2;
}

// The fill draws its doubles GAUSS_CHUNK at a time through one `fillDouble` call (WebAssembly
// on MT19937). A chunk never holds more polar candidates (two doubles each) than pairs still to
// make, since every pair takes at least one, so the stream ends exactly where NumPy's does.
const GAUSS_CHUNK = 4096;
const CANDIDATES = new Float64Array(GAUSS_CHUNK);

/**
 * Fills `out[start..end)` with legacy Gaussians: the same stream as repeated `legacyGauss`
 * calls (the cache consumed first, a pair per polar draw, the spare cached at the end).
 */
export function legacyGaussFill(s: LegacyState, out: Float64Array, start: number, end: number): void {
  let i = start;
  if (i < end && s.hasGauss) {
    out[i++] = s.gauss;
    s.hasGauss = false;
    s.gauss = 0.0;
  }
  const bg = s.bg, D = CANDIDATES;
  while (i < end) {
    const m = Math.min(GAUSS_CHUNK, 2 * ((end - i + 1) >> 1));
    bg.fillDouble(D, 0, m);
    for (let k = 0; k < m; k += 2) {
      const x1 = 2.0 * D[k]! - 1.0, x2 = 2.0 * D[k + 1]! - 1.0;
      const r2 = x1 * x1 + x2 * x2;
      if (r2 >= 1.0 || r2 === 0.0) continue;
      const f = Math.sqrt(-2.0 * log(r2) / r2);
      out[i++] = f * x2;
      if (i < end) out[i++] = f * x1;
      else { s.gauss = f * x1; s.hasGauss = true; }
    }
  }
}

/** `legacy_standard_exponential`: -log(1 - U). */
export function legacyStandardExponential(s: LegacyState): number {
  return -log(1.0 - s.bg.nextDouble());
}

/** RandomState's primitives for the shared algorithms: the polar Gaussian and -log(1 - U). */
export class LegacyDraws implements Draws {
  constructor(private readonly s: LegacyState) {}
  get bg(): BitGenerator { return this.s.bg; }
  normal(): number { return legacyGauss(this.s); }
  exponential(): number { return legacyStandardExponential(this.s); }
}

export const legacyPareto = (s: LegacyState, a: number): number => exp(legacyStandardExponential(s) / a) - 1;
export const legacyPower = (s: LegacyState, a: number): number => pow(1 - exp(-legacyStandardExponential(s)), 1. / a);
export const legacyRayleigh = (bg: BitGenerator, mode: number): number => mode * Math.sqrt(-2.0 * Math.log1p(-bg.nextDouble()));

export function legacyWald(s: LegacyState, mean: number, scale: number): number {
  const mu2l = mean / (2 * scale);
  let Y = legacyGauss(s);
  Y = mean * Y * Y;
  const X = mean + mu2l * (Y - Math.sqrt(4 * scale * Y + Y * Y));
  const U = s.bg.nextDouble();
  if (U <= mean / (mean + X)) return X;
  return mean * mean / X;
}

export function legacyBeta(d: Draws, a: number, b: number): number {
  if (a <= 1.0 && b <= 1.0) {
    const bg = d.bg;
    for (;;) {
      const U = bg.nextDouble();
      const V = bg.nextDouble();
      const X = pow(U, 1.0 / a);
      const Y = pow(V, 1.0 / b);
      if (X + Y <= 1.0) {
        if (X + Y > 0) return X / (X + Y);
        let logX = log(U) / a;
        let logY = log(V) / b;
        const logM = logX > logY ? logX : logY;
        logX -= logM;
        logY -= logM;
        return exp(logX - log(exp(logX) + exp(logY)));
      }
    }
  }
  const Ga = standardGamma(d, a);
  const Gb = standardGamma(d, b);
  return Ga / (Ga + Gb);
}

/** `legacy_random_binomial`: NumPy's frozen binomial (see discrete.ts). */
export const legacyBinomial = (bg: BitGenerator, p: number, n: number, cache: BinomialCache): number => binomial(bg, p, n, cache, true);

function hypergeometricHyp(bg: BitGenerator, good: number, bad: number, sample: number): number {
  const d1 = bad + good - sample;
  const d2 = Math.min(bad, good);
  let y = d2;
  let k = sample;
  while (y > 0.0) {
    const u = bg.nextDouble();
    y -= Math.floor(u + y / (d1 + k));
    k--;
    if (k === 0) break;
  }
  let z = Math.trunc(d2 - y);
  if (good > bad) z = sample - z;
  return z;
}

const D1 = 1.7155277699214135;
const D2 = 0.8989161620588988;

function hypergeometricHrua(bg: BitGenerator, good: number, bad: number, sample: number): number {
  const mingoodbad = Math.min(good, bad);
  const popsize = good + bad;
  const maxgoodbad = Math.max(good, bad);
  const m = Math.min(sample, popsize - sample);
  const d4 = mingoodbad / popsize;
  const d5 = 1.0 - d4;
  const d6 = m * d4 + 0.5;
  const d7 = Math.sqrt((popsize - m) * sample * d4 * d5 / (popsize - 1) + 0.5);
  const d8 = D1 * d7 + D2;
  const d9 = Math.floor((m + 1) * (mingoodbad + 1) / (popsize + 2));
  const d10 = randomLoggam(d9 + 1) + randomLoggam(mingoodbad - d9 + 1) + randomLoggam(m - d9 + 1) + randomLoggam(maxgoodbad - m + d9 + 1);
  const d11 = Math.min(Math.min(m, mingoodbad) + 1.0, Math.floor(d6 + 16 * d7));
  let Z: number;
  for (;;) {
    const X = bg.nextDouble();
    const Y = bg.nextDouble();
    const W = d6 + d8 * (Y - 0.5) / X;
    if (W < 0.0 || W >= d11) continue;
    Z = Math.floor(W);
    const T = d10 - (randomLoggam(Z + 1) + randomLoggam(mingoodbad - Z + 1) + randomLoggam(m - Z + 1) + randomLoggam(maxgoodbad - m + Z + 1));
    if (X * (4.0 - X) - 3.0 <= T) break;
    if (X * (X - T) >= 1) continue;
    if (2.0 * log(X) <= T) break;
  }
  if (good > bad) Z = m - Z;
  if (m < sample) Z = good - Z;
  return Z;
}

/** `legacy_random_hypergeometric`: HRUA for sample > 10, HYP for 1..10, 0 for 0. */
export function legacyHypergeometric(bg: BitGenerator, good: number, bad: number, sample: number): number {
  if (sample > 10) return hypergeometricHrua(bg, good, bad, sample);
  if (sample > 0) return hypergeometricHyp(bg, good, bad, sample);
  return 0;
}

export function legacyGeometric(bg: BitGenerator, p: number): number {
  if (p >= 0.333333333333333333333333) return randomGeometricSearch(bg, p);
  return Math.ceil(Math.log1p(-bg.nextDouble()) / log(1 - p));
}
