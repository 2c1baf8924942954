// NumPy's legacy `RandomState` (mtrand.pyx) over MT19937, and the module-level functions of
// `np.random` bound to one global instance (`np.random.seed(0); np.random.rand(3)`). Every
// method draws exactly what NumPy draws, in the same order, for the same seed and arguments:
// legacy Gaussians (polar method with the cached second value), legacy exponentials and gammas,
// masked-rejection bounded integers, Fisher–Yates shuffles from the end, and NumPy's argument
// handling (positional or a trailing options object, `size`, broadcasting of array parameters
// in C order, NumPy's error messages).

import { BitGenerator } from "../../runtime/random/bitgen.js";
import { IndexError, OverflowError, TypeError, ValueError } from "../../runtime/errors.js";
import { asarray } from "../creation.js";
import { NDArray } from "../ndarray.js";
import { take } from "../select.js";
import { svd } from "../linalg/svd.js";
import { Cons, boundedIntegers, specParams, type PSpec, checkConstraint, cont, disc, newArray, resolveArgs, sizeShape, toBigInt, type SizeLike } from "./args.js";
import { MT19937 } from "./bitgenerators.js";
import type { IntDType } from "./bounded.js";
import {
  BinomialCache, randomGumbel, randomLaplace, randomLogistic, randomPositiveInt, randomTriangular, randomUniform,
} from "./discrete.js";
import * as shared from "./discrete.js";
import {
  type LegacyState, LegacyDraws, legacyBeta, legacyBinomial, legacyGauss, legacyGaussFill, legacyGeometric, legacyHypergeometric,
  legacyPareto, legacyPower, legacyRayleigh, legacyWald,
} from "./legacy.js";
import { choiceWeighted, choiceWeightedUnique, intArray, kahanSum, permutationIndices, shuffleInPlace, svdReproduces } from "./sampling.js";

/** NumPy's legacy state tuple: `['MT19937', key, pos, has_gauss, cached_gaussian]`. */
export type LegacyStateTuple = [string, Uint32Array, number, number, number];
/** NumPy's state dict (`get_state(legacy=False)`), with NumPy's keys. */
export interface StateDict { bit_generator: string; state: { key: Uint32Array; pos: number }; has_gauss: number; gauss: number }

type Size = SizeLike;
const INT64_MIN = -9223372036854775808;

/** A discrete draw as C's cast to int64 leaves it (x86: out-of-range and NaN become INT64_MIN). */
const toLong = (x: number): number => (x >= -9223372036854775808 && x < 9223372036854775808 ? x : INT64_MIN);

function warn(message: string): void {
  // NumPy's RuntimeWarning; numfuse reports warnings on the console.
  console.warn(`RuntimeWarning: ${message}`);
}

function prodOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A JS value as a flat list of numbers plus its shape (NDArray, nested arrays, typed arrays, scalars). */
function toFloatArray(x: unknown): NDArray {
  return asarray(x instanceof NDArray ? x : x, { dtype: "float64" });
}

function floatValues(a: NDArray): Float64Array {
  const c = a.astype("float64").flatten();
  c.evalSync();
  return Float64Array.from(c.data as Float64Array);
}

/** `operator.index`: an integer (number or bigint) or an integer-valued 0-d array, else null. */
function asIndex(x: unknown): bigint | null {
  if (typeof x === "bigint") return x;
  if (typeof x === "number") return Number.isInteger(x) ? BigInt(x) : null;
  if (typeof x === "boolean") return x ? 1n : 0n;
  if (x instanceof NDArray && x.ndim === 0 && (x.dtype.kind === "i" || x.dtype.kind === "u" || x.dtype.kind === "b")) {
    const v = x.item();
    return typeof v === "bigint" ? v : BigInt(Number(v));
  }
  return null;
}

function intDType(d: unknown): IntDType | null {
  if (d === undefined || d === null || d === "int" || d === "l" || d === "long") return null;
  const s = typeof d === "string" ? d : String(d);
  const alias: Record<string, IntDType> = { bool: "bool", "?": "bool", int8: "int8", i1: "int8", int16: "int16", i2: "int16", int32: "int32", i4: "int32",
    int64: "int64", i8: "int64", uint8: "uint8", u1: "uint8", uint16: "uint16", u2: "uint16", uint32: "uint32", u4: "uint32", uint64: "uint64", u8: "uint64" };
  const r = alias[s];
  if (!r) throw new TypeError(`Unsupported dtype dtype('${s}') for randint`);
  return r;
}

/**
 * NumPy's legacy random number generator (`np.random.RandomState`): MT19937 with NumPy's
 * legacy seeding, legacy distributions and the cached Gaussian. Same seed → same numbers as
 * NumPy. Example: `const rs = new RandomState(42); rs.normal(0, 1, 3)`.
 */
export class RandomState implements LegacyState {
  /** The bit generator (NumPy's `_bit_generator`): an MT19937 unless one was passed in. */
  bg: BitGenerator;
  /** @internal the cached second Gaussian of the polar method */
  hasGauss = false;
  /** @internal */
  gauss = 0.0;
  /** @internal binomial set-up shared by binomial and multinomial (NumPy's `_binomial`). */
  readonly binomialCache = new BinomialCache();
  /** @internal the legacy primitives (polar Gaussian, -log(1 - U)) the shared algorithms draw from */
  readonly draws: LegacyDraws = new LegacyDraws(this);

  /**
   * `RandomState(seed=None)`: an MT19937 seeded the legacy way (an integer in [0, 2^32), a 1-d
   * integer array, or fresh entropy for null), or the bit generator passed in.
   */
  constructor(seed?: unknown) {
    if (seed instanceof BitGenerator) {
      this.bg = seed;
    } else {
      const mt = new MT19937();
      if (seed != null) mt.legacySeeding(seed);
      this.bg = mt;
    }
  }

