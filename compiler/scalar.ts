/**
 * compiler/scalar.ts — per-element scalar functions with NumPy 1.24 ufunc semantics.
 *
 * Generated kernels receive this module object as `L` and emit calls such as
 * `L.floorDivF(a, b)`; the reference interpreter calls the same functions
 * directly. Everything here is a plain, small, monomorphic function so V8 can
 * inline it, and nothing allocates per call (bigint "B" variants excepted:
 * bigint arithmetic always allocates).
 *
 * Conventions
 * - `F` functions: float64 numbers in and out. For float32 the caller wraps
 *   the result in Math.fround; where that differs from NumPy's
 *   single-precision loop an explicit `F32` variant exists (see each section).
 * - `I` functions: integers of ≤32 bits held as JS numbers. Results are only
 *   guaranteed congruent to NumPy's result modulo 2^32 and may lie outside the
 *   dtype's range (e.g. floorDivI(INT32_MIN, -1) === 2^31, absI(INT32_MIN) ===
 *   2^31, powI returns an int32); the caller applies its usual wrap
 *   (`x | 0`, `x >>> 0`, `(x << 24) >> 24`, `x & 0xff`, …), which is exactly
 *   NumPy's C cast. I results are never -0.
 * - `B` functions: int64/uint64 held as bigint; results are wrapped here with
 *   BigInt.asIntN/asUintN when overflow is possible (`bits`, `signed` args).
 * - Complex functions take interleaved (re, im) doubles and write the result to
 *   `out[0]`, `out[1]` (out may be any Float64Array of length ≥ 2); they
 *   return nothing.
 *
 * NumPy on Linux calls glibc for the C99 complex functions (npymath's own
 * FreeBSD-msun/CPython fallbacks are compiled out). cexp, csqrt, ctanh and
 * the special-value tables of csin/casinh/cacosh follow glibc's algorithms;
 * the rest are msun ports, which agree with glibc on the C99 Annex G special
 * values and to a few ulp elsewhere. NumPy's own pieces (npy_cpow, nc_log1p,
 * nc_expm1, log10/log2 via clog, Smith division) are reproduced exactly.
 */

// ─────────────────────────────────────────────────────────────────────────────
// Bit-level scratch. Module-level scratch registers (not per-call state):
// every function that uses them writes before it reads and never calls out
// while holding a value in them.
// ─────────────────────────────────────────────────────────────────────────────

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const F32 = new Float32Array(1);
const U32F = new Uint32Array(F32.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** 2^n for integer n in [-1022, 1023], built from bits (exact by construction). */
function pow2i(n: number): number {
  U32[LO] = 0;
  U32[HI] = (n + 1023) << 20;
  return F64[0];
}

const TWO52 = 4503599627370496; // 2^52: above this every double is an integer
const TWO54 = 18014398509481984;
const TWO1023 = pow2i(1023);
const TWO_M969 = pow2i(-1022 + 53); // 2^-1022 * 2^53, musl scalbn's underflow step
const DBL_MAX = Number.MAX_VALUE;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_EPSILON = Number.EPSILON;
const DBL_TRUE_MIN = 5e-324;
const FLT_TRUE_MIN = 1.401298464324817e-45; // 2^-149
const FLT_MAX = 3.4028234663852886e38;

// ─────────────────────────────────────────────────────────────────────────────
// Classification / sign
// ─────────────────────────────────────────────────────────────────────────────

export function isnan(x: number): boolean {
  return x !== x;
}

export function isinf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

export function isfinite(x: number): boolean {
  // x - x is 0 for finite x and NaN for ±inf/nan.
  return x - x === 0;
}

/** np.signbit: true for -0.0 and for NaNs with the sign bit set. */
export function signbit(x: number): boolean {
  if (x !== x) {
    // Only the raw bits know the sign of a NaN.
    F64[0] = x;
    return U32[HI] >>> 31 === 1;
  }
  return x < 0 || (x === 0 && 1 / x < 0);
}

/** np.sign for floats: nan → nan, ±0 → +0. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
}

/** C copysign (sign of y includes -0 and NaN sign bits). */
export function copysign(x: number, y: number): number {
  const ax = Math.abs(x);
  return signbit(y) ? -ax : ax;
}

export function heaviside(x: number, h0: number): number {
  if (x !== x) return NaN;
  if (x === 0) return h0;
  return x < 0 ? 0 : 1;
}

// ─────────────────────────────────────────────────────────────────────────────
// Float division family: floor_divide, remainder, fmod
// NumPy computes floor_divide and remainder through npy_divmod (CPython's
// float divmod): mod = fmod(a, b); div = (a - mod) / b, then fix-ups. This is
// why floorDivF(1, 0.1) === 9 (not Math.floor(1 / 0.1) === 10).
// ─────────────────────────────────────────────────────────────────────────────

/** np.fmod for floats: C fmod (sign follows dividend). JS % is exactly C fmod. */
export function fmodF(a: number, b: number): number {
  return a % b;
}

/** np.floor_divide for float64 (npy_floor_divide). */
export function floorDivF(a: number, b: number): number {
  if (b === 0) return a / b; // ±inf or nan, like C
  const mod = a % b;
  let div = (a - mod) / b;
  // C's `if (mod)` is also true for NaN, hence `!== 0`.
  if (mod !== 0) {
    if (b < 0 !== mod < 0) div -= 1;
  }
  if (div !== 0) {
    let fd = Math.floor(div);
    if (div - fd > 0.5) fd += 1; // snap quotient to nearest integral value
    return fd;
  }
  const q = a / b; // div is 0: copysign(0, a/b)
  return q < 0 || (q === 0 && 1 / q < 0) ? -0 : 0;
}

/** np.remainder for float64 (npy_remainder): sign follows divisor, b=0 → nan. */
export function modF(a: number, b: number): number {
  if (b === 0) return a % b; // nan
  let mod = a % b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
    return mod;
  }
  return b < 0 ? -0 : 0; // copysign(0, b); b is not ±0 here
}

/**
 * np.floor_divide for float32: the same algorithm with every intermediate
 * rounded to float32 (wrapping floorDivF in fround can differ by double rounding).
 */
export function floorDivF32(a: number, b: number): number {
  if (b === 0) return Math.fround(a / b);
  const mod = a % b; // fmod is exact
  let div = Math.fround(Math.fround(a - mod) / b);
  if (mod !== 0) {
    if (b < 0 !== mod < 0) div = Math.fround(div - 1);
  }
  if (div !== 0) {
    let fd = Math.floor(div);
    if (Math.fround(div - fd) > 0.5) fd = Math.fround(fd + 1);
    return fd;
  }
  const q = a / b;
  return q < 0 || (q === 0 && 1 / q < 0) ? -0 : 0;
}

/** np.remainder for float32 (mod + b rounded to float32). */
export function modF32(a: number, b: number): number {
  if (b === 0) return NaN;
  let mod = a % b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod = Math.fround(mod + b);
    return mod;
  }
  return b < 0 ? -0 : 0;
}

// ─────────────────────────────────────────────────────────────────────────────
// Integer division family (≤32-bit as numbers; int64/uint64 as bigint)
// NumPy: division/modulo by zero → 0 (with a warning the caller may raise);
// INT_MIN // -1 → INT_MIN (we return 2^31, the caller's wrap gives INT_MIN);
// INT_MIN % -1 → 0.
// ─────────────────────────────────────────────────────────────────────────────

/**
 * Floor division of 32-bit-or-smaller integers. Math.floor(a / b) is exact
 * here: for |a|, |b| < 2^32 the rounding error of a / b is smaller than the
 * distance 1/|b| of a non-integral quotient to the nearest integer.
 */
export function floorDivI(a: number, b: number): number {
  if (b === 0) return 0;
  return Math.floor(a / b) + 0; // + 0 turns -0 into +0
}

/** Python-style integer remainder (sign follows divisor), b=0 → 0. */
export function modI(a: number, b: number): number {
  if (b === 0) return 0;
  let r = a % b;
  if (r !== 0 && r < 0 !== b < 0) r += b;
  return r + 0;
}

