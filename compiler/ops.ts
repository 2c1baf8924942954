// The one table of elementwise operations.
//
// Each row names an op once, with: its arity, the rule by which the API resolves its
// loop dtype (`sig`), and per value class (or exact dtype) its implementation: `fn`, the
// reference semantics the interpreter calls, and optionally `js`, an inline template the
// code generator pastes instead of a call to `fn`. The public ufuncs, the code generator,
// the reference interpreter and the expression-string front end all derive from here.
//
// Templates: `$0`, `$1` are argument expressions; complex arguments are `$0r`/`$0i`; a
// complex result is a pair [re, im]. Complex `fn`s take (re, im) pairs and, when the
// result is complex, write it to their last argument `out` (no allocation per element).

import type { DTypeId, ValueClass } from "../runtime/dtypes.js";
import * as S from "./scalar.js";
import { f2i32, f2i64, f2u32 } from "./cast.js";
import { ValueError, msg } from "../runtime/errors.js";

/** How the API resolves input and output dtypes (see src/ufunc.ts). */
export type Sig =
  | "arith"      // common type in, common type out
  | "div"        // true division: integers go to float64
  | "float"      // math functions: integers go to a float wide enough
  | "floatReal"  // like float, complex rejected
  | "floorlike"  // floor/ceil/trunc: integers go to float (NumPy 1.x)
  | "cmp"        // common type in, bool out
  | "logical"    // any in (as bool), bool out
  | "bitwise"    // bool and integers only
  | "intonly"    // integers only (gcd, lcm)
  | "same"       // unary, dtype kept
  | "abs"        // unary, complex gives its real type
  | "classify"   // unary, bool out
  | "realpart"   // complex gives its real type; real input kept
  | "where"      // (bool, T, T) -> T
  | "ldexp"      // (float, int) -> float
  | "complexify"; // (float, float) -> complex

export interface Impl {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly fn: (...args: any[]) => any;
  readonly js?: string | readonly [string, string];
  /** The result needs no wrapping into the output dtype's range. */
  readonly exact?: boolean;
}

export interface OpRow {
  readonly nin: number;
  readonly sig: Sig;
  /** Which input's dtype selects the implementation (default 0). */
  readonly classArg?: number;
  /** NumPy's ufunc name, where it differs from the key. */
  readonly ufunc?: string;
  readonly impl: Partial<Record<ValueClass | DTypeId, Impl>>;
}

type N = number;
type C4 = (ar: N, ai: N, br: N, bi: N, out: Float64Array) => void;
type C2 = (ar: N, ai: N, out: Float64Array) => void;

// small complex helpers that need no numerics library
const cadd: C4 = (ar, ai, br, bi, o) => { o[0] = ar + br; o[1] = ai + bi; };
const csub: C4 = (ar, ai, br, bi, o) => { o[0] = ar - br; o[1] = ai - bi; };
const cneg: C2 = (ar, ai, o) => { o[0] = -ar; o[1] = -ai; };
const cpos: C2 = (ar, ai, o) => { o[0] = ar; o[1] = ai; };
const cconj: C2 = (ar, ai, o) => { o[0] = ar; o[1] = -ai; };
const negPow = (): never => { throw new ValueError(msg.intNegPow()); };

/** A maximum/minimum row: the float and complex forms decide nan handling. */
function extremum(max: boolean, f: Impl["fn"], fjs: string, c: Impl["fn"]): OpRow {
  const op = max ? ">=" : "<=";
  const pick: Impl = { fn: max ? (a: N, b: N) => (a >= b ? a : b) : (a: N, b: N) => (a <= b ? a : b), js: `($0 ${op} $1 ? $0 : $1)`, exact: true };
  const bool: Impl = max ? { fn: (a: N, b: N) => a | b, js: "($0 | $1)", exact: true } : { fn: (a: N, b: N) => a & b, js: "($0 & $1)", exact: true };
  return { nin: 2, sig: "arith", impl: { b: bool, i: pick, I: pick, f: { fn: f, js: fjs, exact: true }, c: { fn: c } } };
}

