// Ufuncs: the public elementwise functions, derived from the op table.
//
// A ufunc call resolves its loop dtype from the operands (arrays promote by NumPy's table,
// JS scalars are weak), broadcasts shapes (errors at the call), and adds one map node.
// It computes nothing.

import { newNodeId, broadcastView, type Node, type Scalar } from "../compiler/ir.js";
import { opRow, implFor, type Sig } from "../compiler/ops.js";
import { valueClass } from "../runtime/dtypes.js";
import { DType, dt, iinfo, promoteTypes, promoteWeak, defaultFor, scalarKind, canCastSameKind, type ScalarKind } from "./dtype.js";
import { OverflowError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes } from "./broadcast.js";
import { NDArray, lazy, assignNode } from "./ndarray.js";
import { asarray } from "./creation.js";

/** What a ufunc accepts as an operand. */
export type ArrayLike = NDArray | Scalar | null | readonly unknown[] | ArrayBufferView;

/** An operand after preparation: a node, its dtype, and whether it is a weak JS scalar. */
export interface Prepared { node: Node; dtype: DType; weak: ScalarKind | null; value?: Scalar }

/** @internal */
export function prepare(x: ArrayLike): Prepared {
  if (x instanceof NDArray) return { node: x._node, dtype: x.dtype, weak: null };
  const k = scalarKind(x);
  if (k !== null) {
    const v = x as Scalar;
    const d = typeof v === "bigint" ? dt("int64") : defaultFor(k, typeof v === "string" ? v.length : 1);
    return { node: constNode(v, d), dtype: d, weak: k, value: v };
  }
  const a = asarray(x as never);
  return { node: a._node, dtype: a.dtype, weak: null };
}

/** @internal a scalar constant node */
export function constNode(value: Scalar, d: DType): Node {
  return { kind: "const", id: newNodeId(), dtype: d.id, shape: [], value };
}

/** @internal converts a node to dtype `d` (no-op when it already is). */
export function castNode(p: Prepared, d: DType): Node {
  if (p.dtype.id === d.id) return p.node;
  if (p.node.kind === "const") return { ...p.node, id: newNodeId(), dtype: d.id };
  return { kind: "map", id: newNodeId(), op: "cast", dtype: d.id, shape: p.node.shape, inputs: [p.node] };
}

/** The smallest integer dtype holding an integer value (NumPy's min_scalar_type, signed first). */
function intTypeFor(v: number | bigint): DType {
  const x = BigInt(v);
  for (const id of ["int8", "int16", "int32", "int64"] as const) {
    const { min, max } = iinfo(id);
    if (x >= BigInt(min) && x <= BigInt(max)) return dt(id);
  }
  return x >= BigInt(0) && x <= (iinfo("uint64").max as bigint) ? dt("uint64") : dt("float64");
}

/** True when a weak integer fits the integer dtype it is to take. */
function fits(v: number | bigint, d: DType): boolean {
  if (!d.isInteger) return true;
  const { min, max } = iinfo(d);
  return BigInt(v) >= BigInt(min) && BigInt(v) <= BigInt(max);
}

/**
 * The common dtype of operands: arrays promote, weak scalars adapt (NEP 50). A weak
 * integer that does not fit the integer dtype raises OverflowError, as NumPy 2 and JAX
 * do; comparisons instead compare exactly (NumPy 2 special-cases them the same way).
 */
export function commonDType(ps: readonly Prepared[], compare = false): DType {
  const strong = ps.filter((p) => !p.weak);
  let d: DType | null = strong.length ? strong.map((p) => p.dtype).reduce(promoteTypes) : null;
  const weak = ps.filter((p) => p.weak);
  if (d === null) {
    // only JS scalars: their default dtypes promote among themselves
    d = weak.map((p) => p.dtype).reduce(promoteTypes);
    return d;
  }
  for (const p of weak) {
    if (p.weak === "int" && typeof p.value === "bigint" && d.kind === "b") d = dt("int64");
    else d = promoteWeak(d, p.weak!);
  }
  for (const p of weak) {
    if (p.weak !== "int" || fits(p.value as number | bigint, d)) continue;
    if (!compare) throw new OverflowError(`Python integer ${p.value} out of bounds for ${d}`);
    d = promoteTypes(d, intTypeFor(p.value as number | bigint));
  }
  return d;
}

const floatOf = (d: DType): DType => (d.kind === "b" || d.itemsize <= 2 ? dt("float32") : dt("float64"));

/**
 * The dtype a float function computes in: NumPy's loop search takes the first float
 * loop every input casts to safely, so each integer input maps to its own float first.
 */
function floatLoop(ps: readonly Prepared[]): DType {
  const strong = ps.filter((p) => !p.weak);
  const mapped = strong.map((p) => (p.dtype.kind === "b" || p.dtype.isInteger ? { ...p, dtype: floatOf(p.dtype) } : p));
  const d = commonDType([...mapped, ...ps.filter((p) => p.weak)]);
  return d.kind === "b" || d.isInteger ? floatOf(d) : d;
}
const realPartOf = (d: DType): DType => (d.id === "complex64" ? dt("float32") : d.id === "complex128" ? dt("float64") : d);