/** C-style integer remainder (sign follows dividend), b=0 → 0. */
export function fmodI(a: number, b: number): number {
  if (b === 0) return 0;
  return (a % b) + 0;
}

export function floorDivB(a: bigint, b: bigint, bits: number, signed: boolean): bigint {
  if (b === 0n) return 0n;
  let q = a / b; // truncates toward zero
  if (a % b !== 0n && a < 0n !== b < 0n) q -= 1n;
  // Only INT_MIN // -1 can leave the range; wrap it like C.
  return signed ? BigInt.asIntN(bits, q) : q;
}

export function modB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  let r = a % b;
  if (r !== 0n && r < 0n !== b < 0n) r += b;
  return r;
}

export function fmodB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return a % b;
}

// ─────────────────────────────────────────────────────────────────────────────
// Power
// ─────────────────────────────────────────────────────────────────────────────

/**
 * Integer power by repeated squaring (NumPy's loop), computed modulo 2^32 with
 * Math.imul so wraparound is exact; returns an int32. Correct for every
 * integer dtype of ≤32 bits after the caller's wrap (narrower types are
 * residues of the 2^32 result). The exponent must be ≥ 0 and < 2^32: NumPy
 * raises "Integers to negative integer powers are not allowed." for negative
 * exponents, which the caller checks.
 */
export function powI(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  let out = b & 1 ? a | 0 : 1;
  let base = a | 0;
  let e = b >>> 1;
  while (e > 0) {
    base = Math.imul(base, base);
    if (e & 1) out = Math.imul(out, base);
    e >>>= 1;
  }
  return out;
}

/** powI wrapped to each ≤32-bit dtype, for callers that want it done here. */
export function powI8(a: number, b: number): number {
  return (powI(a, b) << 24) >> 24;
}
export function powU8(a: number, b: number): number {
  return powI(a, b) & 0xff;
}
export function powI16(a: number, b: number): number {
  return (powI(a, b) << 16) >> 16;
}
export function powU16(a: number, b: number): number {
  return powI(a, b) & 0xffff;
}
export function powI32(a: number, b: number): number {
  return powI(a, b);
}
export function powU32(a: number, b: number): number {
  return powI(a, b) >>> 0;
}

/** Integer power for int64/uint64 (or any width via `bits`), wrapped exactly. */
export function powB(a: bigint, b: bigint, bits: number, signed: boolean): bigint {
  if (b === 0n || a === 1n) return 1n;
  let base = BigInt.asUintN(bits, a);
  let out = b & 1n ? base : 1n;
  let e = b >> 1n;
  while (e > 0n) {
    base = BigInt.asUintN(bits, base * base);
    if (e & 1n) out = BigInt.asUintN(bits, out * base);
    e >>= 1n;
  }
  return signed ? BigInt.asIntN(bits, out) : out;
}

/**
 * Float power with C99 pow special cases where JS differs:
 * pow(1, y) = 1 for every y (JS: 1 ** NaN and 1 ** ±Infinity are NaN) and
 * pow(-1, ±inf) = 1 (JS: NaN). pow(x, ±0) = 1 already holds in JS.
 * For float32 NumPy calls powf; fround(powF) can differ from glibc's powf by
 * 1 ulp in rare cases.
 */
export function powF(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

// ─────────────────────────────────────────────────────────────────────────────
// Rounding
// ─────────────────────────────────────────────────────────────────────────────

/** np.rint / np.round: round half to even; keeps -0 and the sign of small negatives. */
export function rint(x: number): number {
  const t = Math.abs(x);
  if (!(t < TWO52) || t === 0) return x; // integers, inf, nan, ±0
  // Adding and subtracting 2^52 rounds to an integer in the default
  // round-half-even mode.
  const r = t + TWO52 - TWO52;
  return x < 0 ? -r : r;
}

/** NumPy's power_of_ten(): table up to 1e8, then repeated *10 (not a literal 1eN). */
const P10 = (() => {
  const t = new Float64Array(330); // t[329] is already inf
  const exact = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  for (let n = 0; n < 9; n++) t[n] = exact[n] as number;
  t[9] = 1e9;
  for (let n = 10; n < t.length; n++) t[n] = t[n - 1] * 10; // same rounding sequence as NumPy's loop
  return t;
})();

function powerOfTen(n: number): number {
  return n < P10.length ? P10[n] : Infinity;
}

/**
 * np.round(x, d) for float64: d ≥ 0 → rint(x * 10^d) / 10^d; d < 0 →
 * rint(x / 10^-d) * 10^-d (PyArray_Round).
 */
export function roundDecimals(x: number, d: number): number {
  if (d === 0) return rint(x);
  if (d > 0) {
    const f = powerOfTen(d);
    return rint(x * f) / f;
  }
  const f = powerOfTen(-d);
  return rint(x / f) * f;
}

/**
 * np.round(x, d) for float32. NumPy multiplies by a Python float, which
 * value-based casting turns into float32 when it fits (so f is rounded to
 * float32 and each step is a float32 op), but into a float64 op when
 * 10^|d| > FLT_MAX (then only the stores round to float32).
 */
export function roundDecimalsF32(x: number, d: number): number {
  if (d === 0) return rint(x);
  const p = powerOfTen(d > 0 ? d : -d);
  const f = p > FLT_MAX ? p : Math.fround(p);
  if (d > 0) return Math.fround(rint(Math.fround(x * f)) / f);
  return Math.fround(rint(Math.fround(x / f)) * f);
}

/** np.modf fractional part: x - trunc(x), ±0 for integers/±inf (sign of x), nan → nan. */
export function modfFrac(x: number): number {
  if (x - x !== 0) return x !== x ? x : x > 0 ? 0 : -0;
  const r = x - Math.trunc(x);
  return r === 0 ? x * 0 : r; // x * 0 is ±0 with the sign of x
}

/** np.modf integral part (C modf): trunc(x), keeping -0. */
export function modfInt(x: number): number {
  return Math.trunc(x);
}

// ─────────────────────────────────────────────────────────────────────────────
// Min / max. NumPy's loops return the *second* operand when the operands
// compare equal (so maximum(-0.0, 0.0) is 0.0 and maximum(0.0, -0.0) is -0.0),
// as measured on NumPy 1.24 for both contiguous (SIMD) and strided loops.
// ─────────────────────────────────────────────────────────────────────────────

/** np.maximum: nan-propagating. */
export function maximumF(a: number, b: number): number {
  if (a !== a) return a;
  return a > b ? a : b; // b is nan → b
}

/** np.minimum: nan-propagating. */
export function minimumF(a: number, b: number): number {
  if (a !== a) return a;
  return a < b ? a : b;
}

/** np.fmax: nan-ignoring. */
export function fmax(a: number, b: number): number {
  if (b !== b) return a;
  if (a !== a) return b;
  return a > b ? a : b;
}

/** np.fmin: nan-ignoring. */
export function fmin(a: number, b: number): number {
  if (b !== b) return a;
  if (a !== a) return b;
  return a < b ? a : b;
}

// ─────────────────────────────────────────────────────────────────────────────
// IEEE-754 manipulation: nextafter, spacing, frexp, ldexp
// ─────────────────────────────────────────────────────────────────────────────

/** C nextafter for float64. */
export function nextafter(x: number, y: number): number {
  if (x !== x || y !== y) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? DBL_TRUE_MIN : -DBL_TRUE_MIN;
  F64[0] = x;
  let lo = U32[LO];
  let hi = U32[HI];
  if (x < y === x > 0) {
    // |x| grows: increment the magnitude bits (may reach ±inf from ±max)
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  U32[LO] = lo;
  U32[HI] = hi;
  return F64[0];
}

/** C nextafterf: x and y must be float32 values; the result is one. */
export function nextafterF32(x: number, y: number): number {
  if (x !== x || y !== y) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? FLT_TRUE_MIN : -FLT_TRUE_MIN;
  F32[0] = x;
  U32F[0] = x < y === x > 0 ? U32F[0] + 1 : U32F[0] - 1;
  return F32[0];
}

/**
 * np.spacing (npy_spacing): distance to the next float *away from zero*
 * (negative for negative x); spacing(±0) = +min subnormal, ±inf → nan,
 * ±DBL_MAX → ±inf.
 */
export function spacing(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x === -Infinity) return NaN;
  if (x === 0) return DBL_TRUE_MIN;
  F64[0] = x;
  const lo = (U32[LO] + 1) >>> 0;
  U32[LO] = lo;
  if (lo === 0) U32[HI] = U32[HI] + 1;
  return F64[0] - x;
}

/** np.spacing for float32 values. */
export function spacingF32(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x === -Infinity) return NaN;
  if (x === 0) return FLT_TRUE_MIN;
  F32[0] = x;
  U32F[0] = U32F[0] + 1;
  return F32[0] - x; // exact (adjacent floats)
}