/** The identity on real values (positive, conjugate of reals, abs of bools). */
const IDENTITY: Impl = { fn: <T>(a: T) => a, js: "$0", exact: true };

type Rel = (a: N | bigint | string, b: N | bigint | string) => boolean;
/** A comparison row: one JS relation for every real class and strings; complex by its own rule. */
function compare(op: string, rel: Rel, c: Impl, b?: Impl): OpRow {
  const real: Impl = { fn: rel, js: `($0 ${op} $1)`, exact: true };
  return { nin: 2, sig: "cmp", impl: { b: b ?? real, i: real, I: real, f: real, c, U: real } };
}

const big0 = BigInt(0), big1 = BigInt(1), bigM1 = BigInt(-1), big64 = BigInt(64);

/** Helper for rows whose every real class is a Math function of floats. */
const mathF = (f: (x: N) => N, name: string): Impl => ({ fn: f, js: `Math.${name}($0)` });

export const OPS = {
  // ---- arithmetic ----
  add: {
    nin: 2, sig: "arith", impl: {
      b: { fn: (a: N, b: N) => a | b, js: "($0 | $1)", exact: true },
      i: { fn: (a: N, b: N) => a + b, js: "($0 + $1)" },
      I: { fn: (a: bigint, b: bigint) => a + b, js: "($0 + $1)" },
      f: { fn: (a: N, b: N) => a + b, js: "($0 + $1)" },
      c: { fn: cadd, js: ["($0r + $1r)", "($0i + $1i)"] },
    },
  },
  subtract: {
    nin: 2, sig: "arith", impl: {
      i: { fn: (a: N, b: N) => a - b, js: "($0 - $1)" },
      I: { fn: (a: bigint, b: bigint) => a - b, js: "($0 - $1)" },
      f: { fn: (a: N, b: N) => a - b, js: "($0 - $1)" },
      c: { fn: csub, js: ["($0r - $1r)", "($0i - $1i)"] },
    },
  },
  multiply: {
    nin: 2, sig: "arith", impl: {
      b: { fn: (a: N, b: N) => a & b, js: "($0 & $1)", exact: true },
      i: { fn: (a: N, b: N) => a * b, js: "($0 * $1)" },
      int32: { fn: (a: N, b: N) => Math.imul(a, b), js: "Math.imul($0, $1)", exact: true },
      uint32: { fn: (a: N, b: N) => Math.imul(a, b) >>> 0, js: "(Math.imul($0, $1) >>> 0)", exact: true },
      I: { fn: (a: bigint, b: bigint) => a * b, js: "($0 * $1)" },
      f: { fn: (a: N, b: N) => a * b, js: "($0 * $1)" },
      c: { fn: S.cmul },
      complex64: { fn: S.cmulF32 },
    },
  },
  true_divide: {
    nin: 2, sig: "div", impl: {
      f: { fn: (a: N, b: N) => a / b, js: "($0 / $1)" },
      c: { fn: S.cdiv },
      complex64: { fn: S.cdivF32 },
    },
  },
  floor_divide: {
    nin: 2, sig: "arith", impl: {
      i: { fn: S.floorDivI },
      int64: { fn: (a: bigint, b: bigint) => S.floorDivB(a, b, 64, true), exact: true },
      uint64: { fn: (a: bigint, b: bigint) => S.floorDivB(a, b, 64, false), exact: true },
      f: { fn: S.floorDivF },
      float32: { fn: S.floorDivF32, exact: true },
    },
  },
  remainder: {
    nin: 2, sig: "arith", impl: {
      i: { fn: S.modI },
      I: { fn: S.modB },
      f: { fn: S.modF },
      float32: { fn: S.modF32, exact: true },
    },
  },
  fmod: {
    nin: 2, sig: "arith", impl: {
      i: { fn: S.fmodI },
      I: { fn: S.fmodB },
      f: { fn: (a: N, b: N) => a % b, js: "($0 % $1)" },
    },
  },
  power: {
    nin: 2, sig: "arith", impl: {
      // NumPy raises for negative integer exponents when it meets one
      i: { fn: (a: N, b: N) => (b < 0 ? negPow() : S.powI(a, b)) },
      int64: { fn: (a: bigint, b: bigint) => (b < big0 ? negPow() : S.powB(a, b, 64, true)), exact: true },
      uint64: { fn: (a: bigint, b: bigint) => S.powB(a, b, 64, false), exact: true },
      f: { fn: S.powF },
      c: { fn: S.cpow },
    },
  },
  negative: {
    nin: 1, sig: "same", impl: {
      i: { fn: (a: N) => -a, js: "(-$0)" },
      I: { fn: (a: bigint) => -a, js: "(-$0)" },
      f: { fn: (a: N) => -a, js: "(-$0)" },
      c: { fn: cneg, js: ["(-$0r)", "(-$0i)"] },
    },
  },
  positive: {
    nin: 1, sig: "same", impl: {
      i: IDENTITY, I: IDENTITY, f: IDENTITY,
      c: { fn: cpos, js: ["$0r", "$0i"] },
    },
  },
  absolute: {
    nin: 1, sig: "abs", impl: {
      b: IDENTITY,
      i: { fn: (a: N) => Math.abs(a), js: "Math.abs($0)" },
      I: { fn: (a: bigint) => (a < big0 ? -a : a), js: "($0 < 0n ? -$0 : $0)" },
      f: { fn: (a: N) => Math.abs(a), js: "Math.abs($0)" },
      c: { fn: S.cabs },
    },
  },
  sign: {
    nin: 1, sig: "same", impl: {
      i: { fn: (a: N) => (a > 0 ? 1 : a < 0 ? -1 : 0), js: "($0 > 0 ? 1 : $0 < 0 ? -1 : 0)", exact: true },
      I: { fn: (a: bigint) => (a > big0 ? big1 : a < big0 ? bigM1 : big0), js: "($0 > 0n ? 1n : $0 < 0n ? -1n : 0n)", exact: true },
      f: { fn: S.sign },
      c: { fn: S.csign },
    },
  },
  square: {
    nin: 1, sig: "same", impl: {
      i: { fn: (a: N) => a * a, js: "($0 * $0)" },
      int32: { fn: (a: N) => Math.imul(a, a), js: "Math.imul($0, $0)", exact: true },
      uint32: { fn: (a: N) => Math.imul(a, a) >>> 0, js: "(Math.imul($0, $0) >>> 0)", exact: true },
      I: { fn: (a: bigint) => a * a, js: "($0 * $0)" },
      f: { fn: (a: N) => a * a, js: "($0 * $0)" },
      c: { fn: S.csquare },
      complex64: { fn: S.csquareF32 },
    },
  },
  reciprocal: {
    nin: 1, sig: "same", impl: {
      // NumPy computes (int)(1.0 / x): 1/0 = inf converts to INT_MIN
      i: { fn: (a: N) => f2i32(1 / a) },
      uint32: { fn: (a: N) => f2u32(1 / a), exact: true },
      uint64: { fn: (a: bigint) => (a === big1 ? big1 : big0), exact: true },
      I: { fn: (a: bigint) => f2i64(1 / Number(a)), exact: true },
      f: { fn: (a: N) => 1 / a, js: "(1 / $0)" },
      c: { fn: S.creciprocal },
      complex64: { fn: S.creciprocalF32 },
    },
  },
  conjugate: {
    nin: 1, sig: "same", impl: {
      i: IDENTITY, I: IDENTITY, f: IDENTITY,
      c: { fn: cconj, js: ["$0r", "(-$0i)"] },
    },
  },
  real: {
    nin: 1, sig: "realpart", impl: {
      c: { fn: (ar: N) => ar, js: "$0r", exact: true },
    },
  },
  imag: {
    nin: 1, sig: "realpart", impl: {
      c: { fn: (_ar: N, ai: N) => ai, js: "$0i", exact: true },
    },
  },

  // ---- exponents, logs, roots ----
  sqrt: { nin: 1, sig: "float", impl: { f: mathF(Math.sqrt, "sqrt"), c: { fn: S.csqrt } } },
  cbrt: { nin: 1, sig: "floatReal", impl: { f: { fn: S.cbrt } } },
  exp: { nin: 1, sig: "float", impl: { f: mathF(Math.exp, "exp"), c: { fn: S.cexp } } },
  exp2: { nin: 1, sig: "float", impl: { f: { fn: S.exp2 }, c: { fn: S.cexp2 } } },
  expm1: { nin: 1, sig: "float", impl: { f: mathF(Math.expm1, "expm1"), c: { fn: S.cexpm1 } } },
  log: { nin: 1, sig: "float", impl: { f: mathF(Math.log, "log"), c: { fn: S.clog } } },
  log2: { nin: 1, sig: "float", impl: { f: mathF(Math.log2, "log2"), c: { fn: S.clog2 } } },
  log10: { nin: 1, sig: "float", impl: { f: mathF(Math.log10, "log10"), c: { fn: S.clog10 } } },
  log1p: { nin: 1, sig: "float", impl: { f: mathF(Math.log1p, "log1p"), c: { fn: S.clog1p } } },
  logaddexp: { nin: 2, sig: "floatReal", impl: { f: { fn: S.logaddexp }, float32: { fn: S.logaddexpF32, exact: true } } },
  logaddexp2: { nin: 2, sig: "floatReal", impl: { f: { fn: S.logaddexp2 }, float32: { fn: S.logaddexp2F32, exact: true } } },

  // ---- trigonometric and hyperbolic ----
  sin: { nin: 1, sig: "float", impl: { f: mathF(Math.sin, "sin"), c: { fn: S.csin } } },
  cos: { nin: 1, sig: "float", impl: { f: mathF(Math.cos, "cos"), c: { fn: S.ccos } } },
  tan: { nin: 1, sig: "float", impl: { f: mathF(Math.tan, "tan"), c: { fn: S.ctan } } },
  arcsin: { nin: 1, sig: "float", impl: { f: mathF(Math.asin, "asin"), c: { fn: S.casin } } },
  arccos: { nin: 1, sig: "float", impl: { f: mathF(Math.acos, "acos"), c: { fn: S.cacos } } },
  arctan: { nin: 1, sig: "float", impl: { f: mathF(Math.atan, "atan"), c: { fn: S.catan } } },
  sinh: { nin: 1, sig: "float", impl: { f: mathF(Math.sinh, "sinh"), c: { fn: S.csinh } } },
  cosh: { nin: 1, sig: "float", impl: { f: mathF(Math.cosh, "cosh"), c: { fn: S.ccosh } } },
  tanh: { nin: 1, sig: "float", impl: { f: mathF(Math.tanh, "tanh"), c: { fn: S.ctanh } } },
  arcsinh: { nin: 1, sig: "float", impl: { f: mathF(Math.asinh, "asinh"), c: { fn: S.casinh } } },
  arccosh: { nin: 1, sig: "float", impl: { f: mathF(Math.acosh, "acosh"), c: { fn: S.cacosh } } },
  arctanh: { nin: 1, sig: "float", impl: { f: mathF(Math.atanh, "atanh"), c: { fn: S.catanh } } },
  arctan2: { nin: 2, sig: "floatReal", impl: { f: { fn: Math.atan2, js: "Math.atan2($0, $1)" } } },
  hypot: { nin: 2, sig: "floatReal", impl: { f: { fn: S.hypot } } },
  deg2rad: { nin: 1, sig: "floatReal", impl: { f: { fn: S.deg2rad }, float32: { fn: S.deg2radF32, exact: true } } },
  rad2deg: { nin: 1, sig: "floatReal", impl: { f: { fn: S.rad2deg }, float32: { fn: S.rad2degF32, exact: true } } },

  // ---- rounding ----
  floor: { nin: 1, sig: "floorlike", impl: { f: mathF(Math.floor, "floor") } },
  ceil: { nin: 1, sig: "floorlike", impl: { f: mathF(Math.ceil, "ceil") } },
  trunc: { nin: 1, sig: "floorlike", impl: { f: mathF(Math.trunc, "trunc") } },
  rint: {
    nin: 1, sig: "float", impl: {
      f: { fn: S.rint },
      c: { fn: (ar: N, ai: N, o: Float64Array) => { o[0] = S.rint(ar); o[1] = S.rint(ai); } },
    },
  },

  // ---- floating point functions ----
  copysign: { nin: 2, sig: "floatReal", impl: { f: { fn: S.copysign } } },
  nextafter: { nin: 2, sig: "floatReal", impl: { f: { fn: S.nextafter }, float32: { fn: S.nextafterF32, exact: true } } },
  spacing: { nin: 1, sig: "floatReal", impl: { f: { fn: S.spacing }, float32: { fn: S.spacingF32, exact: true } } },
  heaviside: { nin: 2, sig: "floatReal", impl: { f: { fn: S.heaviside } } },
  ldexp: { nin: 2, sig: "ldexp", impl: { f: { fn: (x: N, n: N | bigint) => S.ldexp(x, Number(n)) } } },
  fabs: { nin: 1, sig: "floatReal", impl: { f: mathF(Math.abs, "abs") } },
  make_complex: { nin: 2, sig: "complexify", ufunc: "complex", impl: { f: { fn: (a: N, b: N, o: Float64Array) => { o[0] = a; o[1] = b; }, js: ["$0", "$1"] } } },
  modf_frac: { nin: 1, sig: "floorlike", ufunc: "modf", impl: { f: { fn: S.modfFrac } } },
  modf_int: { nin: 1, sig: "floorlike", ufunc: "modf", impl: { f: { fn: S.modfInt } } },
  frexp_mantissa: { nin: 1, sig: "floorlike", ufunc: "frexp", impl: { f: { fn: S.frexpMantissa } } },
  signbit: { nin: 1, sig: "classify", impl: { f: { fn: S.signbit, exact: true }, i: { fn: (a: N) => a < 0, js: "($0 < 0)", exact: true }, I: { fn: (a: bigint) => a < big0, js: "($0 < 0n)", exact: true }, b: { fn: () => false, js: "false", exact: true } } },

  // ---- float classification ----
  isnan: {
    nin: 1, sig: "classify", impl: {
      f: { fn: (a: N) => a !== a, js: "($0 !== $0)", exact: true },
      c: { fn: (ar: N, ai: N) => ar !== ar || ai !== ai, js: "($0r !== $0r || $0i !== $0i)", exact: true },
      b: { fn: () => false, js: "false", exact: true }, i: { fn: () => false, js: "false", exact: true }, I: { fn: () => false, js: "false", exact: true },
    },
  },
  isinf: {
    nin: 1, sig: "classify", impl: {
      f: { fn: (a: N) => a === Infinity || a === -Infinity, js: "($0 === Infinity || $0 === -Infinity)", exact: true },
      c: { fn: (ar: N, ai: N) => Math.abs(ar) === Infinity || Math.abs(ai) === Infinity, js: "(Math.abs($0r) === Infinity || Math.abs($0i) === Infinity)", exact: true },
      b: { fn: () => false, js: "false", exact: true }, i: { fn: () => false, js: "false", exact: true }, I: { fn: () => false, js: "false", exact: true },
    },
  },
  isfinite: {
    nin: 1, sig: "classify", impl: {
      f: { fn: (a: N) => a - a === 0, js: "($0 - $0 === 0)", exact: true },
      c: { fn: (ar: N, ai: N) => ar - ar === 0 && ai - ai === 0, js: "($0r - $0r === 0 && $0i - $0i === 0)", exact: true },
      b: { fn: () => true, js: "true", exact: true }, i: { fn: () => true, js: "true", exact: true }, I: { fn: () => true, js: "true", exact: true },
    },
  },

  // ---- extrema (integers and bools have no nan: the f-forms differ only for floats) ----
  // nan-propagating (maximum) or nan-ignoring (fmax): the templates are the `fn`s inlined
  maximum: extremum(true, S.maximumF, "($0 !== $0 || $0 > $1 ? $0 : $1)", S.cmaximum),
  minimum: extremum(false, S.minimumF, "($0 !== $0 || $0 < $1 ? $0 : $1)", S.cminimum),
  fmax: extremum(true, S.fmax, "($1 !== $1 || $0 > $1 ? $0 : $1)", S.cfmax),
  fmin: extremum(false, S.fmin, "($1 !== $1 || $0 < $1 ? $0 : $1)", S.cfmin),

  // ---- comparisons (bool out) ----
  // bools arrive as 0/1 (loaded) or true/false (computed): equality compares truthiness
  equal: compare("===", (a, b) => a === b, { fn: S.cequal, js: "($0r === $1r && $0i === $1i)", exact: true },
    { fn: (a: N, b: N) => !a === !b, js: "(!$0 === !$1)", exact: true }),
  not_equal: compare("!==", (a, b) => a !== b, { fn: S.cnotEqual, js: "($0r !== $1r || $0i !== $1i)", exact: true },
    { fn: (a: N, b: N) => !a !== !b, js: "(!$0 !== !$1)", exact: true }),
  less: compare("<", (a, b) => a < b, { fn: S.cless, exact: true }),
  less_equal: compare("<=", (a, b) => a <= b, { fn: S.clessEqual, exact: true }),
  greater: compare(">", (a, b) => a > b, { fn: S.cgreater, exact: true }),
  greater_equal: compare(">=", (a, b) => a >= b, { fn: S.cgreaterEqual, exact: true }),
  // numexpr's `contains(haystack, needle)` on strings
  contains: { nin: 2, sig: "cmp", impl: { U: { fn: (a: string, b: string) => a.includes(b), js: "$0.includes($1)", exact: true } } },

  // ---- logical (inputs arrive as bool) ----
  logical_and: { nin: 2, sig: "logical", impl: { b: { fn: (a: N, b: N) => (a && b ? 1 : 0), js: "($0 && $1 ? 1 : 0)", exact: true } } },
  logical_or: { nin: 2, sig: "logical", impl: { b: { fn: (a: N, b: N) => (a || b ? 1 : 0), js: "($0 || $1 ? 1 : 0)", exact: true } } },
  logical_xor: { nin: 2, sig: "logical", impl: { b: { fn: (a: N, b: N) => (!a !== !b ? 1 : 0), js: "(!$0 !== !$1 ? 1 : 0)", exact: true } } },
  logical_not: { nin: 1, sig: "logical", impl: { b: { fn: (a: N) => (a ? 0 : 1), js: "($0 ? 0 : 1)", exact: true } } },

  // ---- bitwise (bool and integers) ----
  bitwise_and: {
    nin: 2, sig: "bitwise", impl: {
      b: { fn: (a: N, b: N) => a & b, js: "($0 & $1)", exact: true },
      i: { fn: (a: N, b: N) => a & b, js: "($0 & $1)" },
      I: { fn: (a: bigint, b: bigint) => a & b, js: "($0 & $1)" },
    },
  },
  bitwise_or: {
    nin: 2, sig: "bitwise", impl: {
      b: { fn: (a: N, b: N) => a | b, js: "($0 | $1)", exact: true },
      i: { fn: (a: N, b: N) => a | b, js: "($0 | $1)" },
      I: { fn: (a: bigint, b: bigint) => a | b, js: "($0 | $1)" },
    },
  },
  bitwise_xor: {
    nin: 2, sig: "bitwise", impl: {
      b: { fn: (a: N, b: N) => a ^ b, js: "($0 ^ $1)", exact: true },
      i: { fn: (a: N, b: N) => a ^ b, js: "($0 ^ $1)" },
      I: { fn: (a: bigint, b: bigint) => a ^ b, js: "($0 ^ $1)" },
    },
  },
  invert: {
    nin: 1, sig: "bitwise", impl: {
      b: { fn: (a: N) => (a ? 0 : 1), js: "($0 ? 0 : 1)", exact: true },
      i: { fn: (a: N) => ~a, js: "(~$0)" },
      I: { fn: (a: bigint) => ~a, js: "(~$0)" },
    },
  },
  left_shift: {
    nin: 2, sig: "bitwise", impl: {
      i: { fn: (a: N, b: N) => (b >= 0 && b < 32 ? a << b : 0), js: "($1 >= 0 && $1 < 32 ? $0 << $1 : 0)" },
      I: { fn: (a: bigint, b: bigint) => (b >= big0 && b < big64 ? a << b : big0), js: "($1 >= 0n && $1 < 64n ? $0 << $1 : 0n)" },
    },
  },
  right_shift: {
    nin: 2, sig: "bitwise", impl: {
      i: { fn: (a: N, b: N) => (b >= 0 && b < 32 ? a >> b : a < 0 ? -1 : 0), js: "($1 >= 0 && $1 < 32 ? $0 >> $1 : $0 < 0 ? -1 : 0)" },
      uint32: { fn: (a: N, b: N) => (b >= 0 && b < 32 ? a >>> b : 0), js: "($1 >= 0 && $1 < 32 ? $0 >>> $1 : 0)", exact: true },
      I: { fn: (a: bigint, b: bigint) => (b >= big0 && b < big64 ? a >> b : a < big0 ? bigM1 : big0), js: "($1 >= 0n && $1 < 64n ? $0 >> $1 : $0 < 0n ? -1n : 0n)" },
    },
  },
  gcd: { nin: 2, sig: "intonly", impl: { i: { fn: S.gcdI }, int64: { fn: (a: bigint, b: bigint) => S.gcdB(a, b, 64, true), exact: true }, uint64: { fn: (a: bigint, b: bigint) => S.gcdB(a, b, 64, false), exact: true } } },
  lcm: { nin: 2, sig: "intonly", impl: { i: { fn: S.lcmI }, int64: { fn: (a: bigint, b: bigint) => S.lcmB(a, b, 64, true), exact: true }, uint64: { fn: (a: bigint, b: bigint) => S.lcmB(a, b, 64, false), exact: true } } },

  // ---- selection ----
  where: {
    nin: 3, sig: "where", classArg: 1, impl: {
      b: { fn: (c: N, a: N, b: N) => (c ? a : b), js: "($0 ? $1 : $2)", exact: true },
      i: { fn: (c: N, a: N, b: N) => (c ? a : b), js: "($0 ? $1 : $2)", exact: true },
      I: { fn: (c: N, a: bigint, b: bigint) => (c ? a : b), js: "($0 ? $1 : $2)", exact: true },
      f: { fn: (c: N, a: N, b: N) => (c ? a : b), js: "($0 ? $1 : $2)", exact: true },
      c: { fn: (c: N, ar: N, ai: N, br: N, bi: N, o: Float64Array) => { o[0] = c ? ar : br; o[1] = c ? ai : bi; }, js: ["($0 ? $1r : $2r)", "($0 ? $1i : $2i)"] },
      U: { fn: (c: N, a: string, b: string) => (c ? a : b), js: "($0 ? $1 : $2)", exact: true },
    },
  },
} satisfies Record<string, OpRow>;

export type OpName = keyof typeof OPS | "cast";

export const opRow = (name: string): OpRow | undefined => (OPS as Record<string, OpRow>)[name];

/** The implementation of `op` for inputs of dtype `d` (exact dtype first, then its class). */
export function implFor(op: string, d: DTypeId, cls: ValueClass): Impl | undefined {
  const row = opRow(op);
  return row?.impl[d] ?? row?.impl[cls];
}