  toString(): string { return `RandomState(${this.bg.constructor.name})`; }

  /** NumPy's `_bit_generator`. */
  get bitGenerator(): BitGenerator { return this.bg; }

  /** @internal `_initialize_bit_generator`: a new bit generator and no cached Gaussian. */
  initializeBitGenerator(bg: BitGenerator): void {
    this.bg = bg;
    this.hasGauss = false;
    this.gauss = 0.0;
  }

  // ---- state ------------------------------------------------------------------------------

  /** `seed(seed=None)`: reseeds as NumPy's legacy seeding (int in [0, 2^32), 1-d int array, or entropy). */
  seed(...args: unknown[]): void {
    const o = resolveArgs(args, ["seed"], "seed");
    if (!(this.bg instanceof MT19937)) throw new TypeError("can only re-seed a MT19937 BitGenerator");
    this.bg.legacySeeding(o.seed);
    this.hasGauss = false;
    this.gauss = 0.0;
  }

  /** `get_state(legacy=True)`: `['MT19937', key, pos, has_gauss, gauss]`, or NumPy's dict when legacy is false. */
  getState(...args: unknown[]): LegacyStateTuple | StateDict {
    const o = resolveArgs(args, ["legacy"], "get_state");
    let legacy = o.legacy === undefined ? true : Boolean(o.legacy);
    const st = { ...(this.bg as unknown as { state: Record<string, unknown> }).state } as Record<string, unknown>;
    st.has_gauss = this.hasGauss ? 1 : 0;
    st.gauss = this.gauss;
    if (st.bit_generator !== "MT19937" && legacy) {
      warn("get_state and legacy can only be used with the MT19937 BitGenerator. To silence this warning, set `legacy` to False.");
      legacy = false;
    }
    if (legacy) {
      const inner = st.state as { key: Uint32Array; pos: number };
      return ["MT19937", Uint32Array.from(inner.key), inner.pos, st.has_gauss as number, this.gauss];
    }
    return st as unknown as StateDict;
  }

  /** `set_state(state)`: a legacy tuple (3 or 5 entries) or a state dict. */
  setState(state: unknown): void {
    let st: Record<string, unknown>;
    if (Array.isArray(state)) {
      if (state.length < 1) throw new IndexError("tuple index out of range");
      if (state[0] !== "MT19937") throw new ValueError("set_state can only be used with legacy MT19937 state instances.");
      if (state.length < 3) throw new IndexError("tuple index out of range");
      st = { bit_generator: state[0], state: { key: state[1], pos: state[2] } };
      if (state.length > 3) {
        if (state.length < 5) throw new IndexError("tuple index out of range");
        st.has_gauss = state[3];
        st.gauss = state[4];
      }
    } else if (typeof state === "object" && state !== null) {
      st = state as Record<string, unknown>;
      if (!("bit_generator" in st) || !("state" in st)) throw new ValueError("state dictionary is not valid.");
    } else {
      throw new TypeError("state must be a dict or a tuple.");
    }
    const gauss = Number(st.gauss ?? 0.0);
    const hasGauss = Number(st.has_gauss ?? 0);
    (this.bg as unknown as { state: unknown }).state = st;
    this.gauss = gauss;
    this.hasGauss = hasGauss !== 0;
  }

  // ---- uniform floats ---------------------------------------------------------------------

  /** `random_sample(size=None)`: doubles in [0, 1). */
  randomSample(...args: unknown[]): number | NDArray {
    const o = resolveArgs(args, ["size"], "random_sample");
    return this.fillDoubles(o.size as Size);
  }

  /** `random(size=None)`: as `randomSample`. */
  random(...args: unknown[]): number | NDArray {
    const o = resolveArgs(args, ["size"], "random");
    return this.fillDoubles(o.size as Size);
  }

  /** `rand(d0, d1, ...)`: doubles in [0, 1) of shape (d0, d1, ...); one number with no argument. */
  rand(): number;
  rand(...dims: number[]): NDArray;
  rand(...dims: number[]): number | NDArray {
    return this.fillDoubles(dims.length === 0 ? null : dims);
  }

  /** `randn(d0, d1, ...)`: standard normals of shape (d0, d1, ...); one number with no argument. */
  randn(): number;
  randn(...dims: number[]): NDArray;
  randn(...dims: number[]): number | NDArray {
    return this.gaussians(dims.length === 0 ? null : dims);
  }

  private fillDoubles(size: Size): number | NDArray {
    if (size == null) return this.bg.nextDouble();
    const { arr, data } = newArray("float64", sizeShape(size));
    this.bg.fillDouble(data as Float64Array, 0, (data as Float64Array).length);
    return arr;
  }

  private gaussians(size: Size): number | NDArray {
    if (size == null) return legacyGauss(this);
    const { arr, data } = newArray("float64", sizeShape(size));
    legacyGaussFill(this, data as Float64Array, 0, (data as Float64Array).length);
    return arr;
  }

  /** `tomaxint(size=None)`: non-negative 63-bit integers (`next_uint64 >> 1`); a bigint when scalar. */
  tomaxint(...args: unknown[]): bigint | NDArray {
    const o = resolveArgs(args, ["size"], "tomaxint");
    if (o.size == null) return randomPositiveInt(this.bg);
    const { arr, data } = newArray("int64", sizeShape(o.size as Size));
    const d = data as BigInt64Array;
    for (let i = 0; i < d.length; i++) d[i] = randomPositiveInt(this.bg);
    return arr;
  }

  // ---- the cont / disc machinery --------------------------------------------------------------

  private cont(fn: string, args: readonly unknown[], specs: readonly PSpec[], draw: (a: number, b: number, c: number) => number): number | NDArray {
    const { ps, size } = specParams(fn, args, specs);
    return cont(size, ps, draw);
  }