/** frexp mantissa in [0.5, 1) with the sign of x; ±0, ±inf, nan returned unchanged. */
export function frexpMantissa(x: number): number {
  if (x === 0 || x - x !== 0) return x;
  F64[0] = x;
  if ((U32[HI] & 0x7ff00000) === 0) F64[0] = x * TWO54; // subnormal: normalise
  U32[HI] = (U32[HI] & 0x800fffff) | (1022 << 20);
  return F64[0];
}

/** frexp exponent; 0 for ±0, ±inf, nan (glibc). */
export function frexpExponent(x: number): number {
  if (x === 0 || x - x !== 0) return 0;
  F64[0] = x;
  const e = (U32[HI] >>> 20) & 0x7ff;
  if (e !== 0) return e - 1022;
  F64[0] = x * TWO54;
  return ((U32[HI] >>> 20) & 0x7ff) - 1022 - 54;
}

/**
 * ldexp(x, n) = x * 2^n with a single rounding (musl scalbn): the scale is
 * applied in at most three exact-or-final steps so subnormal results are
 * rounded once and 2^n never overflows on its own.
 */
export function ldexp(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= TWO1023;
    n -= 1023;
    if (n > 1023) {
      y *= TWO1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // step by 2^-969 (not 2^-1022) so the intermediate keeps 53 bits
    y *= TWO_M969;
    n += 1022 - 53;
    if (n < -1022) {
      y *= TWO_M969;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * pow2i(n);
}

// ─────────────────────────────────────────────────────────────────────────────
// hypot: glibc's is (nearly) correctly rounded; V8's Math.hypot is not, and a
// 1-ulp hypot error turns into large relative errors in log|z| near |z| = 1.
// Borges' corrected algorithm with exact (Dekker) squares instead of fma.
// ─────────────────────────────────────────────────────────────────────────────

const SPLIT = 134217729; // 2^27 + 1, Veltkamp splitter
const TWO500 = pow2i(500);
const TWO_M500 = pow2i(-500);
const TWO600 = pow2i(600);
const TWO_M600 = pow2i(-600);
const TWO_M60 = pow2i(-60);

/** Rounding error of a*a (a*a + sqErr(a) is exact); |a| must be < 2^996. */
function sqErr(a: number, aa: number): number {
  const c = SPLIT * a;
  const hi = c - (c - a);
  const lo = a - hi;
  return hi * hi - aa + 2 * hi * lo + lo * lo;
}

/** hypot(x, y) = sqrt(x² + y²) without spurious overflow; inf if either is inf (even with nan). */
export function hypot(x: number, y: number): number {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (b === 0 || b < a * TWO_M60) return a; // b² is below half an ulp of a²
  let scale = 1;
  if (a > TWO500) {
    a *= TWO_M600;
    b *= TWO_M600;
    scale = TWO600;
  } else if (b < TWO_M500) {
    a *= TWO600;
    b *= TWO600;
    scale = TWO_M600;
  }
  const aa = a * a;
  const bb = b * b;
  let h = Math.sqrt(aa + bb);
  const hh = h * h;
  // h² - a² - b², evaluated exactly enough (each difference is Sterbenz-exact)
  const delta = hh - aa - bb + (sqErr(h, hh) - sqErr(a, aa) - sqErr(b, bb));
  h -= delta / (2 * h);
  return h * scale;
}

// ─────────────────────────────────────────────────────────────────────────────
// Exponential / logarithmic helpers
// ─────────────────────────────────────────────────────────────────────────────

export function cbrt(x: number): number {
  return Math.cbrt(x);
}

export function expm1(x: number): number {
  return Math.expm1(x);
}

export function log1p(x: number): number {
  return Math.log1p(x);
}

export function exp2(x: number): number {
  return Math.pow(2, x);
}

export function log2(x: number): number {
  return Math.log2(x);
}

/** npy_logaddexp: log(exp(x) + exp(y)) without overflow. */
export function logaddexp(x: number, y: number): number {
  if (x === y) return x + Math.LN2; // also same-signed infinities
  const tmp = x - y;
  if (tmp > 0) return x + Math.log1p(Math.exp(-tmp));
  if (tmp <= 0) return y + Math.log1p(Math.exp(tmp));
  return tmp; // nan
}

/** npy_logaddexp2: log2(2**x + 2**y) without overflow. */
export function logaddexp2(x: number, y: number): number {
  if (x === y) return x + 1;
  const tmp = x - y;
  if (tmp > 0) return x + Math.LOG2E * Math.log1p(Math.pow(2, -tmp));
  if (tmp <= 0) return y + Math.LOG2E * Math.log1p(Math.pow(2, tmp));
  return tmp;
}

// float32 variants: npy_logaddexpf runs in single precision (expf, log1pf),
// and the final x + log1p(...) cancels, so every step is rounded to float32.
const LN2_F32 = Math.fround(Math.LN2);
const LOG2E_F32 = Math.fround(Math.LOG2E);

export function logaddexpF32(x: number, y: number): number {
  const f = Math.fround;
  if (x === y) return f(x + LN2_F32);
  const tmp = f(x - y);
  if (tmp > 0) return f(x + f(Math.log1p(f(Math.exp(-tmp)))));
  if (tmp <= 0) return f(y + f(Math.log1p(f(Math.exp(tmp)))));
  return tmp;
}

export function logaddexp2F32(x: number, y: number): number {
  const f = Math.fround;
  if (x === y) return f(x + 1);
  const tmp = f(x - y);
  if (tmp > 0) return f(x + f(LOG2E_F32 * f(Math.log1p(f(Math.pow(2, -tmp))))));
  if (tmp <= 0) return f(y + f(LOG2E_F32 * f(Math.log1p(f(Math.pow(2, tmp))))));
  return tmp;
}

const DEG2RAD = Math.PI / 180;
const RAD2DEG = 180 / Math.PI;
// npy_deg2radf uses float constants folded in float arithmetic.
const PI_F32 = Math.fround(Math.PI);
const DEG2RAD_F32 = Math.fround(PI_F32 / 180);
const RAD2DEG_F32 = Math.fround(180 / PI_F32);

export function deg2rad(x: number): number {
  return x * DEG2RAD;
}
export function rad2deg(x: number): number {
  return x * RAD2DEG;
}
/** float32 deg2rad: NumPy multiplies by the float32 constant pi_f/180 (not fround(x*pi/180)). */
export function deg2radF32(x: number): number {
  return Math.fround(x * DEG2RAD_F32);
}
export function rad2degF32(x: number): number {
  return Math.fround(x * RAD2DEG_F32);
}

// ─────────────────────────────────────────────────────────────────────────────
// gcd / lcm / abs
// ─────────────────────────────────────────────────────────────────────────────

/** np.gcd for ≤32-bit integers: non-negative, gcd(0,0)=0; gcd(INT32_MIN,0)=2^31 (caller wraps). */
export function gcdI(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (x !== 0) {
    const c = x;
    x = y % x;
    y = c;
  }
  return y;
}

/** np.lcm for ≤32-bit integers: |a|/gcd*|b| modulo 2^32 (int32; caller wraps); lcm(0,x)=0. */
export function lcmI(a: number, b: number): number {
  const g = gcdI(a, b);
  return g === 0 ? 0 : Math.imul(Math.abs(a) / g, Math.abs(b));
}

export function gcdB(a: bigint, b: bigint, bits: number, signed: boolean): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (x !== 0n) {
    const c = x;
    x = y % x;
    y = c;
  }
  return signed ? BigInt.asIntN(bits, y) : y; // gcd(INT64_MIN, 0) wraps to INT64_MIN
}

export function lcmB(a: bigint, b: bigint, bits: number, signed: boolean): bigint {
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  let g = y;
  let t = x;
  while (t !== 0n) {
    const c = t;
    t = g % t;
    g = c;
  }
  if (g === 0n) return 0n;
  const r = BigInt.asUintN(bits, (x / g) * y);
  return signed ? BigInt.asIntN(bits, r) : r;
}

/** np.absolute for ≤32-bit integers; abs(INT_MIN) = 2^31 → caller's wrap gives INT_MIN. */
export function absI(a: number): number {
  return a < 0 ? -a : a;
}

export function absB(a: bigint, bits: number, signed: boolean): bigint {
  if (!signed) return a;
  return BigInt.asIntN(bits, a < 0n ? -a : a);
}

// ─────────────────────────────────────────────────────────────────────────────
// Integer shifts (npy_lshift / npy_rshift): the count is treated as unsigned,
// so negative counts and counts ≥ width give 0 (or -1 for a negative signed
// value shifted right).
// ─────────────────────────────────────────────────────────────────────────────

/** Left shift for ≤32-bit ints of width `bits`; result modulo 2^32 (caller wraps). */
export function lshiftI(a: number, b: number, bits: number): number {
  return b >= 0 && b < bits ? a << b : 0;
}

/** Arithmetic right shift for signed ≤32-bit ints. */
export function rshiftI(a: number, b: number, bits: number): number {
  if (b >= 0 && b < bits) return a >> b;
  return a < 0 ? -1 : 0;
}

/** Logical right shift for unsigned ≤32-bit ints (a in [0, 2^32)). */
export function rshiftU(a: number, b: number, bits: number): number {
  return b >= 0 && b < bits ? a >>> b : 0;
}

export function lshiftB(a: bigint, b: bigint, bits: number, signed: boolean): bigint {
  if (b < 0n || b >= BigInt(bits)) return 0n;
  return signed ? BigInt.asIntN(bits, a << b) : BigInt.asUintN(bits, a << b);
}

/** Right shift for int64/uint64 (bigint >> is arithmetic, exact for both). */
export function rshiftB(a: bigint, b: bigint, bits: number): bigint {
  if (b >= 0n && b < BigInt(bits)) return a >> b;
  return a < 0n ? -1n : 0n;
}

// ─────────────────────────────────────────────────────────────────────────────
// Complex arithmetic (loops.c.src CDOUBLE_*): plain formulas, Smith division.
// ─────────────────────────────────────────────────────────────────────────────

export function cmul(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  out[0] = ar * br - ai * bi;
  out[1] = ar * bi + ai * br;
}

/** Smith's algorithm as NumPy; 0 divisor gives (ar/0, ai/0) componentwise (inf/nan). */
export function cdiv(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) {
      out[0] = ar / abr;
      out[1] = ai / abi;
    } else {
      const rat = bi / br;
      const scl = 1.0 / (br + bi * rat);
      out[0] = (ar + ai * rat) * scl;
      out[1] = (ai - ar * rat) * scl;
    }
  } else {
    const rat = br / bi;
    const scl = 1.0 / (bi + br * rat);
    out[0] = (ar * rat + ai) * scl;
    out[1] = (ai * rat - ar) * scl;
  }
}

