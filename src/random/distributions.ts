// The Generator's distribution algorithms that differ from RandomState's (distributions.c as
// `_generator.pyx` calls it): everything built on the ziggurat normal and exponential
// (standard_gamma and the gamma family, beta, t, Cauchy, Wald, ...) and the Generator-only
// variants (geometric by inversion below p = 1/3, von Mises with its wide-kappa fallback, the
// corrected logseries). The algorithms NumPy shares with the legacy API (binomial, poisson,
// laplace, gumbel, logistic, triangular, interval, loggam) come from discrete.ts. Every function
// follows the C expression by expression, so the draws are consumed in NumPy's order and the
// values agree to the libm (Math.log/exp/pow against glibc: within an ulp).

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { standardExponential, standardExponentialF, standardNormal, standardNormalF } from "../../runtime/random/ziggurat.js";
import { randomGeometricSearch, randomPoisson } from "./discrete.js";

const f32 = Math.fround;
/** The largest int64 as NumPy's `(double)RAND_INT_MAX`. */
const INT64_MAX_D = 9223372036854775807;

export function normal(bg: BitGenerator, loc: number, scale: number): number {
  return loc + scale * standardNormal(bg);
}

export function exponential(bg: BitGenerator, scale: number): number {
  return scale * standardExponential(bg);
}

/** `random_standard_gamma`: exponential at 1, Johnk-style rejection below 1, Marsaglia-Tsang above. */
export function standardGamma(bg: BitGenerator, shape: number): number {
  if (shape === 1.0) return standardExponential(bg);
  if (shape === 0.0) return 0.0;
  if (shape < 1.0) {
    for (;;) {
      const U = bg.nextDouble();
      const V = standardExponential(bg);
      if (U <= 1.0 - shape) {
        const X = Math.pow(U, 1 / shape);
        if (X <= V) return X;
      } else {
        const Y = -Math.log((1 - U) / shape);
        const X = Math.pow(1.0 - shape + shape * Y, 1 / shape);
        if (X <= V + Y) return X;
      }
    }
  }
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let X: number, V: number;
    do {
      X = standardNormal(bg);
      V = 1.0 + c * X;
    } while (V <= 0.0);
    V = V * V * V;
    const U = bg.nextDouble();
    if (U < 1.0 - 0.0331 * (X * X) * (X * X)) return b * V;
    if (Math.log(U) < 0.5 * X * X + b * (1 - V + Math.log(V))) return b * V;
  }
}

/** `random_standard_gamma_f`: the same in float32 arithmetic (logf/powf as rounded doubles). */
export function standardGammaF(bg: BitGenerator, shape: number): number {
  shape = f32(shape);
  if (shape === 1.0) return standardExponentialF(bg);
  if (shape === 0.0) return 0.0;
  if (shape < 1.0) {
    const inv = f32(1 / shape), oneMinus = f32(1 - shape);
    for (;;) {
      const U = bg.nextFloat();
      const V = standardExponentialF(bg);
      if (U <= oneMinus) {
        const X = f32(Math.pow(U, inv));
        if (X <= V) return X;
      } else {
        const Y = -f32(Math.log(f32(f32(1 - U) / shape)));
        const X = f32(Math.pow(f32(oneMinus + f32(shape * Y)), inv));
        if (X <= f32(V + Y)) return X;
      }
    }
  }
  const b = f32(shape - f32(1 / 3));
  const c = f32(1 / f32(Math.sqrt(f32(9 * b))));
  for (;;) {
    let X: number, V: number;
    do {
      X = standardNormalF(bg);
      V = f32(1 + f32(c * X));
    } while (V <= 0.0);
    V = f32(f32(V * V) * V);
    const U = bg.nextFloat();
    const X2 = f32(X * X);
    if (U < f32(1 - f32(f32(f32(0.0331) * X2) * X2))) return f32(b * V);
    if (f32(Math.log(U)) < f32(f32(f32(0.5 * X) * X) + f32(b * f32(f32(1 - V) + f32(Math.log(V)))))) return f32(b * V);
  }
}

export function gamma(bg: BitGenerator, shape: number, scale: number): number {
  return scale * standardGamma(bg, shape);
}

const BETA_TINY_THRESHOLD = 3e-103;

/** `random_beta`: Johnk's algorithm when both parameters are ≤ 1, else a ratio of gammas. */
export function beta(bg: BitGenerator, a: number, b: number): number {
  if (a <= 1.0 && b <= 1.0) {
    if (a < BETA_TINY_THRESHOLD && b < BETA_TINY_THRESHOLD) {
      const U = bg.nextDouble();
      return (a + b) * U < a ? 1 : 0;
    }
    for (;;) {
      const U = bg.nextDouble();
      const V = bg.nextDouble();
      const X = Math.pow(U, 1.0 / a);
      const Y = Math.pow(V, 1.0 / b);
      const XpY = X + Y;
      if (XpY <= 1.0 && U + V > 0.0) {
        if (X > 0 && Y > 0) return X / XpY;
        const logX = Math.log(U) / a;
        const logY = Math.log(V) / b;
        const delta = logX - logY;
        if (delta > 0) return Math.exp(-Math.log1p(Math.exp(-delta)));
        return Math.exp(delta - Math.log1p(Math.exp(delta)));
      }
    }
  }
  const Ga = standardGamma(bg, a);
  const Gb = standardGamma(bg, b);
  return Ga / (Ga + Gb);
}

