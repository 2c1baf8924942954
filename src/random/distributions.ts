// The Generator's distribution algorithms that differ from RandomState's (distributions.c as
// `_generator.pyx` calls it): the ziggurat primitives as a `Draws` for the algorithms both APIs
// share (discrete.ts: the gamma family, t, Cauchy, ...) and the Generator-only variants (the
// float32 gamma, beta with its log-space fallback, Pareto/power/Rayleigh by expm1/log1p, Wald,
// geometric by inversion below p = 1/3, hypergeometric by log-factorials). Every function
// follows the C expression by expression, so the draws are consumed in NumPy's order; values
// go through libm.ts's log/exp/pow as in discrete.ts (Math.log only in rejection tests,
// Math.log1p/expm1, which agree with glibc's, and Math.cos/acos, which libm.ts does not replace).

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { standardExponential, standardExponentialF, standardNormal, standardNormalF } from "../../runtime/random/ziggurat.js";
import { type Draws, randomGeometricSearch, randomInterval, standardGamma } from "./discrete.js";
import { exp, log, pow } from "./libm.js";

const f32 = Math.fround;
/** The largest int64 as NumPy's `(double)RAND_INT_MAX`. */
const INT64_MAX_D = 9223372036854775807;

/** The Generator's primitives: the ziggurat normal and exponential. */
export class ZigguratDraws implements Draws {
  constructor(readonly bg: BitGenerator) {}
  normal(): number { return standardNormal(this.bg); }
  exponential(): number { return standardExponential(this.bg); }
}

/** `random_standard_gamma_f`: `standardGamma` in float32 arithmetic (logf/powf as rounded doubles). */
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
        const X = f32(pow(U, inv));
        if (X <= V) return X;
      } else {
        const Y = -f32(log(f32(f32(1 - U) / shape)));
        const X = f32(pow(f32(oneMinus + f32(shape * Y)), inv));
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
    // a rejection test: Math.log
    if (f32(Math.log(U)) < f32(f32(f32(0.5 * X) * X) + f32(b * f32(f32(1 - V) + f32(Math.log(V)))))) return f32(b * V);
  }
}

const BETA_TINY_THRESHOLD = 3e-103;

/** `random_beta`: Johnk's algorithm when both parameters are ≤ 1, else a ratio of gammas. */
export function beta(d: Draws, a: number, b: number): number {
  if (a <= 1.0 && b <= 1.0) {
    const bg = d.bg;
    if (a < BETA_TINY_THRESHOLD && b < BETA_TINY_THRESHOLD) {
      const U = bg.nextDouble();
      return (a + b) * U < a ? 1 : 0;
    }
    for (;;) {
      const U = bg.nextDouble();
      const V = bg.nextDouble();
      const X = pow(U, 1.0 / a);
      const Y = pow(V, 1.0 / b);
      const XpY = X + Y;
      if (XpY <= 1.0 && U + V > 0.0) {
        if (X > 0 && Y > 0) return X / XpY;
        const logX = log(U) / a;
        const logY = log(V) / b;
        const delta = logX - logY;
        if (delta > 0) return exp(-Math.log1p(exp(-delta)));
        return exp(delta - Math.log1p(exp(delta)));
      }
    }
  }
  const Ga = standardGamma(d, a);
  const Gb = standardGamma(d, b);
  return Ga / (Ga + Gb);
}

export function pareto(bg: BitGenerator, a: number): number {
  return Math.expm1(standardExponential(bg) / a);
}

export function power(bg: BitGenerator, a: number): number {
  return pow(-Math.expm1(-standardExponential(bg)), 1 / a);
}

export function rayleigh(bg: BitGenerator, mode: number): number {
  return mode * Math.sqrt(2.0 * standardExponential(bg));
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

/** `random_geometric`: sequential search for p ≥ 1/3, else inversion of an exponential. */
export function geometric(bg: BitGenerator, p: number): number {
  if (p >= 0.333333333333333333333333) return randomGeometricSearch(bg, p);
  const z = Math.ceil(-standardExponential(bg) / Math.log1p(-p));
  if (z >= 9.223372036854776e18) return INT64_MAX_D;
  return z;
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

/** `logfactorial`: the table below 126, the Stirling series to 1/k^3 above (only HRUA's acceptance test uses it: Math.log). */
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