export function csquare(ar: number, ai: number, out: Float64Array): void {
  out[0] = ar * ar - ai * ai;
  out[1] = ar * ai + ai * ar;
}

export function creciprocal(ar: number, ai: number, out: Float64Array): void {
  if (Math.abs(ai) <= Math.abs(ar)) {
    const r = ai / ar;
    const d = ar + ai * r;
    out[0] = 1 / d;
    out[1] = -r / d;
  } else {
    const r = ar / ai;
    const d = ar * r + ai;
    out[0] = r / d;
    out[1] = -1 / d;
  }
}

/*
 * complex64 variants: NumPy's CFLOAT loops round every product and sum to
 * float32. Doing them in double and rounding once gives a (more accurate but)
 * different result, so each step is fround-ed here. Inputs must be float32.
 */
export function cmulF32(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  const f = Math.fround;
  out[0] = f(f(ar * br) - f(ai * bi));
  out[1] = f(f(ar * bi) + f(ai * br));
}

export function cdivF32(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  const f = Math.fround;
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) {
      out[0] = ar / abr;
      out[1] = ai / abi;
    } else {
      const rat = f(bi / br);
      const scl = f(1.0 / f(br + f(bi * rat)));
      out[0] = f(f(ar + f(ai * rat)) * scl);
      out[1] = f(f(ai - f(ar * rat)) * scl);
    }
  } else {
    const rat = f(br / bi);
    const scl = f(1.0 / f(bi + f(br * rat)));
    out[0] = f(f(f(ar * rat) + ai) * scl);
    out[1] = f(f(f(ai * rat) - ar) * scl);
  }
}

export function csquareF32(ar: number, ai: number, out: Float64Array): void {
  const f = Math.fround;
  out[0] = f(f(ar * ar) - f(ai * ai));
  out[1] = f(f(ar * ai) + f(ai * ar));
}

export function creciprocalF32(ar: number, ai: number, out: Float64Array): void {
  const f = Math.fround;
  if (Math.abs(ai) <= Math.abs(ar)) {
    const r = f(ai / ar);
    const d = f(ar + f(ai * r));
    out[0] = f(1 / d);
    out[1] = f(-r / d);
  } else {
    const r = f(ar / ai);
    const d = f(f(ar * r) + ai);
    out[0] = f(r / d);
    out[1] = f(-1 / d);
  }
}

/** |z| = hypot(re, im): inf if either part is inf, even with a nan. */
export function cabs(ar: number, ai: number): number {
  return hypot(ar, ai);
}

// ─────────────────────────────────────────────────────────────────────────────
// Complex comparisons (lexicographic, NumPy's CGT/CGE/CLT/CLE/CEQ/CNE: a nan
// imaginary part makes the real-part comparison false), sign, min/max.
// ─────────────────────────────────────────────────────────────────────────────

export function cgreater(ar: number, ai: number, br: number, bi: number): boolean {
  return (ar > br && ai === ai && bi === bi) || (ar === br && ai > bi);
}
export function cgreaterEqual(ar: number, ai: number, br: number, bi: number): boolean {
  return (ar > br && ai === ai && bi === bi) || (ar === br && ai >= bi);
}
export function cless(ar: number, ai: number, br: number, bi: number): boolean {
  return (ar < br && ai === ai && bi === bi) || (ar === br && ai < bi);
}
export function clessEqual(ar: number, ai: number, br: number, bi: number): boolean {
  return (ar < br && ai === ai && bi === bi) || (ar === br && ai <= bi);
}
export function cequal(ar: number, ai: number, br: number, bi: number): boolean {
  return ar === br && ai === bi;
}
export function cnotEqual(ar: number, ai: number, br: number, bi: number): boolean {
  return ar !== br || ai !== bi;
}

/**
 * np.sign for complex in NumPy 1.24: lexicographic comparison with 0 →
 * (1|-1|0|nan) + 0j. A nan in either part gives nan (e.g. sign(1+nanj) = nan).
 */
export function csign(ar: number, ai: number, out: Float64Array): void {
  out[0] = cgreater(ar, ai, 0, 0) ? 1 : cless(ar, ai, 0, 0) ? -1 : ar === 0 && ai === 0 ? 0 : NaN;
  out[1] = 0;
}

/** Writes the first operand to `out` when `first`, else the second. */
function pick(first: boolean, ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  out[0] = first ? ar : br;
  out[1] = first ? ai : bi;
}

/** np.maximum for complex: nan-propagating (first operand wins if it has a nan). */
export function cmaximum(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  pick(ar !== ar || ai !== ai || cgreaterEqual(ar, ai, br, bi), ar, ai, br, bi, out);
}

