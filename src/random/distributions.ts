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
import { randomGeometricSearch, randomInterval, randomPoisson } from "./discrete.js";

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

// ---- hypergeometric (random_hypergeometric.c) and log-factorial (logfactorial.c) ----

/** log(k!) for k = 0..125 (NumPy's table, transcribed). */
const LOGFACT = Float64Array.of(
  0, 0, 0.69314718055994529, 1.791759469228055, 3.1780538303479458, 4.7874917427820458,
  6.5792512120101012, 8.5251613610654147, 10.604602902745251, 12.801827480081469, 15.104412573075516, 17.502307845873887,
  19.987214495661885, 22.552163853123425, 25.19122118273868, 27.89927138384089, 30.671860106080672, 33.505073450136891,
  36.395445208033053, 39.339884187199495, 42.335616460753485, 45.380138898476908, 48.471181351835227, 51.606675567764377,
  54.784729398112319, 58.003605222980518, 61.261701761002001, 64.557538627006338, 67.88974313718154, 71.257038967168015,
  74.658236348830158, 78.092223553315307, 81.557959456115043, 85.054467017581516, 88.580827542197682, 92.136175603687093,
  95.719694542143202, 99.330612454787428, 102.96819861451381, 106.63176026064346, 110.32063971475739, 114.03421178146171,
  117.77188139974507, 121.53308151543864, 125.3172711493569, 129.12393363912722, 132.95257503561632, 136.80272263732635,
  140.67392364823425, 144.5657439463449, 148.47776695177302, 152.40959258449735, 156.3608363030788, 160.3311282166309,
  164.32011226319517, 168.32744544842765, 172.35279713916279, 176.39584840699735, 180.45629141754378, 184.53382886144948,
  188.6281734236716, 192.7390472878449, 196.86618167289001, 201.00931639928152, 205.1681994826412, 209.34258675253685,
  213.53224149456327, 217.73693411395422, 221.95644181913033, 226.1905483237276, 230.43904356577696, 234.70172344281826,
  238.97838956183432, 243.26884900298271, 247.57291409618688, 251.89040220972319, 256.22113555000954, 260.56494097186322,
  264.92164979855278, 269.29109765101981, 273.67312428569369, 278.06757344036612, 282.4742926876304, 286.89313329542699,
  291.32395009427029, 295.76660135076065, 300.22094864701415, 304.68685676566872, 309.1641935801469, 313.65282994987905,
  318.1526396202093, 322.66349912672615, 327.1852877037752, 331.71788719692847, 336.26118197919845, 340.81505887079902,
  345.37940706226686, 349.95411804077025, 354.53908551944079, 359.1342053695754, 363.73937555556347, 368.35449607240474,
  372.97946888568902, 377.61419787391867, 382.25858877306001, 386.91254912321756, 391.57598821732961, 396.24881705179155,
  400.93094827891576, 405.6222961611449, 410.32277652693733, 415.03230672824964, 419.75080559954472, 424.47819341825709,
  429.21439186665157, 433.95932399501481, 438.71291418612117, 443.47508812091894, 448.24577274538461, 453.02489623849613,
  457.81238798127816, 462.60817852687489, 467.4121995716082, 472.22438392698058, 477.04466549258564, 481.87297922988796,
);

/** `logfactorial`: the table below 126, the Stirling series to 1/k^3 above. */
export function logfactorial(k: number): number {
  if (k < 126) return LOGFACT[k]!;
  return (k + 0.5) * Math.log(k) - k + (0.9189385332046728 + (1.0 / k) * (1 / 12.0 - 1 / (360.0 * k * k)));
}

/** Sequential sampling without replacement (small samples). */
function hypergeometricSample(bg: BitGenerator, good: number, bad: number, sample: number): number {
  const total = good + bad;
  const flip = sample > Math.floor(total / 2);
  let computed = flip ? total - sample : sample;
  let remTotal = total, remGood = good;
  while (computed > 0 && remGood > 0 && remTotal > remGood) {
    --remTotal;
    if (randomInterval(bg, remTotal) < remGood) --remGood;
    --computed;
  }
  if (remTotal === remGood) remGood -= computed;
  return flip ? remGood : good - remGood;
}

const HD1 = 1.7155277699214135, HD2 = 0.8989161620588988;

/** Stadlober's ratio-of-uniforms HRUA. */
function hypergeometricHrua(bg: BitGenerator, good: number, bad: number, sample: number): number {
  const popsize = good + bad;
  const computed = Math.min(sample, popsize - sample);
  const mingb = Math.min(good, bad), maxgb = Math.max(good, bad);
  const p = mingb / popsize, q = maxgb / popsize;
  const mu = computed * p;
  const a = mu + 0.5;
  const v = (popsize - computed) * computed * p * q / (popsize - 1);
  const c = Math.sqrt(v + 0.5);
  const h = HD1 * c + HD2;
  const m = Math.floor((computed + 1) * (mingb + 1) / (popsize + 2));
  const g = logfactorial(m) + logfactorial(mingb - m) + logfactorial(computed - m) + logfactorial(maxgb - computed + m);
  const b = Math.min(Math.min(computed, mingb) + 1, Math.floor(a + 16 * c));
  let K: number;
  for (;;) {
    const U = bg.nextDouble();
    const V = bg.nextDouble();
    const X = a + h * (V - 0.5) / U;
    if (X < 0.0 || X >= b) continue;
    K = Math.floor(X);
    const gp = logfactorial(K) + logfactorial(mingb - K) + logfactorial(computed - K) + logfactorial(maxgb - computed + K);
    const T = g - gp;
    if (U * (4.0 - U) - 3.0 <= T) break;
    if (U * (U - T) >= 1) continue;
    if (2.0 * Math.log(U) <= T) break;
  }
  if (good > bad) K = computed - K;
  if (computed < sample) K = good - K;
  return K;
}

/** `random_hypergeometric`: HRUA for 10 <= sample <= total - 10, else sequential sampling. */
export function hypergeometric(bg: BitGenerator, good: number, bad: number, sample: number): number {
  if (sample >= 10 && sample <= good + bad - 10) return hypergeometricHrua(bg, good, bad, sample);
  return hypergeometricSample(bg, good, bad, sample);
}