  private disc(fn: string, args: readonly unknown[], specs: readonly PSpec[], draw: (a: number, b: number, c: number) => number): number | NDArray {
    const { ps, size } = specParams(fn, args, specs);
    return disc(size, ps, (a, b, c) => toLong(draw(a, b, c)));
  }

  // ---- continuous distributions ---------------------------------------------------------------

  /** `uniform(low=0.0, high=1.0, size=None)`: `low + (high - low) * U`. */
  uniform(...args: unknown[]): number | NDArray {
    const o = resolveArgs(args, ["low", "high", "size"], "uniform");
    const low = o.low ?? 0.0, high = o.high ?? 1.0, size = o.size as Size;
    const alow = toFloatArray(low), ahigh = toFloatArray(high);
    if (alow.ndim === 0 && ahigh.ndim === 0) {
      const l = Number(alow.item()), h = Number(ahigh.item());
      const range = h - l;
      if (!Number.isFinite(range)) throw new OverflowError("Range exceeds valid bounds");
      return cont(size, [{ value: l, name: "" }, { value: range, name: "" }], (a, b) => randomUniform(this.bg, a, b));
    }
    const arange = ahigh.sub(alow);
    const rv = floatValues(arange);
    if (rv.some((v) => !Number.isFinite(v))) throw new OverflowError("Range exceeds valid bounds");
    return cont(size, [{ value: alow, name: "" }, { value: arange, name: "" }], (a, b) => randomUniform(this.bg, a, b));
  }

  /** `standard_normal(size=None)`: legacy (polar-method) standard normals. */
  standardNormal(...args: unknown[]): number | NDArray {
    const o = resolveArgs(args, ["size"], "standard_normal");
    return this.gaussians(o.size as Size);
  }

  /** `normal(loc=0.0, scale=1.0, size=None)`. */
  normal(...args: unknown[]): number | NDArray {
    return this.cont("normal", args, [{ name: "", key: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a, b) => shared.normal(this.draws, a, b));
  }

  /** `standard_exponential(size=None)`: `-log(1 - U)`. */
  standardExponential(...args: unknown[]): number | NDArray {
    return this.cont("standard_exponential", args, [], () => this.draws.exponential());
  }

  /** `exponential(scale=1.0, size=None)`. */
  exponential(...args: unknown[]): number | NDArray {
    return this.cont("exponential", args, [{ name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a) => shared.exponential(this.draws, a));
  }

  /** `standard_gamma(shape, size=None)`. */
  standardGamma(...args: unknown[]): number | NDArray {
    return this.cont("standard_gamma", args, [{ name: "shape", cons: Cons.NonNegative }], (a) => shared.standardGamma(this.draws, a));
  }

  /** `gamma(shape, scale=1.0, size=None)`. */
  gamma(...args: unknown[]): number | NDArray {
    return this.cont("gamma", args, [{ name: "shape", cons: Cons.NonNegative }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a, b) => shared.gamma(this.draws, a, b));
  }

  /** `beta(a, b, size=None)`. */
  beta(...args: unknown[]): number | NDArray {
    return this.cont("beta", args, [{ name: "a", cons: Cons.Positive }, { name: "b", cons: Cons.Positive }], (a, b) => legacyBeta(this.draws, a, b));
  }

  /** `chisquare(df, size=None)`. */
  chisquare(...args: unknown[]): number | NDArray {
    return this.cont("chisquare", args, [{ name: "df", cons: Cons.Positive }], (a) => shared.chisquare(this.draws, a));
  }

  /** `noncentral_chisquare(df, nonc, size=None)`. */
  noncentralChisquare(...args: unknown[]): number | NDArray {
    return this.cont("noncentral_chisquare", args, [{ name: "df", cons: Cons.Positive }, { name: "nonc", cons: Cons.NonNegative }], (a, b) => shared.noncentralChisquare(this.draws, a, b, true));
  }

  /** `f(dfnum, dfden, size=None)`. */
  f(...args: unknown[]): number | NDArray {
    return this.cont("f", args, [{ name: "dfnum", cons: Cons.Positive }, { name: "dfden", cons: Cons.Positive }], (a, b) => shared.fDist(this.draws, a, b));
  }

  /** `noncentral_f(dfnum, dfden, nonc, size=None)`. */
  noncentralF(...args: unknown[]): number | NDArray {
    return this.cont("noncentral_f", args, [{ name: "dfnum", cons: Cons.Positive }, { name: "dfden", cons: Cons.Positive }, { name: "nonc", cons: Cons.NonNegative }],
      (a, b, c) => shared.noncentralF(this.draws, a, b, c, true));
  }

  /** `standard_cauchy(size=None)`: the ratio of two legacy Gaussians. */
  standardCauchy(...args: unknown[]): number | NDArray {
    return this.cont("standard_cauchy", args, [], () => shared.standardCauchy(this.draws));
  }

  /** `standard_t(df, size=None)`. */
  standardT(...args: unknown[]): number | NDArray {
    return this.cont("standard_t", args, [{ name: "df", cons: Cons.Positive }], (a) => shared.standardT(this.draws, a));
  }

  /** `vonmises(mu, kappa, size=None)`. */
  vonmises(...args: unknown[]): number | NDArray {
    return this.cont("vonmises", args, [{ name: "mu" }, { name: "kappa", cons: Cons.NonNegative }], (a, b) => shared.vonmises(this.draws, a, b, true));
  }

  /** `pareto(a, size=None)`. */
  pareto(...args: unknown[]): number | NDArray {
    return this.cont("pareto", args, [{ name: "a", cons: Cons.Positive }], (a) => legacyPareto(this, a));
  }

  /** `weibull(a, size=None)`. */
  weibull(...args: unknown[]): number | NDArray {
    return this.cont("weibull", args, [{ name: "a", cons: Cons.NonNegative }], (a) => shared.weibull(this.draws, a));
  }

  /** `power(a, size=None)`. */
  power(...args: unknown[]): number | NDArray {
    return this.cont("power", args, [{ name: "a", cons: Cons.Positive }], (a) => legacyPower(this, a));
  }

  /** `laplace(loc=0.0, scale=1.0, size=None)`. */
  laplace(...args: unknown[]): number | NDArray {
    return this.cont("laplace", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a, b) => randomLaplace(this.bg, a, b));
  }

  /** `gumbel(loc=0.0, scale=1.0, size=None)`. */
  gumbel(...args: unknown[]): number | NDArray {
    return this.cont("gumbel", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a, b) => randomGumbel(this.bg, a, b));
  }