export function cminimum(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  pick(ar !== ar || ai !== ai || clessEqual(ar, ai, br, bi), ar, ai, br, bi, out);
}

/** np.fmax for complex: a second operand with a nan is ignored. */
export function cfmax(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  pick(br !== br || bi !== bi || cgreaterEqual(ar, ai, br, bi), ar, ai, br, bi, out);
}

export function cfmin(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  pick(br !== br || bi !== bi || clessEqual(ar, ai, br, bi), ar, ai, br, bi, out);
}

// ─────────────────────────────────────────────────────────────────────────────
// Complex exponential / logarithm / sqrt (npy_math_complex.c.src ports)
// ─────────────────────────────────────────────────────────────────────────────

// log(DBL_MAX) and log(2) + log(DBL_MAX) - log(DBL_TRUE_MIN): the range where
// exp(x) overflows but exp(x) * cos/sin(y) may not.
const SCALED_CEXP_LOWER = 710.47586007394386;
const SCALED_CEXP_UPPER = 1454.9159319953251;
const SCALED_CEXP_K = 1799;
const SCALED_CEXP_KLN2 = SCALED_CEXP_K * Math.LN2;

// glibc cexp: t = (int)((DBL_MAX_EXP - 1) * ln 2) and exp(t).
const CEXP_T = 709;
const CEXP_EXP_T = Math.exp(709);

/**
 * f(y) for sin or sinh, but y itself when |y| is below the smallest normal: there f(y) = y
 * exactly and ±0 keeps its sign (cos and cosh of such y are exactly 1).
 */
function tinySafe(f: (y: number) => number, y: number): number {
  return Math.abs(y) > DBL_MIN ? f(y) : y;
}

/** exp(x) * (cos y, sin y) * 2^expt without overflowing exp (FreeBSD __ldexp_cexp). */
function scaledCexp(x: number, y: number, expt: number, out: Float64Array): void {
  const e = Math.exp(x - SCALED_CEXP_KLN2);
  const c = Math.cos(y);
  const s = Math.sin(y);
  const mant = frexpMantissa(e);
  const ex = frexpExponent(e) + SCALED_CEXP_K + expt;
  out[0] = ldexp(mant * frexpMantissa(c), ex + frexpExponent(c));
  out[1] = ldexp(mant * frexpMantissa(s), ex + frexpExponent(s));
}

export function cexp(ar: number, ai: number, out: Float64Array): void {
  if (ar - ar === 0) {
    if (ai - ai !== 0) {
      // finite + i(inf|nan) → nan + i nan
      out[0] = NaN;
      out[1] = NaN;
      return;
    }
    // Tiny |y|: sin y = y exactly, and y = ±0 keeps its sign even when exp overflows.
    let s = tinySafe(Math.sin, ai), c = Math.cos(ai);
    let x = ar;
    // exp(x) overflows for x > 709: fold exp(709) into the sin/cos factors first.
    if (x > CEXP_T) {
      x -= CEXP_T;
      s *= CEXP_EXP_T;
      c *= CEXP_EXP_T;
      if (x > CEXP_T) {
        x -= CEXP_T;
        s *= CEXP_EXP_T;
        c *= CEXP_EXP_T;
      }
    }
    if (x > CEXP_T) {
      out[0] = DBL_MAX * c;
      out[1] = DBL_MAX * s;
    } else {
      const e = Math.exp(x);
      out[0] = e * c;
      out[1] = e * s;
    }
    return;
  }
  if (ar === Infinity || ar === -Infinity) {
    if (ai - ai === 0) {
      const v = ar > 0 ? Infinity : 0;
      if (ai === 0) {
        out[0] = v;
        out[1] = ai;
      } else {
        const s = Math.abs(ai) > DBL_MIN ? Math.sin(ai) : ai;
        const c = Math.abs(ai) > DBL_MIN ? Math.cos(ai) : 1;
        out[0] = c < 0 || (c === 0 && 1 / c < 0) ? -v : v;
        out[1] = s < 0 || (s === 0 && 1 / s < 0) ? -v : v;
      }
    } else if (ar > 0) {
      out[0] = Infinity; // exp(+inf + i(inf|nan)) = inf + i nan
      out[1] = NaN;
    } else {
      out[0] = 0; // exp(-inf + i(inf|nan)) = 0 ± 0i
      out[1] = copysign(0, ai);
    }
    return;
  }
  // real part nan: nan + i nan unless the imaginary part is zero
  out[0] = NaN;
  out[1] = ai === 0 ? ai : NaN;
}
/** np.exp2 for complex: exp(z * ln 2). */
export function cexp2(ar: number, ai: number, out: Float64Array): void {
  cexp(ar * Math.LN2, ai * Math.LN2, out);
}

/** NumPy's nc_expm1: (expm1(x)cos(y) - 2 sin²(y/2), exp(x) sin(y)). */
export function cexpm1(ar: number, ai: number, out: Float64Array): void {
  const a = Math.sin(ai / 2);
  const re = Math.expm1(ar) * Math.cos(ai) - 2 * a * a;
  out[1] = Math.exp(ar) * Math.sin(ai);
  out[0] = re;
}

/** clog (CPython's algorithm, as npymath): rescales huge/subnormal |z|, log1p near |z| = 1. */
export function clog(ar: number, ai: number, out: Float64Array): void {
  const ax = Math.abs(ar);
  const ay = Math.abs(ai);
  let rr: number;
  if (ax > DBL_MAX / 4 || ay > DBL_MAX / 4) {
    rr = Math.log(hypot(ax / 2, ay / 2)) + Math.LN2;
  } else if (ax < DBL_MIN && ay < DBL_MIN) {
    if (ax > 0 || ay > 0) {
      rr = Math.log(hypot(ldexp(ax, 53), ldexp(ay, 53))) - 53 * Math.LN2;
    } else {
      // log(±0 ± 0i) = -inf + i arg(z)
      out[0] = -Infinity;
      out[1] = Math.atan2(ai, ar);
      return;
    }
  } else {
    const h = hypot(ax, ay);
    if (0.71 <= h && h <= 1.73) {
      const am = ax > ay ? ax : ay;
      const an = ax > ay ? ay : ax;
      rr = Math.log1p((am - 1) * (am + 1) + an * an) / 2;
    } else {
      rr = Math.log(h);
    }
  }
  out[0] = rr;
  out[1] = Math.atan2(ai, ar);
}

/** np.log10 for complex: clog scaled by log10(e) (NumPy does not call clog10). */
export function clog10(ar: number, ai: number, out: Float64Array): void {
  clog(ar, ai, out);
  out[0] *= Math.LOG10E;
  out[1] *= Math.LOG10E;
}

/** np.log2 for complex: clog scaled by log2(e). */
export function clog2(ar: number, ai: number, out: Float64Array): void {
  clog(ar, ai, out);
  out[0] *= Math.LOG2E;
  out[1] *= Math.LOG2E;
}

/** NumPy's nc_log1p: (log(hypot(x+1, y)), atan2(y, x+1)) — NumPy's own, not accurate near 0. */
export function clog1p(ar: number, ai: number, out: Float64Array): void {
  const l = hypot(ar + 1, ai);
  out[1] = Math.atan2(ai, ar + 1);
  out[0] = Math.log(l);
}


/**
 * csqrt (glibc's algorithm, after Moshier): branch cut on the negative real
 * axis, the sign of a zero imaginary part selects the side; power-of-two
 * rescaling for huge and subnormal inputs.
 */
