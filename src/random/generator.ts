// The new-style `Generator` (NumPy's `np.random.Generator`, the object `defaultRng` returns):
// every method draws from its bit generator in exactly NumPy's order (_generator.pyx), so a
// Generator over the same bit generator state gives NumPy's numbers. Arguments follow NumPy's
// order or a trailing options object (SPEC §2); scalar parameters and no `size` give a JS
// number, otherwise an array. Integer results use numfuse's int32 where NumPy's int64 holds
// values that fit (the stream is the same: 32-bit ranges draw identically at either width).

import { parallelDraw } from "./parallel.js";
import type { BitGenerator } from "../../runtime/random/bitgen.js";
import {
  fillStandardExponential, fillStandardExponentialF, fillStandardExponentialInv, fillStandardExponentialInvF,
  fillFloat, fillStandardNormal, fillStandardNormalF,
} from "../../runtime/random/ziggurat.js";
import { OverflowError, TypeError, ValueError, randomMsg } from "../../runtime/errors.js";
import { normAxis } from "../broadcast.js";
import { asarray } from "../creation.js";
import { dtype as toDType } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { take } from "../select.js";
import { broadcastTo } from "../shape.js";
import { svd } from "../linalg/svd.js";
import { eigh } from "../linalg/eig.js";
import { cholesky } from "../linalg/lu.js";
import { Cons, POISSON_LAM_MAX, boundedIntegers, specParams, type PSpec, broadcastIndex, broadcastShapes, checkConstraint, cont, disc, flatList, newArray, resolveArgs, sizeShape, type SizeLike } from "./args.js";
import { INT_BOUNDS, boundedUint64, type IntDType } from "./bounded.js";
import {
  BinomialCache, binomial, randomGumbel, randomInterval, randomLaplace, randomLogistic, randomPoisson, randomTriangular, randomUniform,
} from "./discrete.js";
import * as D from "./distributions.js";
import * as shared from "./discrete.js";
import { choiceWeighted, choiceWeightedUnique, intArray, kahanSum, permutationIndices, shuffleInPlace, svdReproduces } from "./sampling.js";
import { PCG64, type SeedLike } from "./bitgenerators.js";

type FloatDT = "float64" | "float32";
type FillF = (bg: BitGenerator, out: Float64Array, s: number, e: number) => void;
type FillF32 = (bg: BitGenerator, out: Float32Array, s: number, e: number) => void;