export function chisquare(bg: BitGenerator, df: number): number {
  return 2.0 * standardGamma(bg, df / 2.0);
}

export function fDist(bg: BitGenerator, dfnum: number, dfden: number): number {
  const s1 = chisquare(bg, dfnum) * dfden;
  const s2 = chisquare(bg, dfden) * dfnum;
  return s1 / s2;
}

export function standardCauchy(bg: BitGenerator): number {
  const a = standardNormal(bg);
  const b = standardNormal(bg);
  return a / b;
}

export function pareto(bg: BitGenerator, a: number): number {
  return Math.expm1(standardExponential(bg) / a);
}

export function weibull(bg: BitGenerator, a: number): number {
  if (a === 0.0) return 0.0;
  return Math.pow(standardExponential(bg), 1 / a);
}

export function power(bg: BitGenerator, a: number): number {
  return Math.pow(-Math.expm1(-standardExponential(bg)), 1 / a);
}

export function lognormal(bg: BitGenerator, mean: number, sigma: number): number {
  return Math.exp(normal(bg, mean, sigma));
}

export function rayleigh(bg: BitGenerator, mode: number): number {
  return mode * Math.sqrt(2.0 * standardExponential(bg));
}

export function standardT(bg: BitGenerator, df: number): number {
  const num = standardNormal(bg);
  const denom = standardGamma(bg, df / 2);
  return Math.sqrt(df / 2) * num / Math.sqrt(denom);
}

export function negativeBinomial(bg: BitGenerator, n: number, p: number): number {
  const Y = gamma(bg, n, (1 - p) / p);
  return randomPoisson(bg, Y);
}

export function noncentralChisquare(bg: BitGenerator, df: number, nonc: number): number {
  if (Number.isNaN(nonc)) return NaN;
  if (nonc === 0) return chisquare(bg, df);
  if (1 < df) {
    const Chi2 = chisquare(bg, df - 1);
    const n = standardNormal(bg) + Math.sqrt(nonc);
    return Chi2 + n * n;
  }
  const i = randomPoisson(bg, nonc / 2.0);
  return chisquare(bg, df + 2 * i);
}

export function noncentralF(bg: BitGenerator, dfnum: number, dfden: number, nonc: number): number {
  const t = noncentralChisquare(bg, dfnum, nonc) * dfden;
  return t / (chisquare(bg, dfden) * dfnum);
}

export function wald(bg: BitGenerator, mean: number, scale: number): number {
  let Y = standardNormal(bg);
  Y = mean * Y * Y;
  const d = 1 + Math.sqrt(1 + 4 * scale / Y);
  const X = mean * (1 - 2 / d);
  const U = bg.nextDouble();
  if (U <= mean / (mean + X)) return X;
  return mean * mean / X;
}

/** `random_vonmises` (Generator): uniform below kappa 1e-8, Taylor s below 1e-5, wrapped normal above 1e6. */
export function vonmises(bg: BitGenerator, mu: number, kappa: number): number {
  if (Number.isNaN(kappa)) return NaN;
  if (kappa < 1e-8) return Math.PI * (2 * bg.nextDouble() - 1);
  let s: number;
  if (kappa < 1e-5) {
    s = 1 / kappa + kappa;
  } else if (kappa <= 1e6) {
    const r = 1 + Math.sqrt(1 + 4 * kappa * kappa);
    const rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
    s = (1 + rho * rho) / (2 * rho);
  } else {
    let result = mu + Math.sqrt(1 / kappa) * standardNormal(bg);
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
    if (Y * (2 - Y) - V >= 0 || Math.log(Y / V) + 1 - Y >= 0) break;
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

/** `random_logseries` (Generator's corrected version). */
export function logseries(bg: BitGenerator, p: number): number {
  const r = Math.log1p(-p);
  for (;;) {
    const V = bg.nextDouble();
    if (V >= p) return 1;
    const U = bg.nextDouble();
    const q = -Math.expm1(r * U);
    if (V <= q * q) {
      const result = Math.floor(1 + Math.log(V) / Math.log(q));
      if (result < 1 || V === 0.0) continue;
      return result;
    }
    if (V >= q) return 1;
    return 2;
  }
}

/** `random_geometric`: sequential search for p ≥ 1/3, else inversion of an exponential. */
export function geometric(bg: BitGenerator, p: number): number {
  if (p >= 0.333333333333333333333333) return randomGeometricSearch(bg, p);
  const z = Math.ceil(-standardExponential(bg) / Math.log1p(-p));
  if (z >= 9.223372036854776e18) return INT64_MAX_D;
  return z;
}

/** `random_zipf`: rejection from (Umin, 1], truncated at INT64_MAX. */
export function zipf(bg: BitGenerator, a: number): number {
  if (a >= 1025) return 1;
  const am1 = a - 1.0;
  const b = Math.pow(2.0, am1);
  const Umin = Math.pow(INT64_MAX_D, -am1);
  for (;;) {
    const U01 = bg.nextDouble();
    const U = U01 * Umin + (1 - U01);
    const V = bg.nextDouble();
    const X = Math.floor(Math.pow(U, -1.0 / am1));
    if (X > INT64_MAX_D || X < 1.0) continue;
    const T = Math.pow(1.0 + 1.0 / X, am1);
    if (V * X * (T - 1.0) / (b - 1.0) <= T / b) return X;
  }
}