export function csqrt(ar: number, ai: number, out: Float64Array): void {
  let x = ar;
  let y = ai;
  if (x - x !== 0 || y - y !== 0) {
    if (y === Infinity || y === -Infinity) {
      out[0] = Infinity;
      out[1] = y;
    } else if (x === -Infinity) {
      out[0] = y !== y ? NaN : 0;
      out[1] = copysign(Infinity, y);
    } else if (x === Infinity) {
      out[0] = x;
      out[1] = y !== y ? NaN : copysign(0, y);
    } else {
      out[0] = NaN;
      out[1] = NaN;
    }
    return;
  }
  if (y === 0) {
    if (x < 0) {
      out[0] = 0;
      out[1] = copysign(Math.sqrt(-x), y);
    } else {
      out[0] = Math.abs(Math.sqrt(x));
      out[1] = y; // ±0
    }
    return;
  }
  if (x === 0) {
    const ay = Math.abs(y);
    const r = ay >= 2 * DBL_MIN ? Math.sqrt(0.5 * ay) : 0.5 * Math.sqrt(2 * ay);
    out[0] = r;
    out[1] = y < 0 ? -r : r;
    return;
  }
  let scale = 0;
  if (Math.abs(x) > DBL_MAX / 4) {
    scale = 1;
    x = ldexp(x, -2);
    y = ldexp(y, -2);
  } else if (Math.abs(y) > DBL_MAX / 4) {
    scale = 1;
    x = Math.abs(x) >= 4 * DBL_MIN ? ldexp(x, -2) : 0;
    y = ldexp(y, -2);
  } else if (Math.abs(x) < 2 * DBL_MIN && Math.abs(y) < 2 * DBL_MIN) {
    scale = -27; // -((DBL_MANT_DIG + 1) / 2)
    x = ldexp(x, 54);
    y = ldexp(y, 54);
  }
  const d = hypot(x, y);
  let r: number;
  let s: number;
  // 2 Re(res) Im(res) = Im(x) avoids the cancellation in d ± Re(x).
  if (x > 0) {
    r = Math.sqrt(0.5 * (d + x));
    if (scale === 1 && Math.abs(y) < 1) {
      s = y / r;
      r = ldexp(r, scale);
      scale = 0;
    } else {
      s = 0.5 * (y / r);
    }
  } else {
    s = Math.sqrt(0.5 * (d - x));
    if (scale === 1 && Math.abs(y) < 1) {
      r = Math.abs(y / s);
      s = ldexp(s, scale);
      scale = 0;
    } else {
      r = Math.abs(0.5 * (y / s));
    }
  }
  if (scale !== 0) {
    r = ldexp(r, scale);
    s = ldexp(s, scale);
  }
  out[0] = r;
  out[1] = copysign(s, y);
}

/**
 * complex multiply with C99 Annex G infinity recovery (libgcc __muldc3), used
 * where NumPy relies on the C compiler's `*` (glibc's cpow = cexp(y * clog(x))).
 */
function cmulAnnexG(a: number, b: number, c: number, d: number, out: Float64Array): void {
  const ac = a * c;
  const bd = b * d;
  const ad = a * d;
  const bc = b * c;
  let x = ac - bd;
  let y = ad + bc;
  if (x !== x && y !== y) {
    let recalc = false;
    if (isinf(a) || isinf(b)) {
      a = copysign(isinf(a) ? 1 : 0, a);
      b = copysign(isinf(b) ? 1 : 0, b);
      if (c !== c) c = copysign(0, c);
      if (d !== d) d = copysign(0, d);
      recalc = true;
    }
    if (isinf(c) || isinf(d)) {
      c = copysign(isinf(c) ? 1 : 0, c);
      d = copysign(isinf(d) ? 1 : 0, d);
      if (a !== a) a = copysign(0, a);
      if (b !== b) b = copysign(0, b);
      recalc = true;
    }
    if (!recalc && (isinf(ac) || isinf(bd) || isinf(ad) || isinf(bc))) {
      if (a !== a) a = copysign(0, a);
      if (b !== b) b = copysign(0, b);
      if (c !== c) c = copysign(0, c);
      if (d !== d) d = copysign(0, d);
      recalc = true;
    }
    if (recalc) {
      x = Infinity * (a * c - b * d);
      y = Infinity * (a * d + b * c);
    }
  }
  out[0] = x;
  out[1] = y;
}

/**
 * np.power for complex (npy_cpow): z**0 = 1; 0**b = 0 for real b > 0, else
 * nan+nanj; integral real exponents with |n| < 100 by repeated squaring (with
 * a final Smith reciprocal for n < 0); otherwise cexp(b * clog(a)).
 */
export function cpow(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  if (br === 0 && bi === 0) {
    out[0] = 1;
    out[1] = 0;
    return;
  }
  if (ar === 0 && ai === 0) {
    if (br > 0 && bi === 0) {
      out[0] = 0;
      out[1] = 0;
    } else {
      out[0] = NaN;
      out[1] = NaN;
    }
    return;
  }
  if (bi === 0 && br > -100 && br < 100 && Math.trunc(br) === br) {
    if (br === 1) {
      out[0] = ar;
      out[1] = ai;
      return;
    }
    if (br === 2) {
      out[0] = ar * ar - ai * ai;
      out[1] = ar * ai + ai * ar;
      return;
    }
    if (br === 3) {
      const sr = ar * ar - ai * ai;
      const si = ar * ai + ai * ar;
      out[0] = ar * sr - ai * si;
      out[1] = ar * si + ai * sr;
      return;
    }
    const n = br < 0 ? -br : br;
    let rr = 1;
    let ri = 0;
    let pr = ar;
    let pi = ai;
    let mask = 1;
    for (;;) {
      if (n & mask) {
        const t = rr * pr - ri * pi;
        ri = rr * pi + ri * pr;
        rr = t;
      }
      mask <<= 1;
      if (n < mask) break;
      const t = pr * pr - pi * pi;
      pi = pr * pi + pi * pr;
      pr = t;
    }
    if (br < 0) cdiv(1, 0, rr, ri, out);
    else {
      out[0] = rr;
      out[1] = ri;
    }
    return;
  }
  clog(ar, ai, out);
  cmulAnnexG(br, bi, out[0], out[1], out);
  cexp(out[0], out[1], out);
}

// ─────────────────────────────────────────────────────────────────────────────
// Complex hyperbolic and trigonometric functions (msun ports)
// ─────────────────────────────────────────────────────────────────────────────

const CHYP_BIG = 22.0;
const CHYP_HUGE = 8.9884656743115795e307; // 2^1023

export function ccosh(x: number, y: number, out: Float64Array): void {
  const xfinite = x - x === 0;
  const yfinite = y - y === 0;
  if (xfinite && yfinite) {
    if (y === 0) {
      out[0] = Math.cosh(x);
      out[1] = x * y;
      return;
    }
    const absx = Math.abs(x);
    if (absx < CHYP_BIG) {
      out[0] = Math.cosh(x) * Math.cos(y);
      out[1] = Math.sinh(x) * Math.sin(y);
      return;
    }
    if (absx < SCALED_CEXP_LOWER) {
      const h = Math.exp(absx) * 0.5;
      out[0] = h * Math.cos(y);
      out[1] = (x < 0 ? -h : h) * Math.sin(y);
      return;
    }
    if (absx < SCALED_CEXP_UPPER) {
      scaledCexp(absx, y, -1, out);
      if (x < 0) out[1] = -out[1];
      return;
    }
    const h = CHYP_HUGE * x;
    out[0] = h * h * Math.cos(y);
    out[1] = h * Math.sin(y);
    return;
  }
  if (x === 0 && !yfinite) {
    out[0] = y - y;
    out[1] = copysign(0, x * (y - y));
    return;
  }
  if (y === 0 && !xfinite) {
    out[0] = x * x;
    out[1] = copysign(0, x) * y;
    return;
  }
  if (xfinite && !yfinite) {
    out[0] = y - y;
    out[1] = x * (y - y);
    return;
  }
  if (x === Infinity || x === -Infinity) {
    if (!yfinite) {
      out[0] = x * x;
      out[1] = x * (y - y);
      return;
    }
    out[0] = x * x * Math.cos(y);
    out[1] = x * Math.sin(y);
    return;
  }
  out[0] = x * x * (y - y);
  out[1] = (x + x) * (y - y);
}

