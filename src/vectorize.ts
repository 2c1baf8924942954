// np.vectorize and np.frompyfunc.
//
// A function whose body is one pure numeric expression is inlined: its source is parsed
// (src/expr/jsfunc.ts) and lowered into the graph like any ufunc chain, so it fuses and
// never runs per element. Anything else is called once per element on JS scalars
// (numbers, bigints, booleans, strings, {re, im}), as NumPy calls the Python function.
//
// Integer inputs: NumPy's vectorize hands the Python function Python ints; JS has only
// numbers, so the function sees numbers on both paths and inlining computes in float64.
// 64-bit integers (bigints), bools, complex and strings are never inlined: JS would treat
// them differently from a float64. Without `otypes`, the dtype comes from all results by
// SPEC §3's inference (so it is computed at the call); with `otypes` the result stays lazy.
// numfuse has no object dtype: frompyfunc's results are inferred the same way.

import { NDArray, lazy } from "./ndarray.js";
import { array, asarray } from "./creation.js";
import { broadcastShapes } from "./broadcast.js";
import { broadcastTo } from "./shape.js";
import { dtype as toDType, dt, type DType } from "./dtype.js";
import { castNode, type Prepared } from "./ufunc.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { inlineFunction } from "./expr/jsfunc.js";
import { jsRules } from "./expr/jsTypes.js";
import { lower } from "./expr/lower.js";
import type { Expr } from "./expr/expr.js";
import { arrayNotes } from "./explain.js";
import { gufunc, parseSignature } from "./gufunc.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown;
type Result = NDArray | NDArray[];

export interface VectorizeOptions {
  /** Output dtypes: a string of type codes ("d", "fi") or a list of dtypes. */
  otypes?: string | readonly (string | DType)[];
  /** Positions of arguments passed to the function unvectorized. */
  excluded?: readonly number[];
  /** A generalized-ufunc signature such as "(n),(n)->()": the function sees core sub-arrays. */
  signature?: string;
}

/** A vectorized function: call it like a ufunc. */
export type Vectorized = (...args: unknown[]) => Result;

/**
 * `np.vectorize(fn, { otypes, excluded, signature })`: fn applied elementwise with broadcasting.
 * @example np.vectorize((x) => (x > 1 ? x ** 2 : -x))(np.array([0.5, 3]))
 */
export function vectorize(fn: Fn, opts: VectorizeOptions = {}): Vectorized {
  if (typeof fn !== "function") throw new TypeError("vectorize requires a callable");
  const otypes = parseOtypes(opts.otypes);
  const excluded = new Set(opts.excluded ?? []);
  const sig = opts.signature === undefined ? null : parseSignature(opts.signature);
  const inline = sig === null ? inlineFunction(fn) : null;
  return (...args: unknown[]) => {
    if (sig) return gufunc(fn, sig, args, excluded, otypes);
    const vec = args.map((a, i) => (excluded.has(i) ? null : a instanceof NDArray ? a : asarray(a)));
    const why = inline && !inline.ok ? inline.reason : inline ? inlinableWith(inline.params.length, args.length, vec) : null;
    if (inline?.ok && why === null) {
      const r = inlined(inline.params, inline.expr, inline.bool, vec as NDArray[], otypes);
      arrayNotes.set(r, `np.vectorize: inlined into the fused kernel (no per-element call)${otypes ? "" : "; evaluated at the call to infer the dtype from the results (pass otypes to stay lazy)"}`);
      return r;
    }
    const r = perElement(fn, args, vec, otypes);
    for (const x of Array.isArray(r) ? r : [r]) arrayNotes.set(x, `np.vectorize: per-element call: ${why}`);
    return r;
  };
}

/**
 * `np.frompyfunc(fn, nin, nout)`: a ufunc-like function; results take inferred dtypes (no object dtype).
 * @example np.frompyfunc((x) => x ** 2, 1, 1)(np.array([1, 2, 3]))
 */
export function frompyfunc(fn: Fn, nin: number, nout: number): Vectorized {
  if (typeof fn !== "function") throw new TypeError("function must be callable");
  if (!Number.isInteger(nin) || nin < 0 || !Number.isInteger(nout) || nout < 1) throw new ValueError("frompyfunc: nin must be >= 0 and nout >= 1");
  const v = vectorize(fn);
  const name = fn.name || "<lambda>";
  return (...args: unknown[]) => {
    if (args.length !== nin) throw new TypeError(`${name} (vectorized)() takes from ${nin} to ${nin + nout} positional arguments but ${args.length} were given`);
    const r = v(...args);
    const n = Array.isArray(r) ? r.length : 1;
    if (n !== nout) throw new ValueError(`wrong number of outputs from pyfunc: expected ${nout}, got ${n}`);
    return r;
  };
}