/** The float dtype of a `dtype` argument (float64 or float32), else NumPy's TypeError for `fn`. */
function floatDType(d: unknown, fn: string): FloatDT {
  if (d === undefined || d === null) return "float64";
  const t = toDType(d as string);
  if (t.id === "float64" || t.id === "float32") return t.id;
  throw new TypeError(randomMsg.unsupportedDType(t.name, fn));
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** `check_output`: `out` must be contiguous, of `dtype`, and of shape `size` when both are given. */
function checkOut(out: NDArray, dtype: FloatDT, size: SizeLike): void {
  if (!(out instanceof NDArray)) throw new TypeError(randomMsg.outNotArray);
  const f = out.flags;
  if (!(f.cContiguous || f.fContiguous) || !f.writeable) {
    throw new ValueError(randomMsg.outLayout);
  }
  if (out.dtype.id !== dtype) throw new TypeError(randomMsg.outDType(dtype, out.dtype.name));
  if (size != null) {
    const s = sizeShape(size);
    if (s.length !== out.ndim || s.some((d, i) => d !== out.shape[i])) throw new ValueError(randomMsg.outSize);
  }
}

/** Writes values drawn in memory order into `out` (C- or F-contiguous), as NumPy fills its buffer. */
function writeMemoryOrder(out: NDArray, vals: Float64Array | Float32Array): void {
  const f = out.flags;
  let src = asarray(vals);
  if (f.cContiguous || out.ndim <= 1) src = src.reshape([...out.shape]);
  else src = src.reshape([...out.shape].reverse()).transpose();
  out.set("...", src);
}

/** The values of an array-like (or scalar) as a flat list with its shape. */
function flatValues(x: unknown): { shape: number[]; vals: unknown[]; arr: NDArray } {
  const arr = x instanceof NDArray ? x : asarray(x);
  return { shape: [...arr.shape], vals: flatList(arr.tolist()), arr };
}

const isScalarLike = (x: unknown): boolean =>
  typeof x === "number" || typeof x === "bigint" || typeof x === "boolean" || (x instanceof NDArray && x.ndim === 0);

/** An object with a bit generator engine behind it (a public bit generator class, or an engine). */
export interface SpawnableBitGenerator extends BitGenerator {
  spawn?(n: number): BitGenerator[];
}

export class Generator {
  /** @internal the engine every draw comes from */
  readonly _bg: BitGenerator;
  /** NumPy's `binomial_t`: the set-up of the last binomial parameters. */
  private readonly _binomial = new BinomialCache();
  /** The ziggurat primitives the algorithms shared with RandomState draw from. */
  private readonly _d: shared.Draws;

  constructor(bitGenerator: BitGenerator) {
    if (!bitGenerator || typeof (bitGenerator as BitGenerator).nextUint32 !== "function") {
      throw new TypeError(randomMsg.invalidBitGenerator);
    }
    this._bg = bitGenerator;
    this._d = new D.ZigguratDraws(bitGenerator);
  }

  /** The bit generator this Generator draws from. */
  get bitGenerator(): BitGenerator { return this._bg; }

  toString(): string { return `Generator(${this._bg.constructor.name})`; }

  /** `spawn(n)`: n new Generators over independent children of the bit generator's SeedSequence. */
  spawn(nChildren: number): Generator[] {
    if (nChildren < 0) throw new ValueError(randomMsg.nChildren);
    const sp = (this._bg as SpawnableBitGenerator).spawn;
    if (typeof sp !== "function") throw new TypeError(randomMsg.noSpawn);
    return sp.call(this._bg, nChildren).map((b) => new Generator(b));
  }

  // ---- fills ------------------------------------------------------------------------------

  /** `{ parallel: true }`: spawned-stream blocks on the worker pool (different numbers from the sequential stream, the same at any thread count). */
  private _parallel(method: "random" | "standardNormal" | "standardExponential", size: SizeLike, dtype: FloatDT, a = 0, b = 1): NDArray {
    if (size == null) throw new TypeError("parallel draws need a size");
    return parallelDraw(this._bg, method, size, { float32: dtype === "float32", a, b });
  }

  /** NumPy's double_fill / float_fill: a scalar, a new array of `size`, or `out` filled in memory order. */
  private _fill(size: SizeLike, dtype: FloatDT, out: unknown, f64: FillF, f32: FillF32): number | NDArray {
    const bg = this._bg;
    if (size == null && out == null) {
      if (dtype === "float64") { const b = new Float64Array(1); f64(bg, b, 0, 1); return b[0]!; }
      const b = new Float32Array(1); f32(bg, b, 0, 1); return b[0]!;
    }
    if (out != null) {
      const o = out as NDArray;
      checkOut(o, dtype, size);
      const n = o.size;
      const vals = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
      if (dtype === "float64") f64(bg, vals as Float64Array, 0, n); else f32(bg, vals as Float32Array, 0, n);
      writeMemoryOrder(o, vals);
      return o;
    }
    const shape = sizeShape(size);
    const { arr, data } = newArray(dtype, shape);
    if (dtype === "float64") f64(bg, data as Float64Array, 0, data.length); else f32(bg, data as Float32Array, 0, data.length);
    return arr;
  }

  /** `{ parallel: true }` for the affine distributions with scalar parameters: a + b * (the standard draw). */
  private _parallelAffine(args: unknown[], names: string[], fn: string, defaults: Record<string, number>,
    plan: (a: Record<string, number>) => ["random" | "standardNormal" | "standardExponential", number, number]): NDArray | null {
    const last = args[args.length - 1];
    if (!(last && typeof last === "object" && !(last instanceof NDArray) && !Array.isArray(last) && (last as { parallel?: unknown }).parallel === true)) return null;
    const a: Record<string, unknown> = { ...defaults, ...resolveArgs(stripParallel(args), names, fn) };
    const vals: Record<string, number> = {};
    for (const n of names) {
      if (n === "size") continue;
      const v = a[n];
      if (typeof v !== "number") throw new TypeError(`parallel draws need scalar parameters (${n})`);
      vals[n] = v;
    }
    const [method, lo, scale] = plan(vals);
    return this._parallel(method, a.size as SizeLike, "float64", lo, scale);
  }

  /**
   * Scalar parameters and a size: the standard draws by the chunked fill, then `loc + scale * z`
   * in place — the same arithmetic as NumPy's `random_normal` / `random_exponential`.
   */
  private _affineFill(args: unknown[], names: string[], fn: string, defaults: Record<string, unknown>, locName: string | null,
    scaleName: string, fill: FillF): NDArray | null {
    const a: Record<string, unknown> = { ...defaults, ...resolveArgs(stripParallel(args), names, fn) };
    const loc = locName ? a[locName] : 0, scale = a[scaleName];
    if (a.size == null || typeof loc !== "number" || typeof scale !== "number") return null;
    checkConstraint(scale, scaleName, Cons.NonNegative);
    const { arr, data } = newArray("float64", sizeShape(a.size as SizeLike));
    const d = data as Float64Array;
    fill(this._bg, d, 0, d.length);
    if (locName) for (let i = 0; i < d.length; i++) d[i] = loc + scale * d[i]!;
    else for (let i = 0; i < d.length; i++) d[i] = scale * d[i]!;
    return arr;
  }

  /** `random(size=None, dtype=float64, out=None)`: uniform floats on [0, 1). Example: `np.random.defaultRng(0).random(3)`. */
  random(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["size", "dtype", "out", "parallel"], "random");
    if (a.parallel === true && a.out == null) return this._parallel("random", a.size as SizeLike, floatDType(a.dtype, "random"));
    return this._fill(a.size as SizeLike, floatDType(a.dtype, "random"), a.out,
      (bg, o, s, e) => bg.fillDouble(o, s, e), fillFloat);
  }

  /** `standard_normal(size=None, dtype=float64, out=None)`: the ziggurat normal. Example: `rng.standardNormal([2, 3])`. */
  standardNormal(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["size", "dtype", "out", "parallel"], "standard_normal");
    if (a.parallel === true && a.out == null) return this._parallel("standardNormal", a.size as SizeLike, floatDType(a.dtype, "standard_normal"));
    return this._fill(a.size as SizeLike, floatDType(a.dtype, "standard_normal"), a.out, fillStandardNormal, fillStandardNormalF);
  }

  /** `standard_exponential(size=None, dtype=float64, method='zig', out=None)`. */
  standardExponential(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["size", "dtype", "method", "out", "parallel"], "standard_exponential");
    const dtype = floatDType(a.dtype, "standard_exponential");
    const method = (a.method ?? "zig") as string;
    if (method !== "zig" && method !== "inv") throw new ValueError(randomMsg.expMethod);
    if (a.parallel === true && a.out == null && method === "zig") return this._parallel("standardExponential", a.size as SizeLike, dtype);
    return method === "zig"
      ? this._fill(a.size as SizeLike, dtype, a.out, fillStandardExponential, fillStandardExponentialF)
      : this._fill(a.size as SizeLike, dtype, a.out, fillStandardExponentialInv, fillStandardExponentialInvF);
  }

  // ---- integers ---------------------------------------------------------------------------

  /** `integers(low, high=None, size=None, dtype=int64, endpoint=False)`: Lemire's bounded integers. Example: `rng.integers(0, 10, 5)`. */
  integers(...args: unknown[]): number | bigint | boolean | NDArray {
    const a = resolveArgs(args, ["low", "high", "size", "dtype", "endpoint"], "integers");
    let low = a.low, high = a.high;
    if (high === undefined || high === null) { high = low; low = 0; }
    const closed = a.endpoint === true;
    return this._integers(low, high, a.size as SizeLike, a.dtype, closed, false);
  }

  /** @internal the bounded-integer front end shared by integers (Lemire) and anything masked. */
  _integers(low: unknown, high: unknown, size: SizeLike, dtypeArg: unknown, closed: boolean, masked: boolean): number | bigint | boolean | NDArray {
    let dtype: IntDType | null = null;
    if (dtypeArg !== undefined && dtypeArg !== null) {
      const t = toDType(dtypeArg as string);
      if (!(t.id in INT_BOUNDS)) throw new TypeError(randomMsg.unsupportedDType(t.name, "integers"));
      dtype = t.id as IntDType;
    }
    return boundedIntegers(this._bg, low, high, size, dtype, closed, masked);
  }


  /** `bytes(length)`: little-endian bytes of uint32 draws. */
  bytes(length: number): Uint8Array {
    const nU32 = Math.floor((length - 1) / 4) + 1;
    const words = this._integers(0, 4294967296, nU32, "uint32", false, false) as NDArray;
    const w = Uint32Array.from(words.data as Uint32Array);
    return new Uint8Array(w.buffer).slice(0, length);
  }

  // ---- continuous distributions -------------------------------------------------------------

  /** A `cont` method: NumPy's arguments by `specs`, then a draw per element. */
  private _cont(fn: string, args: readonly unknown[], specs: readonly PSpec[], draw: (a: number, b: number, c: number) => number): number | NDArray {
    const { ps, size } = specParams(fn, args, specs);
    return cont(size, ps, draw);
  }

  /** `uniform(low=0.0, high=1.0, size=None)`. */
  uniform(...args: unknown[]): number | NDArray {
    const par = this._parallelAffine(args, ["low", "high", "size"], "uniform", { low: 0.0, high: 1.0 }, (a) => {
      const r = a.high - a.low;
      if (!Number.isFinite(r)) throw new OverflowError(randomMsg.uniformRange);
      if (r < 0) throw new ValueError("high - low < 0");
      return ["random", a.low, r];
    });
    if (par) return par;
    args = stripParallel(args);
    const a: Record<string, unknown> = { low: 0.0, high: 1.0, ...resolveArgs(args, ["low", "high", "size"], "uniform") };
    const bg = this._bg;
    if (isScalarLike(a.low) && isScalarLike(a.high)) {
      const lo = Number(a.low instanceof NDArray ? a.low.tolist() : a.low), hi = Number(a.high instanceof NDArray ? a.high.tolist() : a.high);
      const rng = hi - lo;
      if (!Number.isFinite(rng)) throw new OverflowError(randomMsg.uniformRange);
      if (a.size != null) {
        // NumPy's `lower + range * next_double`, drawn by the engine's double fill
        checkConstraint(rng, "high - low", Cons.NonNegative);
        const { arr, data } = newArray("float64", sizeShape(a.size as SizeLike));
        const d = data as Float64Array;
        bg.fillDouble(d, 0, d.length);
        for (let i = 0; i < d.length; i++) d[i] = lo + rng * d[i]!;
        return arr;
      }
      return cont(a.size as SizeLike, [{ value: lo, name: "" }, { value: rng, name: "high - low", cons: Cons.NonNegative }],
        (l, r) => randomUniform(bg, l, r));
    }
    const L = asarray(a.low as never, { dtype: "float64" }), H = asarray(a.high as never, { dtype: "float64" });
    const shape = broadcastShapes([[...L.shape], [...H.shape]]);
    const lv = (broadcastTo(L, shape).flatten().tolist() as number[]), hv = (broadcastTo(H, shape).flatten().tolist() as number[]);
    const range = hv.map((h, i) => h - lv[i]!);
    if (!range.every(Number.isFinite)) throw new OverflowError(randomMsg.uniformRangeArray);
    return cont(a.size as SizeLike, [
      { value: asarray(lv).reshape(shape), name: "" },
      { value: asarray(range).reshape(shape), name: "high - low", cons: Cons.NonNegative },
    ], (l, r) => randomUniform(bg, l, r));
  }

  /** `normal(loc=0.0, scale=1.0, size=None)`. Example: `rng.normal(10, 2, 5)` or `rng.normal({ loc: 10, scale: 2, size: 5 })`. */
  normal(...args: unknown[]): number | NDArray {
    const par = this._parallelAffine(args, ["loc", "scale", "size"], "normal", { loc: 0.0, scale: 1.0 },
      (a) => { checkConstraint(a.scale, "scale", Cons.NonNegative); return ["standardNormal", a.loc, a.scale]; });
    if (par) return par;
    const fast = this._affineFill(args, ["loc", "scale", "size"], "normal", { loc: 0.0, scale: 1.0 }, "loc", "scale", fillStandardNormal);
    if (fast) return fast;
    return this._cont("normal", stripParallel(args), [{ name: "", key: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }],
      (l, s) => shared.normal(this._d, l, s));
  }

  /** `exponential(scale=1.0, size=None)`. */
  exponential(...args: unknown[]): number | NDArray {
    const par = this._parallelAffine(args, ["scale", "size"], "exponential", { scale: 1.0 },
      (a) => { checkConstraint(a.scale, "scale", Cons.NonNegative); return ["standardExponential", 0, a.scale]; });
    if (par) return par;
    const fast = this._affineFill(args, ["scale", "size"], "exponential", { scale: 1.0 }, null, "scale", fillStandardExponential);
    if (fast) return fast;
    return this._cont("exponential", stripParallel(args), [{ name: "scale", cons: Cons.NonNegative, def: 1.0 }], (s) => shared.exponential(this._d, s));
  }

  /** `standard_gamma(shape, size=None, dtype=float64, out=None)`. */
  standardGamma(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["shape", "size", "dtype", "out"], "standard_gamma");
    const dtype = floatDType(a.dtype, "standard_gamma");
    const bg = this._bg;
    if (a.out != null) checkOut(a.out as NDArray, dtype, a.size as SizeLike);
    const fn = dtype === "float64" ? (s: number) => shared.standardGamma(this._d, s) : (s: number) => D.standardGammaF(bg, s);
    return cont(a.size as SizeLike, [{ value: a.shape, name: "shape", cons: Cons.NonNegative }], fn,
      { dtype, out: (a.out ?? undefined) as NDArray | undefined });
  }

  /** `gamma(shape, scale=1.0, size=None)`. */
  gamma(...args: unknown[]): number | NDArray {
    return this._cont("gamma", args, [{ name: "shape", cons: Cons.NonNegative }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (k, s) => shared.gamma(this._d, k, s));
  }

  /** `beta(a, b, size=None)`. */
  beta(...args: unknown[]): number | NDArray {
    return this._cont("beta", args, [{ name: "a", cons: Cons.Positive }, { name: "b", cons: Cons.Positive }], (x, y) => D.beta(this._d, x, y));
  }

  /** `f(dfnum, dfden, size=None)`. */
  f(...args: unknown[]): number | NDArray {
    return this._cont("f", args, [{ name: "dfnum", cons: Cons.Positive }, { name: "dfden", cons: Cons.Positive }], (x, y) => shared.fDist(this._d, x, y));
  }

  /** `noncentral_f(dfnum, dfden, nonc, size=None)`. */
  noncentralF(...args: unknown[]): number | NDArray {
    return this._cont("noncentral_f", args, [{ name: "dfnum", cons: Cons.Positive }, { name: "dfden", cons: Cons.Positive }, { name: "nonc", cons: Cons.NonNegative }],
      (x, y, z) => shared.noncentralF(this._d, x, y, z));
  }

  /** `chisquare(df, size=None)`. */
  chisquare(...args: unknown[]): number | NDArray {
    return this._cont("chisquare", args, [{ name: "df", cons: Cons.Positive }], (x) => shared.chisquare(this._d, x));
  }

  /** `noncentral_chisquare(df, nonc, size=None)`. */
  noncentralChisquare(...args: unknown[]): number | NDArray {
    return this._cont("noncentral_chisquare", args, [{ name: "df", cons: Cons.Positive }, { name: "nonc", cons: Cons.NonNegative }],
      (x, y) => shared.noncentralChisquare(this._d, x, y));
  }

  /** `standard_cauchy(size=None)`. */
  standardCauchy(...args: unknown[]): number | NDArray {
    return this._cont("standard_cauchy", args, [], () => shared.standardCauchy(this._d));
  }

  /** `standard_t(df, size=None)`. */
  standardT(...args: unknown[]): number | NDArray {
    return this._cont("standard_t", args, [{ name: "df", cons: Cons.Positive }], (x) => shared.standardT(this._d, x));
  }

  /** `vonmises(mu, kappa, size=None)`. */
  vonmises(...args: unknown[]): number | NDArray {
    return this._cont("vonmises", args, [{ name: "mu" }, { name: "kappa", cons: Cons.NonNegative }], (m, k) => shared.vonmises(this._d, m, k));
  }

  /** `pareto(a, size=None)`. */
  pareto(...args: unknown[]): number | NDArray {
    return this._cont("pareto", args, [{ name: "a", cons: Cons.Positive }], (x) => D.pareto(this._bg, x));
  }

  /** `weibull(a, size=None)`. */
  weibull(...args: unknown[]): number | NDArray {
    return this._cont("weibull", args, [{ name: "a", cons: Cons.NonNegative }], (x) => shared.weibull(this._d, x));
  }

  /** `power(a, size=None)`. */
  power(...args: unknown[]): number | NDArray {
    return this._cont("power", args, [{ name: "a", cons: Cons.Positive }], (x) => D.power(this._bg, x));
  }

  /** `laplace(loc=0.0, scale=1.0, size=None)`. */
  laplace(...args: unknown[]): number | NDArray {
    return this._cont("laplace", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (l, s) => randomLaplace(this._bg, l, s));
  }

  /** `gumbel(loc=0.0, scale=1.0, size=None)`. */
  gumbel(...args: unknown[]): number | NDArray {
    return this._cont("gumbel", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (l, s) => randomGumbel(this._bg, l, s));
  }

  /** `logistic(loc=0.0, scale=1.0, size=None)`. */
  logistic(...args: unknown[]): number | NDArray {
    return this._cont("logistic", args, [{ name: "loc", def: 0.0 }, { name: "scale", cons: Cons.NonNegative, def: 1.0 }], (l, s) => randomLogistic(this._bg, l, s));
  }

  /** `lognormal(mean=0.0, sigma=1.0, size=None)`. */
  lognormal(...args: unknown[]): number | NDArray {
    return this._cont("lognormal", args, [{ name: "mean", def: 0.0 }, { name: "sigma", cons: Cons.NonNegative, def: 1.0 }], (m, s) => shared.lognormal(this._d, m, s));
  }

  /** `rayleigh(scale=1.0, size=None)`. */
  rayleigh(...args: unknown[]): number | NDArray {
    return this._cont("rayleigh", args, [{ name: "scale", cons: Cons.NonNegative, def: 1.0 }], (s) => D.rayleigh(this._bg, s));
  }

  /** `wald(mean, scale, size=None)`. */
  wald(...args: unknown[]): number | NDArray {
    return this._cont("wald", args, [{ name: "mean", cons: Cons.Positive }, { name: "scale", cons: Cons.Positive }], (m, s) => D.wald(this._bg, m, s));
  }

  /** `triangular(left, mode, right, size=None)`. */
  triangular(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["left", "mode", "right", "size"], "triangular");
    const bg = this._bg;
    const L = flatValues(a.left), M = flatValues(a.mode), R = flatValues(a.right);
    const shape = broadcastShapes([L.shape, M.shape, R.shape]);
    const li = broadcastIndex(L.shape, shape), mi = broadcastIndex(M.shape, shape), ri = broadcastIndex(R.shape, shape);
    const lv = li.map((i) => Number(L.vals[i])), mv = mi.map((i) => Number(M.vals[i])), rv = ri.map((i) => Number(R.vals[i]));
    if (lv.some((l, i) => l > mv[i]!)) throw new ValueError(randomMsg.leftMode);
    if (mv.some((m, i) => m > rv[i]!)) throw new ValueError(randomMsg.modeRight);
    if (lv.some((l, i) => l === rv[i]!)) throw new ValueError(randomMsg.leftRight);
    return cont(a.size as SizeLike, [{ value: a.left, name: "" }, { value: a.mode, name: "" }, { value: a.right, name: "" }],
      (l, m, r) => randomTriangular(bg, l, m, r));
  }

  // ---- discrete distributions ---------------------------------------------------------------

  /** `binomial(n, p, size=None)`. */
  binomial(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["n", "p", "size"], "binomial");
    const bg = this._bg, cache = this._binomial;
    return disc(a.size as SizeLike, [{ value: a.p, name: "p", cons: Cons.Bounded01 }, { value: a.n, name: "n", cons: Cons.NonNegative, int: true }],
      (p, n) => binomial(bg, p, n, cache));
  }

  /** `negative_binomial(n, p, size=None)`. */
  negativeBinomial(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["n", "p", "size"], "negative_binomial");
    const N = flatValues(a.n), P = flatValues(a.p);
    const nv = N.vals.map(Number), pv = P.vals.map(Number);
    for (const x of nv) checkConstraint(x, "n", Cons.PositiveNotNaN);
    for (const x of pv) checkConstraint(x, "p", Cons.BoundedGT01);
    const shape = broadcastShapes([N.shape, P.shape]);
    const ni = broadcastIndex(N.shape, shape), pi = broadcastIndex(P.shape, shape);
    for (let i = 0; i < ni.length; i++) {
      const n = nv[ni[i]!]!, p = pv[pi[i]!]!;
      if ((1 - p) / p * (n + 10 * Math.sqrt(n)) > POISSON_LAM_MAX) {
        throw new ValueError(randomMsg.negBinomialLarge);
      }
    }
    return disc(a.size as SizeLike, [{ value: a.n, name: "n" }, { value: a.p, name: "p" }], (n, p) => shared.negativeBinomial(this._d, n, p));
  }

  /** A `disc` method: NumPy's arguments by `specs`, then a draw per element. */
  private _disc(fn: string, args: readonly unknown[], specs: readonly PSpec[], draw: (a: number, b: number, c: number) => number): number | NDArray {
    const { ps, size } = specParams(fn, args, specs);
    return disc(size, ps, draw);
  }

  /** `poisson(lam=1.0, size=None)`. */
  poisson(...args: unknown[]): number | NDArray {
    return this._disc("poisson", args, [{ name: "lam", cons: Cons.Poisson, def: 1.0 }], (l) => randomPoisson(this._bg, l));
  }

  /** `zipf(a, size=None)`. */
  zipf(...args: unknown[]): number | NDArray {
    return this._disc("zipf", args, [{ name: "a", cons: Cons.GT1 }], (x) => shared.zipf(this._bg, x));
  }

  /** `geometric(p, size=None)`. */
  geometric(...args: unknown[]): number | NDArray {
    return this._disc("geometric", args, [{ name: "p", cons: Cons.BoundedGT01 }], (p) => D.geometric(this._bg, p));
  }

  /** `logseries(p, size=None)`. */
  logseries(...args: unknown[]): number | NDArray {
    return this._disc("logseries", args, [{ name: "p", cons: Cons.BoundedLT01 }], (p) => shared.logseries(this._bg, p));
  }

  /** `hypergeometric(ngood, nbad, nsample, size=None)`. */
  hypergeometric(...args: unknown[]): number | NDArray {
    const a = resolveArgs(args, ["ngood", "nbad", "nsample", "size"], "hypergeometric");
    const bg = this._bg;
    const G = flatValues(a.ngood), B = flatValues(a.nbad), S = flatValues(a.nsample);
    for (const X of [G, B, S]) {
      if (X.arr.dtype.kind === "f" && X.shape.length > 0) {
        throw new TypeError(`Cannot cast array data from dtype('${X.arr.dtype.name}') to dtype('int64') according to the rule 'safe'`);
      }
    }
    const gv = G.vals.map((v) => Math.trunc(Number(v))), bv = B.vals.map((v) => Math.trunc(Number(v))), sv = S.vals.map((v) => Math.trunc(Number(v)));
    const MAX = 1e9;
    if (gv.some((v) => v >= MAX) || bv.some((v) => v >= MAX)) throw new ValueError(randomMsg.hypergeomMax(MAX));
    const shape = broadcastShapes([G.shape, B.shape, S.shape]);
    const gi = broadcastIndex(G.shape, shape), bi = broadcastIndex(B.shape, shape), si = broadcastIndex(S.shape, shape);
    const scalar = G.shape.length === 0 && B.shape.length === 0 && S.shape.length === 0;
    if (scalar) {
      if (gv[0]! + bv[0]! < sv[0]!) throw new ValueError(randomMsg.hypergeomSample);
    } else {
      for (let i = 0; i < gi.length; i++) if (gv[gi[i]!]! + bv[bi[i]!]! < sv[si[i]!]!) throw new ValueError(randomMsg.hypergeomSample);
    }
    return disc(a.size as SizeLike, [
      { value: scalar ? gv[0] : G.arr, name: "ngood", cons: Cons.NonNegative, int: true },
      { value: scalar ? bv[0] : B.arr, name: "nbad", cons: Cons.NonNegative, int: true },
      { value: scalar ? sv[0] : S.arr, name: "nsample", cons: Cons.NonNegative, int: true },
    ], (g, b, n) => D.hypergeometric(bg, g, b, n));
  }

  /** `multivariate_hypergeometric(colors, nsample, size=None, method='marginals')`. */
  multivariateHypergeometric(...args: unknown[]): NDArray {
    const a = resolveArgs(args, ["colors", "nsample", "size", "method"], "multivariate_hypergeometric");
    const bg = this._bg;
    const method = (a.method ?? "marginals") as string;
    if (method !== "count" && method !== "marginals") throw new ValueError(randomMsg.mvhgMethod);
    const ns = a.nsample;
    if (!(typeof ns === "bigint" || (typeof ns === "number" && Number.isInteger(ns)))) throw new ValueError(randomMsg.mvhgNsampleInt);
    const nsample = Number(ns);
    if (nsample < 0) throw new ValueError(randomMsg.mvhgNsampleNeg);
    const C = flatValues(a.colors);
    if (C.shape.length !== 1 || (C.vals.length > 0 && !(C.arr.dtype.kind === "i" || C.arr.dtype.kind === "u"))
      || C.vals.some((v) => Number(v) < 0)) {
      throw new ValueError(randomMsg.mvhgColors);
    }
    const colors = C.vals.map(Number);
    const k = colors.length;
    const total = colors.reduce((x, y) => x + y, 0);
    if (method === "marginals" && total >= 1000000000) throw new ValueError(randomMsg.mvhgMarginalsTotal);
    if (nsample > total) throw new ValueError(randomMsg.mvhgNsampleTotal);
    const shape = a.size == null ? [k] : [...sizeShape(a.size as SizeLike), k];
    const out = new Float64Array(prod(shape));
    if (k === 0) return intArray(out, shape, true);
    const nv = out.length / k;
    if (total === 0 || nsample === 0 || nv === 0) return intArray(out, shape, true);
    const more = nsample > Math.floor(total / 2);
    const ns2 = more ? total - nsample : nsample;
    if (method === "count") {
      const choices = new Float64Array(total);
      for (let i = 0, c = 0; i < k; i++) for (let j = 0; j < colors[i]!; j++) choices[c++] = i;
      for (let i = 0; i < nv * k; i += k) {
        for (let j = 0; j < ns2; j++) {
          const kk = j + randomInterval(bg, total - j - 1);
          const t = choices[kk]!; choices[kk] = choices[j]!; choices[j] = t;
        }
        for (let j = 0; j < ns2; j++) out[i + choices[j]!]! += 1;
        if (more) for (let c = 0; c < k; c++) out[i + c] = colors[c]! - out[i + c]!;
      }
    } else {
      for (let i = 0; i < nv * k; i += k) {
        let toSample = ns2, remaining = total;
        for (let j = 0; toSample > 0 && j + 1 < k; j++) {
          remaining -= colors[j]!;
          const r = D.hypergeometric(bg, colors[j]!, remaining, toSample);
          out[i + j] = r;
          toSample -= r;
        }
        if (toSample > 0) out[i + k - 1] = toSample;
        if (more) for (let c = 0; c < k; c++) out[i + c] = colors[c]! - out[i + c]!;
      }
    }
    return intArray(out, shape, true);
  }

  // ---- multivariate -----------------------------------------------------------------------

  /** `multinomial(n, pvals, size=None)`. */
  multinomial(...args: unknown[]): NDArray {
    const a = resolveArgs(args, ["n", "pvals", "size"], "multinomial");
    const bg = this._bg, cache = this._binomial;
    const P = flatValues(a.pvals);
    const pshape = P.shape;
    const d = pshape.length >= 1 ? pshape[pshape.length - 1]! : 0;
    if (d === 0) throw new ValueError(randomMsg.pvalsDim);
    const pix = Float64Array.from(P.vals.map(Number));
    for (const v of pix) if (!(v >= 0) || !(v <= 1)) throw new ValueError("pvals < 0, pvals > 1 or pvals contains NaNs");
    for (let off = 0; off < pix.length; off += d) {
      if (kahanSum(pix.subarray(off), d - 1) > 1.0 + 1e-12) {
        throw new ValueError(randomMsg.pvalsSum(pshape.length));
      }
    }
    const N = flatValues(a.n);
    if (N.arr.dtype.kind === "f" && N.shape.length > 0) {
      throw new TypeError("Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'");
    }
    const nv = N.vals.map((v) => Math.trunc(Number(v)));
    const draw = (ni: number, out: Float64Array, o: number, pOff: number): void => shared.multinomial(bg, ni, out, o, pix, pOff, d, cache);
    if (N.shape.length !== 0 || pshape.length > 1) {
      for (const v of nv) if (v < 0) throw new ValueError("n < 0");
      const pb = pshape.slice(0, -1);
      let it = broadcastShapes([N.shape, pb]);
      if (a.size != null) {
        const s = sizeShape(a.size as SizeLike);
        const full = broadcastShapes([it, s]);
        if (full.length !== s.length || full.some((x, i) => x !== s[i])) {
          throw new ValueError(randomMsg.outputSize(s, full));
        }
        it = full;
      }
      const nIdx = broadcastIndex(N.shape, it), pIdx = broadcastIndex(pb, it);
      const cnt = prod(it);
      const vals = new Float64Array(cnt * d);
      for (let i = 0; i < cnt; i++) draw(nv[nIdx[i]!]!, vals, i * d, pIdx[i]! * d);
      return intArray(vals, [...it, d], true);
    }
    const shape = a.size == null ? [d] : [...sizeShape(a.size as SizeLike), d];
    const ni = nv[0]!;
    if (ni < 0) throw new ValueError("n < 0");
    const total = prod(shape);
    const vals = new Float64Array(total);
    for (let off = 0; off < total; off += d) draw(ni, vals, off, 0);
    return intArray(vals, shape, true);
  }

  /** `dirichlet(alpha, size=None)`: stick-breaking with betas when max(alpha) < 0.1, else normalised gammas. */
  dirichlet(...args: unknown[]): NDArray {
    const a = resolveArgs(args, ["alpha", "size"], "dirichlet");
    const A = flatValues(a.alpha);
    if (A.shape.length !== 1) throw new ValueError(`object too deep for desired array`);
    const alpha = Float64Array.from(A.vals.map(Number));
    const k = alpha.length;
    if (alpha.some((v) => v < 0)) throw new ValueError(randomMsg.alphaNeg);
    const shape = a.size == null ? [k] : [...sizeShape(a.size as SizeLike), k];
    const { arr, data } = newArray("float64", shape);
    const val = data as Float64Array;
    const total = val.length;
    let maxA = -Infinity;
    for (const v of alpha) maxA = Math.max(maxA, v);
    if (k > 0 && alpha.some(Number.isNaN)) maxA = NaN;
    if (k > 0 && maxA < 0.1) {
      const csumArr = new Float64Array(k);
      let csum = 0;
      for (let j = k - 1; j >= 0; j--) { csum += alpha[j]!; csumArr[j] = csum; }
      if (csum > 0) {
        for (let i = 0; i < total; i += k) {
          let acc = 1;
          for (let j = 0; j < k - 1; j++) {
            const v = D.beta(this._d, alpha[j]!, csumArr[j + 1]!);
            val[i + j] = acc * v;
            acc *= 1 - v;
            if (csumArr[j + 1] === 0) break;
          }
          val[i + k - 1] = acc;
        }
      }
    } else {
      shared.dirichletGammas(this._d, alpha, val);
    }
    return arr;
  }

  /** `multivariate_normal(mean, cov, size=None, check_valid='warn', tol=1e-8, *, method='svd')`. */
  multivariateNormal(...args: unknown[]): NDArray {
    const a = resolveArgs(args, ["mean", "cov", "size", "checkValid", "tol", "method"], "multivariate_normal");
    const method = (a.method ?? "svd") as string;
    if (method !== "eigh" && method !== "svd" && method !== "cholesky") throw new ValueError(randomMsg.mvnMethod);
    const checkValid = (a.checkValid ?? "warn") as string;
    const tol = (a.tol ?? 1e-8) as number;
    const M = asarray(a.mean as never), C = asarray(a.cov as never);
    if (M.dtype.kind === "c" || C.dtype.kind === "c") throw new TypeError(randomMsg.mvnComplex);
    const shape = a.size == null ? [] : sizeShape(a.size as SizeLike);
    if (M.ndim !== 1) throw new ValueError(randomMsg.mvnMean1d);
    if (C.ndim !== 2 || C.shape[0] !== C.shape[1]) throw new ValueError(randomMsg.mvnCovSquare);
    if (M.shape[0] !== C.shape[0]) throw new ValueError(randomMsg.mvnLength);
    const n = M.shape[0]!;
    const finalShape = [...shape, n];
    const x = this.standardNormal(finalShape) as NDArray;
    const xv = x.data as Float64Array;
    const cov = C.astype("float64");
    const covv = Float64Array.from((cov.flatten().tolist() as number[]));
    const factor = new Float64Array(n * n); // factor[i][j]; x @ factor.T
    if (method === "cholesky") {
      const l = cholesky(cov).flatten().tolist() as number[];
      factor.set(l);
    } else {
      let u: number[], s: number[], vh: number[] | null = null;
      if (method === "svd") {
        const [U, S, VH] = svd(cov);
        u = U.flatten().tolist() as number[]; s = S.tolist() as number[]; vh = VH.flatten().tolist() as number[];
      } else {
        const [S, U] = eigh(cov);
        u = U.flatten().tolist() as number[]; s = S.tolist() as number[];
      }
      if (checkValid !== "ignore") {
        if (checkValid !== "warn" && checkValid !== "raise") throw new ValueError(randomMsg.mvnCheckValid);
        const psd = method === "svd" ? svdReproduces(vh!, s, covv, n, tol) : !s.some((v) => v < -tol);
        if (!psd && checkValid === "raise") throw new ValueError(randomMsg.mvnNotPsd);
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          factor[i * n + j] = u[i * n + j]! * Math.sqrt(method === "eigh" ? Math.abs(s[j]!) : s[j]!);
        }
      }
    }
    const mean = Float64Array.from(M.astype("float64").tolist() as number[]);
    const rows = xv.length / Math.max(n, 1);
    const { arr, data } = newArray("float64", finalShape);
    const out = data as Float64Array;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += xv[r * n + j]! * factor[i * n + j]!;
        out[r * n + i] = mean[i]! + acc;
      }
    }
    return arr;
  }

  // ---- sampling and permutations ------------------------------------------------------------

  /** `choice(a, size=None, replace=True, p=None, axis=0, shuffle=True)`. Example: `rng.choice(10, 5, { replace: false })`. */
  choice(...args: unknown[]): unknown {
    const o = resolveArgs(args, ["a", "size", "replace", "p", "axis", "shuffle"], "choice");
    const replace = o.replace ?? true, doShuffle = o.shuffle ?? true;
    const axisArg = (o.axis ?? 0) as number;
    const size = o.size as SizeLike;
    const aIsInt = typeof o.a === "number" || typeof o.a === "bigint" || (o.a instanceof NDArray && o.a.ndim === 0);
    let arr: NDArray | null = null;
    let popSize: number;
    const sizeProd = size == null ? 1 : prod(sizeShape(size));
    if (aIsInt) {
      const v = o.a instanceof NDArray ? o.a.tolist() : o.a;
      if (typeof v === "number" && !Number.isInteger(v)) throw new ValueError(randomMsg.choiceA("float"));
      popSize = Number(v);
      if (popSize <= 0 && sizeProd !== 0) throw new ValueError(randomMsg.choicePositive);
    } else {
      arr = o.a instanceof NDArray ? o.a : asarray(o.a as never);
      if (arr.ndim === 0) throw new ValueError(randomMsg.choiceA("numpy.ndarray"));
      popSize = arr.shape[normAxis(axisArg, arr.ndim)]!;
      if (popSize === 0 && sizeProd !== 0) throw new ValueError(randomMsg.choiceEmpty);
    }
    let p: Float64Array | null = null;
    if (o.p != null) {
      const P = flatValues(o.p);
      p = Float64Array.from(P.vals.map(Number));
      let atol = Math.sqrt(2.220446049250313e-16);
      if (o.p instanceof NDArray && o.p.dtype.id === "float32") atol = Math.max(atol, Math.sqrt(1.1920929e-7));
      if (P.shape.length !== 1) throw new ValueError(randomMsg.choiceP1d);
      if (p.length !== popSize) throw new ValueError(randomMsg.choicePSize);
      const pSum = kahanSum(p, p.length);
      if (Number.isNaN(pSum)) throw new ValueError(randomMsg.probNaN);
      if (p.some((v) => v < 0)) throw new ValueError(randomMsg.probNegative);
      if (Math.abs(pSum - 1) > atol) throw new ValueError(randomMsg.probSum);
    }
    const isScalar = size == null;
    const shape = isScalar ? [] : sizeShape(size);
    const n = isScalar ? 1 : prod(shape);
    let idx: Float64Array;
    const bg = this._bg;
    if (replace) {
      if (p) {
        idx = choiceWeighted(bg, p, n);
      } else {
        idx = new Float64Array(n);
        const out = isScalar ? this.integers(0, popSize, { dtype: "int64" }) : this.integers(0, popSize, shape, { dtype: "int64" });
        if (isScalar) idx[0] = Number(out as number | bigint);
        else { const d = (out as NDArray).data as BigInt64Array; for (let i = 0; i < n; i++) idx[i] = Number(d[i]!); }
      }
    } else {
      if (n > popSize) throw new ValueError(randomMsg.choiceTooLarge);
      if (n < 0) throw new ValueError(randomMsg.negativeDims);
      if (p) {
        let nz = 0;
        for (const v of p) if (v > 0) nz++;
        if (nz < n) throw new ValueError(randomMsg.choiceFewNonzero);
        idx = choiceWeightedUnique(bg, p, n);
      } else {
        const cutoff = doShuffle ? 50 : 20;
        if (popSize > 10000 && n > Math.floor(popSize / cutoff)) {
          const all = new Float64Array(popSize);
          for (let i = 0; i < popSize; i++) all[i] = i;
          shuffleInt(bg, popSize, Math.max(popSize - n, 1), all);
          idx = all.slice(popSize - n);
        } else {
          idx = new Float64Array(n);
          // Floyd's algorithm with an open-addressing hash set of size 2^k > 1.2 n
          const setSize0 = Math.floor(1.2 * n);
          const mask = genMask(setSize0);
          const hash = new Float64Array(mask + 1).fill(-1);
          for (let j = popSize - n; j < popSize; j++) {
            const val = boundedUint64(bg, j);
            let loc = val % (mask + 1);
            while (hash[loc] !== -1 && hash[loc] !== val) loc = (loc + 1) % (mask + 1);
            if (hash[loc] === -1) {
              hash[loc] = val;
              idx[j - popSize + n] = val;
            } else {
              loc = j % (mask + 1);
              while (hash[loc] !== -1) loc = (loc + 1) % (mask + 1);
              hash[loc] = j;
              idx[j - popSize + n] = j;
            }
          }
          if (doShuffle) shuffleInt(bg, n, 1, idx);
        }
      }
    }
    if (arr === null) {
      if (isScalar) return idx[0]!;
      return intArray(idx, shape, popSize > 2147483648);
    }
    const axis = normAxis(axisArg, arr.ndim);
    if (isScalar) {
      const r = take(arr, idx[0]!, { axis });
      return r.ndim === 0 ? r.tolist() : r;
    }
    return take(arr, intArray(idx, shape), { axis });
  }

  /** `shuffle(x, axis=0)`: in place (an NDArray, or a JS array along its first axis). */
  shuffle(...args: unknown[]): void {
    const o = resolveArgs(args, ["x", "axis"], "shuffle");
    const x = o.x;
    const bg = this._bg;
    if (x instanceof NDArray) {
      if (!x.flags.writeable) throw new ValueError(randomMsg.readOnly);
      const axis = normAxis((o.axis ?? 0) as number, x.ndim);
      const len = x.shape[axis]!;
      if (x.size === 0) return;
      const src = take(x, intArray(permutationIndices(bg, len), [len]), { axis }).copy();
      src.evalSync();
      x.set("...", src);
      return;
    }
    if (Array.isArray(x)) {
      if ((o.axis ?? 0) !== 0) throw new ValueError(randomMsg.shuffleAxis);
      shuffleInPlace(bg, x);
      return;
    }
    throw new TypeError("shuffle expects an ndarray or an array");
  }

  /** `permutation(x, axis=0)`: a shuffled copy (or a shuffled arange for an integer). */
  permutation(...args: unknown[]): NDArray {
    const o = resolveArgs(args, ["x", "axis"], "permutation");
    const x = o.x;
    const bg = this._bg;
    if (typeof x === "number" || typeof x === "bigint") {
      const n = Math.max(Number(x), 0);
      return intArray(permutationIndices(bg, n), [n]);
    }
    const arr = x instanceof NDArray ? x : asarray(x as never);
    const axis = normAxis((o.axis ?? 0) as number, arr.ndim);
    const len = arr.shape[axis]!;
    return take(arr, intArray(permutationIndices(bg, len), [len]), { axis });
  }

  /** `permuted(x, *, axis=None, out=None)`: each 1-d slice along `axis` shuffled independently (all of `x` when null). */
  permuted(...args: unknown[]): NDArray {
    const o = resolveArgs(args, ["x", "axis", "out"], "permuted");
    const x = o.x instanceof NDArray ? o.x : asarray(o.x as never);
    const bg = this._bg;
    let out: NDArray;
    if (o.out == null) out = x.copy();
    else {
      if (!(o.out instanceof NDArray)) throw new TypeError(randomMsg.outNotArray);
      out = o.out;
      if (!out.flags.writeable) throw new ValueError(randomMsg.outReadOnly);
      if (out.ndim !== x.ndim || out.shape.some((d, i) => d !== x.shape[i])) throw new ValueError(randomMsg.permutedOutShape);
      out.set("...", x);
    }
    const n = out.size;
    const shape = [...out.shape];
    // a flat C-order permutation of the elements, built with NumPy's swaps
    const perm = new Float64Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    if (o.axis == null) shuffleInPlace(bg, perm);
    else {
      const ax = normAxis(o.axis as number, out.ndim);
      const axlen = shape[ax]!;
      const stride = prod(shape.slice(ax + 1));
      const outer = prod(shape.slice(0, ax));
      if (axlen > 0) {
        for (let a0 = 0; a0 < outer; a0++) {
          for (let b0 = 0; b0 < stride; b0++) {
            const base = a0 * axlen * stride + b0;
            for (let i = axlen - 1; i >= 0; i--) {
              const j = randomInterval(bg, i);
              const pi = base + i * stride, pj = base + j * stride;
              const t = perm[pi]!; perm[pi] = perm[pj]!; perm[pj] = t;
            }
          }
        }
      }
    }
    if (n > 0) {
      const src = take(out.flatten(), intArray(perm, [n])).reshape(shape).copy();
      src.evalSync();
      out.set("...", src);
    }
    return out;
  }
}