export function csinh(x: number, y: number, out: Float64Array): void {
  const xfinite = x - x === 0;
  const yfinite = y - y === 0;
  if (xfinite && yfinite) {
    if (y === 0) {
      out[0] = Math.sinh(x);
      out[1] = y;
      return;
    }
    const absx = Math.abs(x);
    if (absx < CHYP_BIG) {
      out[0] = Math.sinh(x) * Math.cos(y);
      out[1] = Math.cosh(x) * Math.sin(y);
      return;
    }
    if (absx < SCALED_CEXP_LOWER) {
      const h = Math.exp(absx) * 0.5;
      out[0] = (x < 0 ? -h : h) * Math.cos(y);
      out[1] = h * Math.sin(y);
      return;
    }
    if (absx < SCALED_CEXP_UPPER) {
      scaledCexp(absx, y, -1, out);
      if (x < 0) out[0] = -out[0];
      return;
    }
    const h = CHYP_HUGE * x;
    out[0] = h * Math.cos(y);
    out[1] = h * h * Math.sin(y);
    return;
  }
  if (x === 0 && !yfinite) {
    out[0] = copysign(0, x * (y - y));
    out[1] = y - y;
    return;
  }
  if (y === 0 && !xfinite) {
    if (x !== x) {
      out[0] = x;
      out[1] = y;
      return;
    }
    out[0] = x;
    out[1] = y; // copysign(0, y) with y = ±0
    return;
  }
  if (xfinite && !yfinite) {
    out[0] = y - y;
    out[1] = x * (y - y);
    return;
  }
  if (x === Infinity || x === -Infinity) {
    if (!yfinite) {
      out[0] = x * x;
      out[1] = x * (y - y);
      return;
    }
    out[0] = x * Math.cos(y);
    out[1] = Infinity * Math.sin(y);
    return;
  }
  out[0] = x * x * (y - y);
  out[1] = (x + x) * (y - y);
}

/** ctanh (glibc's algorithm and special values). */
export function ctanh(x: number, y: number, out: Float64Array): void {
  if (x - x !== 0 || y - y !== 0) {
    if (x === Infinity || x === -Infinity) {
      out[0] = x > 0 ? 1 : -1;
      out[1] = y - y === 0 && Math.abs(y) > 1 ? copysign(0, Math.sin(y) * Math.cos(y)) : copysign(0, y);
    } else if (y === 0) {
      out[0] = x;
      out[1] = y;
    } else {
      out[0] = x === 0 ? x : NaN; // tanh(±0 + i(inf|nan)) = ±0 + i nan (C11)
      out[1] = NaN;
    }
    return;
  }
  const sinix = tinySafe(Math.sin, y), cosix = Math.cos(y);
  if (Math.abs(x) > CTANH_T) {
    // Re = ±1; Im = 4 sin y cos y / exp(2|x|), divided in steps to avoid overflow.
    out[0] = x > 0 ? 1 : -1;
    let im = (4 * sinix * cosix) / CTANH_EXP_2T;
    const ax = Math.abs(x) - CTANH_T;
    im = ax > CTANH_T ? im / CTANH_EXP_2T : im / Math.exp(2 * ax);
    out[1] = im;
    return;
  }
  const sinhrx = tinySafe(Math.sinh, x), coshrx = Math.cosh(x);
  // tanh(x+iy) = (sinh x cosh x + i sin y cos y) / (sinh² x + cos² y)
  const den =
    Math.abs(sinhrx) > Math.abs(cosix) * DBL_EPSILON ? sinhrx * sinhrx + cosix * cosix : cosix * cosix;
  out[0] = (sinhrx * coshrx) / den;
  out[1] = (sinix * cosix) / den;
}
// glibc ctanh: t = (int)((DBL_MAX_EXP - 1) * ln 2 / 2)
const CTANH_T = 354;
const CTANH_EXP_2T = Math.exp(2 * 354);

/** ccos(z) = ccosh(i z). */
export function ccos(ar: number, ai: number, out: Float64Array): void {
  ccosh(-ai, ar, out);
}

/** csin(z) = -i csinh(i z); glibc: sin((inf|nan) ± i inf) = nan + i inf. */
export function csin(ar: number, ai: number, out: Float64Array): void {
  if ((ai === Infinity || ai === -Infinity) && ar - ar !== 0) {
    out[0] = NaN;
    out[1] = Infinity;
    return;
  }
  csinh(-ai, ar, out);
  const r = out[0];
  out[0] = out[1];
  out[1] = -r;
}
/** ctan(z) = -i ctanh(i z). */
export function ctan(ar: number, ai: number, out: Float64Array): void {
  ctanh(-ai, ar, out);
  const r = out[0];
  out[0] = out[1];
  out[1] = -r;
}

// ── Inverse functions: Hull, Fairgrieve & Tang via FreeBSD catrig.c ─────────

const A_CROSSOVER = 10.0;
const B_CROSSOVER = 0.6417;
const FOUR_SQRT_MIN = 5.9666725849601654e-154;
const QUARTER_SQRT_MAX = 3.3519519824856489e153;
const SQRT_MIN = 1.4916681462400413e-154;
const SQRT_6_EPSILON = 3.65002414998885671e-8;
const SQRT_3_EPSILON = 2.5809568279517849e-8;
const RECIP_EPSILON = 1 / DBL_EPSILON;
const PIO2_HI = Math.PI / 2;
const PIO2_LO = 6.1232339957367659e-17;
const PIO4 = Math.PI / 4;

/** (hypot(a, b) - b) / 2 without cancellation. */
function fHalf(a: number, b: number, hypotAB: number): number {
  if (b < 0) return (hypotAB - b) / 2;
  if (b === 0) return a / 2;
  return (a * a) / (hypotAB + b) / 2;
}

// doHardWork results (scratch, see header note): rx, B, sqrt(A²-y²), new_y.
const HW = new Float64Array(4);

/**
 * Core of casinh/cacos for 0 ≤ x, y < RECIP_EPSILON. Fills HW and returns
 * whether HW[1] = B = y/A is usable (else use HW[2] = sqrt(A*A - y*y) and HW[3] = new y).
 */
function doHardWork(x: number, y: number): boolean {
  const R = hypot(x, y + 1);
  const S = hypot(x, y - 1);
  let A = (R + S) / 2;
  if (A < 1) A = 1;
  let rx: number;
  if (A < A_CROSSOVER) {
    if (y === 1 && x < (DBL_EPSILON * DBL_EPSILON) / 128) {
      rx = Math.sqrt(x);
    } else if (x >= DBL_EPSILON * Math.abs(y - 1)) {
      const Am1 = fHalf(x, 1 + y, R) + fHalf(x, 1 - y, S);
      rx = Math.log1p(Am1 + Math.sqrt(Am1 * (A + 1)));
    } else if (y < 1) {
      rx = x / Math.sqrt((1 - y) * (1 + y));
    } else {
      rx = Math.log1p(y - 1 + Math.sqrt((y - 1) * (y + 1)));
    }
  } else {
    rx = Math.log(A + Math.sqrt(A * A - 1));
  }
  HW[0] = rx;
  HW[3] = y;
  if (y < FOUR_SQRT_MIN) {
    HW[2] = A * (2 / DBL_EPSILON);
    HW[3] = y * (2 / DBL_EPSILON);
    return false;
  }
  const B = y / A;
  HW[1] = B;
  if (B > B_CROSSOVER) {
    if (y === 1 && x < DBL_EPSILON / 128) {
      HW[2] = Math.sqrt(x) * Math.sqrt((A + y) / 2);
    } else if (x >= DBL_EPSILON * Math.abs(y - 1)) {
      const Amy = fHalf(x, y + 1, R) + fHalf(x, y - 1, S);
      HW[2] = Math.sqrt(Amy * (A + y));
    } else if (y > 1) {
      HW[2] = ((x * (4 / DBL_EPSILON / DBL_EPSILON)) * y) / Math.sqrt((y + 1) * (y - 1));
      HW[3] = y * (4 / DBL_EPSILON / DBL_EPSILON);
    } else {
      HW[2] = Math.sqrt((1 - y) * (1 + y));
    }
    return false;
  }
  return true;
}