/** Ufuncs NumPy has no bool loop for, and does not cast bool to a wider type for. */
const BOOL_REJECTED = new Set(["positive", "sign", "gcd", "lcm"]);

function noLoop(ufunc: string, ps: readonly Prepared[]): never {
  throw new TypeError(msg.ufuncTypes(ufunc, ps.map((p) => p.dtype.name)));
}

/** NumPy's loop selection for one op: dtypes the inputs are cast to, and the output dtype. */
export function resolveTypes(op: string, ps: readonly Prepared[]): { ins: DType[]; out: DType } {
  const row = opRow(op)!;
  const name = row.ufunc ?? op;
  const sig: Sig = row.sig;
  const has = (d: DType) => implFor(op, d.id, valueClass(d.id)) !== undefined;
  const same = (d: DType) => ({ ins: ps.map(() => d), out: d });
  // structured arrays have no elementwise loops (they compare field by field: src/structured)
  if (ps.some((p) => p.dtype.kind === "V")) throw new TypeError(msg.ufuncNoLoop(name, ps.map((p) => p.dtype.name)));
  switch (sig) {
    case "arith": case "same": case "intonly": {
      let d = commonDType(ps);
      if (d.kind === "b" && BOOL_REJECTED.has(op)) noLoop(name, ps);
      if (d.kind === "b" && !has(d)) {
        if (op === "subtract") throw new TypeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
        if (op === "negative") throw new TypeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.");
        d = dt("int8");
      }
      if (sig === "intonly" && !d.isInteger) noLoop(name, ps);
      if (!has(d)) noLoop(name, ps);
      return same(d);
    }
    case "div": {
      let d = commonDType(ps);
      if (d.kind === "b" || d.isInteger) d = dt("float64");
      if (!has(d)) noLoop(name, ps);
      return same(d);
    }
    case "float": case "floatReal": case "floorlike": {
      const d = floatLoop(ps);
      if (d.kind === "c" && sig !== "float") noLoop(name, ps);
      if (!has(d)) noLoop(name, ps);
      return same(d);
    }
    case "cmp": {
      const d = commonDType(ps, true);
      if (!has(d)) noLoop(name, ps);
      return { ins: ps.map(() => d), out: dt("bool") };
    }
    case "logical":
      return { ins: ps.map(() => dt("bool")), out: dt("bool") };
    case "bitwise": {
      let d = commonDType(ps);
      if (d.kind !== "b" && !d.isInteger) noLoop(name, ps);
      if (d.kind === "b" && !has(d)) d = dt("int8");
      return same(d);
    }
    case "abs": {
      const d = commonDType(ps);
      if (!has(d)) noLoop(name, ps);
      return { ins: [d], out: realPartOf(d) };
    }
    case "classify": {
      const d = commonDType(ps);
      if (!has(d)) noLoop(name, ps);
      return { ins: [d], out: dt("bool") };
    }
    case "realpart": {
      const d = commonDType(ps);
      return { ins: [d], out: realPartOf(d) };
    }
    case "where": {
      const d = commonDType(ps.slice(1));
      return { ins: [dt("bool"), d, d], out: d };
    }
    case "ldexp": {
      const d = floatLoop([ps[0]]);
      const e = ps[1].dtype;
      if (d.kind === "c" || (!e.isInteger && e.kind !== "b") || e.id === "uint64") noLoop(name, ps);
      // NumPy's loops take int32 or int64 exponents
      return { ins: [d, e.itemsize >= 4 && e.id !== "int32" ? dt("int64") : dt("int32")], out: d };
    }
    case "complexify": {
      const d = floatLoop(ps);
      if (d.kind === "c") noLoop(name, ps);
      return { ins: [d, d], out: d.id === "float32" ? dt("complex64") : dt("complex128") };
    }
  }
}

export interface UfuncOptions { out?: NDArray | null; dtype?: DType | string }

/** @internal builds the node of `op` applied to prepared operands (no array is created). */
export function applyNode(op: string, ps: readonly Prepared[]): { node: Node; dtype: DType } {
  const shape = broadcastShapes(...ps.map((p) => p.node.shape));
  const { ins, out } = resolveTypes(op, ps);
  if (op === "power" && out.isInteger) {
    const e = ps[1];
    if (e.node.kind === "const" && Number(e.value) < 0) throw new ValueError(msg.intNegPow());
  }
  if (opRow(op)!.sig === "realpart" && !ins[0].isComplex) {
    // the real part of a real array is itself; its imaginary part is zeros
    if (op === "real") return { node: castNode(ps[0], ins[0]), dtype: out };
    const zero = constNode(0, out);
    return { node: { kind: "view", id: newNodeId(), dtype: out.id, shape, input: zero, view: broadcastView([], shape) }, dtype: out };
  }
  const inputs = ps.map((p, k) => castNode(p, ins[k]));
  // a map of constants only is still a (0-d) map: shapes are static, values computed lazily
  return { node: { kind: "map", id: newNodeId(), op, dtype: out.id, shape, inputs }, dtype: out };
}