  /** `logistic(loc=0.0, scale=1.0, size=None)`. */
  logistic(...args: unknown[]): number | NDArray {
    return this.cont("logistic", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a, b) => randomLogistic(this.bg, a, b));
  }

  /** `lognormal(mean=0.0, sigma=1.0, size=None)`. */
  lognormal(...args: unknown[]): number | NDArray {
    return this.cont("lognormal", args, [{ name: "mean", def: 0.0 }, { name: "sigma", cons: Cons.NonNegative, def: 1.0 }], (a, b) => shared.lognormal(this.draws, a, b));
  }

  /** `rayleigh(scale=1.0, size=None)`. */
  rayleigh(...args: unknown[]): number | NDArray {
    return this.cont("rayleigh", args, [{ name: "scale", cons: Cons.NonNegative, def: 1.0 }], (a) => legacyRayleigh(this.bg, a));
  }

  /** `wald(mean, scale, size=None)`. */
  wald(...args: unknown[]): number | NDArray {
    return this.cont("wald", args, [{ name: "mean", cons: Cons.Positive }, { name: "scale", cons: Cons.Positive }], (a, b) => legacyWald(this, a, b));
  }

  /** `triangular(left, mode, right, size=None)`. */
  triangular(...args: unknown[]): number | NDArray {
    const { ps, size } = specParams("triangular", args, [{ name: "left" }, { name: "mode" }, { name: "right" }]);
    const [l, m, r] = ps.map((p) => toFloatArray(p.value));
    if (l!.ndim === 0 && m!.ndim === 0 && r!.ndim === 0) {
      const fl = Number(l!.item()), fm = Number(m!.item()), fr = Number(r!.item());
      if (fl > fm) throw new ValueError("left > mode");
      if (fm > fr) throw new ValueError("mode > right");
      if (fl === fr) throw new ValueError("left == right");
      return cont(size, [{ value: fl, name: "" }, { value: fm, name: "" }, { value: fr, name: "" }], (a, b, c) => randomTriangular(this.bg, a, b, c));
    }
    if (l!.gt(m!).any().item()) throw new ValueError("left > mode");
    if (m!.gt(r!).any().item()) throw new ValueError("mode > right");
    if (l!.eq(r!).any().item()) throw new ValueError("left == right");
    return cont(size, [{ value: l, name: "" }, { value: m, name: "" }, { value: r, name: "" }], (a, b, c) => randomTriangular(this.bg, a, b, c));
  }

  // ---- discrete distributions (int64 arrays; a JS number when scalar) ---------------------------

  /** `binomial(n, p, size=None)`: NumPy's legacy binomial (inversion / BTPE, with the cached set-up). */
  binomial(...args: unknown[]): number | NDArray {
    const { ps, size } = specParams("binomial", args, [{ name: "n", int: true }, { name: "p" }]);
    const [n, p] = ps;
    // NumPy checks p before n
    return disc(size, [{ ...p!, cons: Cons.Bounded01 }, { ...n!, cons: Cons.LegacyNonNegInboundsLong }], (pp, nn) => legacyBinomial(this.bg, pp, nn, this.binomialCache));
  }

  /** `negative_binomial(n, p, size=None)`. */
  negativeBinomial(...args: unknown[]): number | NDArray {
    return this.disc("negative_binomial", args, [{ name: "n", cons: Cons.Positive }, { name: "p", cons: Cons.Bounded01 }], (a, b) => shared.negativeBinomial(this.draws, a, b));
  }

  /** `poisson(lam=1.0, size=None)`. */
  poisson(...args: unknown[]): number | NDArray {
    return this.disc("poisson", args, [{ name: "lam", cons: Cons.LegacyPoisson, def: 1.0 }], (a) => shared.randomPoisson(this.bg, a));
  }

  /** `zipf(a, size=None)`. */
  zipf(...args: unknown[]): number | NDArray {
    return this.disc("zipf", args, [{ name: "a", cons: Cons.GT1 }], (a) => shared.zipf(this.bg, a, true));
  }

  /** `geometric(p, size=None)`. */
  geometric(...args: unknown[]): number | NDArray {
    return this.disc("geometric", args, [{ name: "p", cons: Cons.BoundedGT01 }], (a) => legacyGeometric(this.bg, a));
  }

  /** `logseries(p, size=None)`. */
  logseries(...args: unknown[]): number | NDArray {
    return this.disc("logseries", args, [{ name: "p", cons: Cons.BoundedLT01 }], (a) => shared.logseries(this.bg, a, true));
  }

  /** `hypergeometric(ngood, nbad, nsample, size=None)`. */
  hypergeometric(...args: unknown[]): number | NDArray {
    const { ps, size } = specParams("hypergeometric", args, [
      { name: "ngood", cons: Cons.LegacyNonNegInboundsLong, int: true }, { name: "nbad", cons: Cons.NonNegative, int: true },
      { name: "nsample", cons: Cons.GTE1, int: true }]);
    const arrs = ps.map((p) => (p.value instanceof NDArray ? p.value : asarray(p.value)));
    if (arrs.every((a) => a.ndim === 0)) {
      const [g, b, s] = arrs.map((a) => Math.trunc(Number(a.item())));
      if (g! + b! < s!) throw new ValueError("ngood + nbad < nsample");
    } else {
      for (const a of arrs) if (a.dtype.kind === "f" || a.dtype.kind === "c") throw new TypeError(`Cannot cast array data from dtype('${String(a.dtype)}') to dtype('int64') according to the rule 'safe'`);
      if (arrs[0]!.add(arrs[1]!).lt(arrs[2]!).any().item()) throw new ValueError("ngood + nbad < nsample");
    }
    return disc(size, ps, (g, b, s) => legacyHypergeometric(this.bg, g, b, s));
  }

  // ---- integers ---------------------------------------------------------------------------

  /**
   * `randint(low, high=None, size=None, dtype=int)`: integers in [low, high) by NumPy's masked
   * rejection. NumPy's default dtype is int64 (C long); numfuse returns its default integer,
   * int32, when the bounds fit in int32, else int64 — the drawn values are NumPy's either way.
   * A JS number when `size` is omitted and the bounds are scalars.
   */
  randint(...args: unknown[]): number | bigint | boolean | NDArray {
    const o = resolveArgs(args, ["low", "high", "size", "dtype"], "randint");
    let low = o.low, high = o.high;
    if (low === undefined) throw new TypeError("randint() missing required argument 'low'");
    if (high === undefined || high === null) { high = low; low = 0; }
    return boundedIntegers(this.bg, low, high, o.size as Size, intDType(o.dtype), false, true);
  }

  /** `random_integers(low, high=None, size=None)` (deprecated in NumPy): integers in [low, high]. */
  randomIntegers(...args: unknown[]): number | bigint | boolean | NDArray {
    const o = resolveArgs(args, ["low", "high", "size"], "random_integers");
    let low = o.low, high = o.high;
    if (high === undefined || high === null) { high = low; low = 1; }
    return boundedIntegers(this.bg, low, toBigInt(high) + 1n, o.size as Size, "int64", false, true);
  }

  /** `bytes(length)`: `length` random bytes (little-endian uint32 draws). */
  bytes(length: number): Uint8Array {
    // C division (cdivision): bytes(0) still draws one word
    const nU32 = Math.trunc((length - 1) / 4) + 1;
    const out = new Uint8Array(Math.max(0, nU32) * 4);
    for (let i = 0; i < nU32; i++) {
      const v = this.bg.nextUint32();
      out[4 * i] = v & 0xff; out[4 * i + 1] = (v >>> 8) & 0xff; out[4 * i + 2] = (v >>> 16) & 0xff; out[4 * i + 3] = v >>> 24;
    }
    return out.slice(0, Math.max(0, length));
  }

  // ---- choice, shuffle, permutation -------------------------------------------------------------

  /** `choice(a, size=None, replace=True, p=None)`. */
  choice(...args: unknown[]): unknown {
    const o = resolveArgs(args, ["a", "size", "replace", "p"], "choice");
    const size = o.size as Size;
    const replace = o.replace === undefined ? true : Boolean(o.replace);
    let a = o.a instanceof NDArray ? o.a : asarray(o.a);
    let popSize: number;
    const sizeProd = size == null ? 1 : prodOf(sizeShape(size));
    if (a.ndim === 0) {
      const idx = asIndex(a);
      if (idx === null) throw new ValueError("a must be 1-dimensional or an integer");
      popSize = Number(idx);
      if (popSize <= 0 && sizeProd !== 0) throw new ValueError("a must be greater than 0 unless no samples are taken");
    } else if (a.ndim !== 1) {
      throw new ValueError("a must be 1-dimensional");
    } else {
      popSize = a.shape[0]!;
      if (popSize === 0 && sizeProd !== 0) throw new ValueError("'a' cannot be empty unless no samples are taken");
    }
    let pv: Float64Array | null = null;
    if (o.p !== undefined && o.p !== null) {
      const pArr = o.p instanceof NDArray ? o.p : asarray(o.p);
      let atol = Math.sqrt(2.220446049250313e-16);
      if (o.p instanceof NDArray && o.p.dtype.kind === "f") atol = Math.max(atol, Math.sqrt(o.p.dtype.id === "float32" ? 1.1920929e-7 : 2.220446049250313e-16));
      if (pArr.ndim !== 1) throw new ValueError("'p' must be 1-dimensional");
      if (pArr.size !== popSize) throw new ValueError("'a' and 'p' must have same size");
      pv = floatValues(pArr);
      const pSum = kahanSum(pv, pv.length);
      if (Number.isNaN(pSum)) throw new ValueError("probabilities contain NaN");
      if (pv.some((x) => x < 0)) throw new ValueError("probabilities are not non-negative");
      if (Math.abs(pSum - 1.0) > atol) throw new ValueError("probabilities do not sum to 1");
    }
    const isScalar = size == null;
    const shape = isScalar ? [] : sizeShape(size);
    const n = isScalar ? 1 : prodOf(shape);
    let idx: Float64Array;
    if (replace) {
      if (pv) {
        idx = choiceWeighted(this.bg, pv, n);
      } else {
        const r = boundedIntegers(this.bg, 0, popSize, shape, "int64", false, true) as NDArray;
        idx = Float64Array.from((r.data as BigInt64Array), (v) => Number(v));
      }
    } else {
      if (n > popSize) throw new ValueError("Cannot take a larger sample than population when 'replace=False'");
      if (pv) {
        let nonzero = 0;
        for (const x of pv) if (x > 0) nonzero++;
        if (nonzero < n) throw new ValueError("Fewer non-zero entries in p than size");
        idx = choiceWeightedUnique(this.bg, pv, n);
      } else {
        const perm = permutationIndices(this.bg, popSize);
        idx = Float64Array.from(perm.subarray(0, n));
      }
    }
    if (a.ndim === 0) {
      if (isScalar) return idx[0]!;
      return intArray(idx, shape);
    }
    if (isScalar) return a.item(idx[0]!);
    a = a as NDArray;
    const idxArr = intArray(idx, shape);
    return take(a, idxArr, 0);
  }

  /** `shuffle(x)`: shuffles `x` in place along its first axis (an NDArray or a JS array). */
  shuffle(x: unknown): void {
    if (x instanceof NDArray) {
      if (!x.flags.writeable) throw new ValueError("array is read-only");
      if (x.ndim === 0) throw new TypeError("len() of unsized object");
      if (x.size === 0) return;
      const perm = permutationIndices(this.bg, x.shape[0]!);
      x.set("...", take(x, asarray(perm), 0).copy());
      return;
    }
    if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
      shuffleInPlace(this.bg, x as unknown as { length: number; [i: number]: unknown });
      return;
    }
    throw new TypeError(`object of type '${typeof x}' has no len()`);
  }

  /** `permutation(x)`: a shuffled `arange(x)` for an integer, else a shuffled copy along axis 0. */
  permutation(x: unknown): NDArray {
    if (typeof x === "number" || typeof x === "bigint") {
      if (typeof x === "number" && !Number.isInteger(x)) throw new IndexError("x must be an integer or at least 1-dimensional");
      const n = Math.max(0, Number(x));
      return intArray(permutationIndices(this.bg, n), [n]);
    }
    const arr = x instanceof NDArray ? x : asarray(x);
    if (arr.ndim < 1) throw new IndexError("x must be an integer or at least 1-dimensional");
    // n-d input: NumPy shuffles an index array (drawing even when the rows are empty)
    if (arr.ndim === 1 && arr.size === 0) return arr.copy();
    const perm = permutationIndices(this.bg, arr.shape[0]!);
    return take(arr, asarray(perm), 0);
  }

  // ---- multivariate ---------------------------------------------------------------------------

  /** `multinomial(n, pvals, size=None)`: int64 counts of shape (..., len(pvals)). */
  multinomial(...args: unknown[]): NDArray {
    const o = resolveArgs(args, ["n", "pvals", "size"], "multinomial");
    if (typeof o.n !== "number" && typeof o.n !== "bigint" && typeof o.n !== "boolean" && !(o.n instanceof NDArray && o.n.ndim === 0)) throw new TypeError("an integer is required");
    const nRaw = Math.trunc(Number(o.n instanceof NDArray ? o.n.item() : o.n)); // Cython's C long: truncated
    const parr = o.pvals instanceof NDArray ? o.pvals : asarray(o.pvals);
    if (parr.ndim === 0) throw new TypeError("pvals must be a 1-d sequence");
    if (parr.ndim > 1) throw new ValueError("object too deep for desired array");
    const pix = floatValues(parr);
    const d = pix.length;
    if (pix.some((v) => !(v >= 0) || !(v <= 1))) throw new ValueError("pvals < 0, pvals > 1 or pvals contains NaNs");
    if (d && kahanSum(pix, d - 1) > 1.0 + 1e-12) {
      const isLowFloat = o.pvals instanceof NDArray && o.pvals.dtype.kind === "f" && o.pvals.dtype.id !== "float64";
      if (isLowFloat && Number((o.pvals as NDArray).sum().item()) < 1.0001) {
        throw new ValueError("sum(pvals[:-1].astype(np.float64)) > 1.0. The pvals array is cast to 64-bit floating point prior to checking the sum. Precision changes when casting may cause problems even if the sum of the original pvals is valid.");
      }
      throw new ValueError("sum(pvals[:-1]) > 1.0");
    }
    const size = o.size as Size;
    const shape = size == null ? [d] : [...sizeShape(size), d];
    checkConstraint(nRaw, "n", Cons.NonNegative);
    const total = prodOf(shape);
    const counts = new Float64Array(total);
    const niter = d ? total / d : 0;
    for (let i = 0, off = 0; i < niter; i++, off += d) shared.multinomial(this.bg, nRaw, counts, off, pix, 0, d, this.binomialCache, true);
    const { arr, data } = newArray("int64", shape);
    for (let i = 0; i < total; i++) (data as BigInt64Array)[i] = BigInt(counts[i]!);
    return arr;
  }

  /** `dirichlet(alpha, size=None)`: legacy standard gammas normalised by their sum. */
  dirichlet(...args: unknown[]): NDArray {
    const o = resolveArgs(args, ["alpha", "size"], "dirichlet");
    const aArr = o.alpha instanceof NDArray ? o.alpha : asarray(o.alpha);
    if (aArr.ndim !== 1) {
      if (aArr.ndim === 0) throw new TypeError("object of type 'float' has no len()");
      throw new ValueError("object too deep for desired array");
    }
    const alpha = floatValues(aArr);
    const k = alpha.length;
    if (alpha.some((v) => v <= 0)) throw new ValueError("alpha <= 0");
    const size = o.size as Size;
    const shape = size == null ? [k] : [...sizeShape(size), k];
    const { arr, data } = newArray("float64", shape);
    shared.dirichletGammas(this.draws, alpha, data as Float64Array);
    return arr;
  }

  /**
   * `multivariate_normal(mean, cov, size=None, check_valid='warn', tol=1e-8)`: legacy standard
   * normals times `sqrt(s)[:, None] * v` of `svd(cov)`, plus mean. The result depends on the
   * signs of the singular vectors: it equals NumPy's where numfuse's SVD picks LAPACK's signs.
   */
  multivariateNormal(...args: unknown[]): NDArray {
    const o = resolveArgs(args, ["mean", "cov", "size", "checkValid", "tol"], "multivariate_normal");
    const mean = o.mean instanceof NDArray ? o.mean : asarray(o.mean);
    const cov = o.cov instanceof NDArray ? o.cov : asarray(o.cov);
    const size = o.size as Size;
    const shape = size == null ? [] : sizeShape(size);
    if (mean.ndim !== 1) throw new ValueError("mean must be 1 dimensional");
    if (cov.ndim !== 2 || cov.shape[0] !== cov.shape[1]) throw new ValueError("cov must be 2 dimensional and square");
    if (mean.shape[0] !== cov.shape[0]) throw new ValueError("mean and cov must have same length");
    const d = mean.shape[0]!;
    const finalShape = [...shape, d];
    const x = this.gaussians(finalShape) as NDArray;
    const xv = x.data as Float64Array;
    const covF = cov.astype("float64");
    const [, sArr, vArr] = svd(covF);
    const s = floatValues(sArr), v = floatValues(vArr), c = floatValues(covF);
    const checkValid = o.checkValid ?? "warn";
    const tol = Number(o.tol ?? 1e-8);
    if (checkValid !== "ignore") {
      if (checkValid !== "warn" && checkValid !== "raise") throw new ValueError("check_valid must equal 'warn', 'raise', or 'ignore'");
      const psd = svdReproduces(v, s, c, d, tol);
      if (!psd) {
        if (checkValid === "warn") warn("covariance is not symmetric positive-semidefinite.");
        else throw new ValueError("covariance is not symmetric positive-semidefinite.");
      }
    }
    // A = sqrt(s)[:, None] * v; out = x @ A + mean
    const A = new Float64Array(d * d);
    for (let k = 0; k < d; k++) { const r = Math.sqrt(s[k]!); for (let j = 0; j < d; j++) A[k * d + j] = r * v[k * d + j]!; }
    const mv = floatValues(mean);
    const rows = d ? xv.length / d : 0;
    const { arr, data } = newArray("float64", finalShape);
    const out = data as Float64Array;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let k = 0; k < d; k++) acc += xv[r * d + k]! * A[k * d + j]!;
        out[r * d + j] = acc + mv[j]!;
      }
    }
    return arr;
  }
}