/** clog for |z| finite and ≳ RECIP_EPSILON; writes (log|z|, arg z) to out. */
function clogForLargeValues(x: number, y: number, out: Float64Array): void {
  let ax = Math.abs(x);
  let ay = Math.abs(y);
  if (ax < ay) {
    const t = ax;
    ax = ay;
    ay = t;
  }
  let rr: number;
  if (ax > DBL_MAX / 2) rr = Math.log(hypot(x / Math.E, y / Math.E)) + 1;
  else if (ax > QUARTER_SQRT_MAX || ay < SQRT_MIN) rr = Math.log(hypot(x, y));
  else rr = Math.log(ax * ax + ay * ay) / 2;
  out[0] = rr;
  out[1] = Math.atan2(y, x);
}

export function casinh(x: number, y: number, out: Float64Array): void {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (x - x !== 0 || y - y !== 0) {
    // glibc's special-value table (C99 G.6.2.2)
    if (ay === Infinity) {
      out[0] = copysign(Infinity, x);
      out[1] = x !== x ? NaN : copysign(ax === Infinity ? PIO4 : PIO2_HI, y);
    } else if (x - x !== 0) {
      out[0] = x;
      out[1] = (ax === Infinity && y === y) || (x !== x && y === 0) ? copysign(0, y) : NaN;
    } else {
      out[0] = NaN;
      out[1] = NaN;
    }
    return;
  }
  if (ax > RECIP_EPSILON || ay > RECIP_EPSILON) {
    if (!signbit(x)) clogForLargeValues(x, y, out);
    else clogForLargeValues(-x, -y, out);
    const wx = out[0] + Math.LN2;
    const wy = out[1];
    out[0] = copysign(wx, x);
    out[1] = copysign(wy, y);
    return;
  }
  if ((x === 0 && y === 0) || (ax < SQRT_6_EPSILON / 4 && ay < SQRT_6_EPSILON / 4)) {
    out[0] = x;
    out[1] = y;
    return;
  }
  const usable = doHardWork(ax, ay);
  const rx = HW[0];
  const ry = usable ? Math.asin(HW[1]) : Math.atan2(HW[3], HW[2]);
  out[0] = copysign(rx, x);
  out[1] = copysign(ry, y);
}

export function cacos(x: number, y: number, out: Float64Array): void {
  const sx = signbit(x);
  const sy = signbit(y);
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (x !== x || y !== y) {
    if (ax === Infinity) {
      out[0] = y + y;
      out[1] = -Infinity;
    } else if (ay === Infinity) {
      out[0] = x + x;
      out[1] = -y;
    } else if (x === 0) {
      out[0] = PIO2_HI + PIO2_LO;
      out[1] = y + y;
    } else {
      out[0] = NaN;
      out[1] = NaN;
    }
    return;
  }
  if (ax > RECIP_EPSILON || ay > RECIP_EPSILON) {
    clogForLargeValues(x, y, out);
    const rx = Math.abs(out[1]);
    let ry = out[0] + Math.LN2;
    if (!sy) ry = -ry;
    out[0] = rx;
    out[1] = ry;
    return;
  }
  if (x === 1 && y === 0) {
    out[0] = 0;
    out[1] = -y;
    return;
  }
  if (ax < SQRT_6_EPSILON / 4 && ay < SQRT_6_EPSILON / 4) {
    out[0] = PIO2_HI - (x - PIO2_LO);
    out[1] = -y;
    return;
  }
  const usable = doHardWork(ay, ax);
  let ry = HW[0];
  let rx: number;
  if (usable) rx = sx ? Math.acos(-HW[1]) : Math.acos(HW[1]);
  else rx = sx ? Math.atan2(HW[2], -HW[3]) : Math.atan2(HW[2], HW[3]);
  if (!sy) ry = -ry;
  out[0] = rx;
  out[1] = ry;
}

/** casin(z) = i conj(casinh(i conj(z))). */
export function casin(ar: number, ai: number, out: Float64Array): void {
  casinh(ai, ar, out);
  const r = out[0];
  out[0] = out[1];
  out[1] = r;
}

/** cacosh(z) = ±i cacos(z), sign chosen so Re ≥ 0; special values as glibc. */
export function cacosh(ar: number, ai: number, out: Float64Array): void {
  if (ar - ar !== 0 || ai - ai !== 0) {
    if (ai === Infinity || ai === -Infinity) {
      out[0] = Infinity;
      out[1] = ar !== ar ? NaN : copysign(ar - ar === 0 ? PIO2_HI : ar < 0 ? 3 * PIO4 : PIO4, ai);
    } else if (ar === Infinity || ar === -Infinity) {
      out[0] = Infinity;
      out[1] = ai === ai ? copysign(ar < 0 ? Math.PI : 0, ai) : NaN;
    } else {
      out[0] = NaN;
      out[1] = ar === 0 ? PIO2_HI : NaN;
    }
    return;
  }
  if (ar === 0 && ai === 0) {
    out[0] = 0;
    out[1] = copysign(PIO2_HI, ai);
    return;
  }
  cacos(ar, ai, out);
  const rx = out[0];
  const ry = out[1];
  out[0] = Math.abs(ry);
  out[1] = copysign(rx, ai);
}
/** x*x + y*y, or x*x if y*y would underflow (x, y finite, y ≥ 0). */
function sumSquares(x: number, y: number): number {
  if (y < SQRT_MIN) return x * x;
  return x * x + y * y;
}

/** Re(1/(x + iy)) = x/(x² + y²) without spurious over/underflow (catrig.c). */
function realPartReciprocal(x: number, y: number): number {
  const CUTOFF = 27; // DBL_MANT_DIG / 2 + 1
  F64[0] = x;
  const ix = U32[HI] & 0x7ff00000;
  F64[0] = y;
  const iy = U32[HI] & 0x7ff00000;
  if (ix - iy >= CUTOFF << 20 || x === Infinity || x === -Infinity) return 1 / x;
  if (iy - ix >= CUTOFF << 20) return x / y / y;
  if (ix <= (1023 + 1024 / 2 - CUTOFF) << 20) return x / (x * x + y * y);
  U32[LO] = 0;
  U32[HI] = 0x7ff00000 - ix; // 2^(1 - ilogb(x))
  const scale = F64[0];
  const sx = x * scale;
  const sy = y * scale;
  return (sx / (sx * sx + sy * sy)) * scale;
}

export function catanh(x: number, y: number, out: Float64Array): void {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (y === 0 && ax <= 1) {
    out[0] = Math.atanh(x);
    out[1] = y;
    return;
  }
  if (x === 0) {
    out[0] = x;
    out[1] = Math.atan(y);
    return;
  }
  if (x !== x || y !== y) {
    if (ax === Infinity) {
      out[0] = copysign(0, x);
      out[1] = y + y;
    } else if (ay === Infinity) {
      out[0] = copysign(0, x);
      out[1] = copysign(PIO2_HI + PIO2_LO, y);
    } else {
      out[0] = NaN;
      out[1] = NaN;
    }
    return;
  }
  if (ax > RECIP_EPSILON || ay > RECIP_EPSILON) {
    out[0] = realPartReciprocal(x, y);
    out[1] = copysign(PIO2_HI + PIO2_LO, y);
    return;
  }
  if (ax < SQRT_3_EPSILON / 2 && ay < SQRT_3_EPSILON / 2) {
    out[0] = x;
    out[1] = y;
    return;
  }
  let rx: number;
  if (ax === 1 && ay < DBL_EPSILON) rx = (Math.LN2 - Math.log(ay)) / 2;
  else rx = Math.log1p((4 * ax) / sumSquares(ax - 1, ay)) / 4;
  let ry: number;
  if (ax === 1) ry = Math.atan2(2, -ay) / 2;
  else if (ay < DBL_EPSILON) ry = Math.atan2(2 * ay, (1 - ax) * (1 + ax)) / 2;
  else ry = Math.atan2(2 * ay, (1 - ax) * (1 + ax) - ay * ay) / 2;
  out[0] = copysign(rx, x);
  out[1] = copysign(ry, y);
}

/** catan(z) = i conj(catanh(i conj(z))). */
export function catan(ar: number, ai: number, out: Float64Array): void {
  catanh(ai, ar, out);
  const r = out[0];
  out[0] = out[1];
  out[1] = r;
}