/** Drops `parallel` from a trailing options object (and the object when nothing else is left). */
function stripParallel(args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (!(last && typeof last === "object" && !(last instanceof NDArray) && !Array.isArray(last) && "parallel" in last)) return args;
  const { parallel: _p, ...rest } = last as Record<string, unknown>;
  void _p;
  return Object.keys(rest).length ? [...args.slice(0, -1), rest] : args.slice(0, -1);
}

/** The smallest all-ones mask ≥ x (x < 2^53). */
function genMask(x: number): number {
  let m = 1;
  while (m - 1 < x) m *= 2;
  return m - 1;
}

/** `_shuffle_int`: Fisher-Yates from n-1 down to `first` with Lemire draws on [0, i]. */
function shuffleInt(bg: BitGenerator, n: number, first: number, data: Float64Array): void {
  for (let i = n - 1; i >= first; i--) {
    const j = boundedUint64(bg, i);
    const t = data[j]!; data[j] = data[i]!; data[i] = t;
  }
}

/**
 * `default_rng(seed=None)`: a Generator over PCG64 seeded through SeedSequence(seed). A
 * Generator is returned as is, a bit generator is wrapped, a RandomState gives a Generator
 * over its MT19937 (NumPy's coercion). Example: `const rng = np.random.defaultRng(42); rng.random(3)`.
 */
export function defaultRng(...args: unknown[]): Generator {
  const o = resolveArgs(args, ["seed"], "default_rng");
  const seed = o.seed;
  if (seed instanceof Generator) return seed;
  if (seed && typeof seed === "object" && typeof (seed as BitGenerator).nextUint32 === "function") return new Generator(seed as BitGenerator);
  if (seed && typeof seed === "object" && "bg" in seed && typeof (seed as { bg: BitGenerator }).bg?.nextUint32 === "function") {
    return new Generator((seed as { bg: BitGenerator }).bg);
  }
  return new Generator(new PCG64(seed as SeedLike));
}