// ---- the module-level functions: one global RandomState, as numpy.random's `_rand` ---------------

let _rand = new RandomState();

/** The global RandomState behind the module-level functions. */
export function getGlobalRandomState(): RandomState { return _rand; }
/** @internal replaces the global RandomState (NumPy's `set_bit_generator` analogue for tests). */
export function setGlobalRandomState(rs: RandomState): void { _rand = rs; }
/** `np.random.get_bit_generator()`: the global RandomState's bit generator. */
export const getBitGenerator = (): BitGenerator => _rand.bg;
/** `np.random.set_bit_generator(bitgen)`: the global RandomState draws from `bitgen` from now on. */
export const setBitGenerator = (bitgen: BitGenerator): void => _rand.initializeBitGenerator(bitgen);

/** `np.random.seed(seed=None)`: reseeds the global RandomState (NumPy's legacy seeding). */
export function seed(...a: unknown[]): void {
  if (_rand.bg instanceof MT19937) { _rand.seed(...a); return; }
  // another bit generator: NumPy seeds a new one of the same type and takes its state
  const o = resolveArgs(a, ["seed"], "seed");
  const Ctor = _rand.bg.constructor as new (s?: unknown) => BitGenerator;
  _rand.setState((new Ctor(o.seed) as unknown as { state: unknown }).state);
}
/** `np.random.get_state(legacy=True)`. */
export const getState = (...a: unknown[]): LegacyStateTuple | StateDict => _rand.getState(...a);
/** `np.random.set_state(state)`. */
export const setState = (state: unknown): void => _rand.setState(state);
/** `np.random.rand(d0, d1, ...)`: uniform doubles in [0, 1). */
export function rand(): number;
export function rand(...dims: number[]): NDArray;
export function rand(...dims: number[]): number | NDArray { return _rand.rand(...dims); }
/** `np.random.randn(d0, d1, ...)`: standard normals. */
export function randn(): number;
export function randn(...dims: number[]): NDArray;
export function randn(...dims: number[]): number | NDArray { return _rand.randn(...dims); }
/** `np.random.random`: the global RandomState's `random` (same arguments). */
export const random = (...a: unknown[]): number | NDArray => _rand.random(...a);
/** `np.random.random_sample`: the global RandomState's `randomSample` (same arguments). */
export const randomSample = (...a: unknown[]): number | NDArray => _rand.randomSample(...a);
/** `np.random.ranf`: the global RandomState's `randomSample` (same arguments). */
export const ranf = (...a: unknown[]): number | NDArray => _rand.randomSample(...a);
/** `np.random.sample`: the global RandomState's `randomSample` (same arguments). */
export const sample = (...a: unknown[]): number | NDArray => _rand.randomSample(...a);
/** `np.random.randint`: the global RandomState's `randint` (same arguments). */
export const randint = (...a: unknown[]): number | bigint | boolean | NDArray => _rand.randint(...a);
/** `np.random.random_integers`: the global RandomState's `randomIntegers` (same arguments). */
export const randomIntegers = (...a: unknown[]): number | bigint | boolean | NDArray => _rand.randomIntegers(...a);
/** `np.random.tomaxint`: the global RandomState's `tomaxint` (same arguments). */
export const tomaxint = (...a: unknown[]): bigint | NDArray => _rand.tomaxint(...a);
/** `np.random.bytes`: the global RandomState's `bytes`. */
export const bytes = (length: number): Uint8Array => _rand.bytes(length);
/** `np.random.choice`: the global RandomState's `choice` (same arguments). */
export const choice = (...a: unknown[]): unknown => _rand.choice(...a);
/** `np.random.shuffle`: the global RandomState's `shuffle`. */
export const shuffle = (x: unknown): void => _rand.shuffle(x);
/** `np.random.permutation`: the global RandomState's `permutation`. */
export const permutation = (x: unknown): NDArray => _rand.permutation(x);
/** `np.random.uniform`: the global RandomState's `uniform` (same arguments). */
export const uniform = (...a: unknown[]): number | NDArray => _rand.uniform(...a);
/** `np.random.normal`: the global RandomState's `normal` (same arguments). */
export const normal = (...a: unknown[]): number | NDArray => _rand.normal(...a);
/** `np.random.standard_normal`: the global RandomState's `standardNormal` (same arguments). */
export const standardNormal = (...a: unknown[]): number | NDArray => _rand.standardNormal(...a);
/** `np.random.exponential`: the global RandomState's `exponential` (same arguments). */
export const exponential = (...a: unknown[]): number | NDArray => _rand.exponential(...a);
/** `np.random.standard_exponential`: the global RandomState's `standardExponential` (same arguments). */
export const standardExponential = (...a: unknown[]): number | NDArray => _rand.standardExponential(...a);
/** `np.random.gamma`: the global RandomState's `gamma` (same arguments). */
export const gamma = (...a: unknown[]): number | NDArray => _rand.gamma(...a);
/** `np.random.standard_gamma`: the global RandomState's `standardGamma` (same arguments). */
export const standardGamma = (...a: unknown[]): number | NDArray => _rand.standardGamma(...a);
/** `np.random.beta`: the global RandomState's `beta` (same arguments). */
export const beta = (...a: unknown[]): number | NDArray => _rand.beta(...a);
/** `np.random.chisquare`: the global RandomState's `chisquare` (same arguments). */
export const chisquare = (...a: unknown[]): number | NDArray => _rand.chisquare(...a);
/** `np.random.noncentral_chisquare`: the global RandomState's `noncentralChisquare` (same arguments). */
export const noncentralChisquare = (...a: unknown[]): number | NDArray => _rand.noncentralChisquare(...a);
/** `np.random.f`: the global RandomState's `f` (same arguments). */
export const f = (...a: unknown[]): number | NDArray => _rand.f(...a);
/** `np.random.noncentral_f`: the global RandomState's `noncentralF` (same arguments). */
export const noncentralF = (...a: unknown[]): number | NDArray => _rand.noncentralF(...a);
/** `np.random.standard_cauchy`: the global RandomState's `standardCauchy` (same arguments). */
export const standardCauchy = (...a: unknown[]): number | NDArray => _rand.standardCauchy(...a);
/** `np.random.standard_t`: the global RandomState's `standardT` (same arguments). */
export const standardT = (...a: unknown[]): number | NDArray => _rand.standardT(...a);
/** `np.random.vonmises`: the global RandomState's `vonmises` (same arguments). */
export const vonmises = (...a: unknown[]): number | NDArray => _rand.vonmises(...a);
/** `np.random.pareto`: the global RandomState's `pareto` (same arguments). */
export const pareto = (...a: unknown[]): number | NDArray => _rand.pareto(...a);
/** `np.random.weibull`: the global RandomState's `weibull` (same arguments). */
export const weibull = (...a: unknown[]): number | NDArray => _rand.weibull(...a);
/** `np.random.power`: the global RandomState's `power` (same arguments). */
export const power = (...a: unknown[]): number | NDArray => _rand.power(...a);
/** `np.random.laplace`: the global RandomState's `laplace` (same arguments). */
export const laplace = (...a: unknown[]): number | NDArray => _rand.laplace(...a);
/** `np.random.gumbel`: the global RandomState's `gumbel` (same arguments). */
export const gumbel = (...a: unknown[]): number | NDArray => _rand.gumbel(...a);
/** `np.random.logistic`: the global RandomState's `logistic` (same arguments). */
export const logistic = (...a: unknown[]): number | NDArray => _rand.logistic(...a);
/** `np.random.lognormal`: the global RandomState's `lognormal` (same arguments). */
export const lognormal = (...a: unknown[]): number | NDArray => _rand.lognormal(...a);
/** `np.random.rayleigh`: the global RandomState's `rayleigh` (same arguments). */
export const rayleigh = (...a: unknown[]): number | NDArray => _rand.rayleigh(...a);
/** `np.random.wald`: the global RandomState's `wald` (same arguments). */
export const wald = (...a: unknown[]): number | NDArray => _rand.wald(...a);
/** `np.random.triangular`: the global RandomState's `triangular` (same arguments). */
export const triangular = (...a: unknown[]): number | NDArray => _rand.triangular(...a);
/** `np.random.binomial`: the global RandomState's `binomial` (same arguments). */
export const binomial = (...a: unknown[]): number | NDArray => _rand.binomial(...a);
/** `np.random.negative_binomial`: the global RandomState's `negativeBinomial` (same arguments). */
export const negativeBinomial = (...a: unknown[]): number | NDArray => _rand.negativeBinomial(...a);
/** `np.random.poisson`: the global RandomState's `poisson` (same arguments). */
export const poisson = (...a: unknown[]): number | NDArray => _rand.poisson(...a);
/** `np.random.zipf`: the global RandomState's `zipf` (same arguments). */
export const zipf = (...a: unknown[]): number | NDArray => _rand.zipf(...a);
/** `np.random.geometric`: the global RandomState's `geometric` (same arguments). */
export const geometric = (...a: unknown[]): number | NDArray => _rand.geometric(...a);
/** `np.random.logseries`: the global RandomState's `logseries` (same arguments). */
export const logseries = (...a: unknown[]): number | NDArray => _rand.logseries(...a);
/** `np.random.hypergeometric`: the global RandomState's `hypergeometric` (same arguments). */
export const hypergeometric = (...a: unknown[]): number | NDArray => _rand.hypergeometric(...a);
/** `np.random.multinomial`: the global RandomState's `multinomial` (same arguments). */
export const multinomial = (...a: unknown[]): NDArray => _rand.multinomial(...a);
/** `np.random.dirichlet`: the global RandomState's `dirichlet` (same arguments). */
export const dirichlet = (...a: unknown[]): NDArray => _rand.dirichlet(...a);
/** `np.random.multivariate_normal`: the global RandomState's `multivariateNormal` (same arguments). */
export const multivariateNormal = (...a: unknown[]): NDArray => _rand.multivariateNormal(...a);