/** @internal applies an op and wraps the result (honouring `out`). */
export function apply(op: string, args: readonly ArrayLike[], opts?: UfuncOptions): NDArray {
  const ps = args.map(prepare);
  const { node, dtype } = applyNode(op, ps);
  if (opts?.out) return writeOut(opts.out, node, dtype, opRow(op)!.ufunc ?? op);
  return lazy(node, dtype);
}

/** Writes a computed node into `out` with NumPy's same_kind casting check. */
export function writeOut(out: NDArray, node: Node, d: DType, ufunc: string): NDArray {
  if (!canCastSameKind(d, out.dtype))
    throw new TypeError(`Cannot cast ufunc '${ufunc}' output from dtype('${d}') to dtype('${out.dtype}') with casting rule 'same_kind'`);
  const shape = broadcastShapes(node.shape, out.shape);
  if (shape.length !== out.shape.length || shape.some((n, i) => n !== out.shape[i]))
    throw new ValueError(`non-broadcastable output operand with shape ${msg.shapeTuple(out.shape)} doesn't match the broadcast shape ${msg.shapeTuple(shape)}`);
  const v: Node = node.shape.length === out.shape.length && node.shape.every((n, i) => n === out.shape[i])
    ? node
    : { kind: "view", id: newNodeId(), dtype: node.dtype, shape: out.shape, input: node, view: broadcastView(node.shape, out.shape) };
  assignNode(out, v);
  return out;
}

type U1 = (x: ArrayLike, opts?: UfuncOptions) => NDArray;
type U2 = (x1: ArrayLike, x2: ArrayLike, opts?: UfuncOptions) => NDArray;

const unary = (op: string): U1 => (x, opts) => apply(op, [x], opts);
const binary = (op: string): U2 => (a, b, opts) => apply(op, [a, b], opts);

// ---- the public ufuncs: names as NumPy's, camelCase ----
export const add = binary("add"), subtract = binary("subtract"), multiply = binary("multiply");
export const divide = binary("true_divide"), trueDivide = divide, floorDivide = binary("floor_divide");
export const remainder = binary("remainder"), mod = remainder, fmod = binary("fmod");
export const power = binary("power"), pow = power;
export const negative = unary("negative"), positive = unary("positive");
export const absolute = unary("absolute"), abs = absolute, fabs = unary("fabs");
export const sign = unary("sign"), square = unary("square"), reciprocal = unary("reciprocal");
export const conjugate = unary("conjugate"), conj = conjugate;
export const sqrt = unary("sqrt"), cbrt = unary("cbrt");
export const exp = unary("exp"), exp2 = unary("exp2"), expm1 = unary("expm1");
export const log = unary("log"), log2 = unary("log2"), log10 = unary("log10"), log1p = unary("log1p");
export const logaddexp = binary("logaddexp"), logaddexp2 = binary("logaddexp2");
export const sin = unary("sin"), cos = unary("cos"), tan = unary("tan");
export const arcsin = unary("arcsin"), arccos = unary("arccos"), arctan = unary("arctan");
export const sinh = unary("sinh"), cosh = unary("cosh"), tanh = unary("tanh");
export const arcsinh = unary("arcsinh"), arccosh = unary("arccosh"), arctanh = unary("arctanh");
export const arctan2 = binary("arctan2"), hypot = binary("hypot");
export const deg2rad = unary("deg2rad"), radians = deg2rad, rad2deg = unary("rad2deg"), degrees = rad2deg;
export const floor = unary("floor"), ceil = unary("ceil"), trunc = unary("trunc"), fix = trunc, rint = unary("rint");
export const copysign = binary("copysign"), nextafter = binary("nextafter"), spacing = unary("spacing");
export const heaviside = binary("heaviside"), ldexp = binary("ldexp"), signbit = unary("signbit");
export const isnan = unary("isnan"), isinf = unary("isinf"), isfinite = unary("isfinite");
export const maximum = binary("maximum"), minimum = binary("minimum"), fmax = binary("fmax"), fmin = binary("fmin");
export const equal = binary("equal"), notEqual = binary("not_equal");
export const less = binary("less"), lessEqual = binary("less_equal");
export const greater = binary("greater"), greaterEqual = binary("greater_equal");
export const logicalAnd = binary("logical_and"), logicalOr = binary("logical_or");
export const logicalXor = binary("logical_xor"), logicalNot = unary("logical_not");
export const bitwiseAnd = binary("bitwise_and"), bitwiseOr = binary("bitwise_or"), bitwiseXor = binary("bitwise_xor");
export const invert = unary("invert"), bitwiseNot = invert;
export const leftShift = binary("left_shift"), rightShift = binary("right_shift");
export const gcd = binary("gcd"), lcm = binary("lcm");

/** `np.real(x)`: the real part (a view for complex arrays). */
export const real = unary("real");
/** `np.imag(x)`: the imaginary part. */
export const imag = unary("imag");

/** `np.where(cond, x, y)`: elementwise choice. (One argument: see `np.nonzero`.) */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  return apply("where", [condition, x, y]);
}