/** Why these arguments cannot take the inlined path (null: they can). */
function inlinableWith(nparams: number, nargs: number, vec: readonly (NDArray | null)[]): string | null {
  // extra arguments are ignored as JS ignores them; missing ones would arrive undefined
  if (nparams > nargs) return `the function takes ${nparams} parameters but was given ${nargs} arguments`;
  if (vec.some((a) => a === null)) return "an argument is excluded";
  const bad = vec.find((a) => !INLINE_DTYPES.has(a!.dtype.id));
  return bad ? `an input of dtype ${bad!.dtype} would reach the function as ${JS_TYPE[bad!.dtype.kind] ?? "a non-number"}, not a float64` : null;
}
const INLINE_DTYPES = new Set(["int8", "int16", "int32", "uint8", "uint16", "uint32", "float32", "float64"]);
const JS_TYPE: Record<string, string> = { b: "a boolean", c: "{re, im}", U: "a string", i: "a bigint", u: "a bigint" };

/** The function's expression lowered over float64 parameters: one fused kernel, no calls. */
function inlined(params: readonly string[], expr: Expr, bool: boolean, vec: NDArray[], otypes: DType[] | null): NDArray {
  const f8 = dt("float64");
  const shape = broadcastShapes(...vec.map((a) => a.shape));
  const ps = new Map<string, Prepared>();
  params.forEach((name, i) => {
    const p: Prepared = { node: vec[i]._node, dtype: vec[i].dtype, weak: null };
    ps.set(name, { node: castNode(p, f8), dtype: f8, weak: null });
  });
  let r = lower(expr, jsRules(ps));
  if (r.node.shape.length !== shape.length) r = { ...r, node: broadcastTo(lazy(r.node, r.dtype), shape)._node };
  if (otypes) return lazy(castNode(r, otypes[0]), otypes[0]);
  if (bool || r.dtype.kind === "b") return lazy(r.node, r.dtype);
  const out = lazy(r.node, r.dtype);
  if (out.size === 0) throw new ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set");
  // SPEC §3 on the values the per-element path would have returned
  const d = inferNumbers(out.evalSync().flatten().tolist() as number[]);
  return d.id === "float64" ? out : out.astype(d);
}

/** SPEC §3 for numbers: all integers within int32 → int32, other integers → int64, else float64. */
function inferNumbers(vals: readonly number[]): DType {
  let big = false;
  for (const v of vals) {
    if (!Number.isInteger(v)) return dt("float64");
    if (v < -2147483648 || v > 2147483647) big = true;
  }
  return dt(big ? "int64" : "int32");
}

function perElement(fn: Fn, args: readonly unknown[], vec: readonly (NDArray | null)[], otypes: DType[] | null): Result {
  const live = vec.filter((a): a is NDArray => a !== null);
  const shape = broadcastShapes(...live.map((a) => a.shape));
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0 && !otypes) throw new ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set");
  const flat = vec.map((a) => (a === null ? null : (broadcastTo(a, shape).flatten().tolist() as unknown[])));
  const results: unknown[] = [];
  for (let k = 0; k < size; k++) results.push(fn(...args.map((a, i) => (flat[i] === null ? a : flat[i]![k]))));
  const nout = otypes ? otypes.length : size > 0 && Array.isArray(results[0]) ? (results[0] as unknown[]).length : 1;
  const multi = nout > 1 || (size > 0 && Array.isArray(results[0]));
  const column = (j: number) => results.map((r) => scalarOf(multi ? pick(r, j, nout) : r));
  const build = (j: number): NDArray => {
    const vals = column(j);
    const d = otypes?.[j];
    const a = d ? array(vals, { dtype: d }) : array(vals);
    return a.reshape(shape);
  };
  return multi ? Array.from({ length: nout }, (_, j) => build(j)) : build(0);
}

function pick(r: unknown, j: number, nout: number): unknown {
  if (!Array.isArray(r) || r.length !== nout) throw new ValueError(`wrong number of outputs from pyfunc: expected ${nout}, got ${Array.isArray(r) ? r.length : 1}`);
  return r[j];
}
const scalarOf = (v: unknown): unknown => (v instanceof NDArray ? (v.ndim === 0 ? v.item() : setSeq()) : v);
const setSeq = (): never => { throw new ValueError("setting an array element with a sequence."); };

// ---- otypes ----

const CODES: Record<string, string> = {
  "?": "bool", b: "int8", B: "uint8", h: "int16", H: "uint16", i: "int32", I: "uint32", l: "int64", L: "uint64",
  q: "int64", Q: "uint64", f: "float32", d: "float64", g: "float64", F: "complex64", D: "complex128", G: "complex128",
};
function parseOtypes(o: VectorizeOptions["otypes"]): DType[] | null {
  if (o === undefined || o === null) return null;
  if (typeof o === "string") {
    return [...o].map((c) => {
      if (!Object.prototype.hasOwnProperty.call(CODES, c)) throw new ValueError(`Invalid otype specified: ${c}`);
      return dt(CODES[c] as never);
    });
  }
  return o.map((x) => toDType(x as never));
}
